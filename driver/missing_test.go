package driver_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/touchpoint-cx/touchpoint/driver"
	"github.com/touchpoint-cx/touchpoint/internal/testutil"
)

// missingCases are the models of the oracle's data set with blanks
// (testdata/oracle/README.md, "Missing data": listwise deletion, 3011 of
// 5000 rows).
var missingCases = []oracleCase{oracleCases[5], oracleCases[6]}

// surveyWeights returns survey weights for the rows of the oracle's
// missing-data set: 0.5, 1, 1.5, 2, 0.5, ... by row (the data set has no
// weights of its own; any positive weights exercise the weighted code).
func surveyWeights(n int) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 0.5 * float64(1+i%4)
	}
	return w
}

// TestMissingListwiseOracle checks Options.Missing = MissingListwise (the
// zero value, named explicitly) against R's complete-case results in
// testdata/oracle/expected/survey_medium_missing (relaimpo 2.2.7
// calc.relimp and lm, na.action = na.omit), and the counts of the report
// against the oracle's missing_data block (5000 rows in the file, 3011
// used).
func TestMissingListwiseOracle(t *testing.T) {
	for _, c := range missingCases {
		t.Run(c.name, func(t *testing.T) {
			x, y, preds := c.load(t)
			var rf relaimpoFile
			file := fmt.Sprintf("relaimpo_%s.json", c.response)
			testutil.LoadJSON(t, c.expected(file), &rf)
			var of struct {
				Missing struct {
					Rows int `json:"rows_in_file"`
					Used int `json:"rows_used_listwise"`
				} `json:"missing_data"`
				OLS struct {
					Coef struct {
						Estimate map[string]float64 `json:"estimate"`
						SE       map[string]float64 `json:"std_error"`
					} `json:"coefficients"`
				} `json:"ols"`
			}
			testutil.LoadJSON(t, c.expected(fmt.Sprintf("ols_%s.json", c.response)), &of)

			res, err := driver.Analyze(x, y, nil, driver.Options{Outcome: c.response, Names: preds, Missing: driver.MissingListwise})
			require.NoError(t, err)
			rep := res.MissingReport
			require.NotNil(t, rep)
			assert.Equal(t, driver.MissingListwise, rep.Strategy)
			assert.Equal(t, of.Missing.Rows, rep.RowsRead)
			assert.Equal(t, of.Missing.Used, rep.RowsUsed)
			assert.Equal(t, of.Missing.Used, res.N)
			assert.Equal(t, of.Missing.Rows-of.Missing.Used, rep.DriverMissing)
			assert.Equal(t, 0, rep.OutcomeMissing+rep.WeightMissing+rep.WeightZero)
			require.Len(t, rep.PerDriver, len(preds))
			for j, p := range preds {
				dm := rep.PerDriver[j]
				assert.Equal(t, p, dm.Name)
				assert.Equal(t, of.Missing.Rows, dm.Observed+dm.Missing, p)
				col := mat.Col(nil, j, x)
				nan := 0
				for _, v := range col {
					if math.IsNaN(v) {
						nan++
					}
				}
				assert.Equal(t, nan, dm.Missing, p)
			}
			tr := &tracker{t: t, c: c, source: file + ": " + rf.RelaFalse.Call}
			tr.close("R2", res.R2, rf.RelaFalse.R2)
			for i, p := range preds {
				d := res.Drivers[i]
				tr.close(p+" lmg", d.LMG, rf.RelaFalse.LMG[p])
				tr.close(p+" first", d.First, rf.RelaFalse.First[p])
				tr.close(p+" last", d.Last, rf.RelaFalse.Last[p])
				tr.close(p+" betasq", d.Betasq, rf.RelaFalse.Betasq[p])
				tr.close(p+" pratt", d.Pratt, rf.RelaFalse.Pratt[p])
				tr.close(p+" genizi", d.Genizi, rf.RelaFalse.Genizi[p])
				tr.close(p+" car", d.CAR, rf.RelaFalse.CAR[p])
				tr.close(p+" share", d.Share, rf.RelaTrue.LMG[p])
				tr.close(p+" coef", d.Coef, of.OLS.Coef.Estimate[p])
				tr.close(p+" se", d.SE, of.OLS.Coef.SE[p])
			}
			t.Logf("largest relative difference %.3g: %s", tr.max, tr.what)
		})
	}
}

// TestMissingExclusions checks that rows with a missing outcome, a missing
// weight or a weight of zero are excluded and counted under every
// strategy, and that the listwise result then equals the analysis of the
// rows kept.
func TestMissingExclusions(t *testing.T) {
	c := missingCases[0]
	x0, y, preds0 := c.load(t)
	// Six drivers keep the dummy analysis (12 with the indicators) quick.
	x, preds := mat.DenseCopyOf(x0.Slice(0, len(y), 0, 6)), preds0[:6]
	n := len(y)
	w := surveyWeights(n)
	y2 := append([]float64(nil), y...)
	y2[3], y2[10] = math.NaN(), math.NaN()
	w[3] = math.NaN() // outcome missing too: counted as outcome
	w[20], w[21], w[22] = math.NaN(), math.NaN(), math.NaN()
	w[30] = 0
	keep := []int{}
	for i := 0; i < n; i++ {
		if !math.IsNaN(y2[i]) && !math.IsNaN(w[i]) && w[i] > 0 {
			keep = append(keep, i)
		}
	}
	xk := mat.NewDense(len(keep), len(preds), nil)
	yk := make([]float64, len(keep))
	wk := make([]float64, len(keep))
	for t2, i := range keep {
		xk.SetRow(t2, mat.Row(nil, i, x))
		yk[t2], wk[t2] = y2[i], w[i]
	}
	for _, s := range []driver.Missing{driver.MissingListwise, driver.MissingPairwise, driver.MissingDummy} {
		t.Run(s.String(), func(t *testing.T) {
			opts := driver.Options{Outcome: c.response, Names: preds, Missing: s}
			res, err := driver.Analyze(x, y2, w, opts)
			require.NoError(t, err)
			rep := res.MissingReport
			assert.Equal(t, n, rep.RowsRead)
			assert.Equal(t, 2, rep.OutcomeMissing)
			assert.Equal(t, 3, rep.WeightMissing)
			assert.Equal(t, 1, rep.WeightZero)
			sawWarning := false
			for _, e := range res.Warnings {
				sawWarning = sawWarning || errors.Is(e, driver.ErrMissingRows)
			}
			assert.True(t, sawWarning, "a warning counts the rows dropped")
			ref, err := driver.Analyze(xk, yk, wk, opts)
			require.NoError(t, err)
			assert.Equal(t, ref.MissingReport.RowsUsed, rep.RowsUsed)
			assert.Equal(t, ref.MissingReport.PerDriver, rep.PerDriver)
			for i := range res.Drivers {
				testutil.AssertClose(t, res.Drivers[i].Name+" lmg", res.Drivers[i].LMG, ref.Drivers[i].LMG, 0, 1e-12)
			}
		})
	}
}

// pairwiseCorr computes the weighted pairwise-complete correlation matrix
// of the columns of data (NaN = missing) from its definition: for each
// pair, the rows observed on both, their weighted means, and
// Σw(a−ā)(b−b̄)/sqrt(Σw(a−ā)² Σw(b−b̄)²). It also returns the smallest
// number of rows behind an off-diagonal entry. (For unit weights this is
// R's cor(use = "pairwise.complete.obs").)
func pairwiseCorr(data [][]float64, w []float64) (*mat.SymDense, int) {
	k := len(data)
	r := mat.NewSymDense(k, nil)
	minN := math.MaxInt
	for a := 0; a < k; a++ {
		r.SetSym(a, a, 1)
		for b := a + 1; b < k; b++ {
			var sw, sa, sb float64
			cnt := 0
			for i := range data[a] {
				if math.IsNaN(data[a][i]) || math.IsNaN(data[b][i]) {
					continue
				}
				cnt++
				sw += w[i]
				sa += w[i] * data[a][i]
				sb += w[i] * data[b][i]
			}
			ma, mb := sa/sw, sb/sw
			var saa, sbb, sab float64
			for i := range data[a] {
				if math.IsNaN(data[a][i]) || math.IsNaN(data[b][i]) {
					continue
				}
				da, db := data[a][i]-ma, data[b][i]-mb
				saa += w[i] * da * da
				sbb += w[i] * db * db
				sab += w[i] * da * db
			}
			r.SetSym(a, b, sab/math.Sqrt(saa*sbb))
			minN = min(minN, cnt)
		}
	}
	return r, minN
}

// bruteLMG returns R² and the lmg of every driver of the correlation
// matrix r (outcome first) by enumerating all subsets: R²(S) = r_Sᵀ R_SS⁻¹
// r_S, solved by gonum's Cholesky, and lmg_j = Σ_S |S|!(p−|S|−1)!/p!
// [R²(S ∪ j) − R²(S)].
func bruteLMG(t *testing.T, r *mat.SymDense) (r2 float64, lmg []float64) {
	t.Helper()
	p := r.SymmetricDim() - 1
	val := make([]float64, 1<<p)
	for mask := 1; mask < 1<<p; mask++ {
		var idx []int
		for j := 0; j < p; j++ {
			if mask&(1<<j) != 0 {
				idx = append(idx, j+1)
			}
		}
		s := mat.NewSymDense(len(idx), nil)
		rs := mat.NewVecDense(len(idx), nil)
		for a, ia := range idx {
			rs.SetVec(a, r.At(0, ia))
			for b, ib := range idx {
				if b >= a {
					s.SetSym(a, b, r.At(ia, ib))
				}
			}
		}
		var ch mat.Cholesky
		require.True(t, ch.Factorize(s))
		var beta mat.VecDense
		require.NoError(t, ch.SolveVecTo(&beta, rs))
		val[mask] = mat.Dot(&beta, rs)
	}
	fact := func(n int) float64 { return math.Gamma(float64(n + 1)) }
	lmg = make([]float64, p)
	for j := 0; j < p; j++ {
		for mask := 0; mask < 1<<p; mask++ {
			if mask&(1<<j) != 0 {
				continue
			}
			s := bits.OnesCount(uint(mask))
			lmg[j] += fact(s) * fact(p-s-1) / fact(p) * (val[mask|1<<j] - val[mask])
		}
	}
	return val[1<<p-1], lmg
}

// TestMissingPairwise checks MissingPairwise on the oracle's data set with
// blanks against the pairwise correlations computed in the test from
// their definition (pairwiseCorr) and lmg, first and R² computed from that
// matrix by brute force (bruteLMG); the oracle has no pairwise results
// (testdata/oracle/README.md analyses complete cases only).
func TestMissingPairwise(t *testing.T) {
	c := missingCases[0]
	x, y, preds := c.load(t)
	n, p := x.Dims()
	for _, weighted := range []bool{false, true} {
		t.Run(fmt.Sprintf("weighted=%v", weighted), func(t *testing.T) {
			w := make([]float64, n)
			for i := range w {
				w[i] = 1
			}
			var wArg []float64
			if weighted {
				w = surveyWeights(n)
				wArg = w
			}
			data := [][]float64{y}
			for j := 0; j < p; j++ {
				data = append(data, mat.Col(nil, j, x))
			}
			r, minN := pairwiseCorr(data, w)
			wantR2, wantLMG := bruteLMG(t, r)

			res, err := driver.Analyze(x, y, wArg, driver.Options{Outcome: c.response, Names: preds, Missing: driver.MissingPairwise})
			require.NoError(t, err)
			rep := res.MissingReport
			assert.Equal(t, driver.MissingPairwise, rep.Strategy)
			assert.Equal(t, minN, rep.PairwiseMinN)
			assert.Equal(t, minN, res.N)
			assert.Equal(t, n, rep.RowsUsed)
			assert.False(t, rep.Repaired)
			assert.Greater(t, rep.MinEigenvalue, 0.0)
			testutil.AssertClose(t, "R2", res.R2, wantR2, 0, 1e-9)
			for j, d := range res.Drivers {
				testutil.AssertClose(t, d.Name+" lmg", d.LMG, wantLMG[j], 0, 1e-9)
				rj := r.At(0, j+1)
				testutil.AssertClose(t, d.Name+" first", d.First, rj*rj, 0, 1e-9)
			}
			// The rest of the analysis is that of the matrix.
			ref, err := driver.AnalyzeCov(r, minN, driver.Options{Outcome: c.response, Names: preds})
			require.NoError(t, err)
			for j, d := range res.Drivers {
				e := ref.Drivers[j]
				for _, m := range []struct {
					name      string
					got, want float64
				}{{"last", d.Last, e.Last}, {"betasq", d.Betasq, e.Betasq}, {"pratt", d.Pratt, e.Pratt},
					{"genizi", d.Genizi, e.Genizi}, {"car", d.CAR, e.CAR}, {"std coef", d.StdCoef, e.StdCoef}} {
					testutil.AssertClose(t, d.Name+" "+m.name, m.got, m.want, 1e-15, 1e-9)
				}
			}
		})
	}
}

// TestMissingPairwiseRepair builds drivers whose pairwise correlations
// cannot all hold at once (x1 ≈ x2 on some rows, x2 ≈ x3 on others,
// x3 ≈ −x1 on the rest), so the pairwise matrix is not positive definite,
// and checks the repair: a warning, the report, and a valid analysis.
func TestMissingPairwiseRepair(t *testing.T) {
	const m = 60
	nan := math.NaN()
	var rows [][]float64
	var y []float64
	for i := 0; i < 3*m; i++ {
		u := math.Sin(float64(i)*1.7) * 2
		e := 0.05 * math.Cos(float64(i)*3.1)
		var r []float64
		switch i / m {
		case 0:
			r = []float64{u, u + e, nan}
		case 1:
			r = []float64{nan, u, u + e}
		default:
			r = []float64{u, nan, -u + e}
		}
		rows = append(rows, r)
		y = append(y, u+math.Cos(float64(i)*0.7))
	}
	x := mat.NewDense(len(rows), 3, nil)
	for i, r := range rows {
		x.SetRow(i, r)
	}
	res, err := driver.Analyze(x, y, nil, driver.Options{Missing: driver.MissingPairwise})
	require.NoError(t, err)
	rep := res.MissingReport
	assert.True(t, rep.Repaired)
	assert.Less(t, rep.MinEigenvalue, 0.0)
	assert.Greater(t, rep.RepairDistance, 0.0)
	assert.Equal(t, m, rep.PairwiseMinN)
	found := false
	for _, w := range res.Warnings {
		found = found || errors.Is(w, driver.ErrRepaired)
	}
	assert.True(t, found, "warning ErrRepaired")
	assert.True(t, res.R2 > 0 && res.R2 <= 1, "R2 = %v", res.R2)
	var sum float64
	for _, d := range res.Drivers {
		require.False(t, math.IsNaN(d.LMG))
		sum += d.LMG
	}
	testutil.AssertClose(t, "sum of lmg", sum, res.R2, 0, 1e-10)
}

// dummyOLS fits the weighted least squares of y on an intercept and the
// columns of design by gonum's QR of the rows scaled by √w, and returns
// the slopes and the weighted R².
func dummyOLS(t *testing.T, design [][]float64, y, w []float64) (coef []float64, r2 float64) {
	t.Helper()
	n, q := len(y), len(design)
	a := mat.NewDense(n, q+1, nil)
	b := mat.NewVecDense(n, nil)
	for i := 0; i < n; i++ {
		s := math.Sqrt(w[i])
		a.Set(i, 0, s)
		for j := 0; j < q; j++ {
			a.Set(i, j+1, s*design[j][i])
		}
		b.SetVec(i, s*y[i])
	}
	var qr mat.QR
	qr.Factorize(a)
	var beta mat.VecDense
	require.NoError(t, qr.SolveVecTo(&beta, false, b))
	var sw, swy float64
	for i := range y {
		sw += w[i]
		swy += w[i] * y[i]
	}
	my := swy / sw
	var rss, tss float64
	for i := 0; i < n; i++ {
		f := beta.AtVec(0)
		for j := 0; j < q; j++ {
			f += beta.AtVec(j+1) * design[j][i]
		}
		rss += w[i] * (y[i] - f) * (y[i] - f)
		tss += w[i] * (y[i] - my) * (y[i] - my)
	}
	return beta.RawVector().Data[1:], 1 - rss/tss
}

// fillAndFlag builds the design of dummy-variable adjustment in the test:
// each column with a NaN gets the weighted mean of its observed values in
// place of the NaN, and an indicator column (1 = observed) is appended.
func fillAndFlag(cols [][]float64, w []float64) [][]float64 {
	var out, inds [][]float64
	for _, c := range cols {
		var sw, sx float64
		has := false
		for i, v := range c {
			if math.IsNaN(v) {
				has = true
				continue
			}
			sw += w[i]
			sx += w[i] * v
		}
		f := append([]float64(nil), c...)
		if has {
			d := make([]float64, len(c))
			for i, v := range c {
				if math.IsNaN(v) {
					f[i] = sx / sw
				} else {
					d[i] = 1
				}
			}
			inds = append(inds, d)
		}
		out = append(out, f)
	}
	return append(out, inds...)
}

// TestMissingDummy checks MissingDummy against the weighted least squares
// fit of the explicitly built design (fillAndFlag, fitted by gonum's QR in
// dummyOLS), to 1e-9, on the oracle's data set with blanks (its first
// seven drivers: 14 with the indicators).
func TestMissingDummy(t *testing.T) {
	c := missingCases[0]
	x0, y, preds0 := c.load(t)
	x, preds := mat.DenseCopyOf(x0.Slice(0, len(y), 0, 7)), preds0[:7]
	n, p := x.Dims()
	for _, weighted := range []bool{false, true} {
		t.Run(fmt.Sprintf("weighted=%v", weighted), func(t *testing.T) {
			w := make([]float64, n)
			for i := range w {
				w[i] = 1
			}
			var wArg []float64
			if weighted {
				w = surveyWeights(n)
				wArg = w
			}
			var cols [][]float64
			for j := 0; j < p; j++ {
				cols = append(cols, mat.Col(nil, j, x))
			}
			design := fillAndFlag(cols, w)
			wantCoef, wantR2 := dummyOLS(t, design, y, w)

			res, err := driver.Analyze(x, y, wArg, driver.Options{Outcome: c.response, Names: preds, Missing: driver.MissingDummy})
			require.NoError(t, err)
			require.Len(t, res.Drivers, len(design), "every driver has blanks: one indicator each")
			rep := res.MissingReport
			assert.Equal(t, n, rep.RowsUsed)
			assert.Equal(t, n, res.N)
			require.Len(t, rep.Indicators, p)
			testutil.AssertClose(t, "R2", res.R2, wantR2, 0, 1e-9)
			for j, d := range res.Drivers {
				if j < p {
					assert.Equal(t, preds[j], d.Name)
				} else {
					assert.Equal(t, driver.IndicatorPrefix+preds[j-p], d.Name)
					assert.Equal(t, []string{preds[j-p]}, rep.Indicators[j-p].Same)
				}
				testutil.AssertClose(t, d.Name+" coef", d.Coef, wantCoef[j], 1e-13, 1e-9)
			}
			// A filled driver and its own indicator are uncorrelated.
			cov := res.Regression
			require.NotNil(t, cov)
			var lmg float64
			for _, d := range res.Drivers {
				lmg += d.LMG
			}
			testutil.AssertClose(t, "sum of lmg", lmg, res.R2, 0, 1e-10)
		})
	}
}

// TestMissingDummyPaths checks the merging of indicators on either-or
// paths (a technician visit or self-service instructions, never both) and
// steps skipped together, against the fit of an explicitly built design
// with one indicator per set (dummyOLS).
func TestMissingDummyPaths(t *testing.T) {
	const n = 400
	nan := math.NaN()
	names := []string{"report", "visit", "self_service", "follow_up", "survey_mail"}
	cols := make([][]float64, len(names))
	for j := range cols {
		cols[j] = make([]float64, n)
	}
	y := make([]float64, n)
	w := make([]float64, n)
	for i := 0; i < n; i++ {
		f := float64(i)
		cols[0][i] = math.Round(5 + 4*math.Sin(f*0.37))
		visit := i%3 != 0
		if visit {
			cols[1][i], cols[2][i] = math.Round(6+3*math.Cos(f*0.91)), nan
		} else {
			cols[1][i], cols[2][i] = nan, math.Round(5+4*math.Sin(f*1.3))
		}
		if i%5 == 0 { // follow-up and mail skipped together
			cols[3][i], cols[4][i] = nan, nan
		} else {
			cols[3][i], cols[4][i] = math.Round(5+4*math.Cos(f*0.23)), math.Round(4+3*math.Sin(f*2.9))
		}
		path := 0.0
		if visit {
			path = 1
		}
		y[i] = 0.4*cols[0][i] + 0.8*path + 0.1*math.Sin(f*5.1)*3
		w[i] = 1 + float64(i%3)
	}
	x := mat.NewDense(n, len(names), nil)
	for j := range cols {
		x.SetCol(j, cols[j])
	}
	res, err := driver.Analyze(x, y, w, driver.Options{Names: names, Missing: driver.MissingDummy})
	require.NoError(t, err)
	inds := res.MissingReport.Indicators
	require.Len(t, inds, 2)
	assert.Equal(t, driver.Indicator{Name: "passed:visit", Same: []string{"visit"}, Opposite: []string{"self_service"}, Share: inds[0].Share}, inds[0])
	assert.Equal(t, driver.Indicator{Name: "passed:follow_up", Same: []string{"follow_up", "survey_mail"}, Share: inds[1].Share}, inds[1])
	testutil.AssertClose(t, "visit share", inds[0].Share, (133*2.0+133*3)/(134*1+133*2+133*3), 0, 1e-12) // rows i%3 = 0, 1, 2: 134, 133, 133 of weight 1, 2, 3

	// The design with one indicator per set.
	design := fillAndFlag(cols, w)
	design = append(design[:len(names)], design[len(names)], design[len(names)+2])
	wantCoef, wantR2 := dummyOLS(t, design, y, w)
	testutil.AssertClose(t, "R2", res.R2, wantR2, 0, 1e-9)
	require.Len(t, res.Drivers, len(design))
	for j, d := range res.Drivers {
		testutil.AssertClose(t, d.Name+" coef", d.Coef, wantCoef[j], 1e-12, 1e-9)
	}

	// Groups and always variables carry the indicator with the driver.
	res, err = driver.Analyze(x, y, w, driver.Options{Names: names, Missing: driver.MissingDummy,
		Groups: []driver.Group{{Name: "repair", Members: []string{"visit", "self_service"}}},
		Always: []string{"follow_up", "survey_mail"}})
	require.NoError(t, err)
	require.Len(t, res.Drivers, 2)
	assert.Equal(t, []string{"visit", "self_service", "passed:visit"}, res.Drivers[0].Members)
	assert.Equal(t, []string{"follow_up", "survey_mail", "passed:follow_up"}, res.Always)
}

func TestMissingErrors(t *testing.T) {
	nan := math.NaN()
	x := mat.NewDense(6, 2, []float64{1, nan, 2, nan, 3, nan, 4, nan, 5, nan, 6, nan})
	y := []float64{1, 3, 2, 5, 4, 6}
	for _, tc := range []struct {
		name string
		x    mat.Matrix
		w    []float64
		opts driver.Options
		err  error
	}{
		{"never observed, dummy", x, nil, driver.Options{Missing: driver.MissingDummy}, driver.ErrNeverObserved},
		{"never observed, pairwise", x, nil, driver.Options{Missing: driver.MissingPairwise}, driver.ErrNeverObserved},
		{"never observed, listwise", x, nil, driver.Options{}, driver.ErrFewRows},
		{"negative weight", x, []float64{1, 1, -1, 1, 1, 1}, driver.Options{Missing: driver.MissingDummy}, driver.ErrBadWeight},
		{"infinite weight", x, []float64{1, 1, math.Inf(1), 1, 1, 1}, driver.Options{Missing: driver.MissingPairwise}, driver.ErrBadWeight},
		{"weights length", x, []float64{1}, driver.Options{Missing: driver.MissingDummy}, driver.ErrWeightsLength},
		{"infinite value", mat.NewDense(6, 2, []float64{1, math.Inf(1), 2, 1, 3, 1, 4, 1, 5, 1, 6, 2}), nil, driver.Options{Missing: driver.MissingDummy}, driver.ErrNonFinite},
		{"bad strategy", x, nil, driver.Options{Missing: driver.Missing(7)}, driver.ErrMethod},
		{"pairwise logistic", x, nil, driver.Options{Missing: driver.MissingPairwise, Logistic: true}, driver.ErrMethodUnavailable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := driver.Analyze(tc.x, y, tc.w, tc.opts)
			require.ErrorIs(t, err, tc.err)
		})
	}
}

func TestParseMissing(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want driver.Missing
		err  bool
	}{
		{"listwise", driver.MissingListwise, false},
		{" Pairwise", driver.MissingPairwise, false},
		{"DUMMY", driver.MissingDummy, false},
		{"", 0, true},
		{"mean", 0, true},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := driver.ParseMissing(tc.in)
			if tc.err {
				require.ErrorIs(t, err, driver.ErrMethod)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			b, err := got.MarshalText()
			require.NoError(t, err)
			var back driver.Missing
			require.NoError(t, back.UnmarshalText(b))
			assert.Equal(t, got, back)
		})
	}
	_, err := driver.Missing(-1).MarshalText()
	require.ErrorIs(t, err, driver.ErrMethod)
	assert.Equal(t, "Missing(9)", driver.Missing(9).String())
}

// TestMissingReportJSON checks the JSON form of the report inside a
// Result: the public field names, NaN written as null, and the round trip.
func TestMissingReportJSON(t *testing.T) {
	c := missingCases[0]
	x, y, preds := c.load(t)
	res, err := driver.Analyze(x, y, nil, driver.Options{Outcome: c.response, Names: preds, Missing: driver.MissingDummy, Methods: driver.MethodsOf(driver.LMG)})
	require.NoError(t, err)
	b, err := json.Marshal(res)
	require.NoError(t, err)
	var raw struct {
		MD map[string]json.RawMessage `json:"missing_data"`
	}
	require.NoError(t, json.Unmarshal(b, &raw))
	for _, k := range []string{"strategy", "rows_read", "rows_used", "outcome_missing", "weight_missing", "weight_zero",
		"no_driver", "driver_missing", "per_driver", "pairwise_min_n", "min_eigenvalue", "repaired", "repair_distance", "indicators"} {
		assert.Contains(t, raw.MD, k)
	}
	assert.JSONEq(t, `"dummy"`, string(raw.MD["strategy"]))
	assert.JSONEq(t, `null`, string(raw.MD["min_eigenvalue"]))
	var back driver.Result
	require.NoError(t, json.Unmarshal(b, &back))
	require.NotNil(t, back.MissingReport)
	assert.Equal(t, res.MissingReport.PerDriver, back.MissingReport.PerDriver)
	assert.Equal(t, res.MissingReport.Indicators, back.MissingReport.Indicators)
	assert.True(t, math.IsNaN(back.MissingReport.MinEigenvalue))
}

// TestMissingDummyNoDriver checks that dummy-variable adjustment leaves
// out and counts the rows with no driver answered (with two or more
// drivers), and keeps them with a single driver.
func TestMissingDummyNoDriver(t *testing.T) {
	nan := math.NaN()
	x := mat.NewDense(10, 2, []float64{
		1, 2, 2, nan, 3, 1, nan, nan, 4, 4,
		5, nan, nan, 3, 2, 2, 3, 5, nan, nan,
	})
	y := []float64{1, 2, 2, 9, 4, 5, 3, 2, 4, 0}
	res, err := driver.Analyze(x, y, nil, driver.Options{Missing: driver.MissingDummy})
	require.NoError(t, err)
	assert.Equal(t, 2, res.MissingReport.NoDriver)
	assert.Equal(t, 8, res.MissingReport.RowsUsed)
	assert.Equal(t, 8, res.N)
	assert.Equal(t, 2, res.Missing)

	one := mat.DenseCopyOf(x.Slice(0, 10, 0, 1))
	res, err = driver.Analyze(one, y, nil, driver.Options{Missing: driver.MissingDummy})
	require.NoError(t, err)
	assert.Equal(t, 0, res.MissingReport.NoDriver)
	assert.Equal(t, 10, res.N)
	require.Len(t, res.Drivers, 2, "x1 and passed:x1")
}

// TestMissingPairwiseCollinear checks that a positive semi-definite but
// singular pairwise matrix (a driver duplicated) is not repaired: the
// collinear drivers are named as with complete cases.
func TestMissingPairwiseCollinear(t *testing.T) {
	nan := math.NaN()
	x := mat.NewDense(8, 3, []float64{
		1, 1, 3,
		2, 2, nan,
		3, 3, 1,
		4, 4, 5,
		5, 5, 2,
		6, 6, 6,
		2, 2, 4,
		nan, nan, 2,
	})
	y := []float64{1, 3, 2, 5, 4, 6, 2, 3}
	_, err := driver.Analyze(x, y, nil, driver.Options{Missing: driver.MissingPairwise})
	var ce *driver.ConditionError
	require.ErrorAs(t, err, &ce)
	assert.Subset(t, ce.Names, []string{"x1", "x2"})
}
