package driver_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/touchpoint-cx/touchpoint/driver"
	"github.com/touchpoint-cx/touchpoint/internal/testutil"
)

// TestSamplingOracle checks the sampled lmg of the 10 steps of the oracle's
// survey_medium_missing study (3011 complete rows) against relaimpo 2.2.7's
// exact lmg (testdata/oracle/expected/survey_medium_missing/
// relaimpo_overall.json, calc.relimp(overall ~ ., type = "lmg", rela =
// FALSE)): every driver within 4 reported standard errors. The same check
// is made against the exact enumeration of this package, and the
// standard errors must be small enough for the check to mean something.
func TestSamplingOracle(t *testing.T) {
	for _, c := range oracleCases {
		if c.dir != "survey_medium_missing" && c.dir != "survey_small" {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			x, y, preds := c.load(t)
			var rf relaimpoFile
			file := fmt.Sprintf("relaimpo_%s.json", c.response)
			testutil.LoadJSON(t, c.expected(file), &rf)
			opts := driver.Options{Outcome: c.response, Names: preds, Methods: driver.MethodsOf(driver.LMG),
				Sampling: driver.Sampling{Permutations: 20000, Seed: 7}}
			res, err := driver.Analyze(x, y, nil, opts)
			require.NoError(t, err)
			exact, err := driver.Analyze(x, y, nil, driver.Options{Outcome: c.response, Names: preds, Methods: driver.MethodsOf(driver.LMG)})
			require.NoError(t, err)
			require.Equal(t, "sampled", res.Estimation)
			require.Equal(t, "exact", exact.Estimation)
			require.NotNil(t, res.Sampling)
			assert.Equal(t, 20000, res.Sampling.Permutations)
			var sum float64
			var worst float64
			for i, p := range preds {
				d := res.Drivers[i]
				want := rf.RelaFalse.LMG[p]
				require.False(t, math.IsNaN(d.LMGSE) || math.IsInf(d.LMGSE, 0), "%s: SE %v", p, d.LMGSE)
				require.Greater(t, d.LMGSE, 0.0, p)
				// Meaningful: the standard error is below 3% of the
				// driver's lmg or 1e-3 of R² [relaimpo's lmg].
				assert.Less(t, d.LMGSE, math.Max(0.03*want, 1e-3*rf.RelaFalse.R2), "%s: SE %g for lmg %g", p, d.LMGSE, want)
				z := (d.LMG - want) / d.LMGSE
				assert.LessOrEqual(t, math.Abs(z), 4.0, "%s: sampled %g, relaimpo %g [%s], SE %g", p, d.LMG, want, rf.RelaFalse.Call, d.LMGSE)
				ze := (d.LMG - exact.Drivers[i].LMG) / d.LMGSE
				assert.LessOrEqual(t, math.Abs(ze), 4.0, "%s: sampled %g, exact %g", p, d.LMG, exact.Drivers[i].LMG)
				assert.Equal(t, 0.0, exact.Drivers[i].LMGSE, "exact lmg has no sampling error")
				worst = max(worst, math.Abs(z))
				sum += d.LMG
			}
			// The increments of each ordering sum to R², so the estimates do.
			testutil.AssertClose(t, "sum of sampled lmg vs R2 [relaimpo]", sum, rf.RelaFalse.R2, 0, 1e-10)
			t.Logf("largest |sampled − relaimpo| / SE = %.2f, largest SE %.3g", worst, res.Sampling.MaxSE)
		})
	}
}

// TestSamplingWorkers checks that the sampled estimates and their
// standard errors are bit-identical whatever the number of goroutines,
// with and without early stopping, and that the seed matters.
func TestSamplingWorkers(t *testing.T) {
	cov := randomCov(2000, 14, 11)
	run := func(workers int, s driver.Sampling) *driver.Result {
		res, err := driver.AnalyzeCov(cov, 2000, driver.Options{Methods: driver.MethodsOf(driver.LMG), Workers: workers, Sampling: s})
		require.NoError(t, err)
		return res
	}
	for _, s := range []driver.Sampling{
		{Permutations: 1001, Seed: 3},
		{Permutations: 20000, Tolerance: 2e-4, Seed: 3},
	} {
		ref := run(1, s)
		for _, w := range []int{2, 3, 8} {
			got := run(w, s)
			assert.Equal(t, ref.Sampling, got.Sampling, "workers %d", w)
			for i := range ref.Drivers {
				assert.Equal(t, math.Float64bits(ref.Drivers[i].LMG), math.Float64bits(got.Drivers[i].LMG), "workers %d driver %d", w, i)
				assert.Equal(t, math.Float64bits(ref.Drivers[i].LMGSE), math.Float64bits(got.Drivers[i].LMGSE), "workers %d driver %d", w, i)
			}
		}
	}
	a := run(2, driver.Sampling{Permutations: 200, Seed: 1})
	b := run(2, driver.Sampling{Permutations: 200, Seed: 2})
	assert.Equal(t, 200, a.Sampling.Permutations)
	assert.NotEqual(t, a.Drivers[0].LMG, b.Drivers[0].LMG, "another seed draws other orderings")
	odd := run(1, driver.Sampling{Permutations: 1001, Seed: 3})
	assert.Equal(t, 1002, odd.Sampling.Permutations, "rounded up to whole antithetic pairs")
}

// TestSamplingStop checks the stopping rule: with a reachable tolerance
// the run stops early with every SE at most the tolerance; with an
// unreachable one it draws every permutation and warns.
func TestSamplingStop(t *testing.T) {
	cov := randomCov(2000, 12, 12)
	opts := driver.Options{Methods: driver.MethodsOf(driver.LMG)}
	opts.Sampling = driver.Sampling{Permutations: 100000, Tolerance: 5e-4, Seed: 1}
	res, err := driver.AnalyzeCov(cov, 2000, opts)
	require.NoError(t, err)
	s := res.Sampling
	assert.True(t, s.Converged)
	assert.Less(t, s.Permutations, 100000)
	assert.LessOrEqual(t, s.MaxSE, 5e-4)
	for _, d := range res.Drivers {
		assert.LessOrEqual(t, d.LMGSE, 5e-4, d.Name)
		assert.LessOrEqual(t, d.LMGSE, s.MaxSE, d.Name)
	}
	for _, w := range res.Warnings {
		assert.NotErrorIs(t, w, driver.ErrNoConvergence)
	}

	opts.Sampling = driver.Sampling{Permutations: 256, Tolerance: 1e-9, Seed: 1}
	res, err = driver.AnalyzeCov(cov, 2000, opts)
	require.NoError(t, err)
	assert.False(t, res.Sampling.Converged)
	assert.Equal(t, 256, res.Sampling.Permutations)
	found := false
	for _, w := range res.Warnings {
		found = found || errors.Is(w, driver.ErrNoConvergence)
	}
	assert.True(t, found, "a warning that the tolerance was not reached: %v", res.Warnings)
}

// TestSamplingCoverage checks that the reported standard errors are
// honest: over 300 independent runs (seeds 1..300) of 128 orderings on 6
// drivers, the exact lmg lies within 1.96 SE of the estimate in about 95%
// of the 1800 intervals, and the squared z-scores average about 1. The
// exact values come from the enumeration of all 64 subsets (tested
// against relaimpo elsewhere). The seeds are fixed, so the test is
// deterministic; the bounds allow for the binomial spread of 1800
// correlated intervals and the t-distribution of a 64-pair SE.
func TestSamplingCoverage(t *testing.T) {
	cov := randomCov(500, 6, 21)
	exact, err := driver.AnalyzeCov(cov, 500, driver.Options{Methods: driver.MethodsOf(driver.LMG)})
	require.NoError(t, err)
	var in, total int
	var z2 float64
	for seed := uint64(1); seed <= 300; seed++ {
		res, err := driver.AnalyzeCov(cov, 500, driver.Options{Methods: driver.MethodsOf(driver.LMG), Workers: 1,
			Sampling: driver.Sampling{Permutations: 128, Seed: seed}})
		require.NoError(t, err)
		for i, d := range res.Drivers {
			z := (d.LMG - exact.Drivers[i].LMG) / d.LMGSE
			z2 += z * z
			if math.Abs(z) <= 1.96 {
				in++
			}
			total++
		}
	}
	cover := float64(in) / float64(total)
	t.Logf("coverage of the 95%% intervals: %.3f; mean z² %.3f", cover, z2/float64(total))
	assert.InDelta(t, 0.95, cover, 0.025)
	assert.InDelta(t, 1.0, z2/float64(total), 0.15)
}

// TestSamplingGroupsAndMany checks sampling with groups and always
// variables against the exact enumeration, and sampling of more drivers
// than the enumeration accepts.
func TestSamplingGroupsAndMany(t *testing.T) {
	// Groups: sampled group lmg within 4 SE of the exact one.
	cov := randomCov(3000, 9, 31)
	groups := []driver.Group{{Name: "g1", Members: []string{"x1", "x2", "x3"}}, {Name: "g2", Members: []string{"x7", "x8"}}}
	exact, err := driver.AnalyzeCov(cov, 3000, driver.Options{Groups: groups, Methods: driver.MethodsOf(driver.LMG)})
	require.NoError(t, err)
	res, err := driver.AnalyzeCov(cov, 3000, driver.Options{Groups: groups, Methods: driver.MethodsOf(driver.LMG),
		Always: []string{"x9"}, Sampling: driver.Sampling{Permutations: 2000, Seed: 5}})
	require.NoError(t, err)
	exactA, err := driver.AnalyzeCov(cov, 3000, driver.Options{Groups: groups, Methods: driver.MethodsOf(driver.LMG), Always: []string{"x9"}})
	require.NoError(t, err)
	require.Len(t, res.Drivers, len(exactA.Drivers))
	require.Len(t, exact.Drivers, 6)
	for i, d := range res.Drivers {
		assert.Equal(t, exactA.Drivers[i].Name, d.Name)
		assert.LessOrEqual(t, math.Abs(d.LMG-exactA.Drivers[i].LMG), 4*d.LMGSE, d.Name)
	}

	// More drivers than the exact enumeration accepts (62).
	p := 70
	big := randomCov(1000, p, 32)
	_, err = driver.AnalyzeCov(big, 1000, driver.Options{Methods: driver.MethodsOf(driver.LMG)})
	require.ErrorIs(t, err, driver.ErrTooManyDrivers)
	// Without sampling and with the default metrics, lmg and dominance are
	// skipped with a warning; the other metrics are computed.
	res, err = driver.AnalyzeCov(big, 1000, driver.Options{})
	require.NoError(t, err)
	require.NotEmpty(t, res.Warnings)
	assert.ErrorIs(t, res.Warnings[0], driver.ErrTooManyDrivers)
	assert.True(t, math.IsNaN(res.Drivers[0].LMG))
	assert.Equal(t, "", res.Estimation)
	var rw float64
	for _, d := range res.Drivers {
		rw += d.RW
	}
	testutil.AssertClose(t, "sum of relative weights vs R2 (an identity)", rw, res.R2, 0, 1e-10)
	_, err = driver.AnalyzeCov(big, 1000, driver.Options{Methods: driver.MethodsOf(driver.RW), AveCoef: true})
	require.ErrorIs(t, err, driver.ErrTooManyDrivers)

	res, err = driver.AnalyzeCov(big, 1000, driver.Options{Methods: driver.MethodsOf(driver.LMG), Sampling: driver.Sampling{Permutations: 64, Seed: 1}})
	require.NoError(t, err)
	var sum float64
	for _, d := range res.Drivers {
		sum += d.LMG
		assert.Greater(t, d.LMGSE, 0.0)
	}
	testutil.AssertClose(t, "sum of sampled lmg vs R2 (an identity of the estimator)", sum, res.R2, 0, 1e-10)
}

func TestSamplingOptions(t *testing.T) {
	cov := randomCov(500, 5, 41)
	x, y := randomData(200, 4, 42)
	yb := make([]float64, len(y))
	for i, v := range y {
		if v > 0 {
			yb[i] = 1
		}
	}
	s := driver.Sampling{Permutations: 100, Seed: 1}
	cases := []struct {
		name string
		run  func() (*driver.Result, error)
		err  error
	}{
		{"negative permutations", func() (*driver.Result, error) {
			return driver.AnalyzeCov(cov, 500, driver.Options{Sampling: driver.Sampling{Permutations: -1}})
		}, driver.ErrSampling},
		{"negative tolerance", func() (*driver.Result, error) {
			return driver.AnalyzeCov(cov, 500, driver.Options{Sampling: driver.Sampling{Permutations: 10, Tolerance: -1}})
		}, driver.ErrSampling},
		{"NaN tolerance", func() (*driver.Result, error) {
			return driver.AnalyzeCov(cov, 500, driver.Options{Sampling: driver.Sampling{Permutations: 10, Tolerance: math.NaN()}})
		}, driver.ErrSampling},
		{"explicit dominance", func() (*driver.Result, error) {
			return driver.AnalyzeCov(cov, 500, driver.Options{Methods: driver.MethodsOf(driver.DominanceAnalysis), Sampling: s})
		}, driver.ErrMethodUnavailable},
		{"logistic", func() (*driver.Result, error) {
			return driver.Analyze(x, yb, nil, driver.Options{Logistic: true, Sampling: s})
		}, driver.ErrMethodUnavailable},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := c.run()
			require.ErrorIs(t, err, c.err)
		})
	}

	t.Run("default methods", func(t *testing.T) {
		res, err := driver.AnalyzeCov(cov, 500, driver.Options{Sampling: s})
		require.NoError(t, err)
		assert.Nil(t, res.Dominance)
		assert.Equal(t, "sampled", res.Estimation)
		assert.False(t, res.Methods.Has(driver.DominanceAnalysis))
		found := false
		for _, w := range res.Warnings {
			found = found || errors.Is(w, driver.ErrMethodUnavailable)
		}
		assert.True(t, found, "warning that dominance was skipped")
		// The other metrics are exact and unchanged.
		exact, err := driver.AnalyzeCov(cov, 500, driver.Options{})
		require.NoError(t, err)
		for i, d := range res.Drivers {
			assert.Equal(t, exact.Drivers[i].RW, d.RW)
			assert.Equal(t, exact.Drivers[i].Last, d.Last)
		}
	})

	t.Run("one pair", func(t *testing.T) {
		res, err := driver.AnalyzeCov(cov, 500, driver.Options{Methods: driver.MethodsOf(driver.LMG),
			Sampling: driver.Sampling{Permutations: 1, Tolerance: 1, Seed: 1}})
		require.NoError(t, err)
		assert.Equal(t, 2, res.Sampling.Permutations)
		assert.False(t, res.Sampling.Converged)
		assert.True(t, math.IsNaN(res.Sampling.MaxSE), "no standard error from one pair")
		assert.True(t, math.IsNaN(res.Drivers[0].LMGSE))
		b, err := json.Marshal(res.Sampling)
		require.NoError(t, err)
		assert.Contains(t, string(b), `"max_se":null`)
		var back driver.SamplingResult
		require.NoError(t, json.Unmarshal(b, &back))
		assert.True(t, math.IsNaN(back.MaxSE))
	})

	t.Run("no lmg", func(t *testing.T) {
		res, err := driver.AnalyzeCov(cov, 500, driver.Options{Methods: driver.MethodsOf(driver.RW), Sampling: s})
		require.NoError(t, err)
		assert.Equal(t, "", res.Estimation)
		assert.Nil(t, res.Sampling)
		assert.True(t, math.IsNaN(res.Drivers[0].LMGSE))
	})

	t.Run("logistic exact", func(t *testing.T) {
		res, err := driver.Analyze(x, yb, nil, driver.Options{Logistic: true})
		require.NoError(t, err)
		assert.Equal(t, "exact", res.Estimation)
		assert.True(t, math.IsNaN(res.Drivers[0].LMGSE))
	})
}

// TestSamplingJSON checks the JSON fields of a sampled analysis.
func TestSamplingJSON(t *testing.T) {
	cov := randomCov(500, 5, 51)
	res, err := driver.AnalyzeCov(cov, 500, driver.Options{Methods: driver.MethodsOf(driver.LMG),
		Sampling: driver.Sampling{Permutations: 300, Tolerance: 0.5, Seed: 9}})
	require.NoError(t, err)
	b, err := json.Marshal(res)
	require.NoError(t, err)
	var doc struct {
		Estimation string `json:"estimation"`
		Sampling   struct {
			Permutations    int     `json:"permutations"`
			MaxPermutations int     `json:"max_permutations"`
			Tolerance       float64 `json:"tolerance"`
			Seed            uint64  `json:"seed"`
			MaxSE           float64 `json:"max_se"`
			Converged       bool    `json:"converged"`
		} `json:"sampling"`
		Drivers []struct {
			LMG   float64 `json:"lmg"`
			LMGSE float64 `json:"lmg_se"`
		} `json:"drivers"`
	}
	require.NoError(t, json.Unmarshal(b, &doc))
	assert.Equal(t, "sampled", doc.Estimation)
	assert.Equal(t, 128, doc.Sampling.Permutations, "stops after the minimum of two batches of 32 pairs")
	assert.Equal(t, 300, doc.Sampling.MaxPermutations)
	assert.Equal(t, 0.5, doc.Sampling.Tolerance)
	assert.Equal(t, uint64(9), doc.Sampling.Seed)
	assert.True(t, doc.Sampling.Converged)
	for i, d := range doc.Drivers {
		assert.Equal(t, res.Drivers[i].LMGSE, d.LMGSE)
	}
	var back driver.Result
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, res.Sampling, back.Sampling)
	assert.Equal(t, "sampled", back.Estimation)
}

// ExampleSampling estimates lmg by sampling random orderings of the
// drivers, stopping once every standard error is at most 0.001.
func ExampleSampling() {
	x, y := randomData(2000, 8, 1)
	res, err := driver.Analyze(x, y, nil, driver.Options{
		Methods:  driver.MethodsOf(driver.LMG),
		Sampling: driver.Sampling{Permutations: 100000, Tolerance: 0.001, Seed: 1},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Estimation, res.Sampling.Converged, res.Sampling.MaxSE <= 0.001)
	// Output: sampled true true
}
