package report

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/touchpoint-cx/touchpoint/internal/render"
	"github.com/touchpoint-cx/touchpoint/journey"
	"github.com/touchpoint-cx/touchpoint/survey"
)

// DefaultDriverBootstrap is the number of bootstrap replicates of the
// report's driver analysis when DriverOptions.Bootstrap is 0.
const DefaultDriverBootstrap = 100

// DriverOptions configures the driver analysis of the report (see
// [journey.DriversContext]); the zero value analyses overall satisfaction
// with dummy-variable adjustment and DefaultDriverBootstrap replicates
// (seed 0), and links the steps to every business goal.
type DriverOptions struct {
	// Skip leaves the driver analysis out of the report.
	Skip bool
	// Bootstrap is the number of replicates: 0 means
	// DefaultDriverBootstrap, a negative number none (no intervals). The
	// other fields are as in journey.DriverOptions.
	journey.DriverOptions
}

func (o DriverOptions) journey(scores journey.ScoreOptions) journey.DriverOptions {
	j := o.DriverOptions
	switch {
	case j.Bootstrap == 0:
		j.Bootstrap = DefaultDriverBootstrap
	case j.Bootstrap < 0:
		j.Bootstrap = 0
	}
	if j.Level == 0 {
		j.Level = scores.Confidence
	}
	if scores.Unweighted {
		j.Unweighted = true
	}
	return j
}

// addDrivers adds the driver analysis of process p to dp; a process that
// cannot be analysed gets a note instead.
func addDrivers(st *survey.Study, p *survey.Process, dp *Process, opts Options) {
	if opts.Drivers.Skip {
		return
	}
	pd, err := journey.Drivers(st, p, opts.Drivers.journey(opts.Scores))
	if err != nil {
		dp.DriverNotes = append(dp.DriverNotes, err.Error())
		return
	}
	dp.Drivers = pd
}

// addProcessLevel adds the process-level drivers when the study has
// several processes with NPS and overall satisfaction.
func (d *Doc) addProcessLevel(st *survey.Study, opts Options) {
	if opts.Drivers.Skip || len(st.Processes) < 2 {
		return
	}
	jo := opts.Drivers.journey(opts.Scores)
	res, err := journey.ProcessLevel(context.Background(), st, journey.ProcessLevelOptions{
		Bootstrap: jo.Bootstrap, Seed: jo.Seed, Level: jo.Level, BCa: jo.BCa,
		Workers: jo.Workers, Unweighted: jo.Unweighted})
	if err != nil {
		d.ProcessDriverNotes = append(d.ProcessDriverNotes, err.Error())
		return
	}
	d.ProcessDrivers = res
}

func (f fmtr) est(e journey.Estimate, dec int) string { return f.num(e.Value, dec) }

func (f fmtr) estCI(e journey.Estimate, dec int) string { return f.ci(e.Lo, e.Hi, dec) }

func (f fmtr) signed(v float64, dec int) string { return f.l.Signed(v, dec) }

func (f fmtr) share(e journey.Estimate) string { return f.pct(100 * e.Value) }

func (f fmtr) outcomeName(name string) string {
	switch name {
	case survey.Overall, survey.NPS, survey.CES, survey.CSAT:
		return f.t("kpi." + name)
	}
	return name
}

// driverSections lays out the driver analysis of a process: the driver
// table, passing effects and phases; segments and waves; business goals.
func (p *Process) driverSections(f fmtr) []Section {
	if p.Drivers == nil {
		if len(p.DriverNotes) == 0 {
			return nil
		}
		s := Section{Title: f.t("drivers.title", p.subjectLabel())}
		for _, n := range p.DriverNotes {
			s.Lines = append(s.Lines, f.t("drivers.error", n))
		}
		return []Section{s}
	}
	pd := p.Drivers
	labels := map[string]string{}
	for _, s := range pd.Steps {
		labels[s.Step] = s.Label
	}
	label := func(id string) string {
		if l := labels[id]; l != "" {
			return l
		}
		return id
	}
	s := Section{Title: f.t("drivers.title", p.subjectLabel())}
	s.Lines = append(s.Lines, f.t("drivers.outcome", f.outcomeName(pd.Outcome), f.t("drivers.model."+pd.Model),
		f.num(pd.R2.Value, 3), f.estCI(pd.R2, 3), f.int(pd.N), f.int(pd.Respondents)))
	if len(pd.Excluded) > 0 {
		var parts []string
		for _, e := range pd.Excluded {
			parts = append(parts, f.t("drivers.reason."+strings.ReplaceAll(e.Reason, " ", "_"))+": "+f.int(e.N))
		}
		s.Lines = append(s.Lines, f.t("drivers.excluded", strings.Join(parts, "; ")))
	}
	s.Lines = append(s.Lines, f.t("drivers.missing."+pd.Missing.String()))
	if b := pd.Bootstrap; b != nil {
		s.Lines = append(s.Lines, f.t("drivers.bootstrap", f.t("drivers.method."+b.Method), f.pct(100*b.Level),
			f.int(b.B), strconv.FormatUint(b.Seed, 10)))
		if b.Failed > 0 {
			s.Lines = append(s.Lines, f.t("drivers.bootstrap_failed", f.int(b.Failed)))
		}
	} else {
		s.Lines = append(s.Lines, f.t("drivers.no_bootstrap"))
	}
	linear := pd.Model == "linear"
	t := &render.Table{
		Title: f.t("drivers.table"),
		Columns: []string{f.t("col.step"), f.t("col.phase"), f.t("drivers.col.importance"), f.t("col.ci95"),
			f.t("drivers.col.share"), f.t("drivers.col.rank"), f.t("drivers.col.sign"), f.t("drivers.col.coef"),
			f.t("col.ci95"), f.t("drivers.col.performance"), f.t("drivers.col.passed")},
		Align: []render.Align{render.Left, render.Left, render.Right, render.Right, render.Right, render.Right,
			render.Left, render.Right, render.Right, render.Right, render.Right},
	}
	if !linear {
		t.Columns[2] = f.t("drivers.col.importance_pseudo")
	}
	var negative []string
	for _, st := range pd.Steps {
		sign := "+"
		if st.Sign < 0 {
			sign = "−"
			negative = append(negative, st.Label)
		}
		rank := ""
		if st.Rank > 0 {
			rank = f.int(st.Rank)
		}
		t.AddRow(st.Label, st.Phase, f.est(st.Importance, 3), f.estCI(st.Importance, 3), f.share(st.Share), rank, sign,
			f.signed(st.Coef.Value, 3), f.estCI(st.Coef, 3), f.est(st.Performance, 2), f.int(st.Passed))
	}
	if len(pd.Comparisons) > 0 {
		c := pd.Comparisons[0] // the first step against the second
		t.Notes = append(t.Notes, f.t("drivers.compare", label(c.Step), f.num(c.Ratio.Value, 1), label(c.Other), f.estCI(c.Ratio, 1)))
	}
	for _, n := range negative {
		t.Notes = append(t.Notes, f.t("drivers.negative", n))
	}
	s.Tables = append(s.Tables, t)
	if pd.Missing == journey.MissingDummy {
		pt := &render.Table{
			Title:   f.t("drivers.pass.title"),
			Columns: []string{f.t("col.step"), f.t("drivers.col.effect"), f.t("col.ci95"), f.t("drivers.col.note")},
			Align:   []render.Align{render.Left, render.Right, render.Right, render.Left},
			Notes:   []string{f.t("drivers.pass.explain", f.outcomeName(pd.Outcome))},
		}
		for _, st := range pd.Steps {
			eff, ci, note := "-", "-", ""
			if st.PassEffect != nil {
				eff, ci = f.signed(st.PassEffect.Value, 2), f.estCI(*st.PassEffect, 2)
			}
			switch st.PassNote {
			case "all":
				note = f.t("drivers.pass.all")
			case "aliased":
				var others []string
				for _, id := range st.AliasedWith {
					others = append(others, label(id))
				}
				note = f.t("drivers.pass.aliased", strings.Join(others, ", "))
			}
			pt.AddRow(st.Label, eff, ci, note)
		}
		s.Tables = append(s.Tables, pt)
	}
	if len(pd.Phases) > 0 {
		ph := &render.Table{
			Title:   f.t("drivers.phases"),
			Columns: []string{f.t("col.phase"), f.t("drivers.col.importance"), f.t("col.ci95"), f.t("drivers.col.share"), f.t("drivers.col.steps")},
			Align:   []render.Align{render.Left, render.Right, render.Right, render.Right, render.Left},
		}
		for _, x := range pd.Phases {
			var steps []string
			for _, id := range x.Steps {
				steps = append(steps, label(id))
			}
			ph.AddRow(x.Phase, f.est(x.Importance, 3), f.estCI(x.Importance, 3), f.share(x.Share), strings.Join(steps, ", "))
		}
		s.Tables = append(s.Tables, ph)
	}
	if len(pd.Warnings) > 0 {
		s.Tables = append(s.Tables, &render.Table{Title: f.t("drivers.warnings"), Notes: pd.Warnings})
	}
	out := []Section{s}
	if g := groupDriverSection(f, p.subjectLabel(), pd, label); g != nil {
		out = append(out, *g)
	}
	if len(pd.Goals) > 0 {
		out = append(out, goalSection(f, p.subjectLabel(), pd, label))
	}
	return out
}

// subjectLabel names the process as its section titles do.
func (p *Process) subjectLabel() string {
	if p.Label == "" || p.Label == p.Process {
		return p.Process
	}
	return fmt.Sprintf("%s (%s)", p.Label, p.Process)
}

func groupDriverSection(f fmtr, subject string, pd *journey.ProcessDrivers, label func(string) string) *Section {
	if len(pd.Segments) == 0 && len(pd.Waves) == 0 {
		return nil
	}
	s := Section{Title: f.t("drivers.groups.title", subject)}
	add := func(title, diffTitle string, gs []journey.GroupDrivers, ds []journey.DriverDiff) {
		if len(gs) == 0 {
			return
		}
		t := &render.Table{Title: title, Columns: []string{f.t("col.step")}, Align: []render.Align{render.Left}}
		for _, g := range gs {
			t.Columns = append(t.Columns, g.Label+" "+f.t("drivers.col.share"), g.Label+" "+f.t("drivers.col.performance"))
			t.Align = append(t.Align, render.Right, render.Right)
		}
		for j, st := range gs[0].Steps {
			row := []string{label(st.Step)}
			for _, g := range gs {
				row = append(row, f.share(g.Steps[j].Share), f.est(g.Steps[j].Performance, 2))
			}
			t.AddRow(row...)
		}
		var r2 []string
		for _, g := range gs {
			r2 = append(r2, fmt.Sprintf("%s: R² %s, n %s", g.Label, f.num(g.R2.Value, 3), f.int(g.N)))
		}
		t.Notes = append(t.Notes, strings.Join(r2, "; "))
		s.Tables = append(s.Tables, t)
		if len(ds) == 0 {
			return
		}
		dt := &render.Table{
			Title: diffTitle,
			Columns: []string{f.t("col.from"), f.t("col.to"), f.t("col.step"), f.t("drivers.col.importance_diff"), f.t("col.ci95"),
				f.t("col.significant"), f.t("drivers.col.performance_diff"), f.t("col.ci95"), f.t("col.significant")},
			Align: []render.Align{render.Left, render.Left, render.Left, render.Right, render.Right, render.Left, render.Right, render.Right, render.Left},
		}
		for _, d := range ds {
			dt.AddRow(d.From, d.To, label(d.Step), f.signed(d.Importance.Value, 3), f.estCI(d.Importance, 3), f.yesNo(d.Significant),
				f.signed(d.Performance.Value, 2), f.estCI(d.Performance, 2), f.yesNo(d.PerformanceSignificant))
		}
		if pd.Bootstrap == nil {
			dt.Notes = append(dt.Notes, f.t("drivers.no_bootstrap"))
		}
		s.Tables = append(s.Tables, dt)
	}
	add(f.t("drivers.groups.segments"), f.t("drivers.diffs.segments"), pd.Segments, pd.SegmentDiffs)
	add(f.t("drivers.groups.waves"), f.t("drivers.diffs.waves"), pd.Waves, pd.WaveDiffs)
	return &s
}

func goalSection(f fmtr, subject string, pd *journey.ProcessDrivers, label func(string) string) Section {
	s := Section{Title: f.t("drivers.goals.title", subject)}
	outcome := f.outcomeName(pd.Outcome)
	links := &render.Table{
		Title: f.t("drivers.goals.links"),
		Columns: []string{f.t("drivers.col.goal"), f.t("drivers.col.model"), f.t("col.n"), f.t("drivers.col.fit"),
			f.t("drivers.col.link", outcome), f.t("col.ci95"), f.t("drivers.col.unit")},
		Align: []render.Align{render.Left, render.Left, render.Right, render.Right, render.Right, render.Right, render.Left},
		Notes: []string{f.t("drivers.goals.explain", outcome, outcome)},
	}
	for _, g := range pd.Goals {
		links.AddRow(f.outcomeName(g.Outcome), f.t("drivers.model."+g.Model), f.int(g.N), f.est(g.Fit, 3),
			f.signed(g.Link.Value, 2), f.estCI(g.Link, 2), f.t("drivers.unit."+g.Unit))
	}
	s.Tables = append(s.Tables, links)
	for _, g := range pd.Goals {
		name := f.outcomeName(g.Outcome)
		unit := f.t("drivers.unit." + g.Unit)
		t := &render.Table{
			Title: f.t("drivers.goal.table", name, unit),
			Columns: []string{f.t("col.step"), f.t("drivers.col.share"), f.t("drivers.col.effect"), f.t("col.ci95"),
				f.t("drivers.col.indirect", outcome), f.t("col.ci95")},
			Align: []render.Align{render.Left, render.Right, render.Right, render.Right, render.Right, render.Right},
		}
		best := -1
		for j, st := range g.Steps {
			t.AddRow(label(st.Step), f.share(st.Share), f.signed(st.Effect.Value, 2), f.estCI(st.Effect, 2),
				f.signed(st.Indirect.Value, 2), f.estCI(st.Indirect, 2))
			if best < 0 || st.Effect.Value > g.Steps[best].Effect.Value {
				best = j
			}
		}
		if best >= 0 {
			st := g.Steps[best]
			t.Notes = append(t.Notes, f.t("drivers.goal.line", label(st.Step), f.signed(st.Effect.Value, 1), unit, name, f.estCI(st.Effect, 1)))
		}
		s.Tables = append(s.Tables, t)
	}
	return s
}

// processLevelSection lays out which process matters most for the
// relationship outcome.
func (d *Doc) processLevelSection(f fmtr) []Section {
	r := d.ProcessDrivers
	if r == nil {
		if len(d.ProcessDriverNotes) == 0 {
			return nil
		}
		s := Section{Title: f.t("drivers.process.title", f.outcomeName(survey.NPS))}
		for _, n := range d.ProcessDriverNotes {
			s.Lines = append(s.Lines, f.t("drivers.error", n))
		}
		return []Section{s}
	}
	s := Section{Title: f.t("drivers.process.title", f.outcomeName(r.Outcome))}
	s.Lines = append(s.Lines, f.t("drivers.process.explain", f.outcomeName(r.Driver), f.outcomeName(r.Outcome),
		f.num(r.R2.Value, 3), f.int(r.N)))
	unit := f.t("drivers.unit." + r.Unit)
	t := &render.Table{
		Columns: []string{f.t("drivers.col.process"), f.t("drivers.col.customers"), f.t("col.mean"), f.t("drivers.col.slope", unit),
			f.t("col.ci95"), f.t("drivers.col.importance"), f.t("drivers.col.impact", unit), f.t("col.ci95"), f.t("drivers.col.rank")},
		Align: []render.Align{render.Left, render.Right, render.Right, render.Right, render.Right, render.Right, render.Right, render.Right, render.Right},
	}
	for _, p := range r.Processes {
		name := p.Label
		if name == "" {
			name = p.Process
		}
		t.AddRow(name, f.pct(100*p.Share), f.est(p.Satisfaction, 2), f.signed(p.Slope.Value, 2), f.estCI(p.Slope, 2),
			f.est(p.Importance, 3), f.signed(p.Impact.Value, 2), f.estCI(p.Impact, 2), f.int(p.Rank))
	}
	s.Tables = append(s.Tables, t)
	return []Section{s}
}

// csvDrivers adds the driver analysis of a process to the CSV table: kind
// "driver" (per step: importance, share, coef, performance, pass_effect),
// "comparison" (name "STEP:OTHER", measures difference and ratio of
// importance), "phase", "goal_link" and "goal_step" (effect, indirect),
// with group_type
// "all", "segment", "wave" or "segment_diff"/"wave_diff" (group
// "FROM->TO").
func csvDrivers(t *render.Table, process string, pd *journey.ProcessDrivers) {
	if pd == nil {
		return
	}
	row := func(gtype, group, kind, name, measure string, n int, e journey.Estimate, sig string) {
		ns := ""
		if n > 0 {
			ns = strconv.Itoa(n)
		}
		t.AddRow(process, gtype, group, kind, name, measure, ns, num(e.Value), "", num(e.Lo), num(e.Hi), "", "", "", "", sig)
	}
	for _, s := range pd.Steps {
		row("all", "", "driver", s.Step, "importance", pd.N, s.Importance, "")
		row("all", "", "driver", s.Step, "share", pd.N, s.Share, "")
		row("all", "", "driver", s.Step, "coef", pd.N, s.Coef, "")
		row("all", "", "driver", s.Step, "performance", s.Passed, s.Performance, "")
		if s.PassEffect != nil {
			row("all", "", "driver", s.Step, "pass_effect", pd.N, *s.PassEffect, "")
		}
	}
	for _, c := range pd.Comparisons {
		row("all", "", "comparison", c.Step+":"+c.Other, "difference", pd.N, c.Difference, "")
		row("all", "", "comparison", c.Step+":"+c.Other, "ratio", pd.N, c.Ratio, "")
	}
	for _, ph := range pd.Phases {
		row("all", "", "phase", ph.Phase, "importance", pd.N, ph.Importance, "")
		row("all", "", "phase", ph.Phase, "share", pd.N, ph.Share, "")
	}
	groups := func(gtype string, gs []journey.GroupDrivers) {
		for _, g := range gs {
			for _, s := range g.Steps {
				row(gtype, g.Label, "driver", s.Step, "importance", g.N, s.Importance, "")
				row(gtype, g.Label, "driver", s.Step, "share", g.N, s.Share, "")
				row(gtype, g.Label, "driver", s.Step, "performance", 0, s.Performance, "")
			}
		}
	}
	groups("segment", pd.Segments)
	groups("wave", pd.Waves)
	diffRows := func(gtype string, ds []journey.DriverDiff) {
		for _, d := range ds {
			g := d.From + "->" + d.To
			row(gtype, g, "driver", d.Step, "importance", 0, d.Importance, strconv.FormatBool(d.Significant))
			row(gtype, g, "driver", d.Step, "performance", 0, d.Performance, strconv.FormatBool(d.PerformanceSignificant))
		}
	}
	diffRows("segment_diff", pd.SegmentDiffs)
	diffRows("wave_diff", pd.WaveDiffs)
	for _, g := range pd.Goals {
		row("all", "", "goal_link", g.Outcome, g.Unit, g.N, g.Link, "")
		for _, s := range g.Steps {
			row("all", "", "goal_step", g.Outcome+":"+s.Step, "effect_"+g.Unit, g.N, s.Effect, "")
			row("all", "", "goal_step", g.Outcome+":"+s.Step, "indirect_"+g.Unit, g.N, s.Indirect, "")
		}
	}
}

// csvProcessLevel adds the process-level drivers to the CSV table: kind
// "process_driver", group_type "study", per process the measures share,
// satisfaction, slope, importance and impact (slope and impact in the
// unit of r.Unit).
func csvProcessLevel(t *render.Table, r *journey.ProcessLevelResult) {
	if r == nil {
		return
	}
	for _, p := range r.Processes {
		n := strconv.Itoa(p.N)
		for _, m := range []struct {
			name string
			e    journey.Estimate
		}{
			{"share", journey.Estimate{Value: p.Share, Lo: math.NaN(), Hi: math.NaN()}},
			{"satisfaction", p.Satisfaction}, {"slope", p.Slope}, {"importance", p.Importance}, {"impact", p.Impact},
		} {
			t.AddRow(p.Process, "study", r.Outcome, "process_driver", p.Process, m.name, n,
				num(m.e.Value), "", num(m.e.Lo), num(m.e.Hi), "", "", "", "", "")
		}
	}
}
