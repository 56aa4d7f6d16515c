package report

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/touchpoint-cx/touchpoint/internal/chart"
	"github.com/touchpoint-cx/touchpoint/internal/i18n"
	"github.com/touchpoint-cx/touchpoint/internal/testutil"
	"github.com/touchpoint-cx/touchpoint/journey"
	"github.com/touchpoint-cx/touchpoint/priority"
	"github.com/touchpoint-cx/touchpoint/survey"
)

// fast are report options that keep the tests quick: priorities (which
// give the steps' importance and quadrants) from 2 bootstrap replicates,
// no driver analysis.
var fast = Options{
	Drivers:  DriverOptions{Skip: true},
	Priority: PriorityOptions{Options: priority.Options{B: 2}},
}

// withDrivers adds the driver analysis to fast, without intervals.
var withDrivers = Options{
	Drivers:  DriverOptions{DriverOptions: journey.DriverOptions{Bootstrap: -1}},
	Priority: PriorityOptions{Options: priority.Options{B: 2}},
}

// scoresOnly leaves drivers and priorities out: the steps have no
// importance.
var scoresOnly = Options{Drivers: DriverOptions{Skip: true}, Priority: PriorityOptions{Skip: true}}

// loadDoc builds the report of an example study under testdata with
// options opts.
func loadDoc(t testing.TB, study string, opts Options) *Doc {
	t.Helper()
	dir := testutil.Testdata(study)
	st, rep, err := survey.Load(dir, survey.Options{})
	require.NoError(t, err)
	d, err := Build(st, rep, study, opts)
	require.NoError(t, err)
	return d
}

// The journey of testdata/onboarding as its journey.csv gives it.
var onboardingSteps = []struct{ label, phase, channel string }{
	{"Orientation on the website", "orientation", "web"},
	{"Application form", "customer phase", "web"},
	{"Confirmation mail", "customer phase", "mail"},
	{"Account activation", "customer phase", "app"},
	{"Product delivery", "customer phase", "delivery"},
	{"Welcome gift", "closure", "mail"},
}

func TestChartSets(t *testing.T) {
	d := loadDoc(t, "onboarding", fast)
	sets := d.chartSets(i18n.English())
	require.Len(t, sets, 1)
	pc := sets[0]
	s := pc.process
	assert.Equal(t, "onboarding", s.ID)
	assert.Equal(t, "Becoming a customer", s.Options.Subject)
	assert.Equal(t, "mean satisfaction (1-5)", s.Options.ValueLabel)
	assert.Equal(t, 1.0, s.Options.Min)
	assert.Equal(t, 5.0, s.Options.Max)
	assert.Equal(t, "importance (share of R²)", s.ImportanceLabel)

	// Steps in journey order with the step scores of the whole process,
	// and the importance and quadrant of the priorities.
	require.Len(t, s.Steps, len(onboardingSteps))
	all := d.Processes[0].Scores.All.Steps
	pr := d.Processes[0].Priority
	require.NotNil(t, pr)
	for i, want := range onboardingSteps {
		got := s.Steps[i]
		assert.Equal(t, want.label, got.Label)
		assert.Equal(t, want.phase, got.Phase)
		assert.Equal(t, want.channel, got.Channel)
		r := all[i].Satisfaction
		require.NotNil(t, r)
		assert.Equal(t, []float64{r.Mean, r.Lo, r.Hi}, []float64{got.Value, got.Lo, got.Hi}, want.label)
		ps := pr.Steps[i]
		require.Equal(t, want.label, ps.Label)
		assert.Equal(t, []float64{float64(ps.Importance), float64(ps.ImportanceLo), float64(ps.ImportanceHi)},
			[]float64{got.Importance, got.ImportanceLo, got.ImportanceHi}, want.label)
		assert.Equal(t, ps.Quadrant, got.Quadrant, want.label)
	}
	// testdata/onboarding/TRUTH.md: the application form is to fix first,
	// the confirmation mail possible overkill.
	assert.Equal(t, chart.FixFirst, s.Steps[1].Quadrant)
	assert.Equal(t, chart.Overkill, s.Steps[2].Quadrant)
	assert.Equal(t, []string{"Application form"}, d.Processes[0].fixFirst())

	// The quadrant: a point per step with a quadrant, at its importance
	// and performance, split where the priorities split.
	require.Len(t, s.Quadrant, len(onboardingSteps))
	for i, q := range s.Quadrant {
		ps := pr.Steps[i]
		assert.Equal(t, chart.Point{Label: ps.Label, X: float64(ps.Importance), Y: float64(ps.Performance),
			XLo: float64(ps.ImportanceLo), XHi: float64(ps.ImportanceHi),
			YLo: float64(ps.PerformanceLo), YHi: float64(ps.PerformanceHi), Quadrant: ps.Quadrant}, q)
	}
	assert.Equal(t, float64(pr.Splits.Importance), s.ImportanceSplit)
	assert.Equal(t, float64(pr.Splits.Performance), s.PerformanceSplit)

	// The ideas: effort across, impact up.
	require.Len(t, s.Ideas, len(pr.Ideas))
	for i, p := range s.Ideas {
		idea := pr.Ideas[i]
		assert.Equal(t, idea.Idea, p.Label)
		assert.Equal(t, []float64{float64(idea.Effort), float64(idea.Impact), float64(idea.ImpactLo), float64(idea.ImpactHi)},
			[]float64{p.X, p.Y, p.YLo, p.YHi})
	}
	assert.Equal(t, float64(pr.Splits.Effort), s.EffortSplit)
	assert.Equal(t, float64(pr.Splits.Impact), s.ImpactSplit)

	// Changes: the steps between the two waves, in journey order, from
	// the report's changes.
	assert.Equal(t, "2026-Q1 → 2026-Q2", s.Waves)
	require.Len(t, s.Changes, len(onboardingSteps))
	var steps []journey.Change
	for _, c := range d.Processes[0].Scores.Changes {
		if c.KPI == "step" {
			steps = append(steps, c)
		}
	}
	for i, c := range s.Changes {
		assert.Equal(t, onboardingSteps[i].label, c.Label)
		assert.Equal(t, []float64{steps[i].Before, steps[i].After, steps[i].Diff, steps[i].Lo, steps[i].Hi},
			[]float64{c.Before, c.After, c.Diff, c.Lo, c.Hi})
		assert.Equal(t, steps[i].Significant, c.Significant)
	}
	// testdata/onboarding/TRUTH.md: the application form improves in wave 2.
	assert.True(t, s.Changes[1].Significant)
	assert.Greater(t, s.Changes[1].Diff, 0.0)

	// A set per segment, with the segment's step means.
	require.Len(t, pc.segments, 2)
	for k, seg := range pc.segments {
		g := d.Processes[0].Scores.Segments[k]
		assert.Equal(t, g.Label, seg.label)
		assert.Equal(t, "onboarding-segment-"+g.Label, seg.set.ID)
		assert.Equal(t, "Becoming a customer, segment "+g.Label, seg.set.Options.Subject)
		require.Len(t, seg.set.Steps, len(onboardingSteps))
		for i, st := range seg.set.Steps {
			assert.Equal(t, onboardingSteps[i].label, st.Label)
			assert.Equal(t, g.Steps[i].Satisfaction.Mean, st.Value)
		}
		assert.Empty(t, seg.set.Changes)
	}
}

func TestChartSetsDutch(t *testing.T) {
	nl, err := i18n.Get("nl")
	require.NoError(t, err)
	sets := loadDoc(t, "repair", scoresOnly).chartSets(nl)
	require.Len(t, sets, 1)
	s := sets[0].process
	assert.Equal(t, "gemiddelde tevredenheid (1-10)", s.Options.ValueLabel)
	assert.Empty(t, s.ImportanceLabel, "no importance without drivers and priorities")
	assert.Empty(t, s.Quadrant)
	assert.Empty(t, s.Ideas)
	for _, st := range s.Steps {
		assert.True(t, math.IsNaN(st.Importance), st.Label)
		assert.Empty(t, st.Quadrant)
	}
	require.NotEmpty(t, sets[0].segments)
	assert.Equal(t, "Getting a repair, segment private", sets[0].segments[0].set.Options.Subject)
}

// TestChartOptionsMixedScales: steps on different scales share no axis.
func TestChartOptionsMixedScales(t *testing.T) {
	p := &Process{Process: "p", Journey: []Step{
		{Step: "a", Scale: survey.Scale{Min: 1, Max: 5}},
		{Step: "b", Scale: survey.Scale{Min: 1, Max: 10}},
	}}
	o := p.chartOptions(i18n.English(), "P")
	assert.Equal(t, chart.Options{Subject: "P", ValueLabel: "mean satisfaction"}, o)
}

// svgShape is what the journey-map tests read from an SVG: texts with
// their position and the paths, in the plot's coordinates (points from the
// bottom left corner: the SVG flips its y axis, and each text back).
type svgShape struct {
	texts []svgText
	paths []string
}

type svgText struct {
	x, y    float64
	content string
}

// readSVG parses an SVG strictly with encoding/xml.
func readSVG(t testing.TB, b []byte) svgShape {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = true
	var s svgShape
	var cur *svgText
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err, "SVG is well-formed XML")
		switch tok := tok.(type) {
		case xml.StartElement:
			attr := func(name string) string {
				for _, a := range tok.Attr {
					if a.Name.Local == name {
						return a.Value
					}
				}
				return ""
			}
			switch tok.Name.Local {
			case "text":
				x, err := strconv.ParseFloat(attr("x"), 64)
				require.NoError(t, err)
				y, err := strconv.ParseFloat(attr("y"), 64)
				require.NoError(t, err)
				if strings.Contains(attr("transform"), "scale(1, -1)") {
					y = -y
				}
				s.texts = append(s.texts, svgText{x: x, y: y})
				cur = &s.texts[len(s.texts)-1]
			case "path":
				s.paths = append(s.paths, attr("d"))
			}
		case xml.CharData:
			if cur != nil {
				cur.content += string(tok)
			}
		case xml.EndElement:
			cur = nil
		}
	}
	return s
}

func (s svgShape) find(content string) []svgText {
	var out []svgText
	for _, t := range s.texts {
		if t.content == content {
			out = append(out, t)
		}
	}
	return out
}

var number = regexp.MustCompile(`-?[0-9.]+(?:e[-+]?[0-9]+)?`)

func numbers(t testing.TB, d string) []float64 {
	var out []float64
	for _, m := range number.FindAllString(d, -1) {
		v, err := strconv.ParseFloat(m, 64)
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

// circle reads a circle path as the charts draw it, "M cx+r,cy A r,r ...".
func circle(t testing.TB, d string) (cx, cy, r float64, ok bool) {
	if !strings.HasPrefix(d, "M") || !strings.Contains(d, "A") || strings.Contains(d, "L") {
		return 0, 0, 0, false
	}
	n := numbers(t, d)
	if len(n) < 3 {
		return 0, 0, 0, false
	}
	return n[0] - n[2], n[1], n[2], true
}

// rectangle reads a closed path of four straight lines as its x range.
func rectangle(t testing.TB, d string) (lo, hi float64, ok bool) {
	if !strings.HasPrefix(d, "M") || strings.Count(d, "L") != 3 || strings.Contains(d, "A") {
		return 0, 0, false
	}
	n := numbers(t, d)
	if len(n) < 8 {
		return 0, 0, false
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	for i := 0; i+1 < len(n); i += 2 {
		lo, hi = math.Min(lo, n[i]), math.Max(hi, n[i])
	}
	return lo, hi, hi > lo
}

type marker struct{ cx, cy, r float64 }

// journeyMapMarkers renders the journey map of set s as SVG and returns
// its markers from left to right, and the parsed SVG. The markers are the
// circles below the phase names (the legend's circles are above them);
// each is drawn twice, filled and outlined, and counted once.
func journeyMapMarkers(t *testing.T, l *i18n.Lang, s chart.Set) ([]marker, svgShape) {
	t.Helper()
	charts, err := s.Charts(l)
	require.NoError(t, err)
	var svg []byte
	for _, ch := range charts {
		if ch.Name == "journey-map" {
			var b bytes.Buffer
			require.NoError(t, chart.Write(&b, ch.Plot, "svg", ch.Width, ch.Height))
			svg = b.Bytes()
		}
	}
	require.NotNil(t, svg, "a journey map")
	doc := readSVG(t, svg)
	phaseY := math.Inf(1)
	for _, st := range s.Steps {
		for _, f := range doc.find(st.Phase) {
			phaseY = math.Min(phaseY, f.y)
		}
	}
	require.False(t, math.IsInf(phaseY, 0), "phase names drawn")
	var ms []marker
	seen := map[marker]bool{}
	for _, d := range doc.paths {
		if cx, cy, r, ok := circle(t, d); ok && cy < phaseY && !seen[marker{cx, cy, r}] {
			seen[marker{cx, cy, r}] = true
			ms = append(ms, marker{cx, cy, r})
		}
	}
	sort.Slice(ms, func(a, b int) bool { return ms[a].cx < ms[b].cx })
	return ms, doc
}

// TestJourneyMapFromReport renders the journey map of the onboarding
// report and checks it against the study: a marker per step from left to
// right in journey order (its height follows the step's mean), the phases
// as bands over exactly their steps, each named over its band, and the
// marker sizes: by the steps' importance when the report has priorities,
// of one size when it has none.
func TestJourneyMapFromReport(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts Options
	}{{"importance", fast}, {"no importance", scoresOnly}} {
		t.Run(tc.name, func(t *testing.T) {
			d := loadDoc(t, "onboarding", tc.opts)
			s := d.chartSets(i18n.English())[0].process
			ms, doc := journeyMapMarkers(t, i18n.English(), s)
			checkJourneyMap(t, s, ms, doc)
			if tc.opts.Priority.Skip {
				require.False(t, hasImportance(s.Steps))
				for i, m := range ms {
					assert.InDelta(t, float64(chart.UnknownMarkerRadius), m.r, 1e-3, "marker %d: one size without importance", i)
				}
				assert.Empty(t, doc.find("marker area: importance"), "no size legend without importance")
				assert.Empty(t, doc.find("fix first"))
				return
			}
			require.True(t, hasImportance(s.Steps))
			checkMarkerSizes(t, s.Steps, ms)
			// testdata/onboarding/TRUTH.md: the application form is the
			// largest driver, so it has the largest marker.
			for i, m := range ms {
				if i != 1 {
					assert.Greater(t, ms[1].r, m.r, "Application form's marker larger than %s's", s.Steps[i].Label)
				}
			}
			assert.Len(t, doc.find("marker area: importance"), 1)
			assert.Len(t, doc.find("fix first"), 1, "the quadrant in the legend")
		})
	}
}

// checkJourneyMap checks the step order and the phase bands of the
// journey map of the onboarding study.
func checkJourneyMap(t *testing.T, s chart.Set, ms []marker, doc svgShape) {
	t.Helper()
	require.Len(t, ms, len(onboardingSteps))

	// Step order: the markers, left to right, sit at heights that are one
	// increasing linear function of the steps' means in journey order.
	means := make([]float64, len(s.Steps))
	for i, st := range s.Steps {
		means[i] = st.Value
	}
	slope := (ms[0].cy - ms[1].cy) / (means[0] - means[1])
	assert.Greater(t, slope, 0.0)
	for i := range ms {
		want := ms[0].cy + slope*(means[i]-means[0])
		assert.InDelta(t, want, ms[i].cy, 0.02, "marker %d is %s", i, s.Steps[i].Label)
	}
	for i := 1; i < len(ms); i++ {
		assert.InDelta(t, ms[1].cx-ms[0].cx, ms[i].cx-ms[i-1].cx, 0.02, "equal columns")
	}

	// Phase bands: orientation over step 1, customer phase over steps 2-5,
	// closure over step 6; each a rectangle containing exactly its steps'
	// markers, with the phase's name over it.
	runs := []struct {
		phase    string
		from, to int
	}{{"orientation", 0, 0}, {"customer phase", 1, 4}, {"closure", 5, 5}}
	for _, run := range runs {
		var band [2]float64
		found := false
		for _, p := range doc.paths {
			lo, hi, ok := rectangle(t, p)
			if !ok {
				continue
			}
			inside := true
			for i, m := range ms {
				if (lo < m.cx && m.cx < hi) != (run.from <= i && i <= run.to) {
					inside = false
				}
			}
			if inside {
				band, found = [2]float64{lo, hi}, true
				break
			}
		}
		require.True(t, found, "a band over exactly the steps of %s", run.phase)
		colW := ms[1].cx - ms[0].cx
		assert.InDelta(t, ms[run.from].cx-colW/2, band[0], 0.05, "band %s starts half a column before its first step", run.phase)
		assert.InDelta(t, ms[run.to].cx+colW/2, band[1], 0.05, "band %s ends half a column after its last step", run.phase)
		names := doc.find(run.phase)
		require.Len(t, names, 1, run.phase)
		assert.True(t, band[0] < names[0].x && names[0].x < band[1], "%s named over its band", run.phase)
		for _, m := range ms {
			assert.Greater(t, names[0].y, m.cy+20, "%s named above the map", run.phase)
		}
	}
	// The channels, in a row under the map.
	for _, want := range []string{"web", "mail", "app", "delivery"} {
		assert.NotEmpty(t, doc.find(want), want)
	}
}

// checkMarkerSizes checks the markers' radii against chart.MarkerRadius:
// r = MaxMarkerRadius·√(importance / largest importance), so that the
// area is proportional to the importance.
func checkMarkerSizes(t *testing.T, steps []chart.StepValue, ms []marker) {
	t.Helper()
	maxImp := 0.0
	for _, s := range steps {
		if !math.IsNaN(s.Importance) {
			maxImp = math.Max(maxImp, s.Importance)
		}
	}
	for i, s := range steps {
		assert.InDelta(t, float64(chart.MarkerRadius(s.Importance, maxImp)), ms[i].r, 1e-3, s.Label)
		for j, o := range steps {
			if s.Importance > o.Importance && o.Importance > 0 {
				assert.Greater(t, ms[i].r, ms[j].r, "%s more important than %s", s.Label, o.Label)
			}
		}
	}
}

func TestWriteCharts(t *testing.T) {
	d := loadDoc(t, "onboarding", fast)
	dir := filepath.Join(t.TempDir(), "charts")
	var calls [][2]int
	files, err := d.WriteCharts(dir, i18n.English(), []string{"svg"}, func(done, total int) {
		calls = append(calls, [2]int{done, total})
	})
	require.NoError(t, err)
	var names []string
	for _, f := range files {
		assert.Equal(t, dir, filepath.Dir(f))
		names = append(names, filepath.Base(f))
		info, err := os.Stat(f)
		require.NoError(t, err)
		assert.Positive(t, info.Size())
	}
	assert.Equal(t, []string{
		"onboarding-steps.svg", "onboarding-importance.svg", "onboarding-journey-map.svg",
		"onboarding-quadrant.svg", "onboarding-impact-effort.svg", "onboarding-changes.svg",
		"onboarding-segment-starter-steps.svg", "onboarding-segment-starter-journey-map.svg",
		"onboarding-segment-switcher-steps.svg", "onboarding-segment-switcher-journey-map.svg",
	}, names)
	assert.Equal(t, [][2]int{{1, 3}, {2, 3}, {3, 3}}, calls)
	b, err := os.ReadFile(filepath.Join(dir, "onboarding-journey-map.svg"))
	require.NoError(t, err)
	assert.Contains(t, string(b), "<title>Journey map: Becoming a customer</title>")
}

// TestWriteChartsSameNames: a segment whose file names would be those of
// another set is an error before anything is written.
func TestWriteChartsSameNames(t *testing.T) {
	d := loadDoc(t, "onboarding", scoresOnly)
	ps := *d.Processes[0].Scores
	ps.Segments = append([]journey.GroupKPIs(nil), ps.Segments...)
	ps.Segments[1].Label = "Starter!" // the same stem as "starter"
	d.Processes[0].Scores = &ps
	dir := filepath.Join(t.TempDir(), "charts")
	files, err := d.WriteCharts(dir, i18n.English(), nil, nil)
	require.ErrorIs(t, err, chart.ErrID)
	assert.ErrorContains(t, err, `"onboarding-segment-Starter!"`)
	assert.Empty(t, files)
	_, err = os.Stat(dir)
	assert.True(t, os.IsNotExist(err), "nothing written")
}

// TestSegmentJourneyMaps: with the driver analysis, each segment's journey
// map sizes its markers by the steps' shares of R² in that segment.
func TestSegmentJourneyMaps(t *testing.T) {
	d := loadDoc(t, "onboarding", withDrivers)
	require.NotNil(t, d.Processes[0].Drivers)
	segs := d.chartSets(i18n.English())[0].segments
	require.Len(t, segs, 2)
	for k, seg := range segs {
		gd := d.Processes[0].Drivers.Segments[k]
		require.Equal(t, seg.label, gd.Label)
		for i, st := range seg.set.Steps {
			require.Equal(t, onboardingSteps[i].label, st.Label)
			assert.Equal(t, gd.Steps[i].Share.Value, st.Importance, "%s %s", seg.label, st.Label)
			assert.Empty(t, st.Quadrant)
		}
		ms, doc := journeyMapMarkers(t, i18n.English(), seg.set)
		checkJourneyMap(t, seg.set, ms, doc)
		checkMarkerSizes(t, seg.set.Steps, ms)
	}
	// testdata/onboarding/TRUTH.md: account activation weighs 0.15 for
	// starters and 0.4 for switchers, the application form 0.65 and 0.45:
	// against the form, activation's marker is larger for switchers.
	ratio := func(s chart.Set) float64 { return s.Steps[3].Importance / s.Steps[1].Importance }
	require.Equal(t, "starter", segs[0].label)
	assert.Greater(t, ratio(segs[1].set), ratio(segs[0].set))
}
