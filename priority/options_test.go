package priority_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/touchpoint-cx/touchpoint/internal/testutil"
	"github.com/touchpoint-cx/touchpoint/priority"
	"github.com/touchpoint-cx/touchpoint/survey"
)

func TestParseGoal(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want priority.Goal
	}{{"satisfaction", priority.Satisfaction}, {" Cost ", priority.Cost}, {"SALES", priority.Sales}} {
		g, err := priority.ParseGoal(tc.in)
		require.NoError(t, err)
		assert.Equal(t, tc.want, g)
		assert.Equal(t, tc.want.String(), g.String())
	}
	_, err := priority.ParseGoal("profit")
	assert.ErrorIs(t, err, priority.ErrOption)
}

func TestOptionErrors(t *testing.T) {
	st := load(t, "onboarding")
	for _, tc := range []struct {
		name string
		opts priority.Options
		want error
	}{
		{"goal", priority.Options{Goal: 7}, priority.ErrOption},
		{"confidence", priority.Options{Confidence: 1.5}, priority.ErrOption},
		{"bootstrap", priority.Options{B: 1}, priority.ErrOption},
		{"split", priority.Options{ImpactSplit: math.Inf(1)}, priority.ErrOption},
		{"image risk", priority.Options{ImageRisk: map[string]float64{"onboarding": 2}}, priority.ErrOption},
		{"weights", priority.Options{ProcessWeights: priority.ProcessWeights{Gap: -1}}, priority.ErrOption},
		{"outcome", priority.Options{Outcome: "revenue", B: 2}, priority.ErrOutcome},
		{"relationship", priority.Options{Relationship: "revenue", B: 2}, priority.ErrOutcome},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := priority.Analyze(st, tc.opts)
			require.Error(t, err)
			assert.True(t, errors.Is(err, tc.want), "%v", err)
		})
	}
}

// TestTracking checks that the wave changes show the improvement the
// generator built in (TRUTH.md: application_form latent +0.4 before
// 2026-Q2) as a significant rise of the step's mean.
func TestTracking(t *testing.T) {
	for _, tc := range []struct{ study, step string }{{"onboarding", "application_form"}, {"repair", "report_fault"}} {
		res, err := priority.Analyze(load(t, tc.study), priority.Options{B: 2})
		require.NoError(t, err)
		found := false
		for _, c := range res.Processes[0].Tracking {
			if c.KPI == "step" && c.Step == tc.step {
				found = true
				assert.Equal(t, "2026-Q1", c.From)
				assert.Equal(t, "2026-Q2", c.To)
				assert.Greater(t, c.Diff, 0.0)
				assert.True(t, c.Significant, "%+v", c)
			}
		}
		assert.True(t, found, tc.study)
	}
}

// TestRealisedSample checks unweighted figures against the realised sample
// of TRUTH.md (onboarding: 3000 respondents, 13 without step answers; per
// step the number scored; outcome means overall 7.517, retained 0.705).
func TestRealisedSample(t *testing.T) {
	res, err := priority.Analyze(load(t, "onboarding"), priority.Options{B: 2, Unweighted: true})
	require.NoError(t, err)
	p := &res.Processes[0]
	scored := map[string]int{"orientation": 2931, "application_form": 2922, "confirmation_mail": 2560,
		"account_activation": 2933, "product_delivery": 2940, "welcome_gift": 2159}
	for _, s := range p.Steps {
		assert.Equal(t, scored[s.Step], s.Passed, s.Step)
		testutil.AssertClose(t, s.Step, float64(s.PassShare), float64(scored[s.Step])/2987, 0, 1e-12)
	}
	for _, wi := range p.WhatIf {
		switch wi.Outcome {
		case "overall":
			testutil.AssertClose(t, "overall", float64(wi.Current), 7.517, 5e-4, 0)
		case "retained_12m":
			testutil.AssertClose(t, "retained", float64(wi.Current), 70.5, 0.05, 0)
		}
	}
}

// TestThinSteps checks a study built in Go whose last step has too few
// scores for the driver model: it is left out with a warning, and an idea
// on it is left out with a warning too.
func TestThinSteps(t *testing.T) {
	scale := survey.Scale{Min: 1, Max: 5}
	j := &survey.Journey{
		Processes: []survey.ProcessDef{{ID: "p", Volume: math.NaN(), ImageRisk: math.NaN(), Steps: []survey.Step{
			{ID: "a", Phase: "x", Channel: "web", Scale: scale, Target: 4.5},
			{ID: "b", Phase: "x", Channel: "web", Scale: scale, Target: math.NaN()},
			{ID: "c", Phase: "x", Channel: "phone", Scale: scale, Target: 4},
		}}},
		Ideas: []survey.Idea{
			{Name: "fix a", Process: "p", Steps: []string{"a"}, Uplift: 0.5, Target: math.NaN(), Effort: 1, Cost: 10},
			{Name: "fix c", Process: "p", Steps: []string{"c"}, Uplift: 0.5, Target: math.NaN(), Effort: 1, Cost: 10},
		},
	}
	var rs []survey.Respondent
	for i := range 200 {
		a, b := float64(1+i%5), float64(1+(i/5)%5)
		r := survey.Respondent{ID: fmt.Sprint("r", i), Scores: map[string]float64{"a": a, "b": b},
			Outcomes: map[string]float64{"overall": math.Min(10, a+b+float64(i%3))}}
		if i < 5 {
			r.Scores["c"] = 3
		}
		rs = append(rs, r)
	}
	st, _, err := survey.Build(j, rs, survey.Options{})
	require.NoError(t, err)
	res, err := priority.Analyze(st, priority.Options{B: 10})
	require.NoError(t, err)
	p := &res.Processes[0]
	assert.False(t, p.Steps[2].Analysed)
	assert.Empty(t, p.Steps[2].Quadrant)
	assert.True(t, math.IsNaN(float64(p.Steps[2].Importance)))
	assert.True(t, math.IsNaN(float64(p.Steps[1].Gap)), "no target, no gap")
	require.Len(t, p.Ideas, 1)
	assert.Equal(t, "fix a", p.Ideas[0].Idea)
	warnings := strings.Join(p.Warnings, "\n")
	assert.Contains(t, warnings, "step c left out of the driver model: 5 scores")
	assert.Contains(t, warnings, `idea "fix c" left out`)
	for _, wi := range p.WhatIf {
		for _, c := range wi.Steps {
			assert.Equal(t, "a", c.Step, "only step a has a target and a gap")
		}
	}
}

// TestDeterministic checks that the same seed gives the same result
// whatever the number of goroutines, and another seed other intervals.
func TestDeterministic(t *testing.T) {
	st := load(t, "repair")
	run := func(workers int, seed uint64) []byte {
		res, err := priority.Analyze(st, priority.Options{B: 20, Workers: workers, Seed: seed})
		require.NoError(t, err)
		b, err := json.Marshal(res)
		require.NoError(t, err)
		return b
	}
	one := run(1, 5)
	assert.Equal(t, string(one), string(run(2, 5)))
	assert.NotEqual(t, string(one), string(run(2, 6)))
}

// TestFloatJSON checks that NaN and infinities are written as null and
// read back as NaN, and that a result survives a JSON round trip.
func TestFloatJSON(t *testing.T) {
	b, err := json.Marshal([]priority.Float{1.5, priority.Float(math.NaN()), priority.Float(math.Inf(1))})
	require.NoError(t, err)
	assert.Equal(t, "[1.5,null,null]", string(b))
	var back []priority.Float
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, 1.5, float64(back[0]))
	assert.True(t, math.IsNaN(float64(back[1])))

	res, err := priority.Analyze(load(t, "onboarding"), priority.Options{B: 2})
	require.NoError(t, err)
	b, err = json.Marshal(res)
	require.NoError(t, err)
	var again priority.Result
	require.NoError(t, json.Unmarshal(b, &again))
	b2, err := json.Marshal(&again)
	require.NoError(t, err)
	assert.JSONEq(t, string(b), string(b2))
}
