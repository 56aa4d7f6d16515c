package report

import (
	"io"
	"math"
	"strconv"

	"github.com/touchpoint-cx/touchpoint/csat"
	"github.com/touchpoint-cx/touchpoint/internal/render"
	"github.com/touchpoint-cx/touchpoint/journey"
)

// CSVColumns are the columns of the report's CSV form: one row per score of
// a group (the whole process, a segment or a wave), per change between
// waves, and per figure of the driver analysis (kinds driver, comparison,
// phase, goal_link, goal_step and process_driver, with lo and hi the
// bootstrap interval), with
// the figures in columns. Numbers are written in full precision with a
// decimal point; an empty cell is a figure that does not apply.
var CSVColumns = []string{
	"process", "group_type", "group", "kind", "name", "measure",
	"n", "estimate", "se", "lo", "hi", "top2", "top2_lo", "top2_hi", "p", "significant",
}

// WriteCSV writes the report's scores and changes as tidy CSV (see
// CSVColumns), escaping cells a spreadsheet would run as formulas.
func (d *Doc) WriteCSV(w io.Writer) error {
	t := &render.Table{Columns: CSVColumns}
	for _, p := range d.Processes {
		if p.Scores == nil {
			continue
		}
		ps := p.Scores
		csvKPIs(t, p.Process, "all", "", &ps.All)
		for i := range ps.Segments {
			csvKPIs(t, p.Process, "segment", ps.Segments[i].Label, &ps.Segments[i].KPIs)
		}
		for i := range ps.Waves {
			csvKPIs(t, p.Process, "wave", ps.Waves[i].Label, &ps.Waves[i].KPIs)
		}
		for _, c := range ps.Changes {
			name := c.KPI
			if c.KPI == "step" {
				name = c.Step
			}
			t.AddRow(p.Process, "change", c.From+"->"+c.To, "change", name, c.Measure,
				"", num(c.Diff), num(c.SE), num(c.Lo), num(c.Hi), "", "", "", num(c.P), strconv.FormatBool(c.Significant))
		}
		csvDrivers(t, p.Process, p.Drivers)
	}
	csvProcessLevel(t, d.ProcessDrivers)
	return t.WriteCSV(w)
}

func num(v float64) string {
	if v != v {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func csvKPIs(t *render.Table, process, gtype, group string, k *journey.KPIs) {
	row := func(kind, name, measure string, n int, est, se, lo, hi, top2, top2lo, top2hi float64) {
		t.AddRow(process, gtype, group, kind, name, measure, strconv.Itoa(n),
			num(est), num(se), num(lo), num(hi), num(top2), num(top2lo), num(top2hi), "", "")
	}
	nan := math.NaN()
	scaleRow := func(kind, name string, r *csat.Result) {
		row(kind, name, "mean", r.N, r.Mean, r.SE, r.Lo, r.Hi, r.Top2, r.Top2Lo, r.Top2Hi)
	}
	if r := k.NPS; r != nil {
		row("kpi", "nps", "score", r.N, r.Score, r.SE, r.Lo, r.Hi, nan, nan, nan)
	}
	if r := k.CES; r != nil {
		row("kpi", "ces", "mean", r.N, r.Mean, r.SE, r.Lo, r.Hi, r.Easy, r.EasyLo, r.EasyHi)
	}
	if r := k.CSAT; r != nil {
		scaleRow("kpi", "csat", r)
	}
	if r := k.Overall; r != nil {
		scaleRow("kpi", "overall", r)
	}
	for _, o := range k.Outcomes {
		switch {
		case o.Type == "binary" && o.Score != nil:
			r := o.Score
			row("outcome", o.Name, "share", r.N, r.Top2, r.Top2SE, r.Top2Lo, r.Top2Hi, nan, nan, nan)
		case o.Score != nil:
			scaleRow("outcome", o.Name, o.Score)
		case o.Mean != nil:
			m := o.Mean
			row("outcome", o.Name, "mean", m.N, m.Mean, m.SE, m.Lo, m.Hi, nan, nan, nan)
		}
	}
	for _, s := range k.Steps {
		if r := s.Satisfaction; r != nil {
			scaleRow("step", s.Step, r)
		}
		if r := s.Effort; r != nil {
			scaleRow("step_effort", s.Step, r)
		}
	}
}
