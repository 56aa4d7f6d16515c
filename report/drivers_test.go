package report_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/touchpoint-cx/touchpoint/internal/i18n"
	"github.com/touchpoint-cx/touchpoint/internal/testutil"
	"github.com/touchpoint-cx/touchpoint/journey"
	"github.com/touchpoint-cx/touchpoint/report"
	"github.com/touchpoint-cx/touchpoint/survey"
)

func buildDoc(t *testing.T, st *survey.Study, opts report.Options) *report.Doc {
	t.Helper()
	doc, err := report.Build(st, nil, "study", opts)
	require.NoError(t, err)
	return doc
}

func loadStudy(t *testing.T, name string) *survey.Study {
	t.Helper()
	st, _, err := survey.Load(testutil.Testdata(name), survey.Options{})
	require.NoError(t, err)
	return st
}

// small keeps the tests fast: a few bootstrap replicates, two goals.
var small = report.Options{Drivers: report.DriverOptions{DriverOptions: journey.DriverOptions{
	Bootstrap: 20, Seed: 3, Goals: []string{"nps", "retained_12m"}}}}

func TestDriversSection(t *testing.T) {
	doc := buildDoc(t, loadStudy(t, "repair"), small)
	require.Len(t, doc.Processes, 1)
	pd := doc.Processes[0].Drivers
	require.NotNil(t, pd)
	assert.Equal(t, 20, pd.Bootstrap.B)
	for _, code := range []string{"en", "nl"} {
		l, err := i18n.Get(code)
		require.NoError(t, err)
		var text, md bytes.Buffer
		require.NoError(t, doc.WriteText(&text, l))
		require.NoError(t, doc.WriteMarkdown(&md, l))
		for _, out := range []string{text.String(), md.String()} {
			assert.NotContains(t, out, "!drivers.", "a text missing from the %s catalogue", code)
			assert.NotContains(t, out, "%!", "a formatting error in %s", code)
		}
		title := map[string]string{"en": "Drivers: Getting a repair (repair)", "nl": "Drijfveren: Getting a repair (repair)"}[code]
		assert.Contains(t, text.String(), title)
		// Self-service is the other path than the technician's.
		other := map[string]string{"en": "the other path than Schedule a visit, Technician visit",
			"nl": "het andere pad dan Schedule a visit, Technician visit"}[code]
		assert.Contains(t, text.String(), other)
		goal := map[string]string{"en": "percentage points in retained_12m", "nl": "procentpunten in retained_12m"}[code]
		assert.Contains(t, text.String(), goal)
	}
	var titles []string
	for _, s := range doc.Sections(i18n.English()) {
		titles = append(titles, s.Title)
	}
	// The driver sections come one after the other, after the scores.
	at := -1
	for i, s := range titles {
		if s == "Drivers: Getting a repair (repair)" {
			at = i
		}
	}
	require.Greater(t, at, 0, "%q", titles)
	require.Less(t, at+2, len(titles))
	assert.Equal(t, []string{"Drivers per segment and wave: Getting a repair (repair)",
		"Business goals: Getting a repair (repair)"}, titles[at+1:at+3])
	assert.Contains(t, titles[:at], "Scores: Getting a repair")
}

func TestDriversJSONAndCSV(t *testing.T) {
	doc := buildDoc(t, loadStudy(t, "onboarding"), small)
	var js bytes.Buffer
	require.NoError(t, doc.WriteJSON(&js))
	var back struct {
		Processes []struct {
			Drivers journey.ProcessDrivers `json:"drivers"`
		} `json:"processes"`
	}
	require.NoError(t, json.Unmarshal(js.Bytes(), &back))
	got := back.Processes[0].Drivers
	want := doc.Processes[0].Drivers
	require.Len(t, got.Steps, len(want.Steps))
	for i := range want.Steps {
		assert.Equal(t, want.Steps[i].Importance, got.Steps[i].Importance)
		assert.False(t, math.IsNaN(got.Steps[i].Importance.Lo))
	}
	assert.Equal(t, "dummy", string(mustText(t, got.Missing)))

	var csv bytes.Buffer
	require.NoError(t, doc.WriteCSV(&csv))
	lines := strings.Split(csv.String(), "\n")
	var importance, diffs int
	for _, ln := range lines {
		if strings.HasPrefix(ln, "onboarding,all,,driver,") && strings.Contains(ln, ",importance,") {
			importance++
		}
		if strings.HasPrefix(ln, "onboarding,wave_diff,2026-Q1->2026-Q2,driver,application_form,performance,") {
			diffs++
			assert.True(t, strings.HasSuffix(strings.TrimRight(ln, "\r"), ",true"), ln)
		}
	}
	assert.Equal(t, 6, importance)
	assert.Equal(t, 1, diffs)
}

func mustText(t *testing.T, m journey.Missing) []byte {
	t.Helper()
	b, err := m.MarshalText()
	require.NoError(t, err)
	return b
}

func TestDriversSkipAndNotes(t *testing.T) {
	st := loadStudy(t, "onboarding")
	doc := buildDoc(t, st, report.Options{Drivers: report.DriverOptions{Skip: true}})
	assert.Nil(t, doc.Processes[0].Drivers)
	for _, s := range doc.Sections(i18n.English()) {
		assert.False(t, strings.HasPrefix(s.Title, "Drivers"), s.Title)
	}
	// Listwise deletion leaves no respondent in the repair study (no one
	// takes both paths): the report says so instead of failing.
	doc = buildDoc(t, loadStudy(t, "repair"), report.Options{Drivers: report.DriverOptions{
		DriverOptions: journey.DriverOptions{Missing: journey.MissingListwise, Bootstrap: -1}}})
	require.Nil(t, doc.Processes[0].Drivers)
	require.Len(t, doc.Processes[0].DriverNotes, 1)
	var text bytes.Buffer
	require.NoError(t, doc.WriteText(&text, i18n.English()))
	assert.Contains(t, text.String(), "No driver analysis: journey: process repair: no respondents to analyse")
}

// TestProcessLevelSection builds a study of two processes in Go.
func TestProcessLevelSection(t *testing.T) {
	j := &survey.Journey{Processes: []survey.ProcessDef{
		{ID: "billing", Label: "Billing", Volume: math.NaN(), ImageRisk: math.NaN(), Steps: []survey.Step{{ID: "invoice", Phase: "closure", Channel: "mail", Scale: survey.Scale{Min: 1, Max: 5}, Target: math.NaN()}}},
		{ID: "delivery", Label: "Delivery", Volume: math.NaN(), ImageRisk: math.NaN(), Steps: []survey.Step{{ID: "parcel", Phase: "closure", Channel: "visit", Scale: survey.Scale{Min: 1, Max: 5}, Target: math.NaN()}}},
	}}
	var rs []survey.Respondent
	for i := 0; i < 200; i++ {
		proc, step := "billing", "invoice"
		if i%2 == 1 {
			proc, step = "delivery", "parcel"
		}
		s := float64(1 + (i/2)%5)
		o := 2*s - float64(i%3)
		nps := math.Min(10, math.Max(0, o+float64(i%4)-1))
		rs = append(rs, survey.Respondent{ID: fmt.Sprint("r", i), Process: proc,
			Scores: map[string]float64{step: s}, Outcomes: map[string]float64{"overall": o, "nps": nps}})
	}
	st, _, err := survey.Build(j, rs, survey.Options{})
	require.NoError(t, err)
	doc := buildDoc(t, st, report.Options{Drivers: report.DriverOptions{DriverOptions: journey.DriverOptions{Bootstrap: 10}}})
	require.NotNil(t, doc.ProcessDrivers)
	require.Len(t, doc.ProcessDrivers.Processes, 2)
	for _, code := range []string{"en", "nl"} {
		l, err := i18n.Get(code)
		require.NoError(t, err)
		var text bytes.Buffer
		require.NoError(t, doc.WriteText(&text, l))
		title := map[string]string{"en": "Which process matters most for NPS", "nl": "Welk proces het zwaarst weegt voor NPS"}[code]
		assert.Contains(t, text.String(), title)
		assert.NotContains(t, text.String(), "!drivers.")
	}
	var csv bytes.Buffer
	require.NoError(t, doc.WriteCSV(&csv))
	// Without volumes, the share is that of the respondents.
	b, d := doc.ProcessDrivers.Processes[0], doc.ProcessDrivers.Processes[1]
	assert.Contains(t, csv.String(), fmt.Sprintf("\nbilling,study,nps,process_driver,billing,share,%d,%v,,,,,,,,\n", b.N, float64(b.N)/float64(b.N+d.N)))
	assert.Regexp(t, `\ndelivery,study,nps,process_driver,delivery,slope,[0-9]+,[0-9.e-]+,,[0-9.e-]+,[0-9.e-]+,`, csv.String())
}

// TestProcessLevelNote: a study of two processes without NPS gets a note
// instead of the process-level drivers.
func TestProcessLevelNote(t *testing.T) {
	j := &survey.Journey{Processes: []survey.ProcessDef{
		{ID: "billing", Volume: math.NaN(), ImageRisk: math.NaN(), Steps: []survey.Step{{ID: "invoice", Phase: "closure", Channel: "mail", Scale: survey.Scale{Min: 1, Max: 5}, Target: math.NaN()}}},
		{ID: "delivery", Volume: math.NaN(), ImageRisk: math.NaN(), Steps: []survey.Step{{ID: "parcel", Phase: "closure", Channel: "visit", Scale: survey.Scale{Min: 1, Max: 5}, Target: math.NaN()}}},
	}}
	var rs []survey.Respondent
	for i := 0; i < 40; i++ {
		proc, step := "billing", "invoice"
		if i%2 == 1 {
			proc, step = "delivery", "parcel"
		}
		s := float64(1 + (i/2)%5)
		rs = append(rs, survey.Respondent{ID: fmt.Sprint("r", i), Process: proc,
			Scores: map[string]float64{step: s}, Outcomes: map[string]float64{"overall": 2*s - float64(i%3)}})
	}
	st, _, err := survey.Build(j, rs, survey.Options{})
	require.NoError(t, err)
	doc := buildDoc(t, st, report.Options{Drivers: report.DriverOptions{DriverOptions: journey.DriverOptions{Bootstrap: -1}}})
	assert.Nil(t, doc.ProcessDrivers)
	require.Len(t, doc.ProcessDriverNotes, 1)
	var text bytes.Buffer
	require.NoError(t, doc.WriteText(&text, i18n.English()))
	assert.Contains(t, text.String(), "Which process matters most for NPS\n")
	assert.Contains(t, text.String(), `No driver analysis: journey: process billing lacks the column "nps" or "overall"`)
}

// TestDriversPairwiseText: the report says which treatment of missing
// answers was used, in both languages; pairwise correlations are not
// defined for alternative paths (repair), and the report says why.
func TestDriversPairwiseText(t *testing.T) {
	opts := report.Options{Drivers: report.DriverOptions{
		DriverOptions: journey.DriverOptions{Missing: journey.MissingPairwise, Bootstrap: -1, Goals: []string{"nps"}}}}
	repair := buildDoc(t, loadStudy(t, "repair"), opts)
	require.Nil(t, repair.Processes[0].Drivers)
	require.Len(t, repair.Processes[0].DriverNotes, 1)
	assert.Contains(t, repair.Processes[0].DriverNotes[0], "never observed together")
	doc := buildDoc(t, loadStudy(t, "onboarding"), opts)
	require.NotNil(t, doc.Processes[0].Drivers)
	for code, want := range map[string]string{"en": "(pairwise deletion)", "nl": "(pairwise deletion)"} {
		l, err := i18n.Get(code)
		require.NoError(t, err)
		var text bytes.Buffer
		require.NoError(t, doc.WriteText(&text, l))
		assert.Contains(t, text.String(), want)
		assert.NotContains(t, text.String(), "!drivers.")
		assert.NotContains(t, text.String(), "Effect of going through a step")
	}
}
