package priority_test

import (
	"math"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/touchpoint-cx/touchpoint/internal/studygen"
	"github.com/touchpoint-cx/touchpoint/priority"
	"github.com/touchpoint-cx/touchpoint/survey"
)

func load(t *testing.T, name string) *survey.Study {
	t.Helper()
	st, _, err := survey.Load("../testdata/"+name, survey.Options{})
	require.NoError(t, err)
	return st
}

func step(t *testing.T, p *priority.Process, id string) *priority.Step {
	t.Helper()
	for i := range p.Steps {
		if p.Steps[i].Step == id {
			return &p.Steps[i]
		}
	}
	t.Fatalf("no step %s", id)
	return nil
}

func idea(t *testing.T, p *priority.Process, name string) *priority.Idea {
	t.Helper()
	for i := range p.Ideas {
		if p.Ideas[i].Idea == name {
			return &p.Ideas[i]
		}
	}
	t.Fatalf("no idea %q", name)
	return nil
}

// TestTruth checks the generator's known truth (testdata/*/TRUTH.md, "What
// an analysis should find"): the step built to be important and weak lands
// in fix_first, the steps with a stated quadrant land in it, and the idea
// built as the quick win lands in cell 1.
func TestTruth(t *testing.T) {
	for _, tc := range []struct {
		study     string
		quadrants map[string]string
		quickWin  string
	}{
		{"onboarding", map[string]string{
			"application_form":   priority.FixFirst,
			"confirmation_mail":  priority.Overkill,
			"account_activation": priority.KeepItUp,
			"product_delivery":   priority.KeepItUp,
			"welcome_gift":       priority.LowPriority,
		}, "Remove optional fields from the application form"},
		{"repair", map[string]string{
			"report_fault":     priority.FixFirst,
			"technician_visit": priority.KeepItUp,
			"follow_up":        priority.LowPriority,
		}, "Fault report form with photo upload"},
	} {
		t.Run(tc.study, func(t *testing.T) {
			res, err := priority.Analyze(load(t, tc.study), priority.Options{B: 50})
			require.NoError(t, err)
			require.Len(t, res.Processes, 1)
			p := &res.Processes[0]
			for id, q := range tc.quadrants {
				assert.Equal(t, q, step(t, p, id).Quadrant, id)
			}
			qw := idea(t, p, tc.quickWin)
			assert.Equal(t, 1, qw.Cell)
			assert.Equal(t, 1, qw.Rank, "the quick win has the most impact per unit of effort")
		})
	}
}

// trueWhatIf simulates the generator's true model (internal/studygen, the
// model of TRUTH.md) with n respondents and returns the expected overall
// score when every step's mean score is raised to its target: step j's
// latent satisfaction z_j is shifted by δ_j, found by bisection so that
// the mean of cut_j(z_j + δ_j) over the respondents passing j equals the
// target T_j (δ_j = 0 when the mean is already there), and the latent
// overall satisfaction becomes
//
//	S' = S + Σ_j d_j · β_sj · δ_j,   overall' = cut_overall(S').
func trueWhatIf(t *testing.T, c studygen.Config, n int) (before, after float64) {
	t.Helper()
	rs, err := studygen.Simulate(c, n, 7)
	require.NoError(t, err)
	delta := make([]float64, len(c.Steps))
	for j, s := range c.Steps {
		ord := studygen.Ordinal{Min: s.ScaleMin, Max: s.ScaleMax, Thresholds: s.Thresholds}
		var z []float64
		for i := range rs {
			if rs[i].Steps[j].Present {
				z = append(z, rs[i].Steps[j].Z)
			}
		}
		mean := func(d float64) float64 {
			var sum float64
			for _, v := range z {
				sum += float64(ord.Cut(v + d))
			}
			return sum / float64(len(z))
		}
		if mean(0) >= s.Target {
			continue
		}
		lo, hi := 0.0, 5.0
		for range 40 {
			mid := (lo + hi) / 2
			if mean(mid) < s.Target {
				lo = mid
			} else {
				hi = mid
			}
		}
		delta[j] = (lo + hi) / 2
	}
	o := c.Outcomes.Overall
	for i := range rs {
		r := &rs[i]
		s2 := r.S
		for j, s := range c.Steps {
			if r.Steps[j].Present {
				s2 += c.Weight(c.Segments[r.Segment].Name, s.ID) * delta[j]
			}
		}
		before += float64(o.Cut(r.S))
		after += float64(o.Cut(s2))
	}
	return before / float64(n), after / float64(n)
}

// TestWhatIfTruth checks that the predicted overall score when the gaps
// to the target journey are closed lies in its bootstrap interval around
// what the generator's true model gives (simulated by trueWhatIf).
func TestWhatIfTruth(t *testing.T) {
	for _, tc := range []struct {
		study string
		cfg   studygen.Config
	}{
		{"onboarding", studygen.Onboarding()},
		{"repair", studygen.Repair()},
	} {
		t.Run(tc.study, func(t *testing.T) {
			res, err := priority.Analyze(load(t, tc.study), priority.Options{B: 200, Seed: 1})
			require.NoError(t, err)
			p := &res.Processes[0]
			require.NotEmpty(t, p.WhatIf)
			wi := p.WhatIf[0]
			require.Equal(t, "overall", wi.Outcome)
			before, after := trueWhatIf(t, tc.cfg, 50000)
			t.Logf("true overall %.4f -> %.4f; predicted %.4f -> %.4f [%.4f, %.4f]", before, after,
				float64(wi.Current), float64(wi.All.Predicted), float64(wi.All.PredictedLo), float64(wi.All.PredictedHi))
			assert.GreaterOrEqual(t, after, float64(wi.All.PredictedLo))
			assert.LessOrEqual(t, after, float64(wi.All.PredictedHi))
			assert.False(t, math.IsNaN(float64(wi.All.Change)))
		})
	}
}

// TestRankWithinQuadrant checks that the ranks within each quadrant run
// 1, 2, ... by importance, highest first.
func TestRankWithinQuadrant(t *testing.T) {
	res, err := priority.Analyze(load(t, "onboarding"), priority.Options{B: 20})
	require.NoError(t, err)
	byQ := map[string][]priority.Step{}
	for _, s := range res.Processes[0].Steps {
		byQ[s.Quadrant] = append(byQ[s.Quadrant], s)
	}
	for q, steps := range byQ {
		sort.Slice(steps, func(a, b int) bool { return steps[a].QuadrantRank < steps[b].QuadrantRank })
		for i, s := range steps {
			assert.Equal(t, i+1, s.QuadrantRank, q)
			if i > 0 {
				assert.GreaterOrEqual(t, float64(steps[i-1].Importance), float64(s.Importance), q)
			}
		}
	}
}
