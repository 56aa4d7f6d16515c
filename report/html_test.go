package report

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/touchpoint-cx/touchpoint/internal/i18n"
	"github.com/touchpoint-cx/touchpoint/internal/render"
	"github.com/touchpoint-cx/touchpoint/priority"
	"github.com/touchpoint-cx/touchpoint/survey"
)

func writeHTML(t testing.TB, d *Doc, l *i18n.Lang) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, d.WriteHTML(&b, l))
	return b.String()
}

// Texts a study may hold that would break a page written without escaping.
const (
	evilProcess = `<script>alert("process")</script>`
	evilLabel   = `Tom & Jerry's "form" <b>bold</b>`
	evilStep    = `<img src=x onerror=alert(1)>`
	evilPhase   = `phase </figure><script>`
	evilChannel = `web&phone<`
	evilSegment = `<i>seg</i> & "co"`
	evilWave    = `2026 <Q1>`
	evilSource  = `folder/<script>x</script>&"'`
)

// evilStudy builds a small study whose every text is hostile HTML.
func evilStudy(t testing.TB) *Doc {
	t.Helper()
	nan := math.NaN()
	five := survey.Scale{Min: 1, Max: 5}
	j := &survey.Journey{Processes: []survey.ProcessDef{{
		ID: evilProcess, Label: evilLabel, Volume: nan, ImageRisk: nan,
		Steps: []survey.Step{
			{ID: "s1", Label: evilStep, Phase: evilPhase, Channel: evilChannel, Scale: five, Target: 4},
			{ID: "s2", Label: "Second & last", Phase: evilPhase, Channel: "mail", Scale: five, Target: nan},
			{ID: "s3", Label: `"quoted"`, Phase: "closure", Channel: "visit", Scale: five, Target: nan},
		},
	}}}
	var rs []survey.Respondent
	for i := 0; i < 60; i++ {
		seg, wave := evilSegment, evilWave
		if i%2 == 1 {
			seg = "plain"
		}
		if i >= 30 {
			wave = "2026 Q2"
		}
		rs = append(rs, survey.Respondent{
			ID: fmt.Sprintf("r%02d", i), Segment: seg, Wave: wave,
			Scores: map[string]float64{"s1": float64(1 + i%5), "s2": float64(1 + (i/2)%5), "s3": float64(1 + (i*7)%5)},
			Outcomes: map[string]float64{
				survey.NPS: float64(i % 11), survey.Overall: float64(1 + i%10),
			},
		})
	}
	st, rep, err := survey.Build(j, rs, survey.Options{})
	require.NoError(t, err)
	d, err := Build(st, rep, evilSource, withDrivers)
	require.NoError(t, err)
	return d
}

// TestWriteHTMLEscapes writes the report of a study whose texts are HTML
// and checks that none of them comes out as markup: the page has no
// element but those the report writes, and every text of the study is on
// the page escaped.
func TestWriteHTMLEscapes(t *testing.T) {
	d := evilStudy(t)
	for _, code := range []string{"en", "nl"} {
		t.Run(code, func(t *testing.T) {
			l, err := i18n.Get(code)
			require.NoError(t, err)
			out := writeHTML(t, d, l)
			for _, raw := range []string{evilProcess, evilLabel, evilStep, evilPhase, evilChannel, evilSegment, evilWave, evilSource,
				"<script", "<img", "<b>", "<i>", "</figure><", "<Q1>", `"form"`, `"co"`, `"quoted"`} {
				assert.NotContains(t, out, raw)
			}
			// Each text is there, escaped (in the page by html/template,
			// in the charts by the SVG writer).
			for _, text := range []string{evilLabel, evilStep, evilPhase, evilSegment, evilWave, evilSource, `"quoted"`} {
				assert.Contains(t, html.UnescapeString(out), text)
			}
			assert.Contains(t, out, "&lt;img src=x onerror=alert(1)&gt;")
			// Only the elements the report writes.
			allowed := map[string]bool{}
			for _, e := range strings.Fields(`html head meta title style body main header h1 h2 h3 h4 p nav ol li a section
				article div table thead tbody tr th td figure figcaption footer svg g path text`) {
				allowed[e] = true
			}
			for _, m := range regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9]*)`).FindAllStringSubmatch(out, -1) {
				assert.True(t, allowed[strings.ToLower(m[1])], "element <%s>", m[1])
			}
			// Every & starts an entity.
			for _, m := range regexp.MustCompile(`&[^;\s]{0,10};?`).FindAllString(out, -1) {
				assert.Regexp(t, `^&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);$`, m)
			}
		})
	}
}

// TestWriteHTMLSelfContained: no scripts, nothing fetched, links only
// within the page; the same bytes on every run.
func TestWriteHTMLSelfContained(t *testing.T) {
	d := loadDoc(t, "onboarding", fast)
	out := writeHTML(t, d, i18n.English())
	assert.True(t, strings.HasPrefix(out, "<!DOCTYPE html>\n<html lang=\"en\">\n"))
	assert.True(t, strings.HasSuffix(out, "</html>\n"))
	for _, bad := range []string{"<script", "<link", "<img", "<iframe", "<object", "<embed", "@import", "url(", "src=", "javascript:", "on" + "load="} {
		assert.NotContains(t, strings.ToLower(out), bad)
	}
	for _, m := range regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(out, -1) {
		assert.True(t, strings.HasPrefix(m[1], "#"), "link %s within the page", m[1])
		assert.Contains(t, out, ` id="`+m[1][1:]+`"`, "link target %s exists", m[1])
	}
	// The only URLs are the SVG namespaces.
	for _, m := range regexp.MustCompile(`https?://[^"\s]*`).FindAllString(out, -1) {
		assert.Contains(t, []string{"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, m)
	}
	ids := regexp.MustCompile(` id="([^"]*)"`).FindAllStringSubmatch(out, -1)
	seen := map[string]bool{}
	for _, m := range ids {
		assert.False(t, seen[m[1]], "id %s once", m[1])
		seen[m[1]] = true
	}
	for i := 0; i < 2; i++ {
		assert.Equal(t, out, writeHTML(t, loadDoc(t, "onboarding", fast), i18n.English()), "deterministic")
	}
}

// headings returns the page's headings h1-h3 in order, unescaped.
func headings(page string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<h([1-3])>([^<]*)</h[1-3]>`).FindAllStringSubmatch(page, -1) {
		out = append(out, "h"+m[1]+" "+html.UnescapeString(m[2]))
	}
	return out
}

// TestWriteHTMLLayout checks the page's order on the onboarding study:
// the summary first, then the process with all its sections, the data
// read last; every section of Doc.Sections with every table cell; and the
// charts in their sections.
func TestWriteHTMLLayout(t *testing.T) {
	d := loadDoc(t, "onboarding", withDrivers)
	out := writeHTML(t, d, i18n.English())
	h := headings(out)
	require.GreaterOrEqual(t, len(h), 12)
	assert.Equal(t, []string{
		"h1 Study: Onboarding",
		"h2 Contents",
		"h2 Summary",
		"h2 Process: Becoming a customer (onboarding)",
		"h3 Scores: Becoming a customer",
		"h3 Segments: Becoming a customer",
		"h3 Waves: Becoming a customer",
		"h3 Drivers: Becoming a customer (onboarding)",
	}, h[:8])
	assert.Contains(t, h, "h3 Priorities: Becoming a customer")
	assert.Equal(t, "h2 What was read", h[len(h)-1])
	// Every section of the report, in its order: the process's own
	// heading h2, the others h3 within it.
	secs := d.Sections(i18n.English())
	require.Equal(t, len(secs)-1, len(h)-4, "a heading per section but the first, whose title is the page's")
	for j, s := range secs[1:] {
		assert.Equal(t, s.Title, h[3+j][3:])
		assert.Equal(t, j == 0, strings.HasPrefix(h[3+j], "h2"), s.Title)
	}

	// Every text of every section is on the page.
	text := html.UnescapeString(out)
	for _, s := range secs {
		for _, line := range s.Lines {
			assert.Contains(t, text, "<p>"+line+"</p>")
		}
		for _, tb := range s.Tables {
			if tb.Title != "" {
				assert.Contains(t, text, "<h4>"+tb.Title+"</h4>")
			}
			for _, row := range tb.Rows {
				var cells []string
				for j := range max(len(row), len(tb.Columns)) {
					c := ""
					if j < len(row) {
						c = row[j]
					}
					if j < len(tb.Align) && tb.Align[j] == render.Right {
						cells = append(cells, `<td class="r">`+c+"</td>")
					} else {
						cells = append(cells, "<td>"+c+"</td>")
					}
				}
				assert.Contains(t, text, "<tr>"+strings.Join(cells, "")+"</tr>")
			}
			for _, n := range tb.Notes {
				assert.Contains(t, text, "<p>"+n+"</p>")
			}
		}
	}

	// The summary: what to fix first (testdata/onboarding/TRUTH.md: the
	// application form), the KPIs, the weakest step, the changes between
	// the waves.
	summary := between(t, out, `<section class="summary"`, "</section>")
	assert.Contains(t, summary, "<p>Becoming a customer: fix first: Application form.</p>")
	assert.Contains(t, summary, "<td>Becoming a customer</td><td class=\"r\">3,000</td><td class=\"r\">15.8</td>")
	assert.Contains(t, summary, "the weakest step is Application form, mean 3.39 on 1-5.")
	assert.Contains(t, summary, "2026-Q1 → 2026-Q2: NPS &#43;13.6, interval [7.5, 19.6], p &lt;0.001, significant.")
	assert.Contains(t, summary, "2026-Q1 → 2026-Q2: step Application form &#43;0.43, interval [0.35, 0.52], p &lt;0.001, significant.")
	assert.Less(t, strings.Index(summary, "fix first"), strings.Index(summary, "weakest"), "fix first, first")
	// TRUTH.md: the quick win is "Remove optional fields from the
	// application form".
	assert.Contains(t, summary, "<p>Becoming a customer: quick wins (much impact, little effort): Remove optional fields from the application form")
	assert.Contains(t, summary, "<p>Becoming a customer: with every step at its target: overall satisfaction 7.52 → ")

	// Charts: the journey map before the journey table, the step scores
	// with the scores, a journey map per segment, the change with the
	// waves, the importance with the drivers, the quadrant and the
	// impact-effort matrix with the priorities.
	process := between(t, out, `<h2>Process: Becoming a customer (onboarding)</h2>`, `<h3>Scores:`)
	assert.Less(t, strings.Index(process, "<title>Journey map: Becoming a customer</title>"), strings.Index(process, "<h4>The journey</h4>"))
	assert.Contains(t, process, "a marker&#39;s area shows the step&#39;s importance")
	assert.Contains(t, between(t, out, `<h3>Scores:`, `<h3>Segments:`), "<title>Scores per step: Becoming a customer</title>")
	segments := between(t, out, `<h3>Segments:`, `<h3>Waves:`)
	assert.Contains(t, segments, "<title>Journey map: Becoming a customer, segment starter</title>")
	assert.Contains(t, segments, "<title>Journey map: Becoming a customer, segment switcher</title>")
	assert.Contains(t, between(t, out, `<h3>Waves:`, `<h3>Drivers:`), "<title>Change between waves: Becoming a customer, 2026-Q1 → 2026-Q2</title>")
	assert.Contains(t, between(t, out, `<h3>Drivers:`, `</section>`), "<title>Importance per step: Becoming a customer</title>")
	prio := between(t, out, `<h3>Priorities:`, `</section>`)
	assert.Contains(t, prio, "<title>Importance and performance: Becoming a customer</title>")
	assert.Contains(t, prio, "<title>Impact and effort of the ideas: Becoming a customer</title>")
	assert.Equal(t, 8, strings.Count(out, "<svg "))
	assert.NotRegexp(t, `![a-z_]+\.[a-z_.]+`, out, "every text in the catalogue")
}

func between(t testing.TB, s, from, to string) string {
	t.Helper()
	i := strings.Index(s, from)
	require.GreaterOrEqual(t, i, 0, "%q in the page", from)
	j := strings.Index(s[i+len(from):], to)
	require.GreaterOrEqual(t, j, 0, "%q after %q", to, from)
	return s[i : i+len(from)+j]
}

func TestWriteHTMLDutch(t *testing.T) {
	nl, err := i18n.Get("nl")
	require.NoError(t, err)
	out := writeHTML(t, loadDoc(t, "repair", fast), nl)
	assert.True(t, strings.HasPrefix(out, "<!DOCTYPE html>\n<html lang=\"nl\">\n"))
	h := headings(out)
	require.GreaterOrEqual(t, len(h), 4)
	assert.Equal(t, []string{"h1 Onderzoek: Repair", "h2 Inhoud", "h2 Samenvatting", "h2 Proces: Getting a repair (repair)"}, h[:4])
	assert.Equal(t, "h2 Wat is ingelezen", h[len(h)-1])
	assert.Contains(t, out, "<title>Klantreis: Getting a repair</title>")
	assert.Contains(t, out, ">gemiddelde tevredenheid (1-10)</text>")
	assert.Contains(t, out, "de zwakste stap is")
	assert.Contains(t, out, ": eerst verbeteren: ")
	// Dutch numbers: thousands point, decimal comma, intervals with ";".
	assert.Regexp(t, `<td class="r">[0-9]\.[0-9]{3}</td>`, out)
	assert.Regexp(t, `\[[0-9]+,[0-9]+; [0-9]+,[0-9]+\]`, out)
	assert.NotRegexp(t, `![a-z_]+\.[a-z_.]+`, out, "every text in the catalogue")
}

// TestWriteHTMLNoScores: a process without scores still gets its
// sections; the charts need scores.
func TestWriteHTMLNoScores(t *testing.T) {
	d := loadDoc(t, "onboarding", scoresOnly)
	d.Processes[0].Scores = nil
	out := writeHTML(t, d, i18n.English())
	assert.Equal(t, []string{"h1 Study: Onboarding", "h2 Contents", "h2 Summary", "h2 Process: Becoming a customer (onboarding)", "h2 What was read"}, headings(out))
	assert.NotContains(t, out, "<svg")
}

func BenchmarkWriteHTML(b *testing.B) {
	d := loadDoc(b, "onboarding", fast)
	en := i18n.English()
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if err := d.WriteHTML(&buf, en); err != nil {
			b.Fatal(err)
		}
	}
}

// twoProcesses builds a study of two processes, each with a few steps,
// answered by 80 respondents each.
func twoProcesses(t testing.TB) *Doc {
	t.Helper()
	nan := math.NaN()
	five := survey.Scale{Min: 1, Max: 5}
	j := &survey.Journey{Processes: []survey.ProcessDef{
		{ID: "buy", Label: "Buying", Volume: 1000, ImageRisk: 0.5, Steps: []survey.Step{
			{ID: "b1", Label: "Shop", Phase: survey.PhaseOrientation, Channel: "web", Scale: five, Target: nan},
			{ID: "b2", Label: "Pay", Phase: survey.PhaseCustomer, Channel: "web", Scale: five, Target: nan},
			{ID: "b3", Label: "Deliver", Phase: survey.PhaseClosure, Channel: "delivery", Scale: five, Target: nan},
		}},
		{ID: "help", Label: "Getting help", Volume: 500, ImageRisk: 0.2, Steps: []survey.Step{
			{ID: "h1", Label: "Call", Phase: survey.PhaseTrigger, Channel: "phone", Scale: five, Target: nan},
			{ID: "h2", Label: "Fix", Phase: survey.PhaseCustomer, Channel: "visit", Scale: five, Target: nan},
			{ID: "h3", Label: "Follow-up", Phase: survey.PhaseClosure, Channel: "mail", Scale: five, Target: nan},
		}},
	}}
	var rs []survey.Respondent
	for i := 0; i < 160; i++ {
		proc, ids := "buy", []string{"b1", "b2", "b3"}
		if i%2 == 1 {
			proc, ids = "help", []string{"h1", "h2", "h3"}
		}
		a, b, c := 1+i%5, 1+(i/5)%5, 1+(i/25)%5
		overall := 1 + (2*a+3*b+c+i%3)/2
		rs = append(rs, survey.Respondent{
			ID: fmt.Sprintf("r%03d", i), Process: proc,
			Scores:   map[string]float64{ids[0]: float64(a), ids[1]: float64(b), ids[2]: float64(c)},
			Outcomes: map[string]float64{survey.Overall: float64(min(overall, 10)), survey.NPS: float64(min(overall, 10))},
		})
	}
	st, rep, err := survey.Build(j, rs, survey.Options{})
	require.NoError(t, err)
	d, err := Build(st, rep, "two", withDrivers)
	require.NoError(t, err)
	return d
}

// TestWriteHTMLTwoProcesses: each process has its sections under its own
// heading, with its own charts; sections of the whole study (the order of
// the processes) stand on their own after the processes.
func TestWriteHTMLTwoProcesses(t *testing.T) {
	d := twoProcesses(t)
	out := writeHTML(t, d, i18n.English())
	h := headings(out)
	var h2 []string
	for _, s := range h {
		if strings.HasPrefix(s, "h2 ") {
			h2 = append(h2, s)
		}
	}
	require.GreaterOrEqual(t, len(h2), 6, "%q", h)
	assert.Equal(t, []string{"h2 Contents", "h2 Summary", "h2 Process: Buying (buy)", "h2 Process: Getting help (help)"}, h2[:4])
	assert.Contains(t, h2, "h2 Which process first", "the order of the processes is a section of the study")
	assert.Equal(t, "h2 What was read", h2[len(h2)-1])
	buy := between(t, out, `<article class="process" id="process-buy">`, "</article>")
	help := between(t, out, `<article class="process" id="process-help">`, "</article>")
	assert.Contains(t, buy, "<title>Journey map: Buying</title>")
	assert.NotContains(t, buy, "Getting help")
	assert.Contains(t, help, "<title>Journey map: Getting help</title>")
	assert.Contains(t, help, "<h3>Priorities: Getting help</h3>")
	assert.NotContains(t, help, "Which process first")
	summary := between(t, out, `<section class="summary"`, "</section>")
	assert.Contains(t, summary, "<td>Buying</td>")
	assert.Contains(t, summary, "<td>Getting help</td>")
}

// The HTML report of the onboarding study without the driver analysis: its
// headings, and the charts of the process and its segments.
func ExampleDoc_WriteHTML() {
	st, rep, err := survey.Load("../testdata/onboarding", survey.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	doc, err := Build(st, rep, "testdata/onboarding", Options{
		Drivers:  DriverOptions{Skip: true},
		Priority: PriorityOptions{Options: priority.Options{B: 40}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	var page bytes.Buffer
	if err := doc.WriteHTML(&page, i18n.English()); err != nil {
		fmt.Println(err)
		return
	}
	for _, h := range headings(page.String()) {
		fmt.Println(h)
	}
	for _, m := range regexp.MustCompile(`<title>([^<]*)</title>`).FindAllStringSubmatch(page.String(), -1)[1:] {
		fmt.Println("chart:", html.UnescapeString(m[1]))
	}
	// Output:
	// h1 Study: Onboarding
	// h2 Contents
	// h2 Summary
	// h2 Process: Becoming a customer (onboarding)
	// h3 Scores: Becoming a customer
	// h3 Segments: Becoming a customer
	// h3 Waves: Becoming a customer
	// h3 Priorities: Becoming a customer
	// h3 Funnel and channels: Becoming a customer
	// h2 What was read
	// chart: Journey map: Becoming a customer
	// chart: Scores per step: Becoming a customer
	// chart: Journey map: Becoming a customer, segment starter
	// chart: Journey map: Becoming a customer, segment switcher
	// chart: Change between waves: Becoming a customer, 2026-Q1 → 2026-Q2
	// chart: Importance per step: Becoming a customer
	// chart: Importance and performance: Becoming a customer
	// chart: Impact and effort of the ideas: Becoming a customer
}

// The charts of the onboarding report as files: per process, and the
// journey map and step scores per segment.
func ExampleDoc_WriteCharts() {
	st, rep, err := survey.Load("../testdata/onboarding", survey.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	doc, err := Build(st, rep, "testdata/onboarding", Options{
		Drivers:  DriverOptions{Skip: true},
		Priority: PriorityOptions{Skip: true},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	dir, err := os.MkdirTemp("", "charts")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	files, err := doc.WriteCharts(dir, i18n.English(), []string{"svg"}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range files {
		fmt.Println(filepath.Base(f))
	}
	// Output:
	// onboarding-steps.svg
	// onboarding-journey-map.svg
	// onboarding-changes.svg
	// onboarding-segment-starter-steps.svg
	// onboarding-segment-starter-journey-map.svg
	// onboarding-segment-switcher-steps.svg
	// onboarding-segment-switcher-journey-map.svg
}
