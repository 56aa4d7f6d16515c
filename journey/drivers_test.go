package journey_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/touchpoint-cx/touchpoint/driver"

	"github.com/touchpoint-cx/touchpoint/internal/studygen"
	"github.com/touchpoint-cx/touchpoint/internal/testutil"
	"github.com/touchpoint-cx/touchpoint/journey"
	"github.com/touchpoint-cx/touchpoint/survey"
)

// studyDrivers loads an example study and analyses its process with a
// small bootstrap, once per study for all tests.
var studyDrivers = func() func(t *testing.T, name string) *journey.ProcessDrivers {
	var mu sync.Mutex
	cache := map[string]*journey.ProcessDrivers{}
	return func(t *testing.T, name string) *journey.ProcessDrivers {
		t.Helper()
		mu.Lock()
		defer mu.Unlock()
		if pd, ok := cache[name]; ok {
			return pd
		}
		st, _, err := survey.Load(testutil.Testdata(name), survey.Options{})
		require.NoError(t, err)
		pd, err := journey.Drivers(st, st.Processes[0], journey.DriverOptions{Bootstrap: 60, Seed: 5})
		require.NoError(t, err)
		cache[name] = pd
		return pd
	}
}()

func stepOf(t *testing.T, pd *journey.ProcessDrivers, id string) journey.StepDriver {
	t.Helper()
	for _, s := range pd.Steps {
		if s.Step == id {
			return s
		}
	}
	t.Fatalf("no step %s", id)
	return journey.StepDriver{}
}

func diffOf(t *testing.T, ds []journey.DriverDiff, from, to, step string) journey.DriverDiff {
	t.Helper()
	for _, d := range ds {
		if d.From == from && d.To == to && d.Step == step {
			return d
		}
	}
	t.Fatalf("no difference %s -> %s for %s", from, to, step)
	return journey.DriverDiff{}
}

// TestDriversOnboardingTruth checks the analysis of testdata/onboarding
// against the generator's truth (testdata/onboarding/TRUTH.md, "What an
// analysis should find").
func TestDriversOnboardingTruth(t *testing.T) {
	pd := studyDrivers(t, "onboarding")
	require.NotNil(t, pd.Bootstrap)
	assert.Equal(t, 60, pd.Bootstrap.B)
	assert.Equal(t, journey.MissingDummy, pd.Missing)
	// 13 respondents answered no step question (TRUTH.md, realised sample).
	assert.Equal(t, []journey.Exclusion{{Reason: "no step answers", N: 13}}, pd.Excluded)
	assert.Equal(t, 3000-13, pd.N)

	t.Run("negative driver", func(t *testing.T) {
		// orientation: pooled β = -0.180.
		s := stepOf(t, pd, "orientation")
		assert.Equal(t, -1, s.Sign)
		assert.Less(t, s.Coef.Hi, 0.0, "interval %v", s.Coef)
	})
	t.Run("big drivers in order", func(t *testing.T) {
		// application_form (0.574) > product_delivery (0.380) > account_activation (0.245).
		af, pdl, aa := stepOf(t, pd, "application_form"), stepOf(t, pd, "product_delivery"), stepOf(t, pd, "account_activation")
		assert.Equal(t, 1, af.Rank)
		assert.Equal(t, 2, pdl.Rank)
		assert.Equal(t, 3, aa.Rank)
		assert.Greater(t, af.Importance.Lo, pdl.Importance.Hi, "application_form clearly first")
		for _, s := range pd.Steps {
			assert.Equal(t, 1, s.Sign*s.Sign)
			assert.LessOrEqual(t, s.Importance.Lo, s.Importance.Value)
			assert.GreaterOrEqual(t, s.Importance.Hi, s.Importance.Value)
		}
	})
	t.Run("comparisons", func(t *testing.T) {
		// The application form, first by far, against the second step.
		c := pd.Comparisons[0]
		assert.Equal(t, "application_form", c.Step)
		assert.Equal(t, "product_delivery", c.Other)
		assert.Greater(t, c.Ratio.Lo, 1.0)
		assert.Greater(t, c.Difference.Lo, 0.0)
		af := stepOf(t, pd, "application_form")
		assert.Equal(t, [2]int{1, 1}, [2]int{af.RankLo, af.RankHi})
	})
	t.Run("shares sum to one", func(t *testing.T) {
		var sum, phases float64
		for _, s := range pd.Steps {
			sum += s.Share.Value
		}
		for _, p := range pd.Phases {
			phases += p.Importance.Value
		}
		testutil.AssertClose(t, "step shares", sum, 1, 0, 1e-9)
		testutil.AssertClose(t, "phase lmg = R²", phases, pd.R2.Value, 0, 1e-9)
		require.Len(t, pd.Phases, 3)
		assert.Equal(t, "customer phase", pd.Phases[1].Phase)
	})
	t.Run("improved step between waves", func(t *testing.T) {
		// application_form latent +0.4 before 2026-Q2: its score rises.
		d := diffOf(t, pd.WaveDiffs, "2026-Q1", "2026-Q2", "application_form")
		assert.True(t, d.PerformanceSignificant)
		assert.Greater(t, d.Performance.Lo, 0.0)
		for _, id := range []string{"orientation", "account_activation", "product_delivery"} {
			assert.False(t, diffOf(t, pd.WaveDiffs, "2026-Q1", "2026-Q2", id).PerformanceSignificant, id)
		}
	})
	t.Run("segment differences", func(t *testing.T) {
		// application_form weighs starter 0.65, switcher 0.45;
		// account_activation starter 0.15, switcher 0.4.
		af := diffOf(t, pd.SegmentDiffs, "starter", "switcher", "application_form")
		assert.True(t, af.Significant)
		assert.Less(t, af.Importance.Hi, 0.0)
		aa := diffOf(t, pd.SegmentDiffs, "starter", "switcher", "account_activation")
		assert.True(t, aa.Significant)
		assert.Greater(t, aa.Importance.Lo, 0.0)
	})
	t.Run("skips", func(t *testing.T) {
		// 12% of the respondents skip confirmation_mail and 25%
		// welcome_gift; every answer is blank with probability 0.02
		// (TRUTH.md). The share answering is binomial: within 4 standard
		// errors of (1 - skip)·0.98.
		for _, c := range []struct {
			step string
			skip float64
		}{{"confirmation_mail", 0.12}, {"welcome_gift", 0.25}, {"orientation", 0}} {
			s := stepOf(t, pd, c.step)
			want := (1 - c.skip) * 0.98
			se := math.Sqrt(want * (1 - want) / float64(pd.N))
			assert.InDelta(t, want, float64(s.Passed)/float64(pd.N), 4*se, c.step)
		}
	})
	t.Run("business goals", func(t *testing.T) {
		byName := map[string]journey.Goal{}
		for _, g := range pd.Goals {
			byName[g.Outcome] = g
		}
		require.Contains(t, byName, "nps")
		require.Contains(t, byName, "retained_12m")
		nps, ret := byName["nps"], byName["retained_12m"]
		assert.Equal(t, "nps_points", nps.Unit)
		assert.Equal(t, "logistic", ret.Model)
		assert.Equal(t, "pct_points", ret.Unit)
		// retained_12m: logit P = 1.1 + 0.9 S, so better overall
		// satisfaction goes with more customers retained.
		assert.Greater(t, ret.Link.Lo, 0.0)
		assert.Greater(t, nps.Link.Lo, 0.0)
		for _, g := range []journey.Goal{nps, ret} {
			for _, s := range g.Steps {
				if s.Step == "application_form" {
					assert.Greater(t, s.Indirect.Lo, 0.0, g.Outcome)
				}
				if s.Step == "orientation" {
					assert.Less(t, s.Indirect.Hi, 0.0, g.Outcome)
				}
			}
		}
	})
}

// TestDriversRepairPath checks the passing effect on testdata/repair, whose
// respondents take the technician path (schedule_visit, technician_visit)
// or the self-service path (self_service, effect γ = 0.5 on the latent
// overall satisfaction; TRUTH.md). The expected value is the generator's
// own: the difference of mean overall satisfaction between the paths in
// 100,000 respondents simulated from the same model
// (studygen.Simulate(studygen.Repair(), ...)), whose Monte Carlo error
// (about 0.01) is small against the interval.
func TestDriversRepairPath(t *testing.T) {
	pd := studyDrivers(t, "repair")
	rs, err := studygen.Simulate(studygen.Repair(), 100000, 11)
	require.NoError(t, err)
	var sum, n [2]float64
	for _, r := range rs {
		sum[r.Path] += r.Outcome[studygen.Overall]
		n[r.Path]++
	}
	truth := sum[1]/n[1] - sum[0]/n[0] // self-service minus technician
	assert.InDelta(t, 0.5, truth, 0.05, "the generator's path difference")

	self := stepOf(t, pd, "self_service")
	assert.Equal(t, "aliased", self.PassNote)
	assert.Equal(t, []string{"schedule_visit", "technician_visit"}, self.AliasedWith)
	require.NotNil(t, self.PassEffect)
	assert.True(t, self.PassEffect.Lo <= truth && truth <= self.PassEffect.Hi,
		"self-service vs technician %v, truth %.3f", *self.PassEffect, truth)
	assert.Greater(t, self.PassEffect.Lo, 0.0)
	// report_fault is the biggest driver (pooled β 0.55), technician_visit
	// second (0.384).
	assert.Equal(t, 1, stepOf(t, pd, "report_fault").Rank)
	assert.Equal(t, 2, stepOf(t, pd, "technician_visit").Rank)
	// technician_visit weighs private 0.3, business 0.6.
	d := diffOf(t, pd.SegmentDiffs, "private", "business", "technician_visit")
	assert.Greater(t, d.Importance.Lo, 0.0)
	// report_fault improved before 2026-Q2.
	assert.Greater(t, diffOf(t, pd.WaveDiffs, "2026-Q1", "2026-Q2", "report_fault").Performance.Lo, 0.0)

	_, err = journey.Drivers(mustLoad(t, "repair"), mustLoad(t, "repair").Processes[0], journey.DriverOptions{Missing: journey.MissingListwise})
	require.Error(t, err, "no respondent takes both paths")
}

func mustLoad(t *testing.T, name string) *survey.Study {
	t.Helper()
	st, _, err := survey.Load(testutil.Testdata(name), survey.Options{})
	require.NoError(t, err)
	return st
}

// TestDriversReproducible checks that the same seed gives the same result
// whatever the number of goroutines.
func TestDriversReproducible(t *testing.T) {
	st := mustLoad(t, "onboarding")
	var out []string
	for _, workers := range []int{1, 2, 3} {
		pd, err := journey.Drivers(st, st.Processes[0], journey.DriverOptions{
			Bootstrap: 12, Seed: 99, Workers: workers, Goals: []string{"retained_12m"}, BCa: false})
		require.NoError(t, err)
		b, err := json.Marshal(pd)
		require.NoError(t, err)
		out = append(out, string(b))
	}
	assert.Equal(t, out[0], out[1])
	assert.Equal(t, out[0], out[2])
}

// TestDriversListwiseOracle checks the listwise analysis of the oracle's
// repair data with blanks (testdata/oracle/data/survey_medium_repair_missing.csv,
// 3011 of 5000 rows complete) against relaimpo's lmg (calc.relimp,
// expected/survey_medium_missing/relaimpo_overall.json) and lm's
// coefficients (ols_overall.json).
func TestDriversListwiseOracle(t *testing.T) {
	steps := []string{"report_fault", "phone_triage", "schedule_visit", "appointment_reminder", "technician_arrival",
		"technician_visit", "repair_quality", "self_service_instructions", "invoice", "follow_up"}
	st := oracleStudy(t, "survey_medium_repair_missing.csv", "repair", steps, 1, 10)
	pd, err := journey.Drivers(st, st.Processes[0], journey.DriverOptions{Missing: journey.MissingListwise, Goals: []string{}})
	require.NoError(t, err)
	assert.Equal(t, 3011, pd.N)
	var rel struct {
		R struct {
			R2  float64            `json:"R2"`
			LMG map[string]float64 `json:"lmg"`
		} `json:"relaimpo_rela_false"`
	}
	testutil.LoadJSON(t, testutil.Oracle("expected", "survey_medium_missing", "relaimpo_overall.json"), &rel)
	var ols struct {
		OLS struct {
			Coef struct {
				Estimate map[string]float64 `json:"estimate"`
			} `json:"coefficients"`
		} `json:"ols"`
	}
	testutil.LoadJSON(t, testutil.Oracle("expected", "survey_medium_missing", "ols_overall.json"), &ols)
	testutil.AssertClose(t, "R2", pd.R2.Value, rel.R.R2, 0, 1e-9)
	for _, s := range pd.Steps {
		testutil.AssertClose(t, "lmg "+s.Step, s.Importance.Value, rel.R.LMG[s.Step], 0, 1e-9)
		if c, ok := ols.OLS.Coef.Estimate[s.Step]; ok {
			testutil.AssertClose(t, "coef "+s.Step, s.Coef.Value, c, 0, 1e-9)
		}
		assert.Equal(t, "listwise", s.PassNote)
		assert.Nil(t, s.PassEffect)
	}
}

// TestProcessLevel builds a study of two processes in Go in which NPS
// follows satisfaction with process "billing" four times as steeply as
// with process "delivery".
func TestProcessLevel(t *testing.T) {
	j := &survey.Journey{Processes: []survey.ProcessDef{
		{ID: "billing", Volume: 1000, ImageRisk: math.NaN(), Steps: []survey.Step{{ID: "invoice", Phase: "closure", Channel: "mail", Scale: survey.Scale{Min: 1, Max: 5}, Target: math.NaN()}}},
		{ID: "delivery", Volume: 3000, ImageRisk: math.NaN(), Steps: []survey.Step{{ID: "parcel", Phase: "closure", Channel: "visit", Scale: survey.Scale{Min: 1, Max: 5}, Target: math.NaN()}}},
	}}
	var rs []survey.Respondent
	// Satisfaction 1..10, 20 respondents each, in each process. Billing:
	// detractor (NPS answer 3) up to 5, promoter (10) from 6; delivery:
	// detractor up to 5, passive (8) from 6.
	for i := 0; i < 400; i++ {
		o := float64(1 + (i/2)%10)
		proc, step := "billing", "invoice"
		nps := 3.0
		if o >= 6 {
			nps = 10
		}
		if i%2 == 1 {
			proc, step = "delivery", "parcel"
			nps = 3
			if o >= 6 {
				nps = 8
			}
		}
		rs = append(rs, survey.Respondent{ID: fmt.Sprint("r", i), Process: proc,
			Scores:   map[string]float64{step: float64(1 + i%5)},
			Outcomes: map[string]float64{"overall": o, "nps": nps}})
	}
	st, rep, err := survey.Build(j, rs, survey.Options{})
	require.NoError(t, err)
	require.Zero(t, rep.RowsExcluded())
	res, err := journey.ProcessLevel(context.Background(), st, journey.ProcessLevelOptions{Bootstrap: 30, Seed: 1})
	require.NoError(t, err)
	require.Len(t, res.Processes, 2)
	b, d := res.Processes[0], res.Processes[1]
	// In billing, satisfaction 1-5 gives NPS -100 and 6-10 gives +100; in
	// delivery -100 and 0. The least-squares slope of a step of height h
	// at 5.5 over the uniform 1..10 is h·Σ(x-5.5)[x≥6]/Σ(x-5.5)² =
	// h·12.5/82.5.
	testutil.AssertClose(t, "billing slope", b.Slope.Value, 200*12.5/82.5, 0, 1e-9)
	testutil.AssertClose(t, "delivery slope", d.Slope.Value, 100*12.5/82.5, 0, 1e-9)
	testutil.AssertClose(t, "billing share", b.Share, 0.25, 0, 1e-12)
	testutil.AssertClose(t, "delivery impact", d.Impact.Value, 0.75*100*12.5/82.5, 0, 1e-9)
	assert.Equal(t, 1, d.Rank)
	assert.Equal(t, 2, b.Rank)
	assert.Greater(t, b.Importance.Value, d.Importance.Value)
	testutil.AssertClose(t, "lmg sums to R² left by the indicators", b.Importance.Value+d.Importance.Value+r2Always, res.R2.Value, 0, 1e-9)
	assert.False(t, math.IsNaN(b.Slope.Lo))
}

// r2Always is R² of NPS (coded) on the process indicator alone: the share
// of its variance between the processes, computed from the group means of
// the data built in TestProcessLevel (billing: mean 0, delivery: mean -50,
// overall mean -25; within-process variances 100² and 50²).
const r2Always = (0.5*25*25 + 0.5*25*25) / (0.5*25*25 + 0.5*25*25 + 0.5*100*100 + 0.5*50*50)

// TestDriversBootstrapOracle compares the listwise bootstrap intervals of
// lmg on the oracle's survey_small data with relaimpo's boot.relimp
// (b = 1000, percentile, expected/survey_small/bootstrap_lmg_overall.json).
// The bootstrap is random, so, as the oracle's README advises, each
// endpoint must lie within max(3 × the seed-to-seed sd of R's endpoints,
// 0.005) of R's main run.
func TestDriversBootstrapOracle(t *testing.T) {
	steps := []string{"orientation_site", "application_form", "confirmation_mail", "account_activation", "product_delivery", "welcome_gift"}
	st := oracleStudy(t, "survey_small_onboarding.csv", "onboarding", steps, 1, 5)
	pd, err := journey.Drivers(st, st.Processes[0], journey.DriverOptions{
		Missing: journey.MissingListwise, Goals: []string{}, Bootstrap: 1000, Seed: 20240615})
	require.NoError(t, err)
	type endpoints map[string]float64
	var ref struct {
		Main struct {
			LMG       endpoints `json:"lmg"`
			Lower     endpoints `json:"lmg_ci95_lower"`
			Upper     endpoints `json:"lmg_ci95_upper"`
			RankLower endpoints `json:"lmg_rank_ci95_lower"`
			RankUpper endpoints `json:"lmg_rank_ci95_upper"`
			Diff      endpoints `json:"lmg_diff"`
			DiffLower endpoints `json:"lmg_diff_ci95_lower"`
			DiffUpper endpoints `json:"lmg_diff_ci95_upper"`
		} `json:"main"`
		Band struct {
			Lower struct {
				SD endpoints `json:"sd"`
			} `json:"lmg_ci95_lower"`
			Upper struct {
				SD endpoints `json:"sd"`
			} `json:"lmg_ci95_upper"`
		} `json:"seed_band"`
	}
	testutil.LoadJSON(t, testutil.Oracle("expected", "survey_small", "bootstrap_lmg_overall.json"), &ref)
	require.Len(t, pd.Steps, len(steps))
	for _, s := range pd.Steps {
		testutil.AssertClose(t, "lmg "+s.Step, s.Importance.Value, ref.Main.LMG[s.Step], 0, 1e-9)
		tolLo := math.Max(3*ref.Band.Lower.SD[s.Step], 0.005)
		tolHi := math.Max(3*ref.Band.Upper.SD[s.Step], 0.005)
		assert.InDelta(t, ref.Main.Lower[s.Step], s.Importance.Lo, tolLo, "lower end for %s", s.Step)
		assert.InDelta(t, ref.Main.Upper[s.Step], s.Importance.Hi, tolHi, "upper end for %s", s.Step)
		// Ranks are whole numbers: an end may move by one between runs.
		assert.InDelta(t, ref.Main.RankLower[s.Step], float64(s.RankLo), 1, "rank interval of %s", s.Step)
		assert.InDelta(t, ref.Main.RankUpper[s.Step], float64(s.RankHi), 1, "rank interval of %s", s.Step)
	}
	// Differences of lmg: relaimpo names them "a - b" in the order of the
	// predictors; ours put the more important step first. The file gives no
	// seed band for them; the ends of differences vary from run to run
	// about as much as those of the lmg values, so the tolerance is 0.01.
	require.Len(t, pd.Comparisons, len(steps)*(len(steps)-1)/2)
	for _, c := range pd.Comparisons {
		name, sign := c.Step+" - "+c.Other, 1.0
		if _, ok := ref.Main.Diff[name]; !ok {
			name, sign = c.Other+" - "+c.Step, -1
		}
		want, ok := ref.Main.Diff[name]
		require.True(t, ok, name)
		testutil.AssertClose(t, "difference "+name, sign*c.Difference.Value, want, 0, 1e-9)
		lo, hi := c.Difference.Lo, c.Difference.Hi
		if sign < 0 {
			lo, hi = -hi, -lo
		}
		assert.InDelta(t, ref.Main.DiffLower[name], lo, 0.01, "lower end of %s", name)
		assert.InDelta(t, ref.Main.DiffUpper[name], hi, 0.01, "upper end of %s", name)
		assert.GreaterOrEqual(t, c.Ratio.Value, 1.0, "the more important step first")
	}
}

// TestDriversDummyMatchesDriver checks the dummy-variable design against
// package driver's own (driver.MissingDummy) on the respondents analysed:
// the same filled scores and indicators give the same full model, so R²
// and every coefficient agree (the importances differ by design: here a
// step's score and indicator form one group, there they are separate
// drivers).
func TestDriversDummyMatchesDriver(t *testing.T) {
	for _, name := range []string{"onboarding", "repair"} {
		t.Run(name, func(t *testing.T) {
			st := mustLoad(t, name)
			p := st.Processes[0]
			pd, err := journey.Drivers(st, p, journey.DriverOptions{Goals: []string{}})
			require.NoError(t, err)
			// The respondents analysed: overall answered and at least one step.
			y := p.OutcomeColumn(survey.Overall)
			var rows []int
			for r := range y {
				any := false
				for i := range p.Steps {
					any = any || !math.IsNaN(p.StepColumn(i)[r])
				}
				if any && !math.IsNaN(y[r]) {
					rows = append(rows, r)
				}
			}
			sub := p.Subset(rows)
			names := make([]string, len(sub.Steps))
			for i, s := range sub.Steps {
				names[i] = s.ID
			}
			x := mat.NewDense(sub.Len(), len(names), sub.StepMatrix(nil))
			res, err := driver.Analyze(x, sub.OutcomeColumn(survey.Overall), sub.Weights(),
				driver.Options{Names: names, Missing: driver.MissingDummy, Methods: driver.MethodsOf(driver.First)})
			require.NoError(t, err)
			testutil.AssertClose(t, "R²", pd.R2.Value, res.R2, 0, 1e-9)
			coef := map[string]float64{}
			for j, n := range res.Regression.Names {
				coef[n] = res.Regression.Coef[j]
			}
			for _, s := range pd.Steps {
				testutil.AssertClose(t, "coef "+s.Step, s.Coef.Value, coef[s.Step], 0, 1e-9)
				if s.PassEffect != nil && s.PassNote == "" {
					testutil.AssertClose(t, "passing effect "+s.Step, s.PassEffect.Value, coef[driver.IndicatorPrefix+s.Step], 0, 1e-9)
				}
			}
		})
	}
}

// TestDriversGOMAXPROCS checks that the intervals do not depend on
// GOMAXPROCS (Workers 0 means GOMAXPROCS), with progress reports.
func TestDriversGOMAXPROCS(t *testing.T) {
	st := mustLoad(t, "repair")
	var out []string
	for _, procs := range []int{1, 2} {
		prev := runtime.GOMAXPROCS(procs)
		var calls, last, total int
		pd, err := journey.Drivers(st, st.Processes[0], journey.DriverOptions{
			Bootstrap: 10, Seed: 7, Goals: []string{"nps"},
			Progress: func(done, n int) { calls++; last, total = done, n }})
		runtime.GOMAXPROCS(prev)
		require.NoError(t, err)
		assert.Positive(t, calls)
		assert.Equal(t, 10, total)
		assert.Equal(t, total, last, "a last report when done")
		b, err := json.Marshal(pd)
		require.NoError(t, err)
		out = append(out, string(b))
	}
	assert.Equal(t, out[0], out[1])
}

// TestDriversBCa checks BCa intervals (a jackknife over the 300
// respondents of the oracle's survey_small data): they hold the estimate
// here, and differ from the percentile intervals of the same replicates.
func TestDriversBCa(t *testing.T) {
	steps := []string{"orientation_site", "application_form", "confirmation_mail", "account_activation", "product_delivery", "welcome_gift"}
	st := oracleStudy(t, "survey_small_onboarding.csv", "onboarding", steps, 1, 5)
	opts := journey.DriverOptions{Missing: journey.MissingListwise, Goals: []string{}, Bootstrap: 200, Seed: 1}
	perc, err := journey.Drivers(st, st.Processes[0], opts)
	require.NoError(t, err)
	opts.BCa = true
	bca, err := journey.Drivers(st, st.Processes[0], opts)
	require.NoError(t, err)
	assert.Equal(t, "bca", bca.Bootstrap.Method)
	differ := false
	for i, s := range bca.Steps {
		assert.LessOrEqual(t, s.Importance.Lo, s.Importance.Value, s.Step)
		assert.GreaterOrEqual(t, s.Importance.Hi, s.Importance.Value, s.Step)
		differ = differ || s.Importance.Lo != perc.Steps[i].Importance.Lo
	}
	assert.True(t, differ)
}

// TestDriversCancel checks that a cancelled context stops the bootstrap.
func TestDriversCancel(t *testing.T) {
	st := mustLoad(t, "onboarding")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := journey.DriversContext(ctx, st, st.Processes[0], journey.DriverOptions{Bootstrap: 1000})
	require.ErrorIs(t, err, context.Canceled)
}

func TestDriversOptionErrors(t *testing.T) {
	st := mustLoad(t, "onboarding")
	p := st.Processes[0]
	for _, tc := range []struct {
		name string
		opts journey.DriverOptions
		want string
	}{
		{"outcome", journey.DriverOptions{Outcome: "loyalty"}, `no outcome column "loyalty"`},
		{"goal", journey.DriverOptions{Goals: []string{"loyalty"}}, `no outcome column "loyalty"`},
		{"goal is outcome", journey.DriverOptions{Goals: []string{"overall"}}, "is the outcome"},
		{"level", journey.DriverOptions{Level: 1.5}, "confidence level"},
		{"replicates", journey.DriverOptions{Bootstrap: 1}, "bootstrap replicates"},
		{"missing", journey.DriverOptions{Missing: journey.Missing(7)}, "missing-data method"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := journey.Drivers(st, p, tc.opts)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	m, err := journey.ParseMissing(" Listwise ")
	require.NoError(t, err)
	assert.Equal(t, journey.MissingListwise, m)
	m, err = journey.ParseMissing("PAIRWISE")
	require.NoError(t, err)
	assert.Equal(t, journey.MissingPairwise, m)
	_, err = journey.ParseMissing("mean")
	require.Error(t, err)
	_, err = journey.Drivers(st, p, journey.DriverOptions{Missing: journey.MissingPairwise, Outcome: "retained_12m"})
	require.ErrorContains(t, err, "needs complete rows")
	_, err = journey.Drivers(st, p, journey.DriverOptions{Missing: journey.MissingPairwise, Goals: []string{"retained_12m"}})
	require.ErrorContains(t, err, "needs complete rows")
}

// TestDriversLogisticOutcome analyses a binary outcome: a logistic model
// whose importance is the general dominance of McFadden's pseudo-R².
func TestDriversLogisticOutcome(t *testing.T) {
	st := mustLoad(t, "onboarding")
	pd, err := journey.Drivers(st, st.Processes[0], journey.DriverOptions{Outcome: "retained_12m", Goals: []string{}, Bootstrap: 5})
	require.NoError(t, err)
	assert.Equal(t, "logistic", pd.Model)
	var sum float64
	for _, s := range pd.Steps {
		sum += s.Importance.Value
		assert.True(t, math.IsNaN(s.Importance.Lo), "no interval for logistic importance")
		assert.False(t, math.IsNaN(s.Coef.Lo))
	}
	testutil.AssertClose(t, "dominance sums to McFadden's R²", sum, pd.R2.Value, 0, 1e-9)
	assert.Equal(t, 1, stepOf(t, pd, "application_form").Rank)
}

// TestDriversWeightsAreCaseWeights checks that survey weights act as case
// weights throughout: 800 respondents of the onboarding study with weight
// 2 give the same estimates as the same respondents twice with weight 1.
func TestDriversWeightsAreCaseWeights(t *testing.T) {
	src := mustLoad(t, "onboarding")
	p := src.Processes[0]
	j := &survey.Journey{Settings: src.Settings, Processes: []survey.ProcessDef{p.ProcessDef}}
	segs, waves := p.SegmentColumn(), p.WaveColumn()
	respondent := func(r int, id string, w float64) survey.Respondent {
		x := survey.Respondent{ID: id, Segment: segs[r], Wave: waves[r], Weight: w,
			Scores: map[string]float64{}, Outcomes: map[string]float64{}}
		for i, s := range p.Steps {
			x.Scores[s.ID] = p.StepColumn(i)[r]
		}
		for _, o := range p.Outcomes {
			x.Outcomes[o.Name] = p.OutcomeColumn(o.Name)[r]
		}
		return x
	}
	var weighted, doubled []survey.Respondent
	for r := 0; r < 800; r++ {
		id := p.Respondents()[r]
		weighted = append(weighted, respondent(r, id, 2))
		doubled = append(doubled, respondent(r, id, 1), respondent(r, id+"-copy", 1))
	}
	var res []*journey.ProcessDrivers
	for _, rs := range [][]survey.Respondent{weighted, doubled} {
		st, rep, err := survey.Build(j, rs, survey.Options{})
		require.NoError(t, err)
		require.Zero(t, rep.RowsExcluded())
		pd, err := journey.Drivers(st, st.Processes[0], journey.DriverOptions{Goals: []string{"nps", "retained_12m"}})
		require.NoError(t, err)
		res = append(res, pd)
	}
	a, b := res[0], res[1]
	testutil.AssertClose(t, "R²", a.R2.Value, b.R2.Value, 0, 1e-9)
	for i := range a.Steps {
		sa, sb := a.Steps[i], b.Steps[i]
		testutil.AssertClose(t, "lmg "+sa.Step, sa.Importance.Value, sb.Importance.Value, 0, 1e-9)
		testutil.AssertClose(t, "coef "+sa.Step, sa.Coef.Value, sb.Coef.Value, 0, 1e-9)
		testutil.AssertClose(t, "performance "+sa.Step, sa.Performance.Value, sb.Performance.Value, 0, 1e-12)
		if sa.PassEffect != nil {
			testutil.AssertClose(t, "passing "+sa.Step, sa.PassEffect.Value, sb.PassEffect.Value, 1e-12, 1e-9)
		}
	}
	for k := range a.Goals {
		testutil.AssertClose(t, "link "+a.Goals[k].Outcome, a.Goals[k].Link.Value, b.Goals[k].Link.Value, 0, 1e-9)
		for i := range a.Goals[k].Steps {
			ga, gb := a.Goals[k].Steps[i], b.Goals[k].Steps[i]
			testutil.AssertClose(t, a.Goals[k].Outcome+" effect "+ga.Step, ga.Effect.Value, gb.Effect.Value, 1e-12, 1e-8)
			testutil.AssertClose(t, a.Goals[k].Outcome+" importance "+ga.Step, ga.Importance.Value, gb.Importance.Value, 1e-12, 1e-8)
		}
	}
	for i := range a.SegmentDiffs {
		testutil.AssertClose(t, "segment difference", a.SegmentDiffs[i].Importance.Value, b.SegmentDiffs[i].Importance.Value, 1e-12, 1e-9)
	}
	assert.True(t, a.Weighted)
	assert.Equal(t, 2*a.N, b.N, "N counts respondents, not weights")
}

// TestDriversStepWithoutVariance: a step that every respondent rates the
// same, or that nobody answered, is left out with a warning.
func TestDriversStepWithoutVariance(t *testing.T) {
	j := &survey.Journey{Processes: []survey.ProcessDef{{ID: "p", Volume: math.NaN(), ImageRisk: math.NaN(), Steps: []survey.Step{
		{ID: "a", Phase: "x", Channel: "web", Scale: survey.Scale{Min: 1, Max: 5}, Target: math.NaN()},
		{ID: "b", Phase: "x", Channel: "web", Scale: survey.Scale{Min: 1, Max: 5}, Target: math.NaN()},
		{ID: "c", Phase: "x", Channel: "web", Scale: survey.Scale{Min: 1, Max: 5}, Target: math.NaN()},
		{ID: "d", Phase: "x", Channel: "web", Scale: survey.Scale{Min: 1, Max: 5}, Target: math.NaN()},
	}}}}
	var rs []survey.Respondent
	// Every pair (a, b) twice, once with 0 added and once with -1, so
	// that the noise (about its mean) is orthogonal to the steps; overall
	// stays within its scale 1-10.
	for i := 0; i < 50; i++ {
		a, b, e := float64(1+i%5), float64(1+(i/5)%5), 0.0
		if i >= 25 {
			e = -1
		}
		rs = append(rs, survey.Respondent{ID: fmt.Sprint(i),
			Scores:   map[string]float64{"a": a, "b": b, "c": 3},
			Outcomes: map[string]float64{"overall": a + b + e}})
	}
	st, rep, err := survey.Build(j, rs, survey.Options{})
	require.NoError(t, err)
	require.Zero(t, rep.RowsExcluded())
	pd, err := journey.Drivers(st, st.Processes[0], journey.DriverOptions{})
	require.NoError(t, err)
	require.Len(t, pd.Steps, 2)
	assert.Equal(t, "a", pd.Steps[0].Step)
	assert.Equal(t, "b", pd.Steps[1].Step)
	assert.Contains(t, pd.Warnings, "step c left out: every answer is 3")
	assert.Contains(t, pd.Warnings, "step d left out: no answers")
	// overall = a + b + noise orthogonal to both: the coefficients are 1.
	testutil.AssertClose(t, "coef a", pd.Steps[0].Coef.Value, 1, 0, 1e-9)
	testutil.AssertClose(t, "coef b", pd.Steps[1].Coef.Value, 1, 0, 1e-9)
}

// TestDriversBootstrapFails: when most replicates cannot be analysed (a
// segment of three respondents), the estimates stand without intervals.
func TestDriversBootstrapFails(t *testing.T) {
	j := &survey.Journey{Processes: []survey.ProcessDef{{ID: "p", Volume: math.NaN(), ImageRisk: math.NaN(), Steps: []survey.Step{
		{ID: "a", Phase: "x", Channel: "web", Scale: survey.Scale{Min: 1, Max: 5}, Target: math.NaN()},
	}}}}
	var rs []survey.Respondent
	for i := 0; i < 40; i++ {
		seg := "big"
		if i < 3 {
			seg = "tiny"
		}
		a := float64(1 + i%5)
		rs = append(rs, survey.Respondent{ID: fmt.Sprint(i), Segment: seg,
			Scores: map[string]float64{"a": a}, Outcomes: map[string]float64{"overall": a + float64(i%2)}})
	}
	st, _, err := survey.Build(j, rs, survey.Options{})
	require.NoError(t, err)
	pd, err := journey.Drivers(st, st.Processes[0], journey.DriverOptions{Bootstrap: 20, Seed: 1})
	require.NoError(t, err)
	require.Len(t, pd.Segments, 2)
	assert.Nil(t, pd.Bootstrap)
	assert.True(t, math.IsNaN(pd.Steps[0].Coef.Lo))
	require.NotEmpty(t, pd.Warnings)
	assert.Contains(t, pd.Warnings[len(pd.Warnings)-1], "no intervals: bootstrap")
}

// TestDriversPairwise checks the pairwise analysis of the onboarding study
// against package driver's (driver.MissingPairwise) on the same
// respondents, and the negative driver of the truth.
func TestDriversPairwise(t *testing.T) {
	st := mustLoad(t, "onboarding")
	p := st.Processes[0]
	pd, err := journey.Drivers(st, p, journey.DriverOptions{Missing: journey.MissingPairwise, Bootstrap: 10, Seed: 2})
	require.NoError(t, err)
	assert.Equal(t, journey.MissingPairwise, pd.Missing)
	assert.Contains(t, pd.Warnings, "goal retained_12m left out: a logistic model needs complete rows (not pairwise)")
	for _, g := range pd.Goals {
		assert.NotEqual(t, "retained_12m", g.Outcome)
	}
	require.NotNil(t, pd.Bootstrap)
	s := stepOf(t, pd, "orientation")
	assert.Less(t, s.Coef.Hi, 0.0, "the negative driver (TRUTH.md)")
	assert.Equal(t, "pairwise", s.PassNote)
	assert.Nil(t, s.PassEffect)

	// The same respondents (overall and at least one step answered)
	// analysed by package driver.
	y := p.OutcomeColumn(survey.Overall)
	var rows []int
	for r := range y {
		any := false
		for i := range p.Steps {
			any = any || !math.IsNaN(p.StepColumn(i)[r])
		}
		if any && !math.IsNaN(y[r]) {
			rows = append(rows, r)
		}
	}
	sub := p.Subset(rows)
	names := make([]string, len(sub.Steps))
	for i, s := range sub.Steps {
		names[i] = s.ID
	}
	x := mat.NewDense(sub.Len(), len(names), sub.StepMatrix(nil))
	res, err := driver.Analyze(x, sub.OutcomeColumn(survey.Overall), sub.Weights(),
		driver.Options{Names: names, Missing: driver.MissingPairwise, Methods: driver.MethodsOf(driver.LMG)})
	require.NoError(t, err)
	testutil.AssertClose(t, "R²", pd.R2.Value, res.R2, 0, 1e-9)
	for i, s := range pd.Steps {
		testutil.AssertClose(t, "coef "+s.Step, s.Coef.Value, res.Regression.Coef[i], 0, 1e-9)
		testutil.AssertClose(t, "lmg "+s.Step, s.Importance.Value, res.Drivers[i].LMG, 0, 1e-9)
	}
}
