package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/touchpoint-cx/touchpoint/driver"
	"github.com/touchpoint-cx/touchpoint/internal/i18n"
	"github.com/touchpoint-cx/touchpoint/internal/render"
	"github.com/touchpoint-cx/touchpoint/sqlmoments"
	"github.com/touchpoint-cx/touchpoint/survey"
)

// A driverRun is the analysis of one group of rows: the values of the --by
// columns that define it (none for a single analysis) and its result, or
// the error that stopped it.
type driverRun struct {
	Keys []sqlmoments.Key
	Rows int // rows of the group, those with missing values included
	Res  *driver.Result
	Err  error
}

// by returns the group's keys as a JSON object (NULL as null).
func (r *driverRun) by() map[string]*string {
	m := make(map[string]*string, len(r.Keys))
	for _, k := range r.Keys {
		if k.Null {
			m[k.Column] = nil
			continue
		}
		v := k.Value
		m[k.Column] = &v
	}
	return m
}

// label returns the group's keys for people: segment = starter, wave = 2026-Q1.
func (r *driverRun) label() string {
	parts := make([]string, len(r.Keys))
	for i, k := range r.Keys {
		v := k.Value
		if k.Null {
			v = "NULL"
		}
		parts[i] = k.Column + " = " + v
	}
	return strings.Join(parts, ", ")
}

// splitRows splits the rows of a table by the values of the columns by, in
// the sorted order of those values (compared column by column as text).
// Empty cells are a group of their own (Null), so no row is left out.
func splitRows(by []string, cols [][]string) (keys [][]sqlmoments.Key, rows [][]int) {
	n := len(cols[0])
	index := map[string]int{}
	for i := 0; i < n; i++ {
		var b strings.Builder
		for j := range by {
			b.WriteString(strconv.Quote(cols[j][i]))
			b.WriteByte(0)
		}
		g, ok := index[b.String()]
		if !ok {
			g = len(keys)
			index[b.String()] = g
			k := make([]sqlmoments.Key, len(by))
			for j, c := range by {
				v := strings.TrimSpace(cols[j][i])
				k[j] = sqlmoments.Key{Column: c, Value: v, Null: v == ""}
			}
			keys = append(keys, k)
			rows = append(rows, nil)
		}
		rows[g] = append(rows[g], i)
	}
	order := make([]int, len(keys))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		ka, kb := keys[order[a]], keys[order[b]]
		for j := range ka {
			if ka[j].Null != kb[j].Null {
				return kb[j].Null // NULL last, as PostgreSQL sorts
			}
			if ka[j].Value != kb[j].Value {
				return ka[j].Value < kb[j].Value
			}
		}
		return false
	})
	sk := make([][]sqlmoments.Key, len(keys))
	sr := make([][]int, len(keys))
	for i, o := range order {
		sk[i], sr[i] = keys[o], rows[o]
	}
	return sk, sr
}

// subsetRows returns the rows idx of x, y and w (w may be nil).
func subsetRows(x *mat.Dense, y, w []float64, idx []int) (*mat.Dense, []float64, []float64) {
	_, p := x.Dims()
	xs := mat.NewDense(len(idx), p, nil)
	ys := make([]float64, len(idx))
	var ws []float64
	if w != nil {
		ws = make([]float64, len(idx))
	}
	for k, i := range idx {
		xs.SetRow(k, x.RawRowView(i))
		ys[k] = y[i]
		if w != nil {
			ws[k] = w[i]
		}
	}
	return xs, ys, ws
}

// momentRuns analyses the groups of moments computed by a database (or
// saved from one with `touchpoint sql --moments-out`).
func momentRuns(groups []sqlmoments.Group, opts driver.Options) []driverRun {
	runs := make([]driverRun, len(groups))
	for i, g := range groups {
		o := opts
		o.Names = nil // the moments name their variables
		o.Outcome = ""
		res, err := g.Analyze(o)
		runs[i] = driverRun{Keys: g.Keys, Rows: g.Rows, Res: res, Err: err}
	}
	return runs
}

// fetchMoments runs the moments query of spec on the PostgreSQL server at
// dsn within timeout.
func fetchMoments(dsn string, spec sqlmoments.Spec, timeout time.Duration) ([]sqlmoments.Group, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	db, err := sqlmoments.Open(ctx, dsn)
	if err != nil {
		return nil, timeoutHint(err, timeout)
	}
	defer db.Close()
	groups, err := sqlmoments.Fetch(ctx, db, spec)
	if err != nil {
		return nil, timeoutHint(err, timeout)
	}
	return groups, nil
}

// readMomentsFile reads moments saved by `touchpoint sql --moments-out`.
func readMomentsFile(path string) ([]sqlmoments.Group, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	groups, err := sqlmoments.ReadGroups(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(groups) == 0 {
		return nil, fmt.Errorf("%s: no groups of moments", path)
	}
	return groups, nil
}

// runsError returns an error when no group could be analysed: the first
// group's error when there is one group, else a summary.
func runsError(runs []driverRun) error {
	var errs []error
	for i := range runs {
		if runs[i].Err == nil {
			return nil
		}
		if len(runs) == 1 {
			return runs[i].Err
		}
		errs = append(errs, fmt.Errorf("group %s: %w", runs[i].label(), runs[i].Err))
	}
	if len(errs) == 0 {
		return errors.New("no groups to analyse")
	}
	return fmt.Errorf("no group could be analysed:\n%w", errors.Join(errs...))
}

// writeDriverRuns writes the analyses of several groups in format f.
//
// JSON: {"schema_version": "1", "by": [COLUMN, ...], "groups": [GROUP, ...]}
// where each GROUP holds "by" (the group's value of each --by column, null
// for an empty cell or NULL), "rows" (rows of the group, those with missing
// values included), then either every field of the single-analysis output
// (n, missing, r2, drivers, ...) or "error" (why the group could not be
// analysed). CSV: the single-analysis table with the --by columns first,
// one row per group and driver. Text and Markdown: one table per group.
func writeDriverRuns(w io.Writer, by []string, runs []driverRun, f render.Format, l *i18n.Lang) error {
	switch f {
	case render.JSON:
		groups := make([]map[string]any, len(runs))
		for i := range runs {
			g := map[string]any{}
			if runs[i].Res != nil {
				b, err := json.Marshal(runs[i].Res)
				if err != nil {
					return err
				}
				if err := json.Unmarshal(b, &g); err != nil {
					return err
				}
			} else {
				g["error"] = runs[i].Err.Error()
			}
			g["by"] = runs[i].by()
			g["rows"] = runs[i].Rows
			groups[i] = g
		}
		if by == nil {
			by = []string{}
		}
		return render.WriteJSON(w, map[string]any{
			"schema_version": render.SchemaVersion,
			"by":             by,
			"groups":         groups,
		})
	case render.CSV:
		var out *render.Table
		for i := range runs {
			if runs[i].Res == nil {
				continue
			}
			t := driverTable(runs[i].Res, true, l)
			if out == nil {
				out = &render.Table{Columns: append(append([]string{}, by...), t.Columns...)}
			}
			vals := make([]string, len(by))
			for j, c := range by {
				for _, k := range runs[i].Keys {
					if k.Column == c {
						vals[j] = k.Value
					}
				}
			}
			for _, row := range t.Rows {
				out.AddRow(append(append([]string{}, vals...), row...)...)
			}
		}
		if out == nil {
			return runsError(runs)
		}
		return out.WriteCSV(w)
	}
	for i := range runs {
		if i > 0 {
			if _, err := io.WriteString(w, "\n"); err != nil {
				return err
			}
		}
		var t *render.Table
		if runs[i].Res != nil {
			t = driverTable(runs[i].Res, false, l)
		} else {
			t = &render.Table{Notes: []string{"not analysed: " + runs[i].Err.Error()}}
		}
		if lab := runs[i].label(); lab != "" {
			if t.Title == "" {
				t.Title = lab
			} else {
				t.Title = lab + ": " + t.Title
			}
		}
		var err error
		if f == render.Markdown {
			err = t.WriteMarkdown(w)
		} else {
			err = t.WriteText(w)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// momentsSource holds the flags of an analysis from moments: computed in a
// PostgreSQL database (dsn, table) or read from a file saved by the sql
// command.
type momentsSource struct {
	dsn, table, file, in string
	timeout              time.Duration
	outcome, drivers, by string
	weight, methods      string
	missing              string // "", listwise or pairwise
	groups               []driver.Group
	always               string
	logistic             bool
	sampling             driver.Sampling
}

// driversFromMoments runs the drivers command on moments: those the
// database computes for --postgres (one query with GROUP BY, see
// sqlmoments.Query), or those saved in a --moments file. Every analysis
// that needs only moments is available (all but the logistic model); the
// output is the same as from a CSV file, per group when there are groups.
func driversFromMoments(e *env, l *i18n.Lang, f render.Format, s momentsSource) error {
	switch {
	case s.dsn != "" && s.file != "":
		return usagef("--postgres and --moments exclude each other")
	case s.in != "":
		return usagef("--in excludes --postgres and --moments")
	case s.logistic:
		return usagef("--logistic needs the rows (--in): a logistic model cannot be fitted from moments")
	}
	opts := driver.Options{Groups: s.groups, Always: splitList(s.always), Sampling: s.sampling}
	var err error
	if opts.Methods, err = driver.ParseMethods(s.methods); err != nil {
		return usagef("--methods: %v", err)
	}
	var groups []sqlmoments.Group
	var by []string
	if s.file != "" {
		for _, fl := range []struct{ name, v string }{{"--table", s.table}, {"--outcome", s.outcome}, {"--drivers", s.drivers}, {"--by", s.by}, {"--weight", s.weight}} {
			if fl.v != "" {
				return usagef("%s does not go with --moments: the file holds the outcome, drivers, groups and weights it was computed with", fl.name)
			}
		}
		if groups, err = readMomentsFile(s.file); err != nil {
			return err
		}
		for _, k := range groups[0].Keys {
			by = append(by, k.Column)
		}
	} else {
		if s.timeout <= 0 {
			return usagef("--timeout must be positive")
		}
		missing := s.missing
		if missing == "" {
			missing = "listwise"
		}
		spec, err := sqlSpec(s.table, s.outcome, s.drivers, s.by, s.weight, missing)
		if err != nil {
			return err
		}
		// Always variables are columns of the model too.
		for _, a := range opts.Always {
			found := false
			for _, d := range spec.Drivers {
				found = found || d == a
			}
			if !found {
				spec.Drivers = append(spec.Drivers, a)
			}
		}
		if groups, err = fetchMoments(s.dsn, spec, s.timeout); err != nil {
			return err
		}
		by = spec.By
		if len(groups) == 0 {
			return fmt.Errorf("table %q: no rows", s.table)
		}
	}
	runs := momentRuns(groups, opts)
	if err := runsError(runs); err != nil {
		return err
	}
	if len(by) == 0 && len(runs) == 1 {
		return writeDrivers(e.stdout, runs[0].Res, f, l)
	}
	return writeDriverRuns(e.stdout, by, runs, f, l)
}

// byColumns returns the text of the columns by of the table t read from
// path.
func byColumns(t *survey.Table, path string, by []string) ([][]string, error) {
	cols := make([][]string, len(by))
	for i, c := range by {
		j := t.Column(c)
		if j < 0 {
			return nil, fmt.Errorf("%s: no column %q for --by (columns: %s)", path, c, strings.Join(t.Header, ", "))
		}
		cols[i] = t.Strings(j)
	}
	return cols, nil
}
