package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/touchpoint-cx/touchpoint/driver"
	"github.com/touchpoint-cx/touchpoint/internal/i18n"
	"github.com/touchpoint-cx/touchpoint/internal/render"
	"github.com/touchpoint-cx/touchpoint/survey"
)

func init() {
	register(&command{
		name:    "drivers",
		summary: "key-driver analysis of any flat CSV file: regression, relative importance, dominance",
		usage: "drivers --in FILE.csv --outcome COL --drivers COL,COL,... [--methods LIST] [--logistic] [--weight COL]\n" +
			"         [--group NAME=COL+COL ...] [--always COL,...] [--by COL,...] [--format text|markdown|json|csv]\n" +
			"       touchpoint drivers --postgres DSN --table T --outcome COL --drivers COL,... [--by COL,...] [--weight COL] [--timeout D]\n" +
			"       touchpoint drivers --moments FILE.json",
		example: `touchpoint drivers --in testdata/oracle/data/survey_small_onboarding.csv --outcome overall \
  --drivers orientation_site,application_form,confirmation_mail,account_activation,product_delivery,welcome_gift
touchpoint drivers --in responses.csv --outcome retained --drivers form,mail,visit --logistic --format json
touchpoint drivers --in responses.csv --outcome overall --drivers form,mail,visit --by segment
touchpoint drivers --postgres postgres://cx@db/survey --table survey.responses --outcome overall --drivers form,mail --by segment
touchpoint drivers --moments moments.json --format json`,
		setup: setupDrivers,
	})
}

// groupFlags collects repeated --group NAME=COL+COL flags.
type groupFlags []driver.Group

func (g *groupFlags) String() string { return "" }

func (g *groupFlags) Set(s string) error {
	name, members, ok := strings.Cut(s, "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" || strings.TrimSpace(members) == "" {
		return fmt.Errorf("%q: want NAME=COL+COL", s)
	}
	var ms []string
	for _, m := range strings.Split(members, "+") {
		if m = strings.TrimSpace(m); m == "" {
			return fmt.Errorf("%q: empty column name", s)
		}
		ms = append(ms, m)
	}
	*g = append(*g, driver.Group{Name: name, Members: ms})
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func setupDrivers(fs *flag.FlagSet, e *env) func(args []string) error {
	in := fs.String("in", "", "the CSV `FILE` to read (required)")
	outcome := fs.String("outcome", "", "`column` of the outcome (required)")
	drivers := fs.String("drivers", "", "comma-separated driver `columns` (required)")
	methods := fs.String("methods", "", "comma-separated `metrics`: lmg, first, last, betasq, pratt, genizi, car, rw, dominance (default: all)")
	logistic := fs.Bool("logistic", false, "logistic regression of a 0/1 outcome (importance: dominance of a pseudo-R²)")
	pseudo := fs.String("pseudo-r2", "mcfadden", "pseudo-R² of a logistic model: mcfadden, estrella, cox-snell or nagelkerke")
	weight := fs.String("weight", "", "`column` of survey weights")
	var groups groupFlags
	fs.Var(&groups, "group", "a group of drivers treated as one, `NAME=COL+COL` (repeatable)")
	always := fs.String("always", "", "comma-separated `columns` always in the model (controls), partialled out first")
	format := formatFlag(fs, render.Text, render.Markdown, render.JSON, render.CSV)
	lang := fs.String("lang", "en", "`language` of text output: "+joinCodes())
	by := fs.String("by", "", "comma-separated `columns`: one analysis per group of rows sharing their values (e.g. segment or wave)")
	dsn := fs.String("postgres", "", "compute the moments in the PostgreSQL database at `DSN` (with --table) instead of reading --in")
	table := fs.String("table", "", "with --postgres: the `table` (or view), optionally schema.table")
	timeout := fs.Duration("timeout", 60*time.Second, "with --postgres: give up after `duration`")
	momentsFile := fs.String("moments", "", "analyse the moments saved by `touchpoint sql --moments-out` in `FILE` instead of reading --in")
	return func(args []string) error {
		if len(args) > 0 {
			return usagef("unexpected argument %q (the file goes with --in)", args[0])
		}
		l, err := i18n.Get(*lang)
		if err != nil {
			return usagef("%v", err)
		}
		if *dsn != "" || *momentsFile != "" {
			return driversFromMoments(e, l, format.f, momentsSource{
				dsn: *dsn, table: *table, file: *momentsFile, in: *in, timeout: *timeout,
				outcome: *outcome, drivers: *drivers, by: *by, weight: *weight,
				methods: *methods, groups: groups, always: *always, logistic: *logistic,
			})
		}
		if *table != "" {
			return usagef("--table needs --postgres")
		}
		if *in == "" || *outcome == "" || *drivers == "" {
			return usagef("--in, --outcome and --drivers are required")
		}
		opts := driver.Options{Outcome: *outcome, Groups: groups, Always: splitList(*always), Logistic: *logistic}
		if opts.Methods, err = driver.ParseMethods(*methods); err != nil {
			return usagef("--methods: %v", err)
		}
		if opts.PseudoR2, err = parsePseudoR2(*pseudo); err != nil {
			return usagef("--pseudo-r2: %v", err)
		}
		names := splitList(*drivers)
		// Always variables are columns of the model too.
		cols := append(append([]string{}, names...), opts.Always...)
		x, y, w, err := readDriverTable(*in, *outcome, cols, *weight)
		if err != nil {
			return err
		}
		opts.Names = cols
		if *by != "" {
			byCols, err := columnList("--by", *by)
			if err != nil {
				return err
			}
			keys, err := readByColumns(*in, byCols)
			if err != nil {
				return err
			}
			gk, rows := splitRows(byCols, keys)
			runs := make([]driverRun, len(gk))
			for g := range gk {
				xs, ys, ws := subsetRows(x, y, w, rows[g])
				res, err := driver.Analyze(xs, ys, ws, opts)
				runs[g] = driverRun{Keys: gk[g], Rows: len(rows[g]), Res: res, Err: err}
			}
			if err := runsError(runs); err != nil {
				return err
			}
			return writeDriverRuns(e.stdout, byCols, runs, format.f, l)
		}
		res, err := driver.Analyze(x, y, w, opts)
		if err != nil {
			return err
		}
		return writeDrivers(e.stdout, res, format.f, l)
	}
}

func parsePseudoR2(s string) (driver.PseudoR2, error) {
	for p := driver.McFadden; p <= driver.Nagelkerke; p++ {
		if strings.EqualFold(strings.ReplaceAll(p.String(), "_", "-"), strings.ReplaceAll(s, "_", "-")) {
			return p, nil
		}
	}
	return 0, fmt.Errorf("unknown pseudo-R² %q (want mcfadden, estrella, cox-snell or nagelkerke)", s)
}

// readDriverTable reads the outcome, the driver columns and the weights of a
// flat CSV file. Missing values are NaN (the analysis drops those rows and
// says how many).
func readDriverTable(path, outcome string, cols []string, weight string) (*mat.Dense, []float64, []float64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, nil, err
	}
	defer f.Close()
	t, err := survey.ReadTable(f, path, survey.Options{})
	if err != nil {
		return nil, nil, nil, err
	}
	var problems []error
	column := func(name, what string) []float64 {
		j := t.Column(name)
		if j < 0 {
			problems = append(problems, fmt.Errorf("%s: no column %q for %s (columns: %s)", path, name, what, strings.Join(t.Header, ", ")))
			return nil
		}
		v, err := t.Numbers(j, survey.Scale{})
		if err != nil {
			problems = append(problems, err)
		}
		return v
	}
	y := column(outcome, "--outcome")
	xs := make([][]float64, len(cols))
	seen := map[string]bool{}
	for k, c := range cols {
		if seen[strings.ToLower(c)] {
			problems = append(problems, fmt.Errorf("column %q named twice in --drivers/--always", c))
			continue
		}
		seen[strings.ToLower(c)] = true
		xs[k] = column(c, "--drivers")
	}
	var w []float64
	if weight != "" {
		w = column(weight, "--weight")
		j := t.Column(weight)
		for i, v := range w {
			if !(v > 0) || math.IsInf(v, 0) {
				problems = append(problems, t.Error(j, i, survey.ErrBadWeight, "a positive weight"))
				if len(problems) > 20 {
					break
				}
			}
		}
	}
	if len(problems) > 0 {
		return nil, nil, nil, errors.Join(problems...)
	}
	n := t.Len()
	if n == 0 {
		return nil, nil, nil, fmt.Errorf("%s: no rows", path)
	}
	x := mat.NewDense(n, len(cols), nil)
	for k := range cols {
		x.SetCol(k, xs[k])
	}
	return x, y, w, nil
}

// writeDrivers writes a driver analysis in format f.
func writeDrivers(w io.Writer, res *driver.Result, f render.Format, l *i18n.Lang) error {
	if f == render.JSON {
		b, err := json.Marshal(res)
		if err != nil {
			return err
		}
		doc := map[string]json.RawMessage{}
		if err := json.Unmarshal(b, &doc); err != nil {
			return err
		}
		doc["schema_version"] = json.RawMessage(strconv.Quote(render.SchemaVersion))
		return render.WriteJSON(w, doc)
	}
	t := driverTable(res, f == render.CSV, l)
	switch f {
	case render.CSV:
		return t.WriteCSV(w)
	case render.Markdown:
		return t.WriteMarkdown(w)
	}
	return t.WriteText(w)
}

// driverTable lays a driver analysis out as a table, a row per driver. raw
// writes numbers in full precision (CSV) rather than rounded in language l.
func driverTable(res *driver.Result, raw bool, l *i18n.Lang) *render.Table {
	num := func(v float64, dec int) string {
		if raw {
			if math.IsNaN(v) {
				return ""
			}
			return strconv.FormatFloat(v, 'g', -1, 64)
		}
		if math.IsNaN(v) {
			return ""
		}
		return l.Number(v, dec)
	}
	stat := "R²"
	if res.Model == "logistic" {
		stat = res.Statistic
	}
	t := &render.Table{
		Title: fmt.Sprintf("%s model of %s: n = %d, %s = %s", res.Model, res.Outcome, res.N, stat, num(res.R2, 4)),
	}
	type col struct {
		name string
		get  func(d driver.DriverResult) string
	}
	cols := []col{
		{"driver", func(d driver.DriverResult) string { return d.Name }},
		{"coef", func(d driver.DriverResult) string { return num(d.Coef, 3) }},
		{"se", func(d driver.DriverResult) string { return num(d.SE, 3) }},
		{"std_coef", func(d driver.DriverResult) string { return num(d.StdCoef, 3) }},
		{"vif", func(d driver.DriverResult) string { return num(d.VIF, 2) }},
	}
	metric := func(name string, m driver.Method, get func(d driver.DriverResult) float64) {
		if res.Methods.Has(m) {
			cols = append(cols, col{name, func(d driver.DriverResult) string { return num(get(d), 4) }})
		}
	}
	metric("lmg", driver.LMG, func(d driver.DriverResult) float64 { return d.LMG })
	if res.Model == "logistic" || res.Methods.Has(driver.LMG) {
		cols = append(cols, col{"importance", func(d driver.DriverResult) string { return num(d.Importance, 4) }},
			col{"share", func(d driver.DriverResult) string {
				if raw {
					return num(d.Share, 0)
				}
				if math.IsNaN(d.Share) {
					return ""
				}
				return l.Percent(100*d.Share, 1)
			}},
			col{"rank", func(d driver.DriverResult) string { return strconv.Itoa(d.Rank) }})
	}
	metric("first", driver.First, func(d driver.DriverResult) float64 { return d.First })
	metric("last", driver.Last, func(d driver.DriverResult) float64 { return d.Last })
	metric("betasq", driver.Betasq, func(d driver.DriverResult) float64 { return d.Betasq })
	metric("pratt", driver.Pratt, func(d driver.DriverResult) float64 { return d.Pratt })
	metric("genizi", driver.Genizi, func(d driver.DriverResult) float64 { return d.Genizi })
	metric("car", driver.CAR, func(d driver.DriverResult) float64 { return d.CAR })
	metric("rw", driver.RW, func(d driver.DriverResult) float64 { return d.RW })
	for k, c := range cols {
		t.Columns = append(t.Columns, c.name)
		if k == 0 {
			t.Align = append(t.Align, render.Left)
		} else {
			t.Align = append(t.Align, render.Right)
		}
	}
	for _, d := range res.Drivers {
		row := make([]string, len(cols))
		for k, c := range cols {
			row[k] = c.get(d)
		}
		t.AddRow(row...)
	}
	if raw {
		return t
	}
	if d := res.Dominance; d != nil && d.Complete != nil {
		for i := range d.Names {
			var over []string
			for j := range d.Names {
				if i != j && d.Complete[i][j] == 1 {
					over = append(over, d.Names[j])
				}
			}
			if len(over) > 0 {
				t.Notes = append(t.Notes, fmt.Sprintf("%s completely dominates %s", d.Names[i], strings.Join(over, ", ")))
			}
		}
	}
	if res.R2Always != 0 {
		t.Notes = append(t.Notes, fmt.Sprintf("always in the model: %s (R² %s); decomposed: %s", strings.Join(res.Always, ", "), num(res.R2Always, 4), num(res.R2Decomposed, 4)))
	}
	for _, w := range res.Warnings {
		t.Notes = append(t.Notes, "warning: "+w.Error())
	}
	return t
}
