package priority_test

import (
	"math"
	"math/rand/v2"
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

// truth is an outcome before and after the gaps are closed, by the
// generator's true model.
type truth struct{ overall, nps, retained [2]float64 }

// trueWhatIf simulates the generator's true model (internal/studygen, the
// model of TRUTH.md) with n respondents and returns the expected outcomes
// (overall mean score, NPS, percent retained) now and when every step's
// mean score is raised to its target: step j's latent satisfaction z_j is
// shifted by δ_j, found by bisection so that the mean of cut_j(z_j + δ_j)
// over the respondents passing j equals the target T_j (δ_j = 0 when the
// mean is already there), and the latent overall satisfaction becomes
//
//	S' = S + Σ_j d_j · β_sj · δ_j,
//
// with overall = cut_overall(S'), NPS from cut_nps(S' + σ_n·ε) (ε drawn
// afresh, from a seeded source) and P(retained) = 1/(1 + exp(−(θ0 + θ1·S'))).
func trueWhatIf(t *testing.T, c studygen.Config, n int) truth {
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
	o := c.Outcomes
	rng := rand.New(rand.NewPCG(3, 5))
	var tr truth
	for i := range rs {
		r := &rs[i]
		s2 := r.S
		for j, s := range c.Steps {
			if r.Steps[j].Present {
				s2 += c.Weight(c.Segments[r.Segment].Name, s.ID) * delta[j]
			}
		}
		eps := rng.NormFloat64()
		for k, s := range [2]float64{r.S, s2} {
			tr.overall[k] += float64(o.Overall.Cut(s))
			switch v := o.NPS.Cut(s + o.NPSNoise*eps); {
			case v >= 9:
				tr.nps[k] += 100
			case v <= 6:
				tr.nps[k] -= 100
			}
			tr.retained[k] += 100 / (1 + math.Exp(-(o.RetainedIntercept + o.RetainedSlope*s)))
		}
	}
	for k := range 2 {
		tr.overall[k] /= float64(n)
		tr.nps[k] /= float64(n)
		tr.retained[k] /= float64(n)
	}
	return tr
}

// TestWhatIfTruth checks that the predicted outcomes when the gaps to the
// target journey are closed (overall satisfaction, NPS, percent retained)
// lie in their bootstrap intervals around what the generator's true model
// gives (simulated by trueWhatIf).
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
			tr := trueWhatIf(t, tc.cfg, 50000)
			want := map[string][2]float64{"overall": tr.overall, "nps": tr.nps, "retained_12m": tr.retained}
			require.Len(t, p.WhatIf, 3)
			for _, wi := range p.WhatIf {
				w, ok := want[wi.Outcome]
				require.True(t, ok, wi.Outcome)
				t.Logf("%s: true %.4f -> %.4f; predicted %.4f -> %.4f [%.4f, %.4f]", wi.Outcome, w[0], w[1],
					float64(wi.Current), float64(wi.All.Predicted), float64(wi.All.PredictedLo), float64(wi.All.PredictedHi))
				assert.False(t, math.IsNaN(float64(wi.All.Change)))
				assert.GreaterOrEqual(t, w[1], float64(wi.All.PredictedLo), wi.Outcome)
				assert.LessOrEqual(t, w[1], float64(wi.All.PredictedHi), wi.Outcome)
			}
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
