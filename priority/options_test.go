package priority_test

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/touchpoint-cx/touchpoint/priority"
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
