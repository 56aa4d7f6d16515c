package driver_test

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/touchpoint-cx/touchpoint/driver"
	"github.com/touchpoint-cx/touchpoint/internal/testutil"
)

// Properties of the analysis under changes of the rows, on random seeded
// data: the order of the rows does not matter, duplicating every
// respondent keeps the estimates and shrinks the standard errors by a known
// factor, and a weight of 2 is a duplicated row for the point estimates.
// No expected value comes from this package's code: each test compares two
// analyses that must agree by an identity.

// rowSizes are the n×p shapes tested.
var rowSizes = []struct{ n, p int }{{30, 2}, {120, 4}, {400, 7}}

// binaryOutcome turns y into a 0/1 outcome by a seeded logistic draw, so
// that the classes overlap (no separation).
func binaryOutcome(y []float64, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 0xb1))
	out := make([]float64, len(y))
	for i, v := range y {
		if rng.Float64() < 1/(1+math.Exp(-v/3)) {
			out[i] = 1
		}
	}
	return out
}

// randomWeights returns n weights: positive reals when integer is false,
// whole numbers 1-4 when true.
func randomWeights(n int, seed uint64, integer bool) []float64 {
	rng := rand.New(rand.NewPCG(seed, 0x3e))
	w := make([]float64, n)
	for i := range w {
		if integer {
			w[i] = float64(1 + rng.IntN(4))
		} else {
			w[i] = 0.2 + 2*rng.Float64()
		}
	}
	return w
}

// repeatRows returns x, y with row i repeated times[i] times (in order).
func repeatRows(x *mat.Dense, y []float64, times func(i int) int) (*mat.Dense, []float64) {
	n, p := x.Dims()
	var data, ys []float64
	for i := 0; i < n; i++ {
		for k := 0; k < times(i); k++ {
			data = append(data, mat.Row(nil, i, x)...)
			ys = append(ys, y[i])
		}
	}
	return mat.NewDense(len(ys), p, data), ys
}

// assertSameEstimates compares every point estimate of two analyses:
// the fit statistic, the importance metrics and shares, the dominance
// analysis and the coefficients, to abs 1e-15 or rel tol.
func assertSameEstimates(t *testing.T, got, want *driver.Result, tol float64) {
	t.Helper()
	testutil.AssertClose(t, "R2", got.R2, want.R2, 1e-15, tol)
	require.Equal(t, len(want.Drivers), len(got.Drivers))
	for j, w := range want.Drivers {
		g := got.Drivers[j]
		require.Equal(t, w.Name, g.Name)
		for _, m := range metrics {
			a, b := m.get(g), m.get(w)
			if math.IsNaN(b) {
				require.True(t, math.IsNaN(a), "%s of %s: want NaN, got %v", m.name, w.Name, a)
				continue
			}
			testutil.AssertClose(t, m.name+" of "+w.Name, a, b, 1e-15, tol)
		}
		testutil.AssertClose(t, "importance of "+w.Name, g.Importance, w.Importance, 1e-15, tol)
		require.Equal(t, w.Rank, g.Rank, "rank of %s", w.Name)
		if want.Model == "linear" {
			testutil.AssertClose(t, "coef of "+w.Name, g.Coef, w.Coef, 1e-15, tol)
			testutil.AssertClose(t, "std coef of "+w.Name, g.StdCoef, w.StdCoef, 1e-15, tol)
			testutil.AssertClose(t, "VIF of "+w.Name, g.VIF, w.VIF, 1e-15, tol)
		}
	}
	if want.Dominance != nil {
		require.NotNil(t, got.Dominance)
		for k := range want.Dominance.Conditional {
			for j := range want.Dominance.Conditional[k] {
				testutil.AssertClose(t, fmt.Sprintf("conditional[%d][%d]", k, j),
					got.Dominance.Conditional[k][j], want.Dominance.Conditional[k][j], 1e-15, tol)
			}
		}
		for j := range want.Dominance.Complete {
			for l := range want.Dominance.Complete[j] {
				if l != j {
					require.Equal(t, want.Dominance.Complete[j][l], got.Dominance.Complete[j][l], "complete dominance of %d over %d", j, l)
				}
			}
		}
	}
	if want.Logistic != nil {
		require.NotNil(t, got.Logistic)
		for j := range want.Logistic.Coef {
			testutil.AssertClose(t, fmt.Sprintf("logistic coef %d", j), got.Logistic.Coef[j], want.Logistic.Coef[j], 1e-12, tol)
		}
		testutil.AssertClose(t, "mcfadden", got.Logistic.McFadden, want.Logistic.McFadden, 1e-15, tol)
		testutil.AssertClose(t, "nagelkerke", got.Logistic.Nagelkerke, want.Logistic.Nagelkerke, 1e-15, tol)
	}
}

// TestPropertyRowOrder checks that permuting the rows (with their weights)
// changes no estimate and no standard error by more than 1e-12 relative,
// for linear and logistic models, weighted and not.
func TestPropertyRowOrder(t *testing.T) {
	for i, sz := range rowSizes {
		for _, logistic := range []bool{false, true} {
			for _, weighted := range []bool{false, true} {
				t.Run(fmt.Sprintf("n=%d,p=%d,logistic=%v,weighted=%v", sz.n, sz.p, logistic, weighted), func(t *testing.T) {
					seed := uint64(100 + i)
					x, y := randomData(sz.n, sz.p, seed)
					if logistic {
						y = binaryOutcome(y, seed)
					}
					var w []float64
					if weighted {
						w = randomWeights(sz.n, seed, false)
					}
					opts := driver.Options{Logistic: logistic}
					ref, err := driver.Analyze(x, y, w, opts)
					require.NoError(t, err)

					perm := rand.New(rand.NewPCG(seed, 0x9e)).Perm(sz.n)
					xp := mat.NewDense(sz.n, sz.p, nil)
					yp := make([]float64, sz.n)
					var wp []float64
					if w != nil {
						wp = make([]float64, sz.n)
					}
					for to, from := range perm {
						xp.SetRow(to, mat.Row(nil, from, x))
						yp[to] = y[from]
						if w != nil {
							wp[to] = w[from]
						}
					}
					got, err := driver.Analyze(xp, yp, wp, opts)
					require.NoError(t, err)
					// The logistic fit is iterative: its estimates agree to
					// the convergence of the iterations, not to rounding.
					tol := 1e-12
					if logistic {
						tol = 1e-9
					}
					assertSameEstimates(t, got, ref, tol)
					require.Equal(t, ref.N, got.N)
					if !logistic {
						for j := range ref.Drivers {
							testutil.AssertClose(t, "SE", got.Drivers[j].SE, ref.Drivers[j].SE, 1e-15, 1e-12)
						}
						testutil.AssertClose(t, "intercept", got.Regression.InterceptCoef, ref.Regression.InterceptCoef, 1e-14, 1e-12)
					} else {
						for j := range ref.Logistic.SE {
							testutil.AssertClose(t, "logistic SE", got.Logistic.SE[j], ref.Logistic.SE[j], 1e-15, tol)
						}
					}
				})
			}
		}
	}
}

// TestPropertyDuplicateRespondents checks that answering every respondent
// twice keeps every estimate and shrinks the standard errors.
//
// For OLS with n rows and k = p + 1 coefficients, doubling the rows doubles
// XᵀX and the residual sum of squares, and the residual degrees of freedom
// become 2n − k, so that
//
//	SE_dup = SE · sqrt((n − k) / (2n − k)) = SE · sqrt((n − p − 1) / (2n − p − 1)),
//
// which tends to SE/√2 as n grows; this exact relation is tested to 1e-10
// relative. For the logistic model, whose standard errors come from the
// Fisher information with no degrees-of-freedom correction, doubling the
// rows doubles the information: SE_dup = SE/√2 exactly (tested to the
// convergence of the fit, 1e-8).
func TestPropertyDuplicateRespondents(t *testing.T) {
	for i, sz := range rowSizes {
		for _, logistic := range []bool{false, true} {
			t.Run(fmt.Sprintf("n=%d,p=%d,logistic=%v", sz.n, sz.p, logistic), func(t *testing.T) {
				seed := uint64(200 + i)
				x, y := randomData(sz.n, sz.p, seed)
				if logistic {
					y = binaryOutcome(y, seed)
				}
				opts := driver.Options{Logistic: logistic}
				ref, err := driver.Analyze(x, y, nil, opts)
				require.NoError(t, err)
				xd, yd := repeatRows(x, y, func(int) int { return 2 })
				got, err := driver.Analyze(xd, yd, nil, opts)
				require.NoError(t, err)
				require.Equal(t, 2*ref.N, got.N)
				if logistic {
					assertSameEstimates(t, got, ref, 1e-8)
					for j := range ref.Logistic.SE {
						testutil.AssertClose(t, fmt.Sprintf("SE %d", j), got.Logistic.SE[j], ref.Logistic.SE[j]/math.Sqrt2, 1e-15, 1e-8)
					}
					testutil.AssertClose(t, "intercept SE", got.Logistic.InterceptSE, ref.Logistic.InterceptSE/math.Sqrt2, 1e-15, 1e-8)
					return
				}
				assertSameEstimates(t, got, ref, 1e-12)
				n, k := float64(sz.n), float64(sz.p+1)
				factor := math.Sqrt((n - k) / (2*n - k))
				for j, d := range ref.Drivers {
					testutil.AssertClose(t, "SE of "+d.Name, got.Drivers[j].SE, d.SE*factor, 1e-15, 1e-10)
					require.Less(t, got.Drivers[j].SE, d.SE)
				}
				testutil.AssertClose(t, "intercept SE", got.Regression.InterceptSE, ref.Regression.InterceptSE*factor, 1e-15, 1e-10)
				testutil.AssertClose(t, "sigma", got.Regression.Sigma, ref.Regression.Sigma*math.Sqrt(2)*factor, 1e-15, 1e-10)
				require.Equal(t, 2*ref.Regression.DFResidual+sz.p+1, got.Regression.DFResidual)
				// The factor is close to 1/√2 for the larger samples.
				if sz.n >= 400 {
					require.InDelta(t, 1/math.Sqrt2, factor, 0.01)
				}
			})
		}
	}
}

// TestPropertyWeightTwo checks that weights of 2 give the point estimates
// of duplicated rows: for every row (weights all 2 against every row
// twice), and for whole-number weights 1-4 against each row repeated as
// often. The standard errors differ by design: weights act as in R's
// lm(weights = w), where multiplying every weight by 2 changes no standard
// error (tested too), while duplicating rows adds degrees of freedom.
func TestPropertyWeightTwo(t *testing.T) {
	for i, sz := range rowSizes {
		for _, logistic := range []bool{false, true} {
			t.Run(fmt.Sprintf("n=%d,p=%d,logistic=%v", sz.n, sz.p, logistic), func(t *testing.T) {
				seed := uint64(300 + i)
				x, y := randomData(sz.n, sz.p, seed)
				if logistic {
					y = binaryOutcome(y, seed)
				}
				opts := driver.Options{Logistic: logistic}
				tol := 1e-12
				if logistic {
					tol = 1e-8
				}

				two := make([]float64, sz.n)
				for r := range two {
					two[r] = 2
				}
				weighted, err := driver.Analyze(x, y, two, opts)
				require.NoError(t, err)
				xd, yd := repeatRows(x, y, func(int) int { return 2 })
				dup, err := driver.Analyze(xd, yd, nil, opts)
				require.NoError(t, err)
				assertSameEstimates(t, weighted, dup, tol)
				testutil.AssertClose(t, "sum of weights", weighted.SumWeights, float64(2*sz.n), 0, 0)

				if !logistic {
					unweighted, err := driver.Analyze(x, y, nil, opts)
					require.NoError(t, err)
					for j, d := range unweighted.Drivers {
						testutil.AssertClose(t, "SE with weights 2 = SE unweighted, "+d.Name, weighted.Drivers[j].SE, d.SE, 1e-15, 1e-10)
					}
				}

				w := randomWeights(sz.n, seed, true)
				weighted, err = driver.Analyze(x, y, w, opts)
				require.NoError(t, err)
				xr, yr := repeatRows(x, y, func(r int) int { return int(w[r]) })
				rep, err := driver.Analyze(xr, yr, nil, opts)
				require.NoError(t, err)
				assertSameEstimates(t, weighted, rep, tol)
			})
		}
	}
}

// TestConcurrentAnalyze runs analyses of the same inputs on several
// goroutines at once (run with -race): Analyze keeps no shared state and
// does not modify its arguments, so every goroutine gets the result of a
// serial call, bit for bit.
func TestConcurrentAnalyze(t *testing.T) {
	x, y := randomData(200, 6, 400)
	w := randomWeights(200, 400, false)
	yb := binaryOutcome(y, 400)
	type job struct {
		y    []float64
		opts driver.Options
	}
	jobs := []job{{y, driver.Options{Workers: 2}}, {yb, driver.Options{Logistic: true, Workers: 2}}}
	want := make([]string, len(jobs))
	for k, j := range jobs {
		res, err := driver.Analyze(x, j.y, w, j.opts)
		require.NoError(t, err)
		b, err := json.Marshal(res)
		require.NoError(t, err)
		want[k] = string(b)
	}
	var wg sync.WaitGroup
	got := make([]string, 4*len(jobs))
	for g := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := driver.Analyze(x, jobs[g%len(jobs)].y, w, jobs[g%len(jobs)].opts)
			if err != nil {
				got[g] = err.Error()
				return
			}
			b, _ := json.Marshal(res)
			got[g] = string(b)
		}()
	}
	wg.Wait()
	for g := range got {
		require.Equal(t, want[g%len(jobs)], got[g], "goroutine %d", g)
	}
}
