package driver

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// Moments holds the first and second moments of k variables (by the
// convention of this package the outcome first, then the drivers) over
// rows that may carry weights: the number of rows N, the sum of weights W
// and of squared weights W₂, the weighted means m and the matrix of
// centred cross-products (co-moments)
//
//	W  = Σ_r w_r,    W₂ = Σ_r w_r²,
//	m_i = Σ_r w_r x_ri / W,
//	C_ij = Σ_r w_r (x_ri − m_i)(x_rj − m_j).
//
// Every relative-importance metric of this package, and the regression
// coefficients of a linear model, are functions of these numbers, so a
// Moments is all that [AnalyzeMoments] needs: the raw data can be read
// once, in any number of pieces (shards, segments, days), and the pieces
// merged.
//
// Rows are added with Welford's update generalised to weights by West [1]:
// for a row x of weight w,
//
//	W' = W + w,  d = x − m,  m' = m + d w/W',  C' = C + (w W/W') d dᵀ,
//
// which avoids the cancellation of the textbook formula Σ w x xᵀ − W m mᵀ.
// Two Moments are merged exactly (up to rounding) by the pairwise update of
// Chan, Golub and LeVeque [2]:
//
//	W = W_a + W_b,  δ = m_b − m_a,  m = m_a + δ W_b/W,
//	C = C_a + C_b + (W_a W_b/W) δ δᵀ.
//
// A row holding a NaN is a row with a missing value: it is skipped and
// counted in Missing (listwise deletion, as R's na.omit). Rows of weight
// zero are skipped without being counted. The zero value is not usable;
// create a Moments with [NewMoments] or [MomentsOf].
//
// A Moments is not safe for concurrent use while rows are added or others
// merged into it (Add, AddRows, Merge): give each goroutine its own and
// Merge them. Its other methods only read it and may be called from
// several goroutines once it is filled.
//
// Moments encode to JSON as an object with the names, counts, means and the
// full co-moment matrix (see MarshalJSON), so moments computed elsewhere,
// for example by a database, can be read back.
//
// References:
//
//	[1] West, D.H.D. (1979). Updating mean and variance estimates: an
//	    improved method. Communications of the ACM 22(9):532-535.
//	[2] Chan, T.F., Golub, G.H. & LeVeque, R.J. (1983). Algorithms for
//	    computing the sample variance: analysis and recommendations. The
//	    American Statistician 37(3):242-247.
type Moments struct {
	names   []string
	n       int
	missing int
	w, w2   float64
	mean    []float64
	c       []float64 // k×k row-major; only the upper triangle i ≤ j is kept
	d       []float64 // scratch
}

// NewMoments returns empty Moments of the variables named in names (the
// outcome first, then the drivers). The names are copied. NewMoments
// panics if names is empty.
func NewMoments(names []string) *Moments {
	k := len(names)
	if k == 0 {
		panic("driver: NewMoments with no variables")
	}
	return &Moments{
		names: slices.Clone(names),
		mean:  make([]float64, k),
		c:     make([]float64, k*k),
		d:     make([]float64, k),
	}
}

// MomentsOf returns the Moments of the outcome y and the drivers in the
// columns of x: variable 0 is y, variable j+1 is column j of x. names
// names the k = 1 + c variables (outcome first); nil gives "y", "x1",
// "x2", .... Rows with a NaN in y or x are skipped and counted in
// Missing.
//
// If weights is nil then all of the weights are 1. If weights is not nil,
// then len(weights) must equal len(y).
//
// The inputs are not modified. Errors: ErrShape, ErrWeightsLength,
// ErrBadWeight, ErrNonFinite.
func MomentsOf(x mat.Matrix, y, weights []float64, names []string) (*Moments, error) {
	r, c := x.Dims()
	if names == nil {
		names = defaultNames(c)
	}
	if len(names) != c+1 {
		return nil, fmt.Errorf("driver: %w: %d names for %d variables", ErrShape, len(names), c+1)
	}
	m := NewMoments(names)
	if r != len(y) {
		return nil, fmt.Errorf("driver: %w: x has %d rows, y has %d values", ErrShape, r, len(y))
	}
	if err := m.AddRows(x, y, weights); err != nil {
		return nil, err
	}
	return m, nil
}

func defaultNames(c int) []string {
	names := make([]string, c+1)
	names[0] = "y"
	for j := 1; j <= c; j++ {
		names[j] = fmt.Sprintf("x%d", j)
	}
	return names
}

// Dim returns the number of variables k.
func (m *Moments) Dim() int { return len(m.names) }

// Names returns a copy of the names of the variables, outcome first.
func (m *Moments) Names() []string { return slices.Clone(m.names) }

// N returns the number of rows added with a positive weight.
func (m *Moments) N() int { return m.n }

// Missing returns the number of rows skipped because they held a NaN.
func (m *Moments) Missing() int { return m.missing }

// SumWeights returns W, the sum of the weights of the rows added (N when
// unweighted).
func (m *Moments) SumWeights() float64 { return m.w }

// SumSquaredWeights returns W₂, the sum of the squared weights (N when
// unweighted).
func (m *Moments) SumSquaredWeights() float64 { return m.w2 }

// Mean returns the weighted means of the variables. If dst is not nil the
// means are written to it and it is returned; Mean panics if dst is not
// nil and len(dst) != Dim().
func (m *Moments) Mean(dst []float64) []float64 {
	k := m.Dim()
	if dst == nil {
		dst = make([]float64, k)
	}
	if len(dst) != k {
		panic("driver: Moments.Mean: wrong length of dst")
	}
	copy(dst, m.mean)
	return dst
}

// Add adds a row of the k variables (outcome first) with weight w; use
// w = 1 for unweighted data. A row holding a NaN is skipped and counted
// in Missing; a row of weight zero is skipped. Add returns an error
// wrapping ErrShape if len(row) != Dim(), ErrBadWeight for a negative or
// non-finite weight and ErrNonFinite for an infinite value; the Moments
// are then unchanged.
func (m *Moments) Add(row []float64, w float64) error {
	skip, err := m.check(row, w)
	if err != nil || skip {
		return err
	}
	m.add(row, w)
	return nil
}

// check validates a row; skip reports a missing or zero-weight row (and
// counts the missing one).
func (m *Moments) check(row []float64, w float64) (skip bool, err error) {
	if len(row) != m.Dim() {
		return false, fmt.Errorf("driver: %w: row of %d values for %d variables", ErrShape, len(row), m.Dim())
	}
	if math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
		return false, fmt.Errorf("driver: %w: %v", ErrBadWeight, w)
	}
	nan := false
	for i, v := range row {
		if math.IsNaN(v) {
			nan = true
		} else if math.IsInf(v, 0) {
			return false, fmt.Errorf("driver: %w: %s = %v", ErrNonFinite, m.names[i], v)
		}
	}
	if nan {
		m.missing++
		return true, nil
	}
	return w == 0, nil
}

// add is the weighted Welford (West) update, on the upper triangle.
func (m *Moments) add(row []float64, w float64) {
	k := m.Dim()
	m.n++
	wOld := m.w
	m.w += w
	m.w2 += w * w
	d := m.d
	r := w / m.w
	for i, v := range row {
		d[i] = v - m.mean[i]
		m.mean[i] += d[i] * r
	}
	f := w * wOld / m.w
	for i := 0; i < k; i++ {
		fi := f * d[i]
		if fi == 0 {
			continue
		}
		ci := m.c[i*k+i : i*k+k]
		di := d[i:k]
		for j := range ci {
			ci[j] += fi * di[j]
		}
	}
}

// AddRows adds the rows of the outcome y and the drivers in the columns of
// x (variable 0 is y, variable j+1 is column j of x), as Add does for each
// row.
//
// If weights is nil then all of the weights are 1. If weights is not nil,
// then len(weights) must equal len(y).
//
// AddRows checks every row before it adds any: on an error (ErrShape,
// ErrWeightsLength, ErrBadWeight, ErrNonFinite, naming the 0-based row)
// the Moments are unchanged.
func (m *Moments) AddRows(x mat.Matrix, y, weights []float64) error {
	r, c := x.Dims()
	if r != len(y) {
		return fmt.Errorf("driver: %w: x has %d rows, y has %d values", ErrShape, r, len(y))
	}
	if c+1 != m.Dim() {
		return fmt.Errorf("driver: %w: x has %d columns, the moments %d drivers", ErrShape, c, m.Dim()-1)
	}
	if weights != nil && len(weights) != len(y) {
		return fmt.Errorf("driver: %w: %d weights for %d rows", ErrWeightsLength, len(weights), len(y))
	}
	row := make([]float64, c+1)
	fill := func(i int) {
		row[0] = y[i]
		if rv, ok := x.(mat.RawMatrixer); ok {
			raw := rv.RawMatrix()
			copy(row[1:], raw.Data[i*raw.Stride:i*raw.Stride+c])
			return
		}
		for j := 0; j < c; j++ {
			row[j+1] = x.At(i, j)
		}
	}
	weight := func(i int) float64 {
		if weights == nil {
			return 1
		}
		return weights[i]
	}
	// Validate first, so that a bad row leaves m unchanged.
	for i := 0; i < r; i++ {
		w := weight(i)
		if math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
			return fmt.Errorf("driver: row %d: %w: %v", i, ErrBadWeight, w)
		}
		fill(i)
		for j, v := range row {
			if math.IsInf(v, 0) {
				return fmt.Errorf("driver: row %d: %w: %s = %v", i, ErrNonFinite, m.names[j], v)
			}
		}
	}
	for i := 0; i < r; i++ {
		fill(i)
		if skip, _ := m.check(row, weight(i)); !skip {
			m.add(row, weight(i))
		}
	}
	return nil
}

// Merge adds the rows summarised by o to m, by the pairwise update of
// Chan, Golub and LeVeque; o is not changed. The variables must have the
// same names in the same order (ErrMomentsMismatch otherwise, and m is
// unchanged).
func (m *Moments) Merge(o *Moments) error {
	if !slices.Equal(m.names, o.names) {
		return fmt.Errorf("driver: %w: %q and %q", ErrMomentsMismatch, m.names, o.names)
	}
	m.missing += o.missing
	if o.n == 0 {
		return nil
	}
	if m.n == 0 {
		m.n, m.w, m.w2 = o.n, o.w, o.w2
		copy(m.mean, o.mean)
		copy(m.c, o.c)
		return nil
	}
	k := m.Dim()
	w := m.w + o.w
	f := m.w * o.w / w
	r := o.w / w
	d := m.d
	for i := range d {
		d[i] = o.mean[i] - m.mean[i]
	}
	for i := 0; i < k; i++ {
		for j := i; j < k; j++ {
			m.c[i*k+j] += o.c[i*k+j] + f*d[i]*d[j]
		}
	}
	for i := range m.mean {
		m.mean[i] += d[i] * r
	}
	m.n += o.n
	m.w = w
	m.w2 += o.w2
	return nil
}

// Clone returns a deep copy of m.
func (m *Moments) Clone() *Moments {
	c := *m
	c.names = slices.Clone(m.names)
	c.mean = slices.Clone(m.mean)
	c.c = slices.Clone(m.c)
	c.d = make([]float64, len(m.d))
	return &c
}

// at returns C_ij.
func (m *Moments) at(i, j int) float64 {
	if i > j {
		i, j = j, i
	}
	return m.c[i*m.Dim()+j]
}

func (m *Moments) reuse(dst *mat.SymDense) {
	k := m.Dim()
	if dst.IsEmpty() {
		dst.ReuseAsSym(k)
	}
	if dst.SymmetricDim() != k {
		panic("driver: Moments: wrong size of dst")
	}
}

// CoMomentTo writes the co-moment matrix C (centred cross-products,
// weighted) to dst. If dst is empty it is resized to Dim()×Dim(); CoMomentTo
// panics if it is not empty and of another size.
func (m *Moments) CoMomentTo(dst *mat.SymDense) {
	m.reuse(dst)
	k := m.Dim()
	for i := 0; i < k; i++ {
		for j := i; j < k; j++ {
			dst.SetSym(i, j, m.c[i*k+j])
		}
	}
}

// CovDivisor returns the divisor of the covariance matrix,
//
//	W − W₂/W,
//
// which is N − 1 without weights and the divisor of R's cov.wt (weights
// normalised to sum 1, "unbiased" method) with them. It is NaN when no
// row has been added.
func (m *Moments) CovDivisor() float64 {
	if m.n == 0 {
		return math.NaN()
	}
	return m.w - m.w2/m.w
}

// CovTo writes the covariance matrix C / (W − W₂/W) to dst (see
// CovDivisor); without weights this is the sample covariance with divisor
// N − 1. The entries are NaN (or ±Inf) when fewer than two rows have a
// positive weight. dst is resized as in CoMomentTo.
func (m *Moments) CovTo(dst *mat.SymDense) {
	m.reuse(dst)
	k := m.Dim()
	div := m.CovDivisor()
	for i := 0; i < k; i++ {
		for j := i; j < k; j++ {
			dst.SetSym(i, j, m.c[i*k+j]/div)
		}
	}
}

// CorrTo writes the correlation matrix
//
//	R_ij = C_ij / sqrt(C_ii C_jj)
//
// to dst, with ones on the diagonal. The entries of a variable of zero
// variance are NaN. dst is resized as in CoMomentTo.
func (m *Moments) CorrTo(dst *mat.SymDense) {
	m.reuse(dst)
	k := m.Dim()
	s := make([]float64, k)
	for i := range s {
		s[i] = math.Sqrt(m.c[i*k+i])
	}
	for i := 0; i < k; i++ {
		for j := i; j < k; j++ {
			v := m.c[i*k+j] / (s[i] * s[j])
			if i == j && s[i] > 0 {
				v = 1
			}
			dst.SetSym(i, j, v)
		}
	}
}

// momentsJSON is the JSON form of Moments.
type momentsJSON struct {
	Names            []string    `json:"names"`
	N                int         `json:"n"`
	Missing          int         `json:"missing"`
	SumWeights       float64     `json:"sum_weights"`
	SumSquaredWeight float64     `json:"sum_squared_weights"`
	Mean             []float64   `json:"mean"`
	CoMoment         [][]float64 `json:"comoment"`
}

// MarshalJSON encodes m as
//
//	{"names": [...], "n": N, "missing": M, "sum_weights": W,
//	 "sum_squared_weights": W₂, "mean": [...], "comoment": [[...], ...]}
//
// with the full symmetric k×k co-moment matrix C as an array of rows.
// Every number is written so that it reads back to the identical double.
func (m *Moments) MarshalJSON() ([]byte, error) {
	k := m.Dim()
	j := momentsJSON{
		Names: m.names, N: m.n, Missing: m.missing,
		SumWeights: m.w, SumSquaredWeight: m.w2,
		Mean: m.mean, CoMoment: make([][]float64, k),
	}
	for i := range j.CoMoment {
		j.CoMoment[i] = make([]float64, k)
		for l := range j.CoMoment[i] {
			j.CoMoment[i][l] = m.at(i, l)
		}
	}
	return json.Marshal(j)
}

// UnmarshalJSON decodes Moments written by MarshalJSON (or built elsewhere
// in that form). It checks the shapes, that counts and sums of weights are
// not negative (W = 0 only with N = 0), that the co-moment matrix is
// symmetric to a relative 1e-12 with a non-negative diagonal, and returns
// an error wrapping ErrShape or ErrNotCovariance otherwise. The upper
// triangle of the matrix is used.
func (m *Moments) UnmarshalJSON(b []byte) error {
	var j momentsJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	k := len(j.Names)
	if k == 0 || len(j.Mean) != k || len(j.CoMoment) != k {
		return fmt.Errorf("driver: %w: moments with %d names, %d means, %d rows of co-moments",
			ErrShape, k, len(j.Mean), len(j.CoMoment))
	}
	if j.N < 0 || j.Missing < 0 || j.SumWeights < 0 || j.SumSquaredWeight < 0 ||
		(j.N == 0) != (j.SumWeights == 0) {
		return fmt.Errorf("driver: %w: moments with n = %d, sum of weights %v, sum of squared weights %v",
			ErrShape, j.N, j.SumWeights, j.SumSquaredWeight)
	}
	nm := NewMoments(j.Names)
	for i, row := range j.CoMoment {
		if len(row) != k {
			return fmt.Errorf("driver: %w: co-moment row %d has %d values for %d variables", ErrShape, i, len(row), k)
		}
	}
	for i := 0; i < k; i++ {
		if j.CoMoment[i][i] < 0 {
			return fmt.Errorf("driver: %w: negative co-moment of %s", ErrNotCovariance, j.Names[i])
		}
		for l := i; l < k; l++ {
			a, c := j.CoMoment[i][l], j.CoMoment[l][i]
			if math.Abs(a-c) > 1e-12*math.Max(math.Abs(a), math.Abs(c)) {
				return fmt.Errorf("driver: %w: co-moments of %s and %s not symmetric", ErrNotCovariance, j.Names[i], j.Names[l])
			}
			nm.c[i*k+l] = a
		}
	}
	copy(nm.mean, j.Mean)
	nm.n, nm.missing, nm.w, nm.w2 = j.N, j.Missing, j.SumWeights, j.SumSquaredWeight
	*m = *nm
	return nil
}
