package report_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/touchpoint-cx/touchpoint/internal/i18n"
	"github.com/touchpoint-cx/touchpoint/survey"
)

// TestReportUndefinedFigures builds the report of a tiny study in which the
// last wave has a single respondent, who skipped a step: the figures that
// are undefined there (standard errors, intervals, tests) must not stop any
// output, and JSON writes them as null.
func TestReportUndefinedFigures(t *testing.T) {
	jr, err := survey.ReadJourney(strings.NewReader("process,step,phase,channel,scale_min,scale_max\n"+
		"p,a,customer phase,web,1,5\np,b,customer phase,web,1,5\n"), "journey.csv", survey.Options{})
	require.NoError(t, err)
	var rs []survey.Respondent
	for i := range 12 {
		r := survey.Respondent{ID: fmt.Sprint(i), Wave: "w1", Scores: map[string]float64{"a": float64(1 + i%5), "b": float64(1 + (i*3)%5)},
			Outcomes: map[string]float64{"overall": float64(1 + (i*7)%10), "nps": float64(i % 11), "spend": float64(10 * i)}}
		if i == 11 {
			r.Wave = "w2"
			r.Scores = map[string]float64{"b": 4}
		}
		rs = append(rs, r)
	}
	st, _, err := survey.Build(jr, rs, survey.Options{})
	require.NoError(t, err)
	doc := buildDoc(t, st, small)
	var b bytes.Buffer
	require.NoError(t, doc.WriteJSON(&b))
	var back map[string]any
	require.NoError(t, json.Unmarshal(b.Bytes(), &back))
	assert.Contains(t, b.String(), "null")
	l, err := i18n.Get("en")
	require.NoError(t, err)
	for name, write := range map[string]func() error{
		"text":     func() error { return doc.WriteText(&b, l) },
		"markdown": func() error { return doc.WriteMarkdown(&b, l) },
		"csv":      func() error { return doc.WriteCSV(&b) },
		"html":     func() error { return doc.WriteHTML(&b, l) },
	} {
		b.Reset()
		assert.NoError(t, write(), name)
	}
}
