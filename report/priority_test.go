package report

import (
	"bytes"
	"encoding/csv"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/touchpoint-cx/touchpoint/internal/i18n"
	"github.com/touchpoint-cx/touchpoint/internal/testutil"
	"github.com/touchpoint-cx/touchpoint/priority"
	"github.com/touchpoint-cx/touchpoint/survey"
)

func prioritise(t *testing.T, study string, opts priority.Options) *priority.Result {
	t.Helper()
	st, _, err := survey.Load(testutil.Testdata(study), survey.Options{})
	require.NoError(t, err)
	res, err := priority.Analyze(st, opts)
	require.NoError(t, err)
	return res
}

// sectionTexts returns every text of the sections: titles, lines, column
// names, cells and notes.
func sectionTexts(secs []Section) []string {
	var out []string
	for _, s := range secs {
		out = append(out, s.Title)
		out = append(out, s.Lines...)
		for _, tb := range s.Tables {
			out = append(out, tb.Title)
			out = append(out, tb.Columns...)
			out = append(out, tb.Notes...)
			for _, r := range tb.Rows {
				out = append(out, r...)
			}
		}
	}
	return out
}

// TestPrioritySectionsTexts checks that every text of the priority
// sections comes from the catalogue in both languages (a missing key shows
// as "!key"), and that Dutch numbers have a decimal comma.
func TestPrioritySectionsTexts(t *testing.T) {
	res := prioritise(t, "repair", priority.Options{B: 5, Goal: priority.Sales})
	for _, code := range []string{"en", "nl"} {
		l, err := i18n.Get(code)
		require.NoError(t, err)
		secs := PrioritySections(res, l)
		var titles []string
		for _, s := range secs {
			titles = append(titles, s.Title)
		}
		require.Len(t, secs, 4, "priorities, funnel, tracking, ranking: %q", titles)
		for _, s := range sectionTexts(secs) {
			assert.NotContains(t, s, "!", code)
		}
	}
	nl, _ := i18n.Get("nl")
	secs := PrioritySections(res, nl)
	assert.Equal(t, "Prioriteiten: Getting a repair", secs[0].Title)
	assert.Equal(t, "Trechter en kanalen: Getting a repair", secs[1].Title)
	steps := secs[0].Tables[0]
	assert.Contains(t, steps.Rows[0][1], ",", "Dutch decimal comma in %q", steps.Rows[0][1])
	assert.Equal(t, "eerst verbeteren", steps.Rows[0][6], "report_fault is fix first")
}

// TestWritePriorityCSV checks the tidy CSV: the header, one value per
// row, and a hostile idea name escaped against formulas.
func TestWritePriorityCSV(t *testing.T) {
	res := prioritise(t, "onboarding", priority.Options{B: 5})
	res.Processes[0].Ideas[0].Idea = "=HYPERLINK(\"http://x\")"
	var buf bytes.Buffer
	require.NoError(t, WritePriorityCSV(&buf, res))
	recs, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, PriorityCSVColumns, recs[0])
	var found, quadrant bool
	for _, r := range recs[1:] {
		require.Len(t, r, len(PriorityCSVColumns))
		if r[1] == "idea" && strings.Contains(r[3], "HYPERLINK") {
			found = true
			assert.True(t, strings.HasPrefix(r[3], "'="), r[3])
		}
		if r[1] == "step" && r[2] == "application_form" && r[4] == "quadrant" {
			quadrant = true
			assert.Equal(t, "fix_first", r[8])
			assert.Equal(t, "1", r[5], "first in its quadrant")
		}
	}
	assert.True(t, found)
	assert.True(t, quadrant)
}

// TestReportPriorities checks the hook into the study report: the
// priorities of each process and their sections by default, none with
// Skip.
func TestReportPriorities(t *testing.T) {
	st, rep, err := survey.Load(testutil.Testdata("onboarding"), survey.Options{})
	require.NoError(t, err)
	d, err := Build(st, rep, "onboarding", Options{Drivers: DriverOptions{Skip: true},
		Priority: PriorityOptions{Options: priority.Options{B: 3}}})
	require.NoError(t, err)
	require.NotNil(t, d.Processes[0].Priority)
	assert.Equal(t, priority.FixFirst, d.Processes[0].Priority.Steps[1].Quadrant)
	assert.Len(t, d.PriorityRanking, 1)
	titles := map[string]bool{}
	for _, s := range d.Sections(i18n.English()) {
		titles[s.Title] = true
	}
	assert.True(t, titles["Priorities: Becoming a customer"])
	assert.True(t, titles["Funnel and channels: Becoming a customer"])
	assert.False(t, titles["Which process first"], "one process: no ranking section")

	d, err = Build(st, rep, "onboarding", Options{Drivers: DriverOptions{Skip: true}, Priority: PriorityOptions{Skip: true}})
	require.NoError(t, err)
	assert.Nil(t, d.Processes[0].Priority)
	for _, s := range d.Sections(i18n.English()) {
		assert.NotContains(t, s.Title, "Priorities")
	}
}

// TestPriorityNumbers checks the formatting helpers: NaN as "-", signed
// intervals, percentages of shares.
func TestPriorityNumbers(t *testing.T) {
	f := fmtr{i18n.English()}
	nan := priority.Float(math.NaN())
	assert.Equal(t, "-", f.prioNum(nan, 2))
	assert.Equal(t, "-", f.prioSignedCI(nan, 1, 2))
	assert.Equal(t, "[-0.10, +0.20]", f.prioSignedCI(-0.1, 0.2, 2))
	assert.Equal(t, "41.3%", f.prioPct(0.4132))
	assert.Equal(t, "[37.0, 45.7]", f.prioPctCI(0.37, 0.457))
}
