package priority_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/touchpoint-cx/touchpoint/internal/studygen"
	"github.com/touchpoint-cx/touchpoint/internal/testutil"
	"github.com/touchpoint-cx/touchpoint/priority"
	"github.com/touchpoint-cx/touchpoint/survey"
)

// twoProcesses builds, in Go, a study of two processes simulated from the
// generator's onboarding and repair models (n respondents each), without
// management figures or ideas; volumes and image risks as given. It
// returns the study and the simulated respondents.
func twoProcesses(t *testing.T, n int, volA, riskA, volB, riskB float64) (*survey.Study, map[string][]studygen.Respondent, map[string]studygen.Config) {
	t.Helper()
	cfgs := map[string]studygen.Config{"onboarding": studygen.Onboarding(), "repair": studygen.Repair()}
	sims := map[string][]studygen.Respondent{}
	j := &survey.Journey{Settings: survey.Settings{Outcomes: []survey.OutcomeDef{
		{Name: "retained_12m", Type: survey.Binary},
		{Name: "brand", Type: survey.Rating, Scale: survey.Scale{Min: 1, Max: 10, Integer: true}},
	}}}
	var rs []survey.Respondent
	for k, id := range []string{"onboarding", "repair"} {
		c := cfgs[id]
		vol, risk := volA, riskA
		if k == 1 {
			vol, risk = volB, riskB
		}
		pd := survey.ProcessDef{ID: id, Label: c.Process.Label, Volume: vol, ImageRisk: risk}
		for _, s := range c.Steps {
			pd.Steps = append(pd.Steps, survey.Step{ID: s.ID, Label: s.Label, Phase: s.Phase, Channel: s.Channel,
				Scale: survey.Scale{Min: float64(s.ScaleMin), Max: float64(s.ScaleMax)}, Target: s.Target})
		}
		j.Processes = append(j.Processes, pd)
		sim, err := studygen.Simulate(c, n, uint64(11+k))
		require.NoError(t, err)
		sims[id] = sim
		for _, r := range sim {
			sr := survey.Respondent{ID: r.ID, Process: id, Segment: c.Segments[r.Segment].Name, Wave: c.Waves[r.Wave].Name,
				Scores: map[string]float64{}, Outcomes: map[string]float64{}}
			for i, s := range c.Steps {
				sr.Scores[s.ID] = r.Steps[i].Score
			}
			for o := range studygen.NumOutcomes {
				sr.Outcomes[studygen.Outcome(o).Column()] = r.Outcome[o]
			}
			rs = append(rs, sr)
		}
	}
	st, rep, err := survey.Build(j, rs, survey.Options{})
	require.NoError(t, err)
	require.Equal(t, 2*n, st.Len(), "%v", rep)
	return st, sims, cfgs
}

// TestWhichProcessFirst ranks two processes built in Go. With the weights
// of frequency and image risk only, the scores follow from the inputs by
// the documented formula: process A (volume 40000, risk 0.9) has the
// largest of both and scores 1; B (volume 10000, risk 0.3) scores
// (10000/40000 + 0.3/0.9) / 2.
func TestWhichProcessFirst(t *testing.T) {
	st, _, _ := twoProcesses(t, 600, 40000, 0.9, 10000, 0.3)
	res, err := priority.Analyze(st, priority.Options{B: 2,
		ProcessWeights: priority.ProcessWeights{Frequency: 1, ImageRisk: 1}})
	require.NoError(t, err)
	require.Len(t, res.Processes, 2)
	require.Len(t, res.Ranking, 2)
	assert.Equal(t, "onboarding", res.Ranking[0].Process)
	assert.Equal(t, 1, res.Ranking[0].Rank)
	assert.Equal(t, 2, res.Ranking[1].Rank)
	testutil.AssertClose(t, "score A", float64(res.Ranking[0].Score), 1, 0, 1e-12)
	testutil.AssertClose(t, "score B", float64(res.Ranking[1].Score), (10000.0/40000+0.3/0.9)/2, 0, 1e-12)
	assert.Equal(t, "volume", res.Ranking[0].FrequencyOf)
	assert.Equal(t, "brand", res.Ranking[0].Relationship)

	// The user's image risk turns the order: B at risk 1, A at 0 gives
	// A (1 + 0)/2 = 0.5 and B (0.25 + 1)/2 = 0.625.
	res, err = priority.Analyze(st, priority.Options{B: 2,
		ProcessWeights: priority.ProcessWeights{Frequency: 1, ImageRisk: 1},
		ImageRisk:      map[string]float64{"onboarding": 0, "repair": 1}})
	require.NoError(t, err)
	assert.Equal(t, "repair", res.Ranking[0].Process)
	testutil.AssertClose(t, "score B", float64(res.Ranking[0].Score), 0.625, 0, 1e-12)
	testutil.AssertClose(t, "score A", float64(res.Ranking[1].Score), 0.5, 0, 1e-12)

	// Every criterion: each process's importance is the correlation of its
	// overall satisfaction with brand, which the generator makes positive
	// (brand = cut(φ·S + σ_B·ε), φ = 0.6).
	res, err = priority.Analyze(st, priority.Options{B: 2})
	require.NoError(t, err)
	for _, r := range res.Ranking {
		assert.Greater(t, float64(r.Importance), 0.3, r.Process)
		assert.Less(t, float64(r.Importance), 1.0, r.Process)
		assert.Greater(t, float64(r.Gap), 0.0, r.Process)
		assert.True(t, r.Score > 0 && r.Score <= 1, r.Process)
	}
}

// TestFunnelFromSurvey checks the funnel of a study without management
// figures against counts made directly from the simulated respondents:
// started = respondents with a score for the step, completed = those with
// a score for a later step too.
func TestFunnelFromSurvey(t *testing.T) {
	st, sims, cfgs := twoProcesses(t, 400, math.NaN(), math.NaN(), math.NaN(), math.NaN())
	res, err := priority.Analyze(st, priority.Options{B: 2})
	require.NoError(t, err)
	for _, p := range res.Processes {
		sim, c := sims[p.Process], cfgs[p.Process]
		require.Len(t, p.Funnel, len(c.Steps))
		for j, fs := range p.Funnel {
			var started, completed int
			for _, r := range sim {
				if math.IsNaN(r.Steps[j].Score) {
					continue
				}
				started++
				later := j == len(c.Steps)-1
				for k := j + 1; k < len(c.Steps); k++ {
					later = later || !math.IsNaN(r.Steps[k].Score)
				}
				if later {
					completed++
				}
			}
			assert.Equal(t, "survey", fs.Source, fs.Step)
			assert.Equal(t, float64(started), float64(fs.Started), fs.Step)
			assert.Equal(t, float64(completed), float64(fs.Completed), fs.Step)
			testutil.AssertClose(t, fs.Step, float64(fs.Conversion), float64(completed)/float64(started), 0, 1e-12)
			assert.True(t, math.IsNaN(float64(fs.FailureContacts)), "no management figures")
		}
	}
	// Without volumes the frequency is the respondents.
	assert.Equal(t, "respondents", res.Ranking[0].FrequencyOf)
}
