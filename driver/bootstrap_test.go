package driver_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/touchpoint-cx/touchpoint/driver"
	"github.com/touchpoint-cx/touchpoint/internal/testutil"
)

// bootOracle is testdata/oracle/expected/survey_small/bootstrap_lmg_overall.json:
// set.seed(20240615); boot.relimp(overall ~ steps, b = 1000, type =
// "lmg", rank = TRUE, diff = TRUE, rela = FALSE); booteval.relimp(bty =
// "perc", level = 0.95), in R 4.2.2 with relaimpo 2.2.7 and boot
// 1.3-28.1, plus 5 more seeds (replicate_runs) and the seed-to-seed band.
type bootRun struct {
	Seed    int64              `json:"seed"`
	LMG     map[string]float64 `json:"lmg"`
	Lo      map[string]float64 `json:"lmg_ci95_lower"`
	Hi      map[string]float64 `json:"lmg_ci95_upper"`
	SE      map[string]float64 `json:"lmg_boot_se"`
	RankLo  map[string]float64 `json:"lmg_rank_ci95_lower"`
	RankHi  map[string]float64 `json:"lmg_rank_ci95_upper"`
	Diff    map[string]float64 `json:"lmg_diff"`
	DiffLo  map[string]float64 `json:"lmg_diff_ci95_lower"`
	DiffHi  map[string]float64 `json:"lmg_diff_ci95_upper"`
	R2      float64            `json:"R2"`
	R2SE    float64            `json:"R2_boot_se"`
	Call    string             `json:"-"`
	Elapsed float64            `json:"elapsed_seconds"`
}

type band struct {
	SD map[string]float64 `json:"sd"`
}

type bootOracle struct {
	Call     string    `json:"call"`
	Main     bootRun   `json:"main"`
	Runs     []bootRun `json:"replicate_runs"`
	SeedBand struct {
		Lo band `json:"lmg_ci95_lower"`
		Hi band `json:"lmg_ci95_upper"`
		SE band `json:"lmg_boot_se"`
	} `json:"seed_band"`
}

// sd returns the sample standard deviation of v.
func sd(v []float64) float64 {
	var m float64
	for _, x := range v {
		m += x
	}
	m /= float64(len(v))
	var s float64
	for _, x := range v {
		s += (x - m) * (x - m)
	}
	return math.Sqrt(s / float64(len(v)-1))
}

// TestBootstrapOracle compares percentile intervals of 1000 replicates
// with relaimpo's (bootOracle) within the Monte Carlo tolerance of the
// oracle README, max(3 × seed-to-seed sd, 0.005) on each endpoint, made
// fit for this comparison in three ways:
//
//   - our run and R's are independent, so the endpoint is compared with
//     the mean of R's six seeds, whose own error adds 1/6 of the
//     variance: sd × √(7/6);
//   - the sd of one endpoint from six runs is itself uncertain by about
//     30%, so it is floored at the pooled (root mean square) sd of the
//     endpoints of its kind (lmg, differences);
//   - 42 endpoints are compared at once, so the multiplier is 3.7
//     (Bonferroni: a family-wise false alarm rate of 1% for 42 normal
//     endpoints) instead of 3.
//
// Ranks are discrete: their endpoints must be within one rank of
// relaimpo's. The point estimates are deterministic and must equal
// relaimpo's lmg to 1e-9.
func TestBootstrapOracle(t *testing.T) {
	c := oracleCases[3] // survey_small/overall
	x, y, preds := c.load(t)
	var or bootOracle
	testutil.LoadJSON(t, c.expected("bootstrap_lmg_overall.json"), &or)
	start := time.Now()
	br, err := driver.Bootstrap(context.Background(), x, y, nil,
		driver.Options{Outcome: c.response, Names: preds, Methods: driver.MethodsOf(driver.LMG)},
		driver.BootOptions{N: 1000, Seed: 20240615})
	require.NoError(t, err)
	t.Logf("1000 replicates in %v", time.Since(start))
	assert.Equal(t, 1000, br.N)
	assert.Equal(t, 0, br.Failed)
	runs := append([]bootRun{or.Main}, or.Runs...)
	require.Len(t, runs, 6)
	mean := func(get func(bootRun) float64) float64 {
		var s float64
		for _, r := range runs {
			s += get(r)
		}
		return s / float64(len(runs))
	}
	rms := func(v []float64) float64 {
		var s float64
		for _, x := range v {
			s += x * x
		}
		return math.Sqrt(s / float64(len(v)))
	}
	var lmgSD []float64
	for _, p := range preds {
		lmgSD = append(lmgSD, or.SeedBand.Lo.SD[p], or.SeedBand.Hi.SD[p])
	}
	lmgPooled := rms(lmgSD)
	diffSD := map[string][2]float64{}
	var all []float64
	for key := range or.Main.DiffLo {
		var los, his []float64
		for _, r := range runs {
			los = append(los, r.DiffLo[key])
			his = append(his, r.DiffHi[key])
		}
		diffSD[key] = [2]float64{sd(los), sd(his)}
		all = append(all, sd(los), sd(his))
	}
	diffPooled := rms(all)
	t.Logf("pooled seed-to-seed sd of the endpoints: lmg %.4f, differences %.4f", lmgPooled, diffPooled)
	tol := func(sd, pooled float64) float64 { return math.Max(3.7*math.Max(sd, pooled)*math.Sqrt(7.0/6), 0.005) }
	for i, p := range preds {
		dc := br.Drivers[i]
		require.Equal(t, p, dc.Name)
		testutil.AssertClose(t, p+" lmg estimate", br.Result.Drivers[i].LMG, or.Main.LMG[p], 0, 1e-9)
		ci := dc.CI[driver.MetricLMG]
		testutil.AssertClose(t, p+" lmg lower", ci.Lo, mean(func(r bootRun) float64 { return r.Lo[p] }), tol(or.SeedBand.Lo.SD[p], lmgPooled), 0)
		testutil.AssertClose(t, p+" lmg upper", ci.Hi, mean(func(r bootRun) float64 { return r.Hi[p] }), tol(or.SeedBand.Hi.SD[p], lmgPooled), 0)
		testutil.AssertClose(t, p+" lmg se", dc.SE[driver.MetricLMG], mean(func(r bootRun) float64 { return r.SE[p] }), tol(or.SeedBand.SE.SD[p], 0), 0)
		rk := dc.CI[driver.MetricRank]
		assert.InDelta(t, or.Main.RankLo[p], rk.Lo, 1, p+" rank lower")
		assert.InDelta(t, or.Main.RankHi[p], rk.Hi, 1, p+" rank upper")
	}
	var pairs [][2]string
	for a := range preds {
		for b := a + 1; b < len(preds); b++ {
			pairs = append(pairs, [2]string{preds[a], preds[b]})
		}
	}
	diffs, err := br.Diff(driver.MetricLMG, pairs...)
	require.NoError(t, err)
	for k, d := range diffs {
		key := d.A + " - " + d.B
		testutil.AssertClose(t, key+" estimate", d.Estimate, or.Main.Diff[key], 1e-15, 1e-9)
		testutil.AssertClose(t, key+" lower", d.CI.Lo, mean(func(r bootRun) float64 { return r.DiffLo[key] }), tol(diffSD[key][0], diffPooled), 0)
		testutil.AssertClose(t, key+" upper", d.CI.Hi, mean(func(r bootRun) float64 { return r.DiffHi[key] }), tol(diffSD[key][1], diffPooled), 0)
		assert.Equal(t, pairs[k][0], d.A)
	}
	testutil.AssertClose(t, "R2 se", br.R2SE, or.Main.R2SE, 0.005, 0)
}

// smallData returns survey_small's overall model.
func smallData(t *testing.T) (*mat.Dense, []float64, []string) {
	return oracleCases[3].load(t)
}

// TestBootstrapReproducible checks that the same seed gives identical
// intervals (bit for bit) whatever GOMAXPROCS and the number of workers,
// for every missing-data strategy, weighted, with BCa.
func TestBootstrapReproducible(t *testing.T) {
	c := missingCases[0]
	x, y, preds := c.load(t)
	// A subset of rows and drivers keeps the test fast.
	const n = 200
	xs := mat.DenseCopyOf(x.Slice(0, n, 0, 5))
	ys := y[:n]
	w := surveyWeights(n)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, s := range []driver.Missing{driver.MissingListwise, driver.MissingPairwise, driver.MissingDummy} {
		t.Run(s.String(), func(t *testing.T) {
			opts := driver.Options{Outcome: c.response, Names: preds[:5], Missing: s}
			var ref []byte
			for _, run := range []struct{ procs, workers int }{{1, 1}, {1, 0}, {2, 0}, {2, 3}, {8, 0}, {8, 5}} {
				{
					procs, workers := run.procs, run.workers
					runtime.GOMAXPROCS(procs)
					br, err := driver.Bootstrap(context.Background(), xs, ys, w, opts,
						driver.BootOptions{N: 40, Seed: 7, CI: driver.CIBCa, Workers: workers})
					require.NoError(t, err)
					b, err := json.Marshal(br)
					require.NoError(t, err)
					if ref == nil {
						ref = b
						continue
					}
					require.Equal(t, string(ref), string(b), "GOMAXPROCS %d, workers %d", procs, workers)
				}
			}
			// Another seed gives other intervals.
			br, err := driver.Bootstrap(context.Background(), xs, ys, w, opts, driver.BootOptions{N: 40, Seed: 8, CI: driver.CIBCa})
			require.NoError(t, err)
			b, err := json.Marshal(br)
			require.NoError(t, err)
			require.NotEqual(t, string(ref), string(b))
		})
	}
}

// TestBootstrapCancel checks that a cancelled context stops the work
// promptly and is reported.
func TestBootstrapCancel(t *testing.T) {
	x, y, preds := smallData(t)
	ctx, cancel := context.WithCancel(context.Background())
	var calls atomic.Int64
	var cancelled atomic.Int64 // time of the cancel, ns
	done := make(chan struct{})
	var err error
	go func() {
		defer close(done)
		_, err = driver.Bootstrap(ctx, x, y, nil, driver.Options{Outcome: "overall", Names: preds},
			driver.BootOptions{N: 100_000, Progress: func(d, total int) {
				if calls.Add(1) == 1 {
					cancelled.Store(time.Now().UnixNano())
					cancel()
				}
			}})
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("Bootstrap did not stop after cancel")
	}
	require.ErrorIs(t, err, context.Canceled)
	t.Logf("stopped %v after the cancel", time.Since(time.Unix(0, cancelled.Load())))

	_, err = driver.Bootstrap(ctx, x, y, nil, driver.Options{Names: preds}, driver.BootOptions{N: 10})
	require.ErrorIs(t, err, context.Canceled, "already cancelled")
}

// TestBootstrapWeights checks that weights are respected: constant
// weights change nothing (the analysis is scale-free in the weights), and
// other weights change the estimates as Analyze's do.
func TestBootstrapWeights(t *testing.T) {
	x, y, preds := smallData(t)
	n := len(y)
	opts := driver.Options{Names: preds, Methods: driver.MethodsOf(driver.LMG, driver.Pratt)}
	bo := driver.BootOptions{N: 50, Seed: 3}
	plain, err := driver.Bootstrap(context.Background(), x, y, nil, opts, bo)
	require.NoError(t, err)
	two := make([]float64, n)
	for i := range two {
		two[i] = 2
	}
	doubled, err := driver.Bootstrap(context.Background(), x, y, two, opts, bo)
	require.NoError(t, err)
	for i := range plain.Drivers {
		for _, m := range []driver.Metric{driver.MetricLMG, driver.MetricPratt, driver.MetricShare, driver.MetricRank} {
			a, b := plain.Drivers[i].CI[m], doubled.Drivers[i].CI[m]
			testutil.AssertClose(t, string(m)+" lo", b.Lo, a.Lo, 1e-13, 1e-10)
			testutil.AssertClose(t, string(m)+" hi", b.Hi, a.Hi, 1e-13, 1e-10)
		}
	}
	w := surveyWeights(n)
	weighted, err := driver.Bootstrap(context.Background(), x, y, w, opts, bo)
	require.NoError(t, err)
	ref, err := driver.Analyze(x, y, w, opts)
	require.NoError(t, err)
	for i, d := range weighted.Result.Drivers {
		assert.Equal(t, ref.Drivers[i].LMG, d.LMG)
		assert.NotEqual(t, plain.Result.Drivers[i].LMG, d.LMG)
	}
}

// TestBootstrapMetrics checks that every computed metric gets an interval
// around its estimate, that Diff and Ratio give the difference and the
// ratio of the estimates, and the errors of the comparisons.
func TestBootstrapMetrics(t *testing.T) {
	x, y, preds := smallData(t)
	br, err := driver.Bootstrap(context.Background(), x, y, nil, driver.Options{Names: preds}, driver.BootOptions{N: 100, Seed: 11, Level: 0.9})
	require.NoError(t, err)
	assert.Equal(t, 0.9, br.Level)
	all := []driver.Metric{driver.MetricLMG, driver.MetricFirst, driver.MetricLast, driver.MetricBetasq, driver.MetricPratt,
		driver.MetricGenizi, driver.MetricCAR, driver.MetricRW, driver.MetricImportance, driver.MetricShare, driver.MetricRank}
	for i, dc := range br.Drivers {
		d := br.Result.Drivers[i]
		require.Len(t, dc.CI, len(all))
		for _, m := range all {
			ci, ok := dc.CI[m]
			require.True(t, ok, m)
			require.False(t, math.IsNaN(ci.Lo) || math.IsNaN(ci.Hi), m)
			assert.LessOrEqual(t, ci.Lo, ci.Hi, m)
			// Squared quantities near zero (last, betasq, first) have a
			// skewed, biased bootstrap distribution whose percentile
			// interval can miss the estimate.
			if m == driver.MetricLMG || m == driver.MetricImportance || m == driver.MetricShare {
				est := map[driver.Metric]float64{driver.MetricLMG: d.LMG, driver.MetricFirst: d.First, driver.MetricLast: d.Last,
					driver.MetricBetasq: d.Betasq, driver.MetricPratt: d.Pratt, driver.MetricGenizi: d.Genizi,
					driver.MetricCAR: d.CAR, driver.MetricRW: d.RW, driver.MetricImportance: d.Importance, driver.MetricShare: d.Share}[m]
				assert.True(t, ci.Lo <= est && est <= ci.Hi, "%s %s: %v not in %v", dc.Name, m, est, ci)
			}
		}
	}
	assert.True(t, br.R2.Lo < br.Result.R2 && br.Result.R2 < br.R2.Hi)
	a, b := preds[1], preds[0]
	rat, err := br.Ratio(driver.MetricShare, [2]string{a, b})
	require.NoError(t, err)
	testutil.AssertClose(t, "ratio", rat[0].Estimate, br.Result.Drivers[1].Share/br.Result.Drivers[0].Share, 0, 1e-12)
	assert.True(t, rat[0].CI.Lo < rat[0].Estimate && rat[0].Estimate < rat[0].CI.Hi)
	dif, err := br.Diff(driver.MetricPratt, [2]string{a, b})
	require.NoError(t, err)
	testutil.AssertClose(t, "diff", dif[0].Estimate, br.Result.Drivers[1].Pratt-br.Result.Drivers[0].Pratt, 1e-15, 1e-12)

	_, err = br.Diff(driver.MetricLMG, [2]string{a, "nope"})
	require.ErrorIs(t, err, driver.ErrName)
	_, err = br.Diff(driver.MetricRank, [2]string{a, b})
	require.ErrorIs(t, err, driver.ErrMethodUnavailable)
	_, err = br.Diff(driver.MetricLMG)
	require.ErrorIs(t, err, driver.ErrName)

	b2, err := json.Marshal(br)
	require.NoError(t, err)
	var raw struct {
		Drivers []struct {
			Name string                `json:"name"`
			CI   map[string][2]float64 `json:"ci"`
		} `json:"drivers"`
		CIMethod string `json:"ci_method"`
	}
	require.NoError(t, json.Unmarshal(b2, &raw))
	assert.Equal(t, "perc", raw.CIMethod)
	assert.Equal(t, [2]float64{br.Drivers[0].CI[driver.MetricLMG].Lo, br.Drivers[0].CI[driver.MetricLMG].Hi}, raw.Drivers[0].CI["lmg"])

	// The Result carries the intervals too: "ci" per driver and
	// "bootstrap", and reads back.
	b3, err := json.Marshal(br.Result)
	require.NoError(t, err)
	var rr struct {
		Drivers []struct {
			CI map[string][2]float64 `json:"ci"`
		} `json:"drivers"`
		Bootstrap struct {
			N     int        `json:"n"`
			Level float64    `json:"level"`
			CI    string     `json:"ci_method"`
			R2    [2]float64 `json:"r2"`
		} `json:"bootstrap"`
	}
	require.NoError(t, json.Unmarshal(b3, &rr))
	assert.Equal(t, 100, rr.Bootstrap.N)
	assert.Equal(t, 0.9, rr.Bootstrap.Level)
	assert.Equal(t, "perc", rr.Bootstrap.CI)
	assert.Equal(t, [2]float64{br.R2.Lo, br.R2.Hi}, rr.Bootstrap.R2)
	require.Len(t, rr.Drivers[2].CI, len(all))
	assert.Equal(t, [2]float64{br.Drivers[2].CI[driver.MetricRank].Lo, br.Drivers[2].CI[driver.MetricRank].Hi}, rr.Drivers[2].CI["rank"])
	var back driver.Result
	require.NoError(t, json.Unmarshal(b3, &back))
	assert.Equal(t, br.Result.Drivers[1].CI, back.Drivers[1].CI)
	require.NotNil(t, back.Bootstrap)
	assert.Equal(t, br.Result.Bootstrap.R2, back.Bootstrap.R2)
}

// TestBootstrapLogistic bootstraps the dominance analysis of a logistic
// model (general path: every replicate refits 2^p models).
func TestBootstrapLogistic(t *testing.T) {
	tb := testutil.ReadTable(t, testutil.Oracle("data", "survey_small_onboarding.csv"))
	y := tb.Column(t, "retained_12m")
	names := []string{"orientation_site", "application_form", "confirmation_mail"}
	x := mat.NewDense(len(y), len(names), nil)
	for j, p := range names {
		x.SetCol(j, tb.Column(t, p))
	}
	br, err := driver.Bootstrap(context.Background(), x, y, nil, driver.Options{Names: names, Logistic: true},
		driver.BootOptions{N: 30, Seed: 5, Workers: 2})
	require.NoError(t, err)
	for i, dc := range br.Drivers {
		ci := dc.CI[driver.MetricImportance]
		est := br.Result.Drivers[i].Importance
		assert.True(t, ci.Lo <= est && est <= ci.Hi, "%s: %v not in %v", dc.Name, est, ci)
		_, ok := dc.CI[driver.MetricLMG]
		assert.False(t, ok, "no lmg for a logistic model")
	}
}

func TestBootstrapErrors(t *testing.T) {
	x, y, preds := smallData(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		bo   driver.BootOptions
		opts driver.Options
		err  error
	}{
		{"one replicate", driver.BootOptions{N: 1}, driver.Options{Names: preds}, driver.ErrMethod},
		{"negative replicates", driver.BootOptions{N: -5}, driver.Options{Names: preds}, driver.ErrMethod},
		{"level", driver.BootOptions{Level: 1.5}, driver.Options{Names: preds}, driver.ErrMethod},
		{"ci", driver.BootOptions{CI: 9}, driver.Options{Names: preds}, driver.ErrMethod},
		{"workers", driver.BootOptions{Workers: -1}, driver.Options{Names: preds}, driver.ErrMethod},
		{"names", driver.BootOptions{N: 10}, driver.Options{Names: preds[:2]}, driver.ErrShape},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := driver.Bootstrap(ctx, x, y, nil, tc.opts, tc.bo)
			require.ErrorIs(t, err, tc.err)
		})
	}
	// Too many failed replicates: a driver observed on very few rows
	// under listwise deletion is constant in most resamples.
	n := len(y)
	x2 := mat.DenseCopyOf(x)
	for i := 0; i < n; i++ {
		v := 1.0
		if i < 3 {
			v = float64(i)
		}
		x2.Set(i, 0, v)
	}
	_, err := driver.Bootstrap(ctx, x2, y, nil, driver.Options{Names: preds}, driver.BootOptions{N: 50})
	require.Error(t, err)
	require.True(t, errors.Is(err, driver.ErrConstant) || errors.Is(err, driver.ErrSingular) || errors.Is(err, driver.ErrIllConditioned), "%v", err)
}

func TestParseCIMethod(t *testing.T) {
	for in, want := range map[string]driver.CIMethod{"perc": driver.CIPercentile, "Percentile": driver.CIPercentile, " BCa": driver.CIBCa} {
		got, err := driver.ParseCIMethod(in)
		require.NoError(t, err)
		assert.Equal(t, want, got)
		b, err := got.MarshalText()
		require.NoError(t, err)
		var back driver.CIMethod
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, got, back)
	}
	_, err := driver.ParseCIMethod("normal")
	require.ErrorIs(t, err, driver.ErrMethod)
	_, err = driver.CIMethod(5).MarshalText()
	require.ErrorIs(t, err, driver.ErrMethod)
	assert.Equal(t, "CIMethod(5)", driver.CIMethod(5).String())

	var iv driver.Interval
	require.NoError(t, json.Unmarshal([]byte(`[null, 2.5]`), &iv))
	assert.True(t, math.IsNaN(iv.Lo))
	assert.Equal(t, 2.5, iv.Hi)
	b, err := json.Marshal(driver.Interval{Lo: 1, Hi: math.NaN()})
	require.NoError(t, err)
	assert.JSONEq(t, `[1, null]`, string(b))
}

// TestBootstrapGroups bootstraps an analysis with a group and an always
// variable: intervals for the metrics defined there only, and the point
// estimates are those of Analyze.
func TestBootstrapGroups(t *testing.T) {
	x, y, preds := smallData(t)
	opts := driver.Options{Names: preds,
		Groups: []driver.Group{{Name: "start", Members: preds[:2]}},
		Always: preds[5:]}
	br, err := driver.Bootstrap(context.Background(), x, y, nil, opts, driver.BootOptions{N: 50, Seed: 2})
	require.NoError(t, err)
	ref, err := driver.Analyze(x, y, nil, opts)
	require.NoError(t, err)
	require.Len(t, br.Drivers, len(ref.Drivers))
	for i, dc := range br.Drivers {
		assert.Equal(t, ref.Drivers[i].Name, dc.Name)
		assert.Equal(t, ref.Drivers[i].LMG, br.Result.Drivers[i].LMG)
		for _, m := range []driver.Metric{driver.MetricLMG, driver.MetricFirst, driver.MetricLast, driver.MetricShare, driver.MetricRank} {
			_, ok := dc.CI[m]
			assert.True(t, ok, "%s %s", dc.Name, m)
		}
		for _, m := range []driver.Metric{driver.MetricBetasq, driver.MetricGenizi, driver.MetricRW} {
			_, ok := dc.CI[m]
			assert.False(t, ok, "%s %s", dc.Name, m)
		}
	}
	d, err := br.Diff(driver.MetricShare, [2]string{"start", preds[2]})
	require.NoError(t, err)
	testutil.AssertClose(t, "diff", d[0].Estimate, ref.Drivers[0].Share-ref.Drivers[1].Share, 1e-15, 1e-12)
}

// TestBootstrapWarningNames checks that the warnings of the bootstrap name
// the metrics and drivers they concern.
func TestBootstrapWarningNames(t *testing.T) {
	x, y, preds := smallData(t)
	br, err := driver.Bootstrap(context.Background(), x, y, nil, driver.Options{Names: preds, Methods: driver.MethodsOf(driver.LMG)},
		driver.BootOptions{N: 20, Seed: 1, Level: 0.99})
	require.NoError(t, err)
	var msgs []string
	for _, w := range br.Warnings {
		msgs = append(msgs, w.Error())
	}
	require.NotEmpty(t, msgs)
	assert.Contains(t, msgs[0], "lmg of orientation_site, lmg of application_form")
	assert.Contains(t, msgs[0], "r2: extreme order statistics")
	assert.Contains(t, msgs[len(msgs)-1], "rank of orientation_site")
}

// TestBootstrapCompare checks BootOptions.Compare: the difference and the
// ratio of importance of each pair, in BootResult and Result.Bootstrap.
func TestBootstrapCompare(t *testing.T) {
	x, y, preds := smallData(t)
	opts := driver.Options{Names: preds, Methods: driver.MethodsOf(driver.LMG)}
	pair := [2]string{preds[1], preds[0]}
	br, err := driver.Bootstrap(context.Background(), x, y, nil, opts, driver.BootOptions{N: 100, Seed: 4, Compare: [][2]string{pair}})
	require.NoError(t, err)
	require.Len(t, br.Comparisons, 2)
	d, r := br.Comparisons[0], br.Comparisons[1]
	a, b := br.Result.Drivers[1].Importance, br.Result.Drivers[0].Importance
	assert.Equal(t, "difference", d.Kind)
	assert.Equal(t, "ratio", r.Kind)
	testutil.AssertClose(t, "difference", d.Estimate, a-b, 1e-15, 1e-12)
	testutil.AssertClose(t, "ratio", r.Estimate, a/b, 0, 1e-12)
	assert.True(t, r.CI.Lo < r.Estimate && r.Estimate < r.CI.Hi)
	same, err := br.Ratio(driver.MetricImportance, pair)
	require.NoError(t, err)
	assert.Equal(t, same[0], r)
	assert.Equal(t, br.Comparisons, br.Result.Bootstrap.Comparisons)

	_, err = driver.Bootstrap(context.Background(), x, y, nil, opts, driver.BootOptions{N: 10, Compare: [][2]string{{preds[0], "nope"}}})
	require.ErrorIs(t, err, driver.ErrName)
	_, err = driver.Bootstrap(context.Background(), x, y, nil, driver.Options{Names: preds, Methods: driver.MethodsOf(driver.Pratt)},
		driver.BootOptions{N: 10, Compare: [][2]string{pair}})
	require.ErrorIs(t, err, driver.ErrMethodUnavailable)
}
