package report

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/touchpoint-cx/touchpoint/csat"
	"github.com/touchpoint-cx/touchpoint/internal/i18n"
	"github.com/touchpoint-cx/touchpoint/internal/render"
	"github.com/touchpoint-cx/touchpoint/journey"
	"github.com/touchpoint-cx/touchpoint/survey"
)

// Section is a titled part of the report: a heading and its tables.
type Section struct {
	Title  string
	Lines  []string // paragraphs before the tables
	Tables []*render.Table
}

// Sections lays the report out as sections of tables in language l, the
// form the text, Markdown and HTML outputs share.
func (d *Doc) Sections(l *i18n.Lang) []Section {
	f := fmtr{l}
	var out []Section
	out = append(out, d.ingestSection(f))
	for i := range d.Processes {
		out = append(out, d.Processes[i].sections(f)...)
		out = append(out, d.Processes[i].prioritySections(f, d)...)
	}
	out = append(out, d.processLevelSection(f)...)
	out = append(out, d.rankingSections(f)...)
	return out
}

// WriteText writes the report as aligned text tables in language l.
func (d *Doc) WriteText(w io.Writer, l *i18n.Lang) error {
	for i, s := range d.Sections(l) {
		if i > 0 {
			if _, err := fmt.Fprintln(w); err != nil {
				return err
			}
		}
		if _, err := fmt.Fprintf(w, "%s\n%s\n", s.Title, strings.Repeat("=", len([]rune(s.Title)))); err != nil {
			return err
		}
		for _, line := range s.Lines {
			if _, err := fmt.Fprintln(w, line); err != nil {
				return err
			}
		}
		for _, t := range s.Tables {
			if _, err := fmt.Fprintln(w); err != nil {
				return err
			}
			if err := t.WriteText(w); err != nil {
				return err
			}
		}
	}
	return nil
}

// WriteMarkdown writes the report as Markdown in language l.
func (d *Doc) WriteMarkdown(w io.Writer, l *i18n.Lang) error {
	for i, s := range d.Sections(l) {
		if i > 0 {
			if _, err := fmt.Fprintln(w); err != nil {
				return err
			}
		}
		if _, err := fmt.Fprintf(w, "## %s\n", s.Title); err != nil {
			return err
		}
		for _, line := range s.Lines {
			if _, err := fmt.Fprintf(w, "\n%s\n", line); err != nil {
				return err
			}
		}
		for _, t := range s.Tables {
			if _, err := fmt.Fprintln(w); err != nil {
				return err
			}
			if err := t.WriteMarkdown(w); err != nil {
				return err
			}
		}
	}
	return nil
}

// WriteJSON writes the report as one JSON object.
func (d *Doc) WriteJSON(w io.Writer) error { return render.WriteJSON(w, d) }

// fmtr formats the report's numbers in a language.
type fmtr struct{ l *i18n.Lang }

func (f fmtr) t(key string, args ...any) string { return f.l.T(key, args...) }
func (f fmtr) num(v float64, dec int) string    { return f.l.Number(v, dec) }
func (f fmtr) int(n int) string                 { return f.l.Int(n) }
func (f fmtr) pct(v float64) string             { return f.l.Percent(v, 1) }

// ci writes an interval as "[lo, hi]" (Dutch "[lo; hi]", as the comma is the
// decimal separator there).
func (f fmtr) ci(lo, hi float64, dec int) string {
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return "-"
	}
	return "[" + f.num(lo, dec) + f.t("interval_sep") + f.num(hi, dec) + "]"
}

// p writes a p-value with 3 decimals, or "<0.001".
func (f fmtr) p(p float64) string {
	if math.IsNaN(p) {
		return "-"
	}
	if p < 0.001 {
		return "<" + f.num(0.001, 3)
	}
	return f.num(p, 3)
}

func (f fmtr) scale(s survey.Scale) string {
	if s.IsZero() {
		return ""
	}
	return f.num(s.Min, 0) + "-" + f.num(s.Max, 0)
}

func (f fmtr) yesNo(b bool) string {
	if b {
		return f.t("yes")
	}
	return f.t("no")
}

func (d *Doc) ingestSection(f fmtr) Section {
	s := Section{Title: f.t("report.title", d.Study)}
	s.Lines = append(s.Lines, f.t("report.source", d.Source))
	if d.Ingest == nil {
		return s
	}
	files := &render.Table{
		Title:   f.t("ingest.files"),
		Columns: []string{f.t("col.file"), f.t("col.rows_read"), f.t("col.rows_kept"), f.t("col.rows_excluded"), f.t("col.reasons")},
		Align:   []render.Align{render.Left, render.Right, render.Right, render.Right, render.Left},
	}
	for _, fr := range d.Ingest.Files {
		var reasons []string
		for _, rc := range fr.Excluded {
			reasons = append(reasons, fmt.Sprintf("%v: %s", rc.Reason, f.int(rc.N)))
		}
		files.AddRow(fr.File, f.int(fr.RowsRead), f.int(fr.RowsKept), f.int(fr.RowsExcluded), strings.Join(reasons, "; "))
	}
	s.Tables = append(s.Tables, files)
	var problems []string
	for _, fr := range d.Ingest.Files {
		for _, pe := range fr.Problems {
			problems = append(problems, pe.Error())
		}
		if fr.MoreProblems > 0 {
			problems = append(problems, f.t("ingest.more_problems", f.int(fr.MoreProblems), fr.File))
		}
		// Warnings exclude nothing: show a few, count the rest.
		const shown = 5
		for i, pe := range fr.Warnings {
			if i == shown {
				break
			}
			problems = append(problems, f.t("ingest.warning")+": "+pe.Error())
		}
		if more := fr.MoreWarnings + max(0, len(fr.Warnings)-shown); more > 0 {
			problems = append(problems, f.t("ingest.more_warnings", f.int(more), fr.File))
		}
	}
	if len(problems) > 0 {
		s.Tables = append(s.Tables, &render.Table{Title: f.t("ingest.problems"), Notes: problems})
	}
	for _, pr := range d.Ingest.Processes {
		line := f.t("ingest.process", pr.Process, f.int(pr.Respondents), f.int(pr.ExcludedTotal()), f.int(pr.NoStepAnswers))
		for _, rc := range pr.Excluded {
			line += fmt.Sprintf("; %v: %s", rc.Reason, f.int(rc.N))
		}
		s.Lines = append(s.Lines, line)
	}
	return s
}

func (p *Process) sections(f fmtr) []Section {
	label := p.Label
	if label == "" || label == p.Process {
		label = p.Process
	} else {
		label = fmt.Sprintf("%s (%s)", label, p.Process)
	}
	weighted := f.t("weighted.no")
	if p.Weighted {
		weighted = f.t("weighted.yes")
	}
	s := Section{Title: f.t("process.title", label)}
	s.Lines = append(s.Lines, f.t("process.respondents", f.int(p.Respondents), weighted))
	j := &render.Table{
		Title:   f.t("journey.title"),
		Columns: []string{"#", f.t("col.step"), f.t("col.phase"), f.t("col.channel"), f.t("col.scale"), f.t("col.effort_scale"), f.t("col.target"), f.t("col.respondents")},
		Align:   []render.Align{render.Right, render.Left, render.Left, render.Left, render.Right, render.Right, render.Right, render.Right},
	}
	for i, st := range p.Journey {
		target := ""
		if st.Target != nil {
			target = f.num(*st.Target, 1)
		}
		j.AddRow(f.int(i+1), st.Label, st.Phase, st.Channel, f.scale(st.Scale), f.scale(st.EffortScale), target, f.int(st.Respondents))
	}
	s.Tables = append(s.Tables, j)
	out := []Section{s}
	if p.Scores != nil {
		out = append(out, scoreSections(f, p.Scores)...)
	}
	out = append(out, p.driverSections(f)...)
	return out
}

func scoreSections(f fmtr, ps *journey.ProcessScores) []Section {
	labels := map[string]string{}
	for _, s := range ps.All.Steps {
		labels[s.Step] = s.Label
	}
	s := Section{Title: f.t("scores.title", ps.Label)}
	s.Tables = append(s.Tables, kpiTable(f, f.t("scores.kpis"), &ps.All), stepTable(f, f.t("scores.steps"), &ps.All))
	if n := ps.All.Notes; len(n) > 0 {
		s.Tables = append(s.Tables, &render.Table{Title: f.t("scores.notes"), Notes: n})
	}
	out := []Section{s}
	if len(ps.Segments) > 0 {
		out = append(out, groupSection(f, f.t("segments.title", ps.Label), f.t("col.segment"), ps.Segments))
	}
	if len(ps.Waves) > 0 {
		ws := groupSection(f, f.t("waves.title", ps.Label), f.t("col.wave"), ps.Waves)
		if len(ps.Changes) > 0 {
			ws.Tables = append(ws.Tables, changeTable(f, ps.Changes, labels))
		}
		out = append(out, ws)
	}
	return out
}

// kpiTable lists the process-level KPIs of one group, a row per KPI.
func kpiTable(f fmtr, title string, k *journey.KPIs) *render.Table {
	t := &render.Table{
		Title:   title,
		Columns: []string{f.t("col.kpi"), f.t("col.n"), f.t("col.score"), f.t("col.ci95"), f.t("col.se"), f.t("col.detail")},
		Align:   []render.Align{render.Left, render.Right, render.Right, render.Right, render.Right, render.Left},
	}
	if r := k.NPS; r != nil {
		t.AddRow(f.t("kpi.nps"), f.int(r.N), f.num(r.Score, 1), f.ci(r.Lo, r.Hi, 1), f.num(r.SE, 1),
			f.t("nps.detail", f.pct(r.Promoters), f.pct(r.Passives), f.pct(r.Detractors)))
	}
	if r := k.CES; r != nil {
		detail := f.t("ces.detail", f.pct(r.Easy))
		if r.LowerIsBetter {
			detail += "; " + f.t("ces.lower_is_better")
		}
		t.AddRow(f.t("kpi.ces"), f.int(r.N), f.num(r.Mean, 2), f.ci(r.Lo, r.Hi, 2), f.num(r.SE, 2), detail)
	}
	meanRow := func(name string, r *csat.Result) {
		t.AddRow(name, f.int(r.N), f.num(r.Mean, 2), f.ci(r.Lo, r.Hi, 2), f.num(r.SE, 2),
			f.t("top2.detail", f.pct(r.Top2), f.ci(r.Top2Lo, r.Top2Hi, 1)))
	}
	if r := k.CSAT; r != nil {
		meanRow(f.t("kpi.csat"), r)
	}
	if r := k.Overall; r != nil {
		meanRow(f.t("kpi.overall"), r)
	}
	for _, o := range k.Outcomes {
		switch {
		case o.Type == "binary" && o.Score != nil:
			r := o.Score
			t.AddRow(o.Name, f.int(r.N), f.pct(r.Top2), f.ci(r.Top2Lo, r.Top2Hi, 1), f.num(r.Top2SE, 1), f.t("binary.detail"))
		case o.Score != nil:
			meanRow(o.Name, o.Score)
		case o.Mean != nil:
			m := o.Mean
			t.AddRow(o.Name, f.int(m.N), f.num(m.Mean, 2), f.ci(m.Lo, m.Hi, 2), f.num(m.SE, 2), "")
		}
	}
	return t
}

// stepTable lists the steps of one group in journey order.
func stepTable(f fmtr, title string, k *journey.KPIs) *render.Table {
	t := &render.Table{
		Title:   title,
		Columns: []string{f.t("col.step"), f.t("col.phase"), f.t("col.n"), f.t("col.mean"), f.t("col.ci95"), f.t("col.top2"), f.t("col.effort")},
		Align:   []render.Align{render.Left, render.Left, render.Right, render.Right, render.Right, render.Right, render.Right},
	}
	for _, s := range k.Steps {
		mean, ci, top2, effort := "-", "-", "-", ""
		if r := s.Satisfaction; r != nil {
			mean, ci, top2 = f.num(r.Mean, 2), f.ci(r.Lo, r.Hi, 2), f.pct(r.Top2)
		}
		if r := s.Effort; r != nil {
			effort = f.num(r.Mean, 2)
		}
		t.AddRow(s.Label, s.Phase, f.int(s.Passed), mean, ci, top2, effort)
	}
	return t
}

// groupSection compares the KPIs and steps of segments or waves side by side.
func groupSection(f fmtr, title, groupCol string, groups []journey.GroupKPIs) Section {
	s := Section{Title: title}
	k := &render.Table{
		Title:   f.t("groups.kpis"),
		Columns: []string{groupCol, f.t("col.respondents"), f.t("kpi.nps"), f.t("col.ci95"), f.t("kpi.ces"), f.t("kpi.csat"), f.t("kpi.overall")},
		Align:   []render.Align{render.Left, render.Right, render.Right, render.Right, render.Right, render.Right, render.Right},
	}
	for _, g := range groups {
		npsS, npsCI, cesS, csatS, overall := "-", "-", "-", "-", "-"
		if r := g.NPS; r != nil {
			npsS, npsCI = f.num(r.Score, 1), f.ci(r.Lo, r.Hi, 1)
		}
		if r := g.CES; r != nil {
			cesS = f.num(r.Mean, 2)
		}
		if r := g.CSAT; r != nil {
			csatS = f.num(r.Mean, 2)
		}
		if r := g.Overall; r != nil {
			overall = f.num(r.Mean, 2)
		}
		k.AddRow(g.Label, f.int(g.Respondents), npsS, npsCI, cesS, csatS, overall)
	}
	s.Tables = append(s.Tables, k)
	if len(groups) == 0 {
		return s
	}
	st := &render.Table{Title: f.t("groups.steps"), Columns: []string{f.t("col.step")}, Align: []render.Align{render.Left}}
	for _, g := range groups {
		st.Columns = append(st.Columns, g.Label)
		st.Align = append(st.Align, render.Right)
	}
	for i, step := range groups[0].Steps {
		row := []string{step.Label}
		for _, g := range groups {
			v := "-"
			if i < len(g.Steps) && g.Steps[i].Satisfaction != nil {
				v = f.num(g.Steps[i].Satisfaction.Mean, 2)
			}
			row = append(row, v)
		}
		st.AddRow(row...)
	}
	s.Tables = append(s.Tables, st)
	return s
}

// changeTable lists the changes between consecutive waves.
func changeTable(f fmtr, changes []journey.Change, labels map[string]string) *render.Table {
	t := &render.Table{
		Title:   f.t("changes.title"),
		Columns: []string{f.t("col.kpi"), f.t("col.from"), f.t("col.to"), f.t("col.before"), f.t("col.after"), f.t("col.change"), f.t("col.ci95"), f.t("col.p"), f.t("col.significant")},
		Align:   []render.Align{render.Left, render.Left, render.Left, render.Right, render.Right, render.Right, render.Right, render.Right, render.Left},
	}
	for _, c := range changes {
		name := f.kpiName(c.KPI)
		if c.KPI == "step" {
			name = f.t("kpi.step", labels[c.Step])
		}
		dec := 2
		if c.KPI == "nps" || c.Measure == "share" {
			dec = 1
		}
		t.AddRow(name, c.From, c.To, f.num(c.Before, dec), f.num(c.After, dec), f.l.Signed(c.Diff, dec), f.ci(c.Lo, c.Hi, dec), f.p(c.P), f.yesNo(c.Significant))
	}
	return t
}

func (f fmtr) kpiName(kpi string) string {
	switch kpi {
	case "nps", "ces", "csat", "overall":
		return f.t("kpi." + kpi)
	}
	return kpi
}
