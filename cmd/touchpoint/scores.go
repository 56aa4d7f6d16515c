package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/touchpoint-cx/touchpoint/ces"
	"github.com/touchpoint-cx/touchpoint/csat"
	"github.com/touchpoint-cx/touchpoint/internal/i18n"
	"github.com/touchpoint-cx/touchpoint/internal/render"
	"github.com/touchpoint-cx/touchpoint/nps"
	"github.com/touchpoint-cx/touchpoint/survey"
)

func init() {
	register(&command{
		name:    "scores",
		summary: "NPS, CES and CSAT of any flat CSV file, overall and per group",
		usage:   "scores --in FILE.csv [--nps COL] [--ces COL] [--csat COL] [--by COL[,COL]] [--weight COL] [--format text|markdown|json|csv]",
		example: `touchpoint scores --in testdata/oracle/data/survey_small_onboarding.csv
touchpoint scores --in responses.csv --nps recommend --by wave,segment --weight w --format json`,
		setup: setupScores,
	})
}

// scoresDoc is the JSON document of the scores command.
type scoresDoc struct {
	SchemaVersion string        `json:"schema_version"`
	File          string        `json:"file"`
	Weighted      bool          `json:"weighted"`
	Groups        []scoresGroup `json:"groups"`
}

type scoresGroup struct {
	By    map[string]string `json:"by"` // {} for the whole file
	N     int               `json:"n"`  // rows in the group
	NPS   *nps.Result       `json:"nps,omitempty"`
	CES   *ces.Result       `json:"ces,omitempty"`
	CSAT  *csat.Result      `json:"csat,omitempty"`
	Notes []string          `json:"notes,omitempty"`
	key   []string
}

func setupScores(fs *flag.FlagSet, e *env) func(args []string) error {
	in := fs.String("in", "", "the CSV `FILE` to read (required); comma, semicolon or tab, decimal point or comma")
	npsCol := fs.String("nps", "", "`column` of the 0-10 likelihood to recommend (default: a column named nps)")
	cesCol := fs.String("ces", "", "`column` of the customer effort score (default: a column named ces)")
	csatCol := fs.String("csat", "", "`column` of the CSAT answers (default: a column named csat)")
	by := fs.String("by", "", "comma-separated `columns` to group by (segment, wave, ...)")
	weight := fs.String("weight", "", "`column` of survey weights")
	cesScale := fs.String("ces-scale", "1-7", "CES `scale`: 1-7 (CES 2.0, higher is easier) or 1-5 (effort, lower is better)")
	csatScale := fs.String("csat-scale", "1-5", "CSAT `scale`, MIN-MAX")
	confidence := fs.Float64("confidence", 0.95, "confidence `level` of the intervals")
	wald := fs.Bool("wald", false, "NPS intervals by the plain Wald method instead of the adjusted Wald of Rocks (2016)")
	format := formatFlag(fs, render.Text, render.Markdown, render.JSON, render.CSV)
	lang := fs.String("lang", "en", "`language` of text output: "+joinCodes())
	return func(args []string) error {
		if len(args) > 0 {
			return usagef("unexpected argument %q (the file goes with --in)", args[0])
		}
		if *in == "" {
			return usagef("--in FILE is required")
		}
		l, err := i18n.Get(*lang)
		if err != nil {
			return usagef("%v", err)
		}
		if !(*confidence > 0 && *confidence < 1) {
			return usagef("--confidence %v: want a level between 0 and 1, such as 0.95", *confidence)
		}
		var cesOpt ces.Options
		switch *cesScale {
		case "1-7":
			cesOpt.Scale = ces.Scale7
		case "1-5":
			cesOpt.Scale = ces.Scale5Legacy
		default:
			return usagef("--ces-scale %q: want 1-7 or 1-5", *cesScale)
		}
		cesOpt.Confidence = *confidence
		lo, hi, err := parseIntScale(*csatScale)
		if err != nil {
			return usagef("--csat-scale: %v", err)
		}
		csatOpt := csat.Options{Min: lo, Max: hi, Confidence: *confidence}
		npsOpt := nps.Options{Confidence: *confidence}
		if *wald {
			npsOpt.Interval = nps.Wald
		}

		f, err := os.Open(*in)
		if err != nil {
			return err
		}
		defer f.Close()
		t, err := survey.ReadTable(f, *in, survey.Options{Limits: e.limits})
		if err != nil {
			return err
		}
		col := func(flagName, name string, required bool) (int, error) {
			if name == "" {
				return -1, nil
			}
			j := t.Column(name)
			if j < 0 && required {
				return -1, fmt.Errorf("%s: no column %q for --%s (columns: %s)", *in, name, flagName, strings.Join(t.Header, ", "))
			}
			return j, nil
		}
		var cols [3]int
		for i, spec := range []struct{ flag, name, def string }{{"nps", *npsCol, "nps"}, {"ces", *cesCol, "ces"}, {"csat", *csatCol, "csat"}} {
			name, required := spec.name, true
			if name == "" {
				name, required = spec.def, false
			}
			if cols[i], err = col(spec.flag, name, required); err != nil {
				return err
			}
		}
		if cols[0] < 0 && cols[1] < 0 && cols[2] < 0 {
			return fmt.Errorf("%s: no score column: name one with --nps, --ces or --csat, or name the columns nps, ces, csat (columns: %s)", *in, strings.Join(t.Header, ", "))
		}
		scales := [3]survey.Scale{
			{Min: 0, Max: 10, Integer: true},
			{Min: 1, Max: float64(map[bool]int{true: 5, false: 7}[cesOpt.Scale == ces.Scale5Legacy]), Integer: true},
			{Min: float64(lo), Max: float64(hi), Integer: true},
		}
		var data [3][]float64
		var problems []error
		for i, j := range cols {
			if j < 0 {
				continue
			}
			data[i], err = t.Numbers(j, scales[i])
			if err != nil {
				problems = append(problems, err)
			}
		}
		var w []float64
		if *weight != "" {
			j, err := col("weight", *weight, true)
			if err != nil {
				return err
			}
			w, err = t.Numbers(j, survey.Scale{})
			if err != nil {
				problems = append(problems, err)
			}
			for i, v := range w {
				if err == nil && !(v > 0) {
					problems = append(problems, t.Error(j, i, survey.ErrBadWeight, "a positive weight"))
				}
			}
		}
		if len(problems) > 0 {
			return errors.Join(problems...)
		}
		var byCols []int
		var byNames []string
		if *by != "" {
			for _, name := range strings.Split(*by, ",") {
				name = strings.TrimSpace(name)
				j, err := col("by", name, true)
				if err != nil {
					return err
				}
				byCols = append(byCols, j)
				byNames = append(byNames, t.Header[j])
			}
		}
		doc := scoresDoc{SchemaVersion: render.SchemaVersion, File: *in, Weighted: w != nil}
		rows := make([]int, t.Len())
		for i := range rows {
			rows[i] = i
		}
		score := func(by map[string]string, key []string, rows []int) scoresGroup {
			g := scoresGroup{By: by, N: len(rows), key: key}
			pick := func(x []float64) []float64 {
				if x == nil {
					return nil
				}
				out := make([]float64, len(rows))
				for k, i := range rows {
					out[k] = x[i]
				}
				return out
			}
			gw := pick(w)
			if x := pick(data[0]); x != nil {
				if r, err := nps.Score(x, gw, npsOpt); err == nil {
					g.NPS = &r
				} else {
					g.Notes = append(g.Notes, "nps: "+err.Error())
				}
			}
			if x := pick(data[1]); x != nil {
				if r, err := ces.Score(x, gw, cesOpt); err == nil {
					g.CES = &r
				} else {
					g.Notes = append(g.Notes, "ces: "+err.Error())
				}
			}
			if x := pick(data[2]); x != nil {
				if r, err := csat.Score(x, gw, csatOpt); err == nil {
					g.CSAT = &r
				} else {
					g.Notes = append(g.Notes, "csat: "+err.Error())
				}
			}
			return g
		}
		doc.Groups = append(doc.Groups, score(map[string]string{}, nil, rows))
		if len(byCols) > 0 {
			labels := make([][]string, len(byCols))
			for k, j := range byCols {
				labels[k] = t.Strings(j)
			}
			groups := map[string][]int{}
			keys := map[string][]string{}
			for i := 0; i < t.Len(); i++ {
				key := make([]string, len(byCols))
				for k := range byCols {
					key[k] = labels[k][i]
				}
				ks := strings.Join(key, "\x00")
				groups[ks] = append(groups[ks], i)
				keys[ks] = key
			}
			order := make([]string, 0, len(groups))
			for ks := range groups {
				order = append(order, ks)
			}
			sort.Strings(order)
			for _, ks := range order {
				m := map[string]string{}
				for k, name := range byNames {
					m[name] = keys[ks][k]
				}
				doc.Groups = append(doc.Groups, score(m, keys[ks], groups[ks]))
			}
		}
		return writeScores(e.stdout, &doc, byNames, format.f, l)
	}
}

func parseIntScale(s string) (lo, hi int, err error) {
	a, b, ok := strings.Cut(s, "-")
	if ok {
		lo, err = strconv.Atoi(strings.TrimSpace(a))
		if err == nil {
			hi, err = strconv.Atoi(strings.TrimSpace(b))
		}
	}
	if !ok || err != nil || hi <= lo {
		return 0, 0, fmt.Errorf("%q is not a scale MIN-MAX such as 1-5", s)
	}
	return lo, hi, nil
}

func writeScores(w io.Writer, doc *scoresDoc, byNames []string, f render.Format, l *i18n.Lang) error {
	if f == render.JSON {
		return render.WriteJSON(w, doc)
	}
	t := &render.Table{Columns: append([]string{}, byNames...)}
	for range byNames {
		t.Align = append(t.Align, render.Left)
	}
	figures := []string{"n", "nps", "nps_se", "nps_lo", "nps_hi", "promoters", "passives", "detractors",
		"ces", "ces_se", "ces_lo", "ces_hi", "easy", "csat", "csat_se", "csat_lo", "csat_hi", "top2"}
	t.Columns = append(t.Columns, figures...)
	for range figures {
		t.Align = append(t.Align, render.Right)
	}
	text := f != render.CSV
	num := func(v float64, dec int) string {
		if text {
			return l.Number(v, dec)
		}
		if v != v {
			return ""
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	for _, g := range doc.Groups {
		row := make([]string, len(byNames))
		for k, name := range byNames {
			if g.key == nil {
				row[k] = "(all)"
				if !text {
					row[k] = ""
				}
			} else {
				row[k] = g.By[name]
			}
		}
		row = append(row, strconv.Itoa(g.N))
		if r := g.NPS; r != nil {
			row = append(row, num(r.Score, 1), num(r.SE, 1), num(r.Lo, 1), num(r.Hi, 1), num(r.Promoters, 1), num(r.Passives, 1), num(r.Detractors, 1))
		} else {
			row = append(row, "", "", "", "", "", "", "")
		}
		if r := g.CES; r != nil {
			row = append(row, num(r.Mean, 2), num(r.SE, 3), num(r.Lo, 2), num(r.Hi, 2), num(r.Easy, 1))
		} else {
			row = append(row, "", "", "", "", "")
		}
		if r := g.CSAT; r != nil {
			row = append(row, num(r.Mean, 2), num(r.SE, 3), num(r.Lo, 2), num(r.Hi, 2), num(r.Top2, 1))
		} else {
			row = append(row, "", "", "", "", "")
		}
		t.AddRow(row...)
		for _, n := range g.Notes {
			t.Notes = append(t.Notes, n)
		}
	}
	switch f {
	case render.CSV:
		return t.WriteCSV(w)
	case render.Markdown:
		return t.WriteMarkdown(w)
	}
	if doc.Weighted {
		t.Notes = append(t.Notes, "weighted: standard errors from the Kish effective sample size")
	}
	t.Notes = append(t.Notes, "NPS in points, promoters/passives/detractors/easy/top2 in percent; lo/hi: 95% interval (NPS: adjusted Wald)")
	return t.WriteText(w)
}
