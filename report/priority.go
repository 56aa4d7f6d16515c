package report

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/touchpoint-cx/touchpoint/internal/i18n"
	"github.com/touchpoint-cx/touchpoint/internal/render"
	"github.com/touchpoint-cx/touchpoint/priority"
	"github.com/touchpoint-cx/touchpoint/survey"
)

// DefaultPriorityBootstrap is the number of bootstrap replicates of the
// report's priorities when PriorityOptions.B is 0.
const DefaultPriorityBootstrap = 100

// PriorityOptions configures the priorities of the report (see
// [priority.Analyze]); the zero value prioritises for overall
// satisfaction with DefaultPriorityBootstrap replicates (seed 0).
type PriorityOptions struct {
	// Skip leaves the priorities out of the report.
	Skip bool
	priority.Options
}

// addPriorities adds the priorities of every process of st to d, and the
// order of the processes; a study that cannot be prioritised gets a note.
func (d *Doc) addPriorities(st *survey.Study, opts Options) {
	if opts.Priority.Skip {
		return
	}
	po := opts.Priority.Options
	if po.B == 0 {
		po.B = DefaultPriorityBootstrap
	}
	if po.Confidence == 0 {
		po.Confidence = opts.Scores.Confidence
	}
	if opts.Scores.Unweighted {
		po.Unweighted = true
	}
	res, err := priority.Analyze(st, po)
	if err != nil {
		d.PriorityNotes = append(d.PriorityNotes, err.Error())
		return
	}
	for i := range d.Processes {
		for j := range res.Processes {
			if res.Processes[j].Process == d.Processes[i].Process {
				d.Processes[i].Priority = &res.Processes[j]
			}
		}
	}
	d.PriorityRanking = res.Ranking
	d.priority = res
}

// PrioritySections lays out the prioritisation r in language l: per
// process its priorities, funnel and wave changes, then the order of the
// processes. The priority command writes these; the study report writes
// the same sections without the wave changes (which it shows with the
// scores).
func PrioritySections(r *priority.Result, l *i18n.Lang) []Section {
	f := fmtr{l}
	var out []Section
	for i := range r.Processes {
		out = append(out, prioritySections(f, r, &r.Processes[i], true)...)
	}
	out = append(out, rankingSection(f, r))
	return out
}

// WriteSections writes sections as the report's text (markdown false) or
// Markdown.
func WriteSections(w io.Writer, secs []Section, markdown bool) error {
	for i, s := range secs {
		if i > 0 {
			if _, err := fmt.Fprintln(w); err != nil {
				return err
			}
		}
		var err error
		if markdown {
			_, err = fmt.Fprintf(w, "## %s\n", s.Title)
		} else {
			_, err = fmt.Fprintf(w, "%s\n%s\n", s.Title, strings.Repeat("=", len([]rune(s.Title))))
		}
		if err != nil {
			return err
		}
		for _, line := range s.Lines {
			if markdown {
				_, err = fmt.Fprintf(w, "\n%s\n", line)
			} else {
				_, err = fmt.Fprintln(w, line)
			}
			if err != nil {
				return err
			}
		}
		for _, t := range s.Tables {
			if _, err := fmt.Fprintln(w); err != nil {
				return err
			}
			if markdown {
				err = t.WriteMarkdown(w)
			} else {
				err = t.WriteText(w)
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// prioritySection lays out the priorities of process p of the report.
func (p *Process) prioritySections(f fmtr, d *Doc) []Section {
	if p.Priority == nil || d.priority == nil {
		return nil
	}
	return prioritySections(f, d.priority, p.Priority, false)
}

// rankingSections lays out the order of the processes, for a study with
// several, and the notes of a study that could not be prioritised.
func (d *Doc) rankingSections(f fmtr) []Section {
	var out []Section
	if len(d.PriorityNotes) > 0 {
		out = append(out, Section{Title: f.t("priority.error_title"), Lines: d.PriorityNotes})
	}
	if d.priority != nil && len(d.priority.Processes) > 1 {
		out = append(out, rankingSection(f, d.priority))
	}
	return out
}

func (f fmtr) prioPct(v priority.Float) string { return f.pct(100 * float64(v)) }

func (f fmtr) prioNum(v priority.Float, dec int) string { return f.num(float64(v), dec) }

func (f fmtr) prioCI(lo, hi priority.Float, dec int) string {
	return f.ci(float64(lo), float64(hi), dec)
}

func (f fmtr) prioPctCI(lo, hi priority.Float) string {
	return f.ci(100*float64(lo), 100*float64(hi), 1)
}

func (f fmtr) prioSigned(v priority.Float, dec int) string { return f.l.Signed(float64(v), dec) }

func (f fmtr) prioSignedCI(lo, hi priority.Float, dec int) string {
	if math.IsNaN(float64(lo)) || math.IsNaN(float64(hi)) {
		return "-"
	}
	return "[" + f.l.Signed(float64(lo), dec) + f.t("interval_sep") + f.l.Signed(float64(hi), dec) + "]"
}

func (f fmtr) prioOutcome(name string) string {
	switch name {
	case survey.Overall, survey.NPS, survey.CES, survey.CSAT:
		return f.t("kpi." + name)
	}
	return name
}

// measureDecimals is the number of decimals of an outcome's measure.
func measureDecimals(measure string) int {
	if measure == "mean" {
		return 2
	}
	return 1
}

func (f fmtr) quadrant(q string) string {
	if q == "" {
		return "-"
	}
	return f.t("chart.quadrant." + q)
}

func (f fmtr) rank(r int) string {
	if r == 0 {
		return "-"
	}
	return f.int(r)
}

func prioritySections(f fmtr, r *priority.Result, p *priority.Process, withTracking bool) []Section {
	label := p.Label
	if label == "" {
		label = p.Process
	}
	dec := measureDecimals(p.Measure)
	s := Section{Title: f.t("priority.title", label)}
	s.Lines = append(s.Lines,
		f.t("priority.outcome", f.prioOutcome(p.Outcome), f.t("priority.goal."+r.Goal.String()), f.int(p.N), f.int(p.Respondents), f.prioNum(p.R2, 3)),
		f.t("priority.model", f.prioPct(p.PassingImportance)),
		f.t("priority.bootstrap", f.int(r.B), f.pct(100*r.Confidence)))

	steps := &render.Table{
		Title: f.t("priority.steps.title"),
		Columns: []string{f.t("col.step"), f.t("priority.col.importance"), f.t("col.ci95"), f.t("priority.col.effect"),
			f.t("priority.col.performance_" + p.Splits.PerformanceShown), f.t("col.ci95"), f.t("priority.col.quadrant"), f.t("priority.col.rank"),
			f.t("col.target"), f.t("priority.col.gap"), f.t("priority.col.index"), f.t("priority.col.index_rank")},
		Align: []render.Align{render.Left, render.Right, render.Right, render.Right, render.Right, render.Right, render.Left,
			render.Right, render.Right, render.Right, render.Right, render.Right},
	}
	perf := func(v priority.Float) string {
		if p.Splits.PerformanceShown == "top2" {
			return f.pct(float64(v)) // csat's top-2 box is in percent
		}
		return f.prioNum(v, 2)
	}
	perfCI := func(lo, hi priority.Float) string {
		if p.Splits.PerformanceShown == "top2" {
			return f.prioCI(lo, hi, 1)
		}
		return f.prioCI(lo, hi, 2)
	}
	for _, st := range p.Steps {
		steps.AddRow(st.Label, f.prioPct(st.Importance), f.prioPctCI(st.ImportanceLo, st.ImportanceHi), f.prioSigned(st.Effect, 3),
			perf(st.Performance), perfCI(st.PerformanceLo, st.PerformanceHi), f.quadrant(st.Quadrant), f.rank(st.QuadrantRank),
			f.prioNum(st.Target, 1), f.prioNum(st.Gap, 2), f.prioNum(st.Index, 0), f.rank(st.IndexRank))
	}
	steps.Notes = append(steps.Notes, f.t("priority.steps.splits", f.prioPct(p.Splits.Importance), perf(p.Splits.Performance),
		f.t("priority.source."+p.Splits.QuadrantSource)))
	w := priority.GoalWeights(r.Goal)
	steps.Notes = append(steps.Notes, f.t("priority.steps.index", f.t("priority.goal."+r.Goal.String()),
		f.prioNum(w.Importance, 1), f.prioNum(w.Gap, 1), f.prioNum(w.Complaints, 1), f.prioNum(w.ContactCost, 1),
		f.prioNum(w.FailureCost, 1), f.prioNum(w.DropOff, 1)))
	s.Tables = append(s.Tables, steps)

	if len(p.Ideas) > 0 {
		ideas := &render.Table{
			Title: f.t("priority.ideas.title", f.prioOutcome(p.Outcome)),
			Columns: []string{f.t("priority.col.rank"), f.t("priority.col.idea"), f.t("priority.col.steps"), f.t("col.effort"),
				f.t("priority.col.cost"), f.t("priority.col.impact"), f.t("col.ci95"), f.t("priority.col.impact_per_effort"),
				f.t("priority.col.cell"), f.t("priority.col.contacts_saved"), f.t("priority.col.money_saved")},
			Align: []render.Align{render.Right, render.Left, render.Left, render.Right, render.Right, render.Right, render.Right,
				render.Right, render.Left, render.Right, render.Right},
		}
		labels := map[string]string{}
		for _, st := range p.Steps {
			labels[st.Step] = st.Label
		}
		for _, id := range p.Ideas {
			var names []string
			for _, sid := range id.Steps {
				names = append(names, labels[sid])
			}
			cell := "-"
			if id.Cell > 0 {
				cell = f.t(fmt.Sprintf("chart.cell.%d", id.Cell))
			}
			ideas.AddRow(f.rank(id.Rank), id.Idea, strings.Join(names, ", "), f.prioNum(id.Effort, 1), f.prioNum(id.Cost, 0),
				f.prioSigned(id.Impact, dec+1), f.prioSignedCI(id.ImpactLo, id.ImpactHi, dec+1), f.prioNum(id.ImpactPerEffort, dec+2),
				cell, f.prioNum(id.FailureReduction, 0), f.prioNum(id.FailureReductionCost, 0))
		}
		ideas.Notes = append(ideas.Notes, f.t("priority.ideas.splits", f.prioNum(p.Splits.Impact, dec+1), f.prioNum(p.Splits.Effort, 1),
			f.t("priority.source.ideas_"+p.Splits.ImpactSource)))
		s.Tables = append(s.Tables, ideas)
	}

	whatIf := &render.Table{
		Title: f.t("priority.whatif.title"),
		Columns: []string{f.t("priority.col.outcome"), f.t("col.step"), f.t("priority.col.gap"), f.t("priority.col.now"),
			f.t("col.change"), f.t("col.ci95"), f.t("priority.col.predicted"), f.t("col.ci95")},
		Align: []render.Align{render.Left, render.Left, render.Right, render.Right, render.Right, render.Right, render.Right, render.Right},
	}
	labels := map[string]string{}
	for _, st := range p.Steps {
		labels[st.Step] = st.Label
	}
	for _, wi := range p.WhatIf {
		name := f.prioOutcome(wi.Outcome)
		if wi.Measure == "percent" {
			name += " (%)"
		}
		d := measureDecimals(wi.Measure)
		for _, c := range wi.Steps {
			whatIf.AddRow(name, labels[c.Step], f.prioNum(c.Gap, 2), f.prioNum(wi.Current, d), f.prioSigned(c.Change, d),
				f.prioSignedCI(c.ChangeLo, c.ChangeHi, d), f.prioNum(c.Predicted, d), f.prioCI(c.PredictedLo, c.PredictedHi, d))
		}
		whatIf.AddRow(name, f.t("priority.whatif.all"), "", f.prioNum(wi.Current, d), f.prioSigned(wi.All.Change, d),
			f.prioSignedCI(wi.All.ChangeLo, wi.All.ChangeHi, d), f.prioNum(wi.All.Predicted, d), f.prioCI(wi.All.PredictedLo, wi.All.PredictedHi, d))
	}
	s.Tables = append(s.Tables, whatIf)

	mgmt := &render.Table{
		Title: f.t("priority.management.title"),
		Columns: []string{f.t("col.step"), f.t("priority.col.department"), f.t("priority.col.contacts"), f.t("priority.col.cost_per_contact"),
			f.t("priority.col.contact_cost"), f.t("priority.col.fte"), f.t("priority.col.complaints"), f.t("funnel.col.failure_contacts"),
			f.t("funnel.col.failure_cost")},
		Align: []render.Align{render.Left, render.Left, render.Right, render.Right, render.Right, render.Right, render.Right, render.Right, render.Right},
	}
	for _, st := range p.Steps {
		if m := st.Management; m != nil {
			mgmt.AddRow(st.Label, m.Department, f.prioNum(m.ContactVolume, 0), f.prioNum(m.CostPerContact, 2), f.prioNum(m.ContactCost, 0),
				f.prioNum(m.FTE, 1), f.prioNum(m.Complaints, 0), f.prioNum(m.FailureContacts, 0), f.prioNum(m.FailureCost, 0))
		}
	}
	if len(mgmt.Rows) > 0 {
		s.Tables = append(s.Tables, mgmt)
	}
	if len(p.Warnings) > 0 {
		s.Tables = append(s.Tables, &render.Table{Title: f.t("priority.warnings"), Notes: p.Warnings})
	}
	out := []Section{s, funnelSection(f, p, label)}
	if withTracking && len(p.Tracking) > 0 {
		out = append(out, Section{Title: f.t("priority.tracking.title", label),
			Tables: []*render.Table{changeTable(f, p.Tracking, labels)}})
	}
	return out
}

func funnelSection(f fmtr, p *priority.Process, label string) Section {
	s := Section{Title: f.t("funnel.title", label)}
	t := &render.Table{
		Title: f.t("funnel.table"),
		Columns: []string{f.t("col.step"), f.t("funnel.col.source"), f.t("funnel.col.started"), f.t("funnel.col.completed"),
			f.t("funnel.col.conversion"), f.t("funnel.col.drop_off"), f.t("funnel.col.reach")},
		Align: []render.Align{render.Left, render.Left, render.Right, render.Right, render.Right, render.Right, render.Right},
	}
	fail := &render.Table{
		Title: f.t("funnel.failure.title"),
		Columns: []string{f.t("col.step"), f.t("col.channel"), f.t("funnel.col.self_service"), f.t("funnel.col.failure_contacts"),
			f.t("funnel.col.failure_cost"), f.t("priority.col.gap"), f.t("funnel.col.reduction"), f.t("funnel.col.reduction_cost")},
		Align: []render.Align{render.Left, render.Left, render.Left, render.Right, render.Right, render.Right, render.Right, render.Right},
	}
	mix := &render.Table{
		Title: f.t("funnel.channels.title"),
		Columns: []string{f.t("col.step"), f.t("col.channel"), f.t("col.respondents"), f.t("funnel.col.share"), f.t("col.mean"),
			f.t("col.ci95"), f.t("funnel.col.volume"), f.t("funnel.col.volume_share"), f.t("priority.col.cost_per_contact"), f.t("priority.col.contact_cost")},
		Align: []render.Align{render.Left, render.Left, render.Right, render.Right, render.Right, render.Right, render.Right, render.Right,
			render.Right, render.Right},
	}
	for i, fs := range p.Funnel {
		t.AddRow(fs.Label, f.t("funnel.source."+fs.Source), f.prioNum(fs.Started, 0), f.prioNum(fs.Completed, 0),
			f.prioPct(fs.Conversion), f.prioPct(fs.DropOff), f.prioPct(fs.Reach))
		if !math.IsNaN(float64(fs.FailureContacts)) {
			st := p.Steps[i]
			fail.AddRow(fs.Label, st.Channel, f.yesNo(fs.SelfService), f.prioNum(fs.FailureContacts, 0), f.prioNum(fs.FailureCost, 0),
				f.prioNum(st.Gap, 2), f.prioNum(fs.Reduction, 0), f.prioNum(fs.ReductionCost, 0))
		}
		for _, c := range fs.Channels {
			resp := "-"
			if c.Respondents > 0 {
				resp = f.int(c.Respondents)
			}
			mix.AddRow(fs.Label, c.Channel, resp, f.prioPct(c.Share), f.prioNum(c.Satisfaction, 2), f.prioCI(c.SatisfactionLo, c.SatisfactionHi, 2),
				f.prioNum(c.Volume, 0), f.prioPct(c.VolumeShare), f.prioNum(c.CostPerContact, 2), f.prioNum(c.Cost, 0))
		}
	}
	t.Notes = append(t.Notes, f.t("funnel.note"))
	s.Tables = append(s.Tables, t, mix)
	if len(fail.Rows) > 0 {
		fail.Notes = append(fail.Notes, f.t("funnel.failure.note"))
		s.Tables = append(s.Tables, fail)
	}
	return s
}

func rankingSection(f fmtr, r *priority.Result) Section {
	s := Section{Title: f.t("priority.ranking.title")}
	t := &render.Table{
		Columns: []string{f.t("priority.col.rank"), f.t("priority.col.process"), f.t("priority.col.relationship"), f.t("priority.col.frequency"),
			f.t("priority.col.gap"), f.t("priority.col.image_risk"), f.t("priority.col.score")},
		Align: []render.Align{render.Right, render.Left, render.Right, render.Right, render.Right, render.Right, render.Right},
	}
	rel := ""
	for _, pr := range r.Ranking {
		rel = pr.Relationship
		t.AddRow(f.rank(pr.Rank), pr.Label, f.prioNum(pr.Importance, 2), f.prioNum(pr.Frequency, 0)+" "+f.t("priority.frequency."+pr.FrequencyOf),
			f.prioPct(pr.Gap), f.prioNum(pr.ImageRisk, 2), f.prioNum(pr.Score, 2))
	}
	w := r.Weights
	t.Notes = append(t.Notes, f.t("priority.ranking.note", f.prioOutcome(rel), f.num(w.Importance, 2), f.num(w.Frequency, 2),
		f.num(w.Gap, 2), f.num(w.ImageRisk, 2)))
	s.Tables = append(s.Tables, t)
	return s
}

// PriorityCSVColumns are the columns of the tidy CSV of a prioritisation:
// one row per figure, named by its table ("step", "management", "idea",
// "what_if", "funnel", "channel", "tracking", "ranking"), step, item (an
// idea, outcome, channel, KPI or process) and measure, with its value and
// interval; label holds a text value (a quadrant, a funnel source, the
// waves compared). Numbers are written in full precision with a decimal
// point; an empty cell is a figure that does not apply.
var PriorityCSVColumns = []string{"process", "table", "step", "item", "measure", "value", "lo", "hi", "label"}

// WritePriorityCSV writes the prioritisation r as tidy CSV (see
// PriorityCSVColumns), escaping cells a spreadsheet would run as formulas.
func WritePriorityCSV(w io.Writer, r *priority.Result) error {
	t := &render.Table{Columns: PriorityCSVColumns}
	nan := priority.Float(math.NaN())
	for _, p := range r.Processes {
		row := func(table, step, item, measure string, v, lo, hi priority.Float, label string) {
			t.AddRow(p.Process, table, step, item, measure, num(float64(v)), num(float64(lo)), num(float64(hi)), label)
		}
		val := func(table, step, item, measure string, v priority.Float) {
			row(table, step, item, measure, v, nan, nan, "")
		}
		row("process", "", p.Outcome, "r2", p.R2, nan, nan, p.Measure)
		val("process", "", p.Outcome, "passing_importance", p.PassingImportance)
		for _, s := range p.Steps {
			row("step", s.Step, "", "importance", s.Importance, s.ImportanceLo, s.ImportanceHi, "")
			row("step", s.Step, "", "effect", s.Effect, s.EffectLo, s.EffectHi, "")
			val("step", s.Step, "", "latent_effect", s.LatentEffect)
			val("step", s.Step, "", "gap_shift", s.GapShift)
			row("step", s.Step, "", "performance", s.Performance, s.PerformanceLo, s.PerformanceHi, p.Splits.PerformanceShown)
			val("step", s.Step, "", "mean", s.Mean)
			val("step", s.Step, "", "top2", s.Top2)
			val("step", s.Step, "", "pass_share", s.PassShare)
			row("step", s.Step, "", "quadrant", priority.Float(s.QuadrantRank), nan, nan, s.Quadrant)
			val("step", s.Step, "", "target", s.Target)
			val("step", s.Step, "", "gap", s.Gap)
			row("step", s.Step, "", "index", s.Index, nan, nan, r.Goal.String())
			val("step", s.Step, "", "index_rank", priority.Float(s.IndexRank))
			if m := s.Management; m != nil {
				val("management", s.Step, "", "contact_volume", m.ContactVolume)
				val("management", s.Step, "", "cost_per_contact", m.CostPerContact)
				val("management", s.Step, "", "contact_cost", m.ContactCost)
				val("management", s.Step, "", "fte", m.FTE)
				val("management", s.Step, "", "complaints", m.Complaints)
				val("management", s.Step, "", "failure_contacts", m.FailureContacts)
				val("management", s.Step, "", "failure_cost", m.FailureCost)
			}
		}
		for _, id := range p.Ideas {
			steps := strings.Join(id.Steps, ";")
			row("idea", steps, id.Idea, "impact", id.Impact, id.ImpactLo, id.ImpactHi, p.Outcome)
			val("idea", steps, id.Idea, "latent_shift", id.Shift)
			val("idea", steps, id.Idea, "uplift", id.Uplift)
			val("idea", steps, id.Idea, "target", id.Target)
			val("idea", steps, id.Idea, "effort", id.Effort)
			val("idea", steps, id.Idea, "cost", id.Cost)
			val("idea", steps, id.Idea, "impact_per_effort", id.ImpactPerEffort)
			val("idea", steps, id.Idea, "cell", priority.Float(id.Cell))
			val("idea", steps, id.Idea, "rank", priority.Float(id.Rank))
			val("idea", steps, id.Idea, "failure_reduction", id.FailureReduction)
			val("idea", steps, id.Idea, "failure_reduction_cost", id.FailureReductionCost)
		}
		for _, wi := range p.WhatIf {
			val("what_if", "", wi.Outcome, "current", wi.Current)
			for _, c := range append(slices.Clone(wi.Steps), wi.All) {
				row("what_if", c.Step, wi.Outcome, "change", c.Change, c.ChangeLo, c.ChangeHi, wi.Measure)
				row("what_if", c.Step, wi.Outcome, "predicted", c.Predicted, c.PredictedLo, c.PredictedHi, wi.Measure)
				if c.Step != "" {
					val("what_if", c.Step, wi.Outcome, "gap", c.Gap)
				}
			}
		}
		for _, fs := range p.Funnel {
			row("funnel", fs.Step, "", "started", fs.Started, nan, nan, fs.Source)
			row("funnel", fs.Step, "", "completed", fs.Completed, nan, nan, fs.Source)
			val("funnel", fs.Step, "", "conversion", fs.Conversion)
			val("funnel", fs.Step, "", "drop_off", fs.DropOff)
			val("funnel", fs.Step, "", "reach", fs.Reach)
			val("funnel", fs.Step, "", "failure_contacts", fs.FailureContacts)
			val("funnel", fs.Step, "", "failure_cost", fs.FailureCost)
			val("funnel", fs.Step, "", "reduction", fs.Reduction)
			val("funnel", fs.Step, "", "reduction_cost", fs.ReductionCost)
			for _, c := range fs.Channels {
				val("channel", fs.Step, c.Channel, "respondents", priority.Float(c.Respondents))
				val("channel", fs.Step, c.Channel, "share", c.Share)
				row("channel", fs.Step, c.Channel, "satisfaction", c.Satisfaction, c.SatisfactionLo, c.SatisfactionHi, "")
				val("channel", fs.Step, c.Channel, "volume", c.Volume)
				val("channel", fs.Step, c.Channel, "volume_share", c.VolumeShare)
				val("channel", fs.Step, c.Channel, "cost_per_contact", c.CostPerContact)
				val("channel", fs.Step, c.Channel, "cost", c.Cost)
			}
		}
		for _, c := range p.Tracking {
			waves := c.From + "->" + c.To
			row("tracking", c.Step, c.KPI, c.Measure, priority.Float(c.Diff), priority.Float(c.Lo), priority.Float(c.Hi), waves)
			row("tracking", c.Step, c.KPI, "p", priority.Float(c.P), nan, nan, strconv.FormatBool(c.Significant))
		}
	}
	for _, pr := range r.Ranking {
		row := func(measure string, v priority.Float, label string) {
			t.AddRow(pr.Process, "ranking", "", pr.Process, measure, num(float64(v)), "", "", label)
		}
		row("importance", pr.Importance, pr.Relationship)
		row("frequency", pr.Frequency, pr.FrequencyOf)
		row("gap", pr.Gap, "")
		row("image_risk", pr.ImageRisk, "")
		row("score", pr.Score, "")
		row("rank", priority.Float(pr.Rank), "")
	}
	return t.WriteCSV(w)
}
