package journey_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
