package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
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
			"         [--group NAME=COL+COL ...] [--always COL,...] [--by COL,...] [--missing listwise|pairwise|dummy]\n" +
			"         [--bootstrap N [--seed S] [--level 0.95] [--ci perc|bca]] [--sample N [--sample-tolerance SE]]\n" +
			"         [--format text|markdown|json|csv]\n" +
			"       touchpoint drivers --postgres DSN --table T --outcome COL --drivers COL,... [--by COL,...] [--weight COL]\n" +
			"         [--missing listwise|pairwise] [--timeout D]\n" +
			"       touchpoint drivers --moments FILE.json",
		example: `touchpoint drivers --in testdata/oracle/data/survey_small_onboarding.csv --outcome overall \
  --drivers orientation_site,application_form,confirmation_mail,account_activation,product_delivery,welcome_gift
touchpoint drivers --in responses.csv --outcome retained --drivers form,mail,visit --logistic --format json
touchpoint drivers --in responses.csv --outcome overall --drivers form,mail,visit --by segment
touchpoint drivers --in responses.csv --outcome overall --drivers form,visit,self_service --missing dummy --bootstrap 1000 --seed 7
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

// pairFlags collects repeated --compare A,B flags.
type pairFlags [][2]string

func (p *pairFlags) String() string { return "" }

func (p *pairFlags) Set(s string) error {
	a, b, ok := strings.Cut(s, ",")
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if !ok || a == "" || b == "" || strings.Contains(b, ",") {
		return fmt.Errorf("%q: want two drivers, A,B", s)
	}
	*p = append(*p, [2]string{a, b})
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
	weight := fs.String("weight", "", "`column` of survey weights (rows with an empty or zero weight are left out and counted)")
	var groups groupFlags
	fs.Var(&groups, "group", "a group of drivers treated as one, `NAME=COL+COL` (repeatable)")
	always := fs.String("always", "", "comma-separated `columns` always in the model (controls), partialled out first")
	format := formatFlag(fs, render.Text, render.Markdown, render.JSON, render.CSV)
	lang := fs.String("lang", "en", "`language` of text output: "+joinCodes())
	by := fs.String("by", "", "comma-separated `columns`: one analysis per group of rows sharing their values (e.g. segment or wave)")
	dsn := fs.String("postgres", "", "compute the moments in the PostgreSQL database at `DSN` (with --table) instead of reading --in")
	table := fs.String("table", "", "with --postgres: the `table` (or view), optionally schema.table")
	timeout := fs.Duration("timeout", 60*time.Second, "with --postgres: give up after `duration`")
	momentsFile := fs.String("moments", "", "analyse the moments saved by 'touchpoint sql --moments-out' in `FILE` instead of reading --in")
	missing := fs.String("missing", "listwise", "treatment of skipped steps (missing driver values): listwise, pairwise or dummy (mean fill plus a passed:STEP indicator)")
	nboot := fs.Int("bootstrap", 0, "bootstrap confidence intervals for every metric from `N` replicates (0: none)")
	seed := fs.Uint64("seed", 1, "with --bootstrap: the random `seed`; the same seed gives the same intervals")
	level := fs.Float64("level", 0.95, "with --bootstrap: the two-sided confidence `level`")
	ci := fs.String("ci", "perc", "with --bootstrap: the `interval`, perc (percentile) or bca (bias-corrected and accelerated)")
	var compare pairFlags
	fs.Var(&compare, "compare", "with --bootstrap: intervals for the difference and the ratio of the importance of two drivers, `A,B` (repeatable)")
	sample := fs.Int("sample", 0, "estimate lmg from up to `N` random orderings of the drivers (Monte Carlo, with a standard error per driver; seeded by --seed) instead of the exact enumeration; for more drivers than exact analysis reaches")
	sampleTol := fs.Float64("sample-tolerance", 0, "with --sample: stop once every driver's lmg standard error is at most `SE` (R² units; 0: draw all N)")
	return func(args []string) error {
		if len(args) > 0 {
			return usagef("unexpected argument %q (the file goes with --in)", args[0])
		}
		l, err := i18n.Get(*lang)
		if err != nil {
			return usagef("%v", err)
		}
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		bset := set
		if *sample > 0 {
			// --seed also seeds the sampling of orderings.
			bset = map[string]bool{}
			for k := range set {
				bset[k] = k != "seed"
			}
		}
		bo, strategy, err := bootFlags(bset, *missing, *nboot, *seed, *level, *ci)
		if err != nil {
			return err
		}
		if len(compare) > 0 && bo.N == 0 {
			return usagef("--compare needs --bootstrap N")
		}
		bo.Compare = compare
		if *sample < 0 || *sampleTol < 0 || math.IsNaN(*sampleTol) || math.IsInf(*sampleTol, 0) {
			return usagef("--sample and --sample-tolerance must be at least 0")
		}
		if *sample > 0 && *nboot > 0 {
			return usagef("--sample and --bootstrap exclude each other (sampled lmg carries its own standard errors)")
		}
		if set["sample-tolerance"] && *sample == 0 {
			return usagef("--sample-tolerance needs --sample N")
		}
		sampling := driver.Sampling{Permutations: *sample, Tolerance: *sampleTol, Seed: *seed}
		if set["bootstrap"] && (*dsn != "" || *momentsFile != "") {
			return usagef("--bootstrap needs the rows (--in), not moments")
		}
		if set["missing"] && *momentsFile != "" {
			return usagef("--missing does not go with --moments: the file holds the moments of the strategy it was computed with")
		}
		if *dsn != "" && strategy == driver.MissingDummy {
			return usagef("--missing dummy needs the rows (--in); the database computes listwise or pairwise moments")
		}
		if *dsn != "" || *momentsFile != "" {
			src := momentsSource{
				dsn: *dsn, table: *table, file: *momentsFile, in: *in, timeout: *timeout,
				outcome: *outcome, drivers: *drivers, by: *by, weight: *weight,
				methods: *methods, groups: groups, always: *always, logistic: *logistic,
				sampling: sampling,
			}
			if set["missing"] {
				src.missing = *missing
			}
			return driversFromMoments(e, l, format.f, src)
		}
		if *table != "" {
			return usagef("--table needs --postgres")
		}
		if *in == "" || *outcome == "" || *drivers == "" {
			return usagef("--in, --outcome and --drivers are required")
		}
		opts := driver.Options{Outcome: *outcome, Groups: groups, Always: splitList(*always), Logistic: *logistic, Missing: strategy, Sampling: sampling}
		if opts.Methods, err = driver.ParseMethods(*methods); err != nil {
			return usagef("--methods: %v", err)
		}
		if opts.PseudoR2, err = parsePseudoR2(*pseudo); err != nil {
			return usagef("--pseudo-r2: %v", err)
		}
		names := splitList(*drivers)
		// Always variables are columns of the model too.
		cols := append(append([]string{}, names...), opts.Always...)
		t, err := readTable(*in, e.limits)
		if err != nil {
			return err
		}
		x, y, w, err := readDriverTable(t, *in, *outcome, cols, *weight)
		if err != nil {
			return err
		}
		opts.Names = cols
		if *by != "" {
			byCols, err := columnList("--by", *by)
			if err != nil {
				return err
			}
			keys, err := byColumns(t, *in, byCols)
			if err != nil {
				return err
			}
			gk, rows := splitRows(byCols, keys)
			runs := make([]driverRun, len(gk))
			for g := range gk {
				xs, ys, ws := subsetRows(x, y, w, rows[g])
				res, err := analyzeRows(e, xs, ys, ws, opts, bo)
				runs[g] = driverRun{Keys: gk[g], Rows: len(rows[g]), Res: res, Err: err}
			}
			if err := runsError(runs); err != nil {
				return err
			}
			return writeDriverRuns(e.stdout, byCols, runs, format.f, l)
		}
		res, err := analyzeRows(e, x, y, w, opts, bo)
		if err != nil {
			return fmt.Errorf("%s: %w", *in, err)
		}
		return writeDrivers(e.stdout, res, format.f, l)
	}
}

// bootFlags checks --missing, --bootstrap, --seed, --level and --ci (set
// holds the flags given) and returns the bootstrap's options (N = 0 for
// no bootstrap) and the missing-data strategy.
func bootFlags(set map[string]bool, missing string, n int, seed uint64, level float64, ci string) (driver.BootOptions, driver.Missing, error) {
	var bo driver.BootOptions
	strategy, err := driver.ParseMissing(missing)
	if err != nil {
		return bo, 0, usagef("--missing: %q: want listwise, pairwise or dummy", missing)
	}
	if n == 0 {
		for _, f := range []string{"seed", "level", "ci"} {
			if set[f] {
				return bo, 0, usagef("--%s needs --bootstrap N", f)
			}
		}
		return bo, strategy, nil
	}
	if n < 2 {
		return bo, 0, usagef("--bootstrap %d: want at least 2 replicates (1000 or more for 95%% intervals)", n)
	}
	if !(level > 0 && level < 1) {
		return bo, 0, usagef("--level %v: want a level between 0 and 1, such as 0.95", level)
	}
	method, err := driver.ParseCIMethod(ci)
	if err != nil {
		return bo, 0, usagef("--ci: %q: want perc or bca", ci)
	}
	return driver.BootOptions{N: n, Seed: seed, Level: level, CI: method}, strategy, nil
}

// analyzeRows runs the driver analysis of the rows, with bootstrap
// intervals when bo.N > 0 (progress on standard error when it is a
// terminal; an interrupt stops the replicates).
func analyzeRows(e *env, x mat.Matrix, y, w []float64, opts driver.Options, bo driver.BootOptions) (*driver.Result, error) {
	if bo.N == 0 {
		return driver.Analyze(x, y, w, opts)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	progress, finish := progressLine(e, "bootstrap")
	defer finish()
	bo.Progress = progress
	br, err := driver.Bootstrap(ctx, x, y, w, opts, bo)
	if err != nil {
		return nil, err
	}
	return br.Result, nil
}

func parsePseudoR2(s string) (driver.PseudoR2, error) {
	for p := driver.McFadden; p <= driver.Nagelkerke; p++ {
		if strings.EqualFold(strings.ReplaceAll(p.String(), "_", "-"), strings.ReplaceAll(s, "_", "-")) {
			return p, nil
		}
	}
	return 0, fmt.Errorf("unknown pseudo-R² %q (want mcfadden, estrella, cox-snell or nagelkerke)", s)
}

// readTable reads the flat CSV file path.
func readTable(path string, limits survey.Limits) (*survey.Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return survey.ReadTable(f, path, survey.Options{Limits: limits})
}

// readDriverTable takes the outcome, the driver columns and the weights of
// the table t read from path. Missing values are NaN (the analysis drops those rows and
// says how many).
func readDriverTable(t *survey.Table, path, outcome string, cols []string, weight string) (*mat.Dense, []float64, []float64, error) {
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
			// A missing (NaN) or zero weight leaves the row out of the
			// analysis, which counts it (missing_data); a negative or
			// infinite one is a mistake.
			if v < 0 || math.IsInf(v, 0) {
				problems = append(problems, t.Error(j, i, survey.ErrBadWeight, "a weight of 0 or more"))
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
	if res.Estimation == "sampled" {
		cols = append(cols, col{"lmg_se", func(d driver.DriverResult) string { return num(d.LMGSE, 4) }})
	}
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
	if res.Bootstrap != nil {
		// Intervals of the importance and the rank.
		interval := func(name string, m driver.Metric, dec int) {
			have := false
			for _, d := range res.Drivers {
				_, ok := d.CI[m]
				have = have || ok
			}
			if !have {
				return
			}
			if raw {
				cols = append(cols,
					col{name + "_lo", func(d driver.DriverResult) string { return num(d.CI[m].Lo, 0) }},
					col{name + "_hi", func(d driver.DriverResult) string { return num(d.CI[m].Hi, 0) }})
				return
			}
			cols = append(cols, col{name + "_ci", func(d driver.DriverResult) string {
				iv, ok := d.CI[m]
				if !ok || math.IsNaN(iv.Lo) || math.IsNaN(iv.Hi) {
					return ""
				}
				return num(iv.Lo, dec) + "–" + num(iv.Hi, dec)
			}})
		}
		interval("importance", driver.MetricImportance, 4)
		interval("rank", driver.MetricRank, 1)
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
	if sr := res.Sampling; sr != nil && res.Estimation == "sampled" {
		t.Notes = append(t.Notes, fmt.Sprintf("lmg estimated from %d random orderings of the drivers (seed %d); lmg_se is its Monte Carlo standard error",
			sr.Permutations, sr.Seed))
	}
	if res.R2Always != 0 {
		t.Notes = append(t.Notes, fmt.Sprintf("always in the model: %s (R² %s); decomposed: %s", strings.Join(res.Always, ", "), num(res.R2Always, 4), num(res.R2Decomposed, 4)))
	}
	if md := res.MissingReport; md != nil && (md.Strategy != driver.MissingListwise || md.RowsUsed < md.RowsRead) {
		none := ""
		if md.NoDriver > 0 {
			none = fmt.Sprintf(", %d without any step answered", md.NoDriver)
		}
		t.Notes = append(t.Notes, fmt.Sprintf("missing data: %s; %d rows read, %d used (%d without the outcome, %d without a weight or of weight zero%s, %d with a skipped step)",
			md.Strategy, md.RowsRead, md.RowsUsed, md.OutcomeMissing, md.WeightMissing+md.WeightZero, none, md.DriverMissing))
		for _, in := range md.Indicators {
			s := fmt.Sprintf("%s = 1 for respondents who went through %s", in.Name, strings.Join(in.Same, ", "))
			if len(in.Opposite) > 0 {
				s += fmt.Sprintf(", 0 for those who went through %s", strings.Join(in.Opposite, ", "))
			}
			t.Notes = append(t.Notes, s+fmt.Sprintf(" (%s)", l.Percent(100*in.Share, 1)))
		}
		if md.Repaired {
			t.Notes = append(t.Notes, fmt.Sprintf("pairwise correlations repaired to the nearest positive definite correlation matrix (smallest eigenvalue was %s)", num(md.MinEigenvalue, 4)))
		}
	}
	if b := res.Bootstrap; b != nil {
		kind := "percentile"
		if b.CI == driver.CIBCa {
			kind = "BCa"
		}
		t.Notes = append(t.Notes, fmt.Sprintf("bootstrap: %d replicates (%d failed), seed %d, %s%% %s intervals; R² %s–%s",
			b.N, b.Failed, b.Seed, l.Number(100*b.Level, 0), kind, num(b.R2.Lo, 4), num(b.R2.Hi, 4)))
		for k := 0; k+1 < len(b.Comparisons); k += 2 {
			d, r := b.Comparisons[k], b.Comparisons[k+1]
			if d.A != r.A || d.B != r.B {
				continue
			}
			t.Notes = append(t.Notes, fmt.Sprintf("%s vs %s: importance ratio %s (CI %s–%s), difference %s (CI %s to %s)",
				d.A, d.B, num(r.Estimate, 2), num(r.CI.Lo, 2), num(r.CI.Hi, 2), num(d.Estimate, 4), num(d.CI.Lo, 4), num(d.CI.Hi, 4)))
		}
		for _, w := range b.Warnings {
			t.Notes = append(t.Notes, "bootstrap warning: "+w.Error())
		}
	}
	for _, w := range res.Warnings {
		t.Notes = append(t.Notes, "warning: "+w.Error())
	}
	return t
}
