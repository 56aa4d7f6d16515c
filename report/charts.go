package report

import (
	"fmt"
	"math"
	"sort"

	"github.com/touchpoint-cx/touchpoint/internal/chart"
	"github.com/touchpoint-cx/touchpoint/internal/i18n"
	"github.com/touchpoint-cx/touchpoint/journey"
	"github.com/touchpoint-cx/touchpoint/priority"
)

// This file turns the report document into the inputs of package
// internal/chart: the one place where the report's figures become charts,
// for the HTML report and for WriteCharts alike.

// processCharts are the chart inputs of one process: the set of the whole
// process and one set per segment (whose charts are the segment's journey
// map and step scores).
type processCharts struct {
	process  chart.Set
	segments []segmentSet
}

// segmentSet is the chart input of one segment of a process.
type segmentSet struct {
	label string
	set   chart.Set
}

// chartSets returns the chart inputs of every process of the report, in
// the report's order, with texts in language l.
//
// A process's set has its steps in journey order, each with its mean
// satisfaction and interval, phase and channel, and with its importance
// and quadrant where the report has them (see stepDrivers); the value
// axis spans the steps' scale when all steps share one. Its changes are
// those of the step means between the last two waves compared (one unit,
// the step scale, on one axis; the KPIs, in NPS points, means and shares,
// stay in the tables). Its quadrant and ideas come from the priorities
// (see quadrantPoints and ideaPoints). Each segment gets a set
// "PROCESS-segment-LABEL" with the segment's step means and, where the
// driver analysis has the segment, each step's share of R² in it.
func (d *Doc) chartSets(l *i18n.Lang) []processCharts {
	out := make([]processCharts, 0, len(d.Processes))
	for i := range d.Processes {
		p := &d.Processes[i]
		pc := processCharts{process: chart.Set{ID: p.Process, Options: p.chartOptions(l, p.subject())}}
		if p.Scores == nil {
			out = append(out, pc)
			continue
		}
		pc.process.Steps = p.stepValues(&p.Scores.All, true)
		pc.process.Changes, pc.process.Waves = p.stepChanges()
		if hasImportance(pc.process.Steps) {
			pc.process.ImportanceLabel = l.T("map.axis_importance")
		}
		pc.process.Quadrant, pc.process.ImportanceSplit, pc.process.PerformanceSplit = p.quadrantPoints()
		pc.process.Ideas, pc.process.EffortSplit, pc.process.ImpactSplit = p.ideaPoints()
		for _, g := range p.Scores.Segments {
			pc.segments = append(pc.segments, segmentSet{label: g.Label, set: chart.Set{
				ID:      p.Process + "-segment-" + g.Label,
				Options: p.chartOptions(l, l.T("map.subject_segment", p.subject(), g.Label)),
				Steps:   p.segmentSteps(&g),
			}})
		}
		out = append(out, pc)
	}
	return out
}

// chartFiles returns the sets of charts of the report in language l, in
// the order WriteCharts writes them: per process its own set, then one per
// segment.
func (d *Doc) chartFiles(l *i18n.Lang) []chart.Set {
	var sets []chart.Set
	for _, pc := range d.chartSets(l) {
		sets = append(sets, pc.process)
		for _, s := range pc.segments {
			sets = append(sets, s.set)
		}
	}
	return sets
}

// WriteCharts writes the report's charts into dir (made if missing) in the
// formats given ("svg", "png"; nil for both), in language l, under the
// stable names of package internal/chart: PROCESS-NAME.FORMAT for the
// charts of a process (NAME steps, importance, journey-map, quadrant,
// impact-effort or changes, as far as the report has their data) and
// PROCESS-segment-SEGMENT-NAME.FORMAT for the journey map, step scores
// and (with the driver analysis) importance of each segment, such as onboarding-journey-map.svg and
// onboarding-segment-starter-journey-map.png; names are in lower case with
// other characters than letters and digits turned into hyphens.
//
// It returns the paths written, in order. progress, when not nil, is
// called after each process or segment with the number done and the total.
// Two sets whose names come out the same are an error wrapping
// chart.ErrID, reported before anything is written.
func (d *Doc) WriteCharts(dir string, l *i18n.Lang, formats []string, progress func(done, total int)) ([]string, error) {
	sets := d.chartFiles(l)
	seen := map[string]string{}
	for _, s := range sets {
		stem := chart.FileStem(s.ID)
		if prev, ok := seen[stem]; ok || stem == "" {
			return nil, fmt.Errorf("report: charts of %q and %q would share the file names %s-*: %w", prev, s.ID, stem, chart.ErrID)
		}
		seen[stem] = s.ID
	}
	var files []string
	for i, s := range sets {
		written, err := chart.WriteDir(dir, l, []chart.Set{s}, formats)
		files = append(files, written...)
		if err != nil {
			return files, err
		}
		if progress != nil {
			progress(i+1, len(sets))
		}
	}
	return files, nil
}

// processSections returns the sections of the report that belong to
// process i, as Doc.Sections lays them out: the process with its journey,
// scores, segments, waves and drivers, then its priorities.
func (d *Doc) processSections(f fmtr, i int) []Section {
	p := &d.Processes[i]
	return append(p.sections(f), p.prioritySections(f, d)...)
}

// chartSections maps the charts of process p to the titles of the
// sections of own (the process's sections) that they illustrate: "steps"
// with the scores, "changes" with the waves, "segments" (the segments'
// journey maps) with the segments, "importance" with the drivers (with
// the priorities when the report has no drivers), "quadrant" and
// "impact-effort" with the priorities. A chart whose
// section is absent follows the process's last section.
func chartSections(f fmtr, p *Process, own []Section) map[string]string {
	where := map[string]string{}
	has := map[string]bool{}
	for _, s := range own {
		has[s.Title] = true
	}
	put := func(name, title string) {
		if has[title] {
			where[name] = title
		}
	}
	if ps := p.Scores; ps != nil {
		put("steps", f.t("scores.title", ps.Label))
		put("segments", f.t("segments.title", ps.Label))
		put("changes", f.t("waves.title", ps.Label))
	}
	for _, s := range own {
		// The priorities' section is the one with the steps' quadrants.
		for _, t := range s.Tables {
			if t.Title == f.t("priority.steps.title") {
				put("importance", s.Title)
				put("quadrant", s.Title)
				put("impact-effort", s.Title)
			}
		}
	}
	if ds := p.driverSections(f); len(ds) > 0 {
		put("importance", ds[0].Title)
	}
	return where
}

// subject names the process in chart titles: its label, else its id.
func (p *Process) subject() string {
	if p.Label != "" {
		return p.Label
	}
	return p.Process
}

// chartOptions are the options of the score charts of the process: the
// subject, and the value axis fixed to the steps' scale when all steps
// share one.
func (p *Process) chartOptions(l *i18n.Lang, subject string) chart.Options {
	o := chart.Options{Subject: subject, ValueLabel: l.T("map.axis_mean")}
	if len(p.Journey) == 0 {
		return o
	}
	sc := p.Journey[0].Scale
	for _, s := range p.Journey[1:] {
		if s.Scale != sc {
			return o
		}
	}
	if !sc.IsZero() && sc.Min < sc.Max {
		o.Min, o.Max = sc.Min, sc.Max
		o.ValueLabel = l.T("map.axis_mean_scale", l.Number(sc.Min, 0)+"-"+l.Number(sc.Max, 0))
	}
	return o
}

// stepValues returns the steps of group k in journey order as the charts
// take them: label, phase and channel from the journey, the mean
// satisfaction with its interval (NaN when the group has no score for the
// step), and, when withDrivers, the importance and quadrant from
// stepDrivers. Without them, Importance is NaN, so that every marker of the
// journey map has the same size, and the quadrant is "".
func (p *Process) stepValues(k *journey.KPIs, withDrivers bool) []chart.StepValue {
	nan := math.NaN()
	byID := make(map[string]*journey.StepScore, len(k.Steps))
	for i := range k.Steps {
		byID[k.Steps[i].Step] = &k.Steps[i]
	}
	var drivers []stepDriver
	if withDrivers {
		drivers = p.stepDrivers()
	}
	out := make([]chart.StepValue, len(p.Journey))
	for i, st := range p.Journey {
		label := st.Label
		if label == "" {
			label = st.Step
		}
		v := chart.StepValue{Label: label, Phase: st.Phase, Channel: st.Channel,
			Value: nan, Lo: nan, Hi: nan, Importance: nan, ImportanceLo: nan, ImportanceHi: nan}
		if s := byID[st.Step]; s != nil && s.Satisfaction != nil {
			r := s.Satisfaction
			v.Value, v.Lo, v.Hi = r.Mean, r.Lo, r.Hi
		}
		if i < len(drivers) {
			dr := drivers[i]
			v.Importance, v.ImportanceLo, v.ImportanceHi, v.Quadrant = dr.importance, dr.lo, dr.hi, dr.quadrant
		}
		out[i] = v
	}
	return out
}

// segmentSteps returns the steps of segment g as stepValues does, with
// each step's share of R² in the segment's driver analysis when the
// report has one (no quadrant: the quadrants are those of the whole
// process).
func (p *Process) segmentSteps(g *journey.GroupKPIs) []chart.StepValue {
	steps := p.stepValues(&g.KPIs, false)
	if p.Drivers == nil {
		return steps
	}
	for _, gd := range p.Drivers.Segments {
		if gd.Label != g.Label {
			continue
		}
		share := map[string]journey.Estimate{}
		for _, s := range gd.Steps {
			share[s.Step] = s.Share
		}
		for i, st := range p.Journey {
			if e, ok := share[st.Step]; ok && finite(e.Value) {
				steps[i].Importance = e.Value
				if finite(e.Lo) && finite(e.Hi) && e.Lo <= e.Hi {
					steps[i].ImportanceLo, steps[i].ImportanceHi = e.Lo, e.Hi
				}
			}
		}
	}
	return steps
}

// stepDriver is a step's importance with its interval and its
// importance-performance quadrant (chart.FixFirst, ...; "" when unknown).
type stepDriver struct {
	importance, lo, hi float64
	quadrant           string
}

// stepDrivers returns, per step of the journey in order, the step's
// importance and quadrant as the report has them: from the priorities, the
// step's share of R² (lmg) with its bootstrap interval and its quadrant;
// else from the driver analysis, the step's share of R² with its interval
// and no quadrant; else nil, and the journey map draws markers of one
// size without quadrant colours. A step the analysis left out has NaN.
func (p *Process) stepDrivers() []stepDriver {
	nan := math.NaN()
	out := make([]stepDriver, len(p.Journey))
	for i := range out {
		out[i] = stepDriver{importance: nan, lo: nan, hi: nan}
	}
	switch {
	case p.Priority != nil:
		byID := map[string]*priority.Step{}
		for i := range p.Priority.Steps {
			byID[p.Priority.Steps[i].Step] = &p.Priority.Steps[i]
		}
		for i, st := range p.Journey {
			if s := byID[st.Step]; s != nil && s.Analysed {
				out[i] = stepDriver{float64(s.Importance), float64(s.ImportanceLo), float64(s.ImportanceHi), s.Quadrant}
			}
		}
	case p.Drivers != nil:
		byID := map[string]*journey.StepDriver{}
		for i := range p.Drivers.Steps {
			byID[p.Drivers.Steps[i].Step] = &p.Drivers.Steps[i]
		}
		for i, st := range p.Journey {
			if s := byID[st.Step]; s != nil {
				out[i] = stepDriver{importance: s.Share.Value, lo: s.Share.Lo, hi: s.Share.Hi}
			}
		}
	default:
		return nil
	}
	for i := range out {
		if math.IsInf(out[i].importance, 0) {
			out[i].importance = nan
		}
		if !(out[i].lo <= out[i].hi) || math.IsInf(out[i].lo, 0) || math.IsInf(out[i].hi, 0) {
			out[i].lo, out[i].hi = nan, nan
		}
	}
	return out
}

// quadrantPoints returns the steps the priorities placed in a quadrant, as
// points of the importance-performance chart (importance across,
// performance up, with their intervals), and the splits; nil without
// priorities.
func (p *Process) quadrantPoints() (pts []chart.Point, importance, performance float64) {
	pr := p.Priority
	if pr == nil {
		return nil, 0, 0
	}
	for _, s := range pr.Steps {
		x, y := float64(s.Importance), float64(s.Performance)
		if !s.Analysed || s.Quadrant == "" || !finite(x) || !finite(y) {
			continue
		}
		label := s.Label
		if label == "" {
			label = s.Step
		}
		pts = append(pts, chart.Point{Label: label, X: x, Y: y,
			XLo: float64(s.ImportanceLo), XHi: float64(s.ImportanceHi),
			YLo: float64(s.PerformanceLo), YHi: float64(s.PerformanceHi), Quadrant: s.Quadrant})
	}
	return pts, float64(pr.Splits.Importance), float64(pr.Splits.Performance)
}

// ideaPoints returns the improvement ideas of the priorities as points of
// the impact-effort matrix (effort across, expected impact up with its
// interval), and the splits; ideas without a finite impact or effort are
// left out.
func (p *Process) ideaPoints() (pts []chart.Point, effort, impact float64) {
	pr := p.Priority
	if pr == nil {
		return nil, 0, 0
	}
	for _, idea := range pr.Ideas {
		x, y := float64(idea.Effort), float64(idea.Impact)
		if !finite(x) || !finite(y) {
			continue
		}
		pts = append(pts, chart.Point{Label: idea.Idea, X: x, Y: y, XLo: math.NaN(), XHi: math.NaN(),
			YLo: float64(idea.ImpactLo), YHi: float64(idea.ImpactHi)})
	}
	return pts, float64(pr.Splits.Effort), float64(pr.Splits.Impact)
}

// fixFirst returns the labels of the steps the priorities put in the
// quadrant "fix first", in their rank order; nil without priorities.
func (p *Process) fixFirst() []string {
	if p.Priority == nil {
		return nil
	}
	var steps []priority.Step
	for _, s := range p.Priority.Steps {
		if s.Quadrant == priority.FixFirst {
			steps = append(steps, s)
		}
	}
	sort.SliceStable(steps, func(a, b int) bool { return steps[a].QuadrantRank < steps[b].QuadrantRank })
	out := make([]string, len(steps))
	for i, s := range steps {
		out[i] = s.Label
		if s.Label == "" {
			out[i] = s.Step
		}
	}
	return out
}

// quickWins returns the ideas the priorities put in cell 1 of the
// impact-effort matrix (much impact, little effort), best impact per unit
// of effort first; nil without priorities.
func (p *Process) quickWins() []string {
	if p.Priority == nil {
		return nil
	}
	var ideas []priority.Idea
	for _, idea := range p.Priority.Ideas {
		if idea.Cell == 1 {
			ideas = append(ideas, idea)
		}
	}
	sort.SliceStable(ideas, func(a, b int) bool { return ideas[a].Rank < ideas[b].Rank })
	out := make([]string, len(ideas))
	for i, idea := range ideas {
		out[i] = idea.Idea
	}
	return out
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// stepChanges returns the changes of the step means between the last two
// waves compared, in journey order, and the waves as "FROM → TO".
func (p *Process) stepChanges() ([]chart.Change, string) {
	ps := p.Scores
	if ps == nil || len(ps.Changes) == 0 {
		return nil, ""
	}
	last := ps.Changes[len(ps.Changes)-1]
	labels := map[string]string{}
	for _, s := range p.Journey {
		labels[s.Step] = s.Label
	}
	var out []chart.Change
	for _, c := range ps.Changes {
		if c.KPI != "step" || c.From != last.From || c.To != last.To || math.IsNaN(c.Diff) {
			continue
		}
		label := labels[c.Step]
		if label == "" {
			label = c.Step
		}
		out = append(out, chart.Change{Label: label, Before: c.Before, After: c.After,
			Diff: c.Diff, Lo: c.Lo, Hi: c.Hi, Significant: c.Significant})
	}
	return out, last.From + " → " + last.To
}

// hasImportance reports whether any step of the set has an importance, so
// that the journey map's marker sizes mean something.
func hasImportance(steps []chart.StepValue) bool {
	for _, s := range steps {
		if !math.IsNaN(s.Importance) && s.Importance != 0 {
			return true
		}
	}
	return false
}
