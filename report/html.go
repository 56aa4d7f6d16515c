package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"

	"github.com/touchpoint-cx/touchpoint/internal/chart"
	"github.com/touchpoint-cx/touchpoint/internal/i18n"
	"github.com/touchpoint-cx/touchpoint/internal/render"
	"github.com/touchpoint-cx/touchpoint/journey"
)

//go:embed html.tmpl
var htmlSource string

var htmlTemplate = template.Must(template.New("report").Parse(htmlSource))

// WriteHTML writes the report as one self-contained HTML page in language
// l, a file a CX team can mail around: its style sheet inline, its charts
// inline SVG, no scripts and nothing fetched from elsewhere.
//
// The page opens with a summary (per process: what to fix first, the
// quick wins and the outcomes predicted with every step at its target
// where the report has priorities; the key KPIs, the weakest step and the
// largest changes between the last two waves), then has every section of
// [Doc.Sections], the same as the text and Markdown reports, with the
// charts of each process beside the sections they illustrate: the journey
// map before the journey, the step scores with the scores, a journey map
// per segment with the segments, the change of the step scores with the
// waves, the importance with the drivers, the quadrant and the
// impact-effort matrix with the priorities. A chart whose section the
// report lacks follows the process's last section. The data read come
// last.
//
// Every text from the study (names, labels, file names) is escaped by
// html/template; the charts escape their own texts. The output is a
// function of the document and the language: the same input gives the
// same bytes.
func (d *Doc) WriteHTML(w io.Writer, l *i18n.Lang) error {
	page, err := d.htmlPage(l)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := htmlTemplate.Execute(&buf, page); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// htmlPage is the data of the HTML template.
type htmlPage struct {
	Lang     string
	Title    string
	Subtitle []string
	Contents string // heading of the table of contents
	Nav      []htmlNav
	Summary  htmlSection
	Blocks   []htmlBlock
	Footer   string
}

// htmlNav is an entry of the table of contents.
type htmlNav struct {
	ID, Title string
	Sub       []htmlNav
}

// htmlBlock is a section of the study as a whole, or the sections of one
// process.
type htmlBlock struct {
	ID       string // the process's anchor, "" for a study section
	Sections []htmlSection
}

type htmlSection struct {
	ID      string
	Sub     bool // a section within a process, headed <h3>
	Title   string
	Lines   []string
	Before  []htmlFigure // figures before the tables
	Tables  []htmlTable
	Figures []htmlFigure // figures after the tables
}

type htmlTable struct {
	Title   string
	Columns []htmlCell
	Rows    [][]htmlCell
	Notes   []string
}

type htmlCell struct {
	Text  string
	Right bool
}

// htmlFigure is a chart: its SVG, made by package internal/chart (which
// escapes the texts it draws), and its caption.
type htmlFigure struct {
	SVG     template.HTML
	Caption string
	Wide    bool
}

func (d *Doc) htmlPage(l *i18n.Lang) (*htmlPage, error) {
	f := fmtr{l}
	page := &htmlPage{
		Lang:     l.Code(),
		Title:    f.t("report.title", d.Study),
		Contents: f.t("html.contents"),
		Footer:   f.t("html.footer", render.SchemaVersion),
	}
	sections := d.Sections(l)
	if len(sections) == 0 {
		return page, nil
	}
	// The first section is the ingest section, titled as the report; the
	// page's heading takes that title, and its lines go under it.
	first := 0
	if sections[0].Title == page.Title {
		page.Subtitle = sections[0].Lines
		first = 1
	}
	page.Summary = toHTMLSection(d.summary(f), "summary", false)
	page.Nav = append(page.Nav, htmlNav{ID: "summary", Title: page.Summary.Title})

	// Find each process's sections in the list: the run of sections that
	// processSections gives for it; it ends early where the list differs,
	// and a section outside every run is a section of the whole study.
	owner := make([]int, len(sections)) // process index of each section, -1 for the study
	for j := range owner {
		owner[j] = -1
	}
	own := make([][]Section, len(d.Processes))
	found := make([]bool, len(d.Processes))
	cursor := first
	for i := range d.Processes {
		own[i] = d.processSections(f, i)
		if len(own[i]) == 0 {
			continue
		}
		for j := cursor; j < len(sections); j++ {
			if sections[j].Title != own[i][0].Title {
				continue
			}
			found[i] = true
			k := 0
			for ; k < len(own[i]) && j+k < len(sections) && sections[j+k].Title == own[i][k].Title; k++ {
				owner[j+k] = i
			}
			cursor = j + k
			break
		}
	}

	anchors := processAnchors(d.Processes)
	sets := d.chartSets(l)
	placed := make([]*placement, len(d.Processes))
	for i := range d.Processes {
		pl, err := d.Processes[i].placeCharts(f, sets[i], own[i])
		if err != nil {
			return nil, fmt.Errorf("process %s: %w", d.Processes[i].Process, err)
		}
		placed[i] = pl
	}

	ingest := htmlSection{}
	if first == 1 {
		ingest = toHTMLSection(Section{Title: f.t("html.ingest"), Tables: sections[0].Tables}, "read", false)
	}
	n := 0
	for j := first; j < len(sections); {
		i := owner[j]
		if i < 0 {
			n++
			hs := toHTMLSection(sections[j], fmt.Sprintf("s%d", n), false)
			page.Blocks = append(page.Blocks, htmlBlock{Sections: []htmlSection{hs}})
			page.Nav = append(page.Nav, htmlNav{ID: hs.ID, Title: hs.Title})
			j++
			continue
		}
		b := htmlBlock{ID: anchors[i]}
		nav := htmlNav{ID: b.ID}
		used := map[string]bool{}
		for k := 0; j < len(sections) && owner[j] == i; j, k = j+1, k+1 {
			n++
			hs := toHTMLSection(sections[j], fmt.Sprintf("s%d", n), k > 0)
			if t := sections[j].Title; !used[t] {
				used[t] = true
				for _, pf := range placed[i].figs[t] {
					if pf.before {
						hs.Before = append(hs.Before, pf.fig)
					} else {
						hs.Figures = append(hs.Figures, pf.fig)
					}
				}
			}
			if k == 0 {
				nav.Title = hs.Title
			} else {
				nav.Sub = append(nav.Sub, htmlNav{ID: hs.ID, Title: hs.Title})
			}
			b.Sections = append(b.Sections, hs)
		}
		// Charts with no section of their own follow the last one.
		last := &b.Sections[len(b.Sections)-1]
		for _, t := range placed[i].titles {
			if !used[t] {
				for _, pf := range placed[i].figs[t] {
					last.Figures = append(last.Figures, pf.fig)
				}
			}
		}
		page.Blocks = append(page.Blocks, b)
		page.Nav = append(page.Nav, nav)
	}
	// Processes whose sections were not found keep their charts in a
	// section of their own.
	for i := range d.Processes {
		if found[i] {
			continue
		}
		hs := htmlSection{ID: "charts-" + anchors[i], Title: f.t("html.charts", d.Processes[i].subject())}
		for _, pf := range placed[i].all() {
			hs.Figures = append(hs.Figures, pf.fig)
		}
		if len(hs.Figures) > 0 {
			page.Blocks = append(page.Blocks, htmlBlock{Sections: []htmlSection{hs}})
			page.Nav = append(page.Nav, htmlNav{ID: hs.ID, Title: hs.Title})
		}
	}
	if first == 1 {
		page.Blocks = append(page.Blocks, htmlBlock{Sections: []htmlSection{ingest}})
		page.Nav = append(page.Nav, htmlNav{ID: ingest.ID, Title: ingest.Title})
	}
	return page, nil
}

// processAnchors returns the anchors of the processes' parts of the page:
// "process-" and the process id as chart.FileStem writes it, with "-2",
// "-3", ... added to make them unique.
func processAnchors(ps []Process) []string {
	out := make([]string, len(ps))
	seen := map[string]bool{}
	for i := range ps {
		base := "process-" + chart.FileStem(ps[i].Process)
		a := base
		for k := 2; seen[a]; k++ {
			a = fmt.Sprintf("%s-%d", base, k)
		}
		seen[a] = true
		out[i] = a
	}
	return out
}

// placedFigure is a chart and where it goes in its section.
type placedFigure struct {
	fig    htmlFigure
	before bool // before the section's tables
}

// placement holds the figures of a process by the title of the section
// they go in; "" holds those that follow the process's last section.
type placement struct {
	titles []string // in the order first used
	figs   map[string][]placedFigure
}

func (pl *placement) add(title string, pf placedFigure) {
	if pl.figs == nil {
		pl.figs = map[string][]placedFigure{}
	}
	if _, ok := pl.figs[title]; !ok {
		pl.titles = append(pl.titles, title)
	}
	pl.figs[title] = append(pl.figs[title], pf)
}

// all returns every figure, in the order added by section.
func (pl *placement) all() []placedFigure {
	var out []placedFigure
	for _, t := range pl.titles {
		out = append(out, pl.figs[t]...)
	}
	return out
}

// placeCharts renders the charts of a process and places them by the
// titles of its sections, as Process.sections and scoreSections give
// them: the journey map in the process's own section before the journey
// table, the step scores with the scores, the changes with the waves, the
// segments' journey maps with the segments; the other charts follow the
// process's last section.
func (p *Process) placeCharts(f fmtr, pc processCharts, own []Section) (*placement, error) {
	pl := &placement{}
	charts, err := pc.process.Charts(f.l)
	if err != nil {
		return nil, err
	}
	first := ""
	if len(own) > 0 {
		first = own[0].Title
	}
	where := chartSections(f, p, own)
	for _, ch := range charts {
		svg, err := svgOf(ch)
		if err != nil {
			return nil, err
		}
		fig := htmlFigure{SVG: svg}
		title, before := "", false
		title = where[ch.Name]
		switch ch.Name {
		case "journey-map":
			title, before, fig.Wide = first, true, true
			fig.Caption = f.t("html.caption.map_plain")
			if hasImportance(pc.process.Steps) {
				fig.Caption = f.t("html.caption.map")
			}
		case "steps":
			fig.Caption = f.t("html.caption.steps")
		case "changes":
			fig.Caption = f.t("html.caption.changes", pc.process.Waves)
		case "importance":
			fig.Caption = f.t("html.caption.importance")
		case "quadrant":
			fig.Caption = f.t("html.caption.quadrant")
		case "impact-effort":
			fig.Caption = f.t("html.caption.impact_effort")
		}
		pl.add(title, placedFigure{fig: fig, before: before})
	}
	// The journey map of each segment, with the segments.
	seg := where["segments"]
	for _, s := range pc.segments {
		charts, err := s.set.Charts(f.l)
		if err != nil {
			return nil, fmt.Errorf("segment %s: %w", s.label, err)
		}
		for _, ch := range charts {
			if ch.Name != "journey-map" {
				continue
			}
			svg, err := svgOf(ch)
			if err != nil {
				return nil, err
			}
			caption := f.t("html.caption.segment_map", s.label)
			if hasImportance(s.set.Steps) {
				caption = f.t("html.caption.segment_map_importance", s.label)
			}
			pl.add(seg, placedFigure{fig: htmlFigure{SVG: svg, Wide: true, Caption: caption}})
		}
	}
	return pl, nil
}

// svgOf writes a chart as SVG for inline use. Package chart escapes the
// texts it writes into the SVG, so the result is safe HTML.
func svgOf(ch chart.Chart) (template.HTML, error) {
	var b bytes.Buffer
	if err := chart.Write(&b, ch.Plot, "svg", ch.Width, ch.Height); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

func toHTMLSection(s Section, id string, sub bool) htmlSection {
	hs := htmlSection{ID: id, Sub: sub, Title: s.Title, Lines: s.Lines}
	for _, t := range s.Tables {
		hs.Tables = append(hs.Tables, toHTMLTable(t))
	}
	return hs
}

func toHTMLTable(t *render.Table) htmlTable {
	ht := htmlTable{Title: t.Title, Notes: t.Notes}
	right := func(j int) bool { return j < len(t.Align) && t.Align[j] == render.Right }
	n := len(t.Columns)
	for _, r := range t.Rows {
		n = max(n, len(r))
	}
	for j := 0; j < len(t.Columns); j++ {
		ht.Columns = append(ht.Columns, htmlCell{Text: t.Columns[j], Right: right(j)})
	}
	for j := len(t.Columns); j < n && len(t.Columns) > 0; j++ {
		ht.Columns = append(ht.Columns, htmlCell{Right: right(j)})
	}
	for _, r := range t.Rows {
		row := make([]htmlCell, n)
		for j := range row {
			row[j].Right = right(j)
			if j < len(r) {
				row[j].Text = r[j]
			}
		}
		ht.Rows = append(ht.Rows, row)
	}
	return ht
}

// summary is the section that opens the HTML report: per process what to
// fix first, the quick wins among the ideas and the outcomes predicted
// with every step at its target (when the report has priorities), a table of the key KPIs, the weakest step, and the largest
// changes between the last two waves.
func (d *Doc) summary(f fmtr) Section {
	s := Section{Title: f.t("html.summary")}
	kpis := &render.Table{
		Title:   f.t("html.summary.kpis"),
		Columns: []string{f.t("html.col.process"), f.t("col.respondents"), f.t("kpi.nps"), f.t("col.ci95"), f.t("kpi.ces"), f.t("kpi.csat"), f.t("kpi.overall")},
		Align:   []render.Align{render.Left, render.Right, render.Right, render.Right, render.Right, render.Right, render.Right},
	}
	for i := range d.Processes {
		p := &d.Processes[i]
		name := p.subject()
		if fix := p.fixFirst(); len(fix) > 0 {
			s.Lines = append(s.Lines, f.t("html.summary.fix_first", name, strings.Join(fix, ", ")))
		}
		if wins := p.quickWins(); len(wins) > 0 {
			s.Lines = append(s.Lines, f.t("html.summary.quick_wins", name, strings.Join(wins, "; ")))
		}
		if w := p.whatIf(f); w != "" {
			s.Lines = append(s.Lines, f.t("html.summary.what_if", name, w))
		}
		if p.Scores == nil {
			continue
		}
		k := &p.Scores.All
		npsS, npsCI, cesS, csatS, overall := "-", "-", "-", "-", "-"
		if r := k.NPS; r != nil {
			npsS, npsCI = f.num(r.Score, 1), f.ci(r.Lo, r.Hi, 1)
		}
		if r := k.CES; r != nil {
			cesS = f.num(r.Mean, 2)
		}
		if r := k.CSAT; r != nil {
			csatS = f.num(r.Mean, 2)
		}
		if r := k.Overall; r != nil {
			overall = f.num(r.Mean, 2)
		}
		kpis.AddRow(name, f.int(p.Respondents), npsS, npsCI, cesS, csatS, overall)
		if w := weakestStep(k); w != nil {
			r := w.Satisfaction
			s.Lines = append(s.Lines, f.t("html.summary.weakest", name, w.Label, f.num(r.Mean, 2), f.num(float64(r.Min), 0)+"-"+f.num(float64(r.Max), 0)))
		}
		kpi, step := biggestChanges(p)
		for _, c := range []*journey.Change{kpi, step} {
			if c == nil {
				continue
			}
			dec := 2
			if c.KPI == "nps" || c.Measure == "share" {
				dec = 1
			}
			what := f.kpiName(c.KPI)
			if c.KPI == "step" {
				what = f.t("kpi.step", p.stepLabel(c.Step))
			}
			sig := f.t("html.not_significant")
			if c.Significant {
				sig = f.t("html.significant")
			}
			s.Lines = append(s.Lines, f.t("html.summary.change", name, c.From, c.To, what, f.l.Signed(c.Diff, dec), f.ci(c.Lo, c.Hi, dec), f.p(c.P), sig))
		}
	}
	if len(kpis.Rows) > 0 {
		s.Tables = append(s.Tables, kpis)
	}
	return s
}

// whatIf writes the outcomes the priorities predict when every step
// reaches its target, as "overall satisfaction 7.52 → 8.18 [8.13, 8.25]",
// joined by "; "; "" without priorities or targets.
func (p *Process) whatIf(f fmtr) string {
	if p.Priority == nil {
		return ""
	}
	var parts []string
	for _, w := range p.Priority.WhatIf {
		now, pred, lo, hi := float64(w.Current), float64(w.All.Predicted), float64(w.All.PredictedLo), float64(w.All.PredictedHi)
		if !finite(now) || !finite(pred) || len(w.Steps) == 0 {
			continue
		}
		dec := measureDecimals(w.Measure)
		v := func(x float64) string { return f.num(x, dec) }
		if w.Measure == "percent" {
			v = func(x float64) string { return f.l.Percent(x, dec) }
		}
		parts = append(parts, f.t("html.summary.what_if_part", f.prioOutcome(w.Outcome), v(now), v(pred), f.ci(lo, hi, dec)))
	}
	return strings.Join(parts, "; ")
}

func (p *Process) stepLabel(id string) string {
	for _, s := range p.Journey {
		if s.Step == id && s.Label != "" {
			return s.Label
		}
	}
	return id
}

// weakestStep returns the step whose mean satisfaction is lowest as a share
// of its scale, (mean - min) / (max - min), or nil when no step has a
// score. Ties go to the earlier step.
func weakestStep(k *journey.KPIs) *journey.StepScore {
	var best *journey.StepScore
	bestPos := math.Inf(1)
	for i := range k.Steps {
		r := k.Steps[i].Satisfaction
		if r == nil || math.IsNaN(r.Mean) || r.Max <= r.Min {
			continue
		}
		pos := (r.Mean - float64(r.Min)) / float64(r.Max-r.Min)
		if pos < bestPos {
			best, bestPos = &k.Steps[i], pos
		}
	}
	return best
}

// biggestChanges returns, among the changes between the last two waves
// compared, the NPS change (else the first KPI's) and the step change of
// the largest size, significant ones before others; nil when there are
// none.
func biggestChanges(p *Process) (kpi, step *journey.Change) {
	ps := p.Scores
	if ps == nil || len(ps.Changes) == 0 {
		return nil, nil
	}
	last := ps.Changes[len(ps.Changes)-1]
	for i := range ps.Changes {
		c := &ps.Changes[i]
		if c.From != last.From || c.To != last.To || math.IsNaN(c.Diff) {
			continue
		}
		if c.KPI != "step" {
			if kpi == nil || c.KPI == "nps" && kpi.KPI != "nps" {
				kpi = c
			}
			continue
		}
		if step == nil || c.Significant && !step.Significant ||
			c.Significant == step.Significant && math.Abs(c.Diff) > math.Abs(step.Diff) {
			step = c
		}
	}
	return kpi, step
}
