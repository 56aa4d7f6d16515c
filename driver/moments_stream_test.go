package driver_test

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/touchpoint-cx/touchpoint/driver"
	"github.com/touchpoint-cx/touchpoint/internal/testutil"
)

// bigMoments is the reference: the weighted means and co-moments by the
// two-pass formulas in 256-bit floating point (math/big), independent of
// the package's code.
func bigMoments(rows [][]float64, w []float64) (mean []float64, c [][]float64) {
	const prec = 256
	k := len(rows[0])
	nf := func() *big.Float { return new(big.Float).SetPrec(prec) }
	W := nf()
	sums := make([]*big.Float, k)
	for i := range sums {
		sums[i] = nf()
	}
	for r, row := range rows {
		if math.IsNaN(row[0]) || w[r] == 0 {
			continue
		}
		wr := nf().SetFloat64(w[r])
		W.Add(W, wr)
		for i, v := range row {
			sums[i].Add(sums[i], nf().Mul(wr, nf().SetFloat64(v)))
		}
	}
	bm := make([]*big.Float, k)
	mean = make([]float64, k)
	for i := range bm {
		bm[i] = nf().Quo(sums[i], W)
		mean[i], _ = bm[i].Float64()
	}
	c = make([][]float64, k)
	for i := range c {
		c[i] = make([]float64, k)
		for j := range c[i] {
			s := nf()
			for r, row := range rows {
				if math.IsNaN(row[0]) || w[r] == 0 {
					continue
				}
				di := nf().Sub(nf().SetFloat64(row[i]), bm[i])
				dj := nf().Sub(nf().SetFloat64(row[j]), bm[j])
				s.Add(s, nf().Mul(nf().SetFloat64(w[r]), nf().Mul(di, dj)))
			}
			c[i][j], _ = s.Float64()
		}
	}
	return mean, c
}

// TestMomentsBuilderAccuracy compares the builder with the two-pass
// moments in 256-bit arithmetic on data whose means are large compared
// with their spread (1e9 + N(0, 1)), weighted and not, at sizes around the
// block of 512 rows. Welford's update (Moments.Add) is shown for contrast.
func TestMomentsBuilderAccuracy(t *testing.T) {
	for _, c := range []struct {
		name     string
		n        int
		offset   float64
		weighted bool
	}{
		{"n=1", 1, 0, false},
		{"n=511/offset=1e9", 511, 1e9, false},
		{"n=512/offset=1e9", 512, 1e9, true},
		{"n=1500/offset=1e9", 1500, 1e9, false},
		{"n=3000/offset=1e6/weighted", 3000, 1e6, true},
		{"n=2000/offset=0", 2000, 0, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(c.n), 9))
			const k = 4
			rows := make([][]float64, c.n)
			w := make([]float64, c.n)
			b := driver.NewMomentsBuilder([]string{"y", "a", "b", "c"})
			wf := driver.NewMoments([]string{"y", "a", "b", "c"})
			for r := range rows {
				f := rng.NormFloat64()
				rows[r] = make([]float64, k)
				for i := range rows[r] {
					rows[r][i] = c.offset*float64(i+1) + 0.7*f + rng.NormFloat64()
				}
				w[r] = 1
				if c.weighted {
					w[r] = float64(rng.IntN(4)) * 0.5 // some zero weights
				}
				if r%97 == 5 {
					rows[r][0] = math.NaN()
				}
				require.NoError(t, b.Add(rows[r], w[r]))
				require.NoError(t, wf.Add(rows[r], w[r]))
			}
			m := b.Moments()
			wantMean, wantC := bigMoments(rows, w)
			gotMean := m.Mean(nil)
			var cm mat.SymDense
			m.CoMomentTo(&cm)
			var wc mat.SymDense
			wf.CoMomentTo(&wc)
			assert.Equal(t, wf.N(), m.N())
			assert.Equal(t, wf.Missing(), m.Missing())
			assert.Equal(t, wf.SumWeights(), m.SumWeights())
			worstB, worstW := 0.0, 0.0
			for i := 0; i < k; i++ {
				// the mean to 1e-15 relative, or 1e-15 of the spread
				sd := math.Sqrt(wantC[i][i] / math.Max(m.SumWeights(), 1))
				testutil.AssertClose(t, "mean", gotMean[i], wantMean[i], 1e-15*sd, 1e-15)
				for j := i; j < k; j++ {
					if c.n == 1 {
						assert.Equal(t, 0.0, cm.At(i, j))
						continue
					}
					// relative to the variances: the co-moment's own scale
					scale := math.Sqrt(wantC[i][i] * wantC[j][j])
					eb := math.Abs(cm.At(i, j)-wantC[i][j]) / scale
					ew := math.Abs(wc.At(i, j)-wantC[i][j]) / scale
					assert.LessOrEqual(t, eb, 1e-13, "co-moment %d,%d: got %.17g want %.17g (256-bit two-pass)", i, j, cm.At(i, j), wantC[i][j])
					worstB, worstW = max(worstB, eb), max(worstW, ew)
				}
			}
			t.Logf("largest error of the co-moments relative to sqrt(C_ii C_jj): builder %.2g, Welford %.2g", worstB, worstW)
		})
	}
}

// TestMomentsBuilderErrors checks validation, and that the builder goes on
// after Moments.
func TestMomentsBuilderErrors(t *testing.T) {
	b := driver.NewMomentsBuilder([]string{"y", "x"})
	require.ErrorIs(t, b.Add([]float64{1}, 1), driver.ErrShape)
	require.ErrorIs(t, b.Add([]float64{1, 2}, -1), driver.ErrBadWeight)
	require.ErrorIs(t, b.Add([]float64{1, 2}, math.Inf(1)), driver.ErrBadWeight)
	require.ErrorIs(t, b.Add([]float64{1, math.Inf(-1)}, 1), driver.ErrNonFinite)
	require.NoError(t, b.Add([]float64{1, math.NaN()}, 1))
	require.NoError(t, b.Add([]float64{1, 2}, 0))
	assert.Equal(t, 0, b.N())
	assert.Equal(t, 1, b.Missing())
	empty := b.Moments()
	assert.Equal(t, 0, empty.N())
	assert.Equal(t, []float64{0, 0}, empty.Mean(nil))
	require.NoError(t, b.Add([]float64{1, 2}, 1))
	require.NoError(t, b.Add([]float64{3, 6}, 1))
	m1 := b.Moments()
	require.NoError(t, b.Add([]float64{5, 10}, 1))
	m2 := b.Moments()
	assert.Equal(t, 2, m1.N())
	assert.Equal(t, []float64{2, 4}, m1.Mean(nil))
	assert.Equal(t, 3, m2.N())
	assert.Equal(t, []float64{3, 6}, m2.Mean(nil))
	var c mat.SymDense
	m2.CovTo(&c)
	// var(1,3,5) = 4, cov = 8, var(2,6,10) = 16
	assert.Equal(t, 4.0, c.At(0, 0))
	assert.Equal(t, 8.0, c.At(0, 1))
	assert.Equal(t, 16.0, c.At(1, 1))
	assert.Equal(t, []string{"y", "x"}, b.Names())
	assert.Panics(t, func() { driver.NewMomentsBuilder(nil) })
}

// TestMomentsBuilderAllocs checks that adding rows allocates nothing: the
// memory does not grow with the number of rows.
func TestMomentsBuilderAllocs(t *testing.T) {
	b := driver.NewMomentsBuilder([]string{"y", "a", "b"})
	row := []float64{1, 2, 3}
	allocs := testing.AllocsPerRun(5000, func() {
		row[0]++
		if err := b.Add(row, 1); err != nil {
			t.Fatal(err)
		}
	})
	assert.Equal(t, 0.0, allocs)
}

// TestMomentsBuilderWide checks the blocks of 64 variables and more, whose
// cross-products are computed in two halves, against Moments.Add on the
// same rows (an independent computation, Welford's update, accurate here
// where the means are small).
func TestMomentsBuilderWide(t *testing.T) {
	x, y := randomData(1100, 69, 4)
	m, err := driver.MomentsOf(x, y, nil, nil)
	require.NoError(t, err)
	b := driver.NewMomentsBuilder(m.Names())
	row := make([]float64, 70)
	for i := range 1100 {
		row[0] = y[i]
		mat.Row(row[1:], i, x)
		require.NoError(t, b.Add(row, 1))
	}
	got := b.Moments()
	var cg, cw mat.SymDense
	got.CoMomentTo(&cg)
	m.CoMomentTo(&cw)
	for i := range 70 {
		testutil.AssertClose(t, "mean", got.Mean(nil)[i], m.Mean(nil)[i], 1e-14, 1e-13)
		for j := i; j < 70; j++ {
			if e := math.Abs(cg.At(i, j)-cw.At(i, j)) / math.Sqrt(cw.At(i, i)*cw.At(j, j)); e > 1e-13 {
				t.Errorf("co-moment %d,%d: builder %.17g, Welford %.17g", i, j, cg.At(i, j), cw.At(i, j))
			}
		}
	}
}

// ExampleMomentsBuilder summarises rows given one at a time (as a file is
// read) into Moments, whatever their number, and analyses the moments.
func ExampleMomentsBuilder() {
	b := driver.NewMomentsBuilder([]string{"overall", "web", "call"})
	rows := [][]float64{
		{7, 4, 3}, {9, 5, 4}, {4, 2, 3}, {8, 4, 5}, {6, 3, 2},
		{5, 2, 2}, {9, 5, 5}, {7, 3, 4}, {3, 1, 2}, {8, 5, 3},
		{6, 3, math.NaN()}, // a missing answer: counted, not used
	}
	for _, r := range rows {
		if err := b.Add(r, 1); err != nil {
			fmt.Println(err)
			return
		}
	}
	m := b.Moments()
	fmt.Printf("%d rows, %d missing, mean overall %.1f\n", m.N(), m.Missing(), m.Mean(nil)[0])
	res, err := driver.AnalyzeMoments(m, driver.Options{Methods: driver.MethodsOf(driver.LMG)})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range res.Drivers {
		fmt.Printf("%s: %.0f%% of R²\n", d.Name, 100*d.Share)
	}
	// Output:
	// 10 rows, 1 missing, mean overall 6.6
	// web: 69% of R²
	// call: 31% of R²
}
