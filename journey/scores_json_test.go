package journey_test

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/touchpoint-cx/touchpoint/journey"
	"github.com/touchpoint-cx/touchpoint/survey"
)

// TestScoresJSONUndefined checks that scores with undefined figures (a
// wave in which a step and a numeric outcome have a single answer, so no
// standard error, interval or test) encode as JSON, with null for those
// figures, and decode back with NaN.
func TestScoresJSONUndefined(t *testing.T) {
	jr, err := survey.ReadJourney(strings.NewReader("process,step,phase,channel,scale_min,scale_max\n"+
		"p,a,customer phase,web,1,5\np,b,customer phase,web,1,5\n"), "journey.csv", survey.Options{})
	require.NoError(t, err)
	var rs []survey.Respondent
	for i := range 12 {
		r := survey.Respondent{ID: fmt.Sprint(i), Wave: "w1", Scores: map[string]float64{"a": float64(1 + i%5), "b": float64(1 + (i*3)%5)},
			Outcomes: map[string]float64{"overall": float64(1 + i%10), "spend": float64(10 * i)}}
		if i >= 10 {
			r.Wave = "w2"
			if i == 11 {
				r.Scores = map[string]float64{"b": 4}
				r.Outcomes = map[string]float64{"overall": 7}
			}
		}
		rs = append(rs, r)
	}
	st, _, err := survey.Build(jr, rs, survey.Options{})
	require.NoError(t, err)
	ps, err := journey.ProcessScore(st, st.Processes[0], journey.ScoreOptions{})
	require.NoError(t, err)
	b, err := json.Marshal(ps)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"se":null`)

	var back journey.ProcessScores
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, len(ps.Changes), len(back.Changes))
	undefined := 0
	for i, c := range ps.Changes {
		if math.IsNaN(c.SE) {
			undefined++
			assert.True(t, math.IsNaN(back.Changes[i].SE), c.KPI)
		} else {
			assert.Equal(t, c.SE, back.Changes[i].SE, c.KPI)
		}
	}
	assert.NotZero(t, undefined, "some change has no standard error")

	m := journey.MeanResult{N: 1, NEff: 1, Mean: 3, SD: math.NaN(), SE: math.NaN(), Lo: math.NaN(), Hi: math.Inf(1)}
	b, err = json.Marshal(m)
	require.NoError(t, err)
	assert.JSONEq(t, `{"n":1,"n_eff":1,"mean":3,"sd":null,"se":null,"lo":null,"hi":null}`, string(b))
	var mb journey.MeanResult
	require.NoError(t, json.Unmarshal(b, &mb))
	assert.Equal(t, 3.0, mb.Mean)
	assert.True(t, math.IsNaN(mb.SE))
}
