package driver

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// momentsBlock is the number of rows a MomentsBuilder holds before it
// folds them into its total.
const momentsBlock = 512

// momentsSplitDim is the number of variables from which a block's
// cross-products are computed on two goroutines.
const momentsSplitDim = 64

// MomentsBuilder accumulates the [Moments] of rows given one at a time,
// in memory that does not depend on the number of rows (a block of 512
// rows and the k×k totals), for streaming ingest: a file can be read row
// by row into a MomentsBuilder without holding its rows.
//
// It is more accurate than [Moments.Add] when the means are large compared
// with the spread (timestamps, amounts, codes around 10⁶): every value is
// first shifted by the first complete row K (x − K is exact when x and K
// are within a factor 2, by Sterbenz's lemma), and each block of B rows is
// summarised by the two-pass algorithm with a correction term (Chan,
// Golub & LeVeque [1], eq. 1.7),
//
//	m_B = Σ w (x−K) / W_B,   m_B ← m_B + Σ w (x−K−m_B) / W_B,
//	C_B = Σ w (x−K−m_B)(x−K−m_B)ᵀ,
//
// computed as one symmetric rank-B update (BLAS dsyrk), and the blocks are
// merged in order by the pairwise update of [Moments.Merge]. The shift is
// added back to the means at the end. Rows with a NaN are counted as
// missing and skipped, rows of weight zero are skipped, as in Moments.Add.
//
// The zero value is not usable; create one with [NewMomentsBuilder].
//
// References:
//
//	[1] Chan, T.F., Golub, G.H. & LeVeque, R.J. (1983). Algorithms for
//	    computing the sample variance: analysis and recommendations. The
//	    American Statistician 37(3):242-247.
//
// A MomentsBuilder is not safe for concurrent use: give each goroutine its
// own and merge their Moments.
type MomentsBuilder struct {
	check   *Moments  // for names and row validation (holds the missing count)
	tot     *Moments  // merged blocks, shifted by shift
	blk     *Moments  // the current block's summary
	shift   []float64 // K, set by the first complete row
	shifted bool
	rows    []float64 // the block's shifted rows, row-major, momentsBlock × k
	w       []float64 // the block's weights
	c2      []float64 // k×k scratch of a split block
	nb      int       // rows in the block
}

// NewMomentsBuilder returns an empty MomentsBuilder of the variables named
// in names (the outcome first, then the drivers). The names are copied.
// NewMomentsBuilder panics if names is empty.
func NewMomentsBuilder(names []string) *MomentsBuilder {
	k := len(names)
	if k == 0 {
		panic("driver: NewMomentsBuilder with no variables")
	}
	return &MomentsBuilder{
		check: NewMoments(names),
		tot:   NewMoments(names),
		blk:   NewMoments(names),
		shift: make([]float64, k),
		rows:  make([]float64, momentsBlock*k),
		w:     make([]float64, momentsBlock),
		c2:    make([]float64, k*k),
	}
}

// Add adds a row of the k variables (outcome first) with weight w; use
// w = 1 for unweighted data. The row is copied. A row holding a NaN is
// skipped and counted in Missing; a row of weight zero is skipped. Add
// returns an error wrapping ErrShape if len(row) != k, ErrBadWeight for a
// negative or non-finite weight and ErrNonFinite for an infinite value;
// the builder is then unchanged.
func (b *MomentsBuilder) Add(row []float64, w float64) error {
	skip, err := b.check.check(row, w)
	if err != nil || skip {
		return err
	}
	k := len(row)
	if !b.shifted {
		copy(b.shift, row)
		b.shifted = true
	}
	dst := b.rows[b.nb*k : (b.nb+1)*k]
	for i, v := range row {
		dst[i] = v - b.shift[i]
	}
	b.w[b.nb] = w
	b.nb++
	if b.nb == momentsBlock {
		b.flush()
	}
	return nil
}

// flush folds the block into the total.
func (b *MomentsBuilder) flush() {
	nb := b.nb
	if nb == 0 {
		return
	}
	k := b.check.Dim()
	m := b.blk
	rows := b.rows[:nb*k]
	var wsum, w2 float64
	for _, w := range b.w[:nb] {
		wsum += w
		w2 += w * w
	}
	// Two passes over the block's rows, row by row: the mean, then its
	// correction.
	mean, corr := m.mean, m.d
	clear(mean)
	clear(corr)
	for r := range nb {
		w := b.w[r]
		for i, v := range rows[r*k : (r+1)*k] {
			mean[i] += w * v
		}
	}
	for i := range mean {
		mean[i] /= wsum
	}
	for r := range nb {
		w := b.w[r]
		for i, v := range rows[r*k : (r+1)*k] {
			corr[i] += w * (v - mean[i])
		}
	}
	for i := range mean {
		mean[i] += corr[i] / wsum
	}
	// The centred rows scaled by √w, in place, and C = Zᵀ Z (upper
	// triangle) by a symmetric rank-nb update. Wide blocks are split into
	// two halves of rows computed on two goroutines and added: the split
	// does not depend on the number of cores, so neither does the result.
	for r := range nb {
		sw := math.Sqrt(b.w[r])
		row := rows[r*k : (r+1)*k]
		for i, v := range row {
			row[i] = sw * (v - mean[i])
		}
	}
	impl := blas64.Implementation()
	if k < momentsSplitDim || nb < 2 {
		impl.Dsyrk(blas.Upper, blas.Trans, k, nb, 1, rows, k, 0, m.c, k)
	} else {
		h := nb / 2
		done := make(chan struct{})
		go func() {
			impl.Dsyrk(blas.Upper, blas.Trans, k, nb-h, 1, rows[h*k:], k, 0, b.c2, k)
			close(done)
		}()
		impl.Dsyrk(blas.Upper, blas.Trans, k, h, 1, rows, k, 0, m.c, k)
		<-done
		for i := range k {
			ci, c2 := m.c[i*k+i:(i+1)*k], b.c2[i*k+i:(i+1)*k]
			for j := range ci {
				ci[j] += c2[j]
			}
		}
	}
	m.n, m.w, m.w2 = nb, wsum, w2
	if err := b.tot.Merge(m); err != nil {
		panic(err) // same names by construction
	}
	b.nb = 0
}

// Moments returns the Moments of the rows added so far. The builder can
// go on adding rows; the Moments returned are not affected.
func (b *MomentsBuilder) Moments() *Moments {
	b.flush()
	out := b.tot.Clone()
	out.missing = b.check.missing
	if out.n > 0 {
		for i := range out.mean {
			out.mean[i] += b.shift[i]
		}
	}
	return out
}

// Names returns a copy of the names of the variables, outcome first.
func (b *MomentsBuilder) Names() []string { return slices.Clone(b.check.names) }

// N returns the number of rows added with a positive weight.
func (b *MomentsBuilder) N() int { return b.tot.n + b.nb }

// Missing returns the number of rows skipped because they held a NaN.
func (b *MomentsBuilder) Missing() int { return b.check.missing }
