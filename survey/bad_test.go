package survey_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/touchpoint-cx/touchpoint/driver"
	"github.com/touchpoint-cx/touchpoint/internal/testutil"
	"github.com/touchpoint-cx/touchpoint/survey"
)

var updateBad = flag.Bool("update", false, "rewrite the golden files of testdata/bad (review the diff)")

// The catalogue of bad input, testdata/bad (see its README.md): one folder
// per case, holding the input (a study folder "study" or a flat file
// "in.csv"), the command line that reads it ("args", one argument per
// line, run in the case's folder), an optional "generate" spec for inputs
// too big to commit, and the golden files: library.golden here (what
// survey.Load, or survey.ReadTable and driver.Analyze, return) and
// command.golden in cmd/touchpoint (exit status and standard error).

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	testutil.CheckGolden(t, path, got, *updateBad, "run go test ./survey -run TestBadInput -update to create it")
}

// TestBadInput reads every case of the catalogue through the library and
// compares the errors, warnings and report with library.golden. For every
// file read, the report must account for every row: rows read = kept +
// excluded, the reasons add up to the rows excluded, and the rows read are
// the records encoding/csv finds after the header.
func TestBadInput(t *testing.T) {
	cases := testutil.BadCases(t)
	require.GreaterOrEqual(t, len(cases), 40)
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			dir := c.Workdir(t)
			var got string
			switch c.Args[0] {
			case "report":
				require.Len(t, c.Args, 2)
				got = badStudy(t, dir, c.Args[1])
			case "drivers":
				got = badDrivers(t, dir, c.Args[1:])
			default:
				t.Fatalf("args: unknown command %q", c.Args[0])
			}
			checkGolden(t, filepath.Join(c.Dir, "library.golden"), got)
		})
	}
}

// TestBadInputIndex checks that testdata/bad/README.md lists every case,
// and only those.
func TestBadInputIndex(t *testing.T) {
	b, err := os.ReadFile(testutil.Testdata("bad", "README.md"))
	require.NoError(t, err)
	listed := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "| [`") {
			name, _, _ := strings.Cut(strings.TrimPrefix(line, "| [`"), "`")
			listed[name] = true
		}
	}
	for _, c := range testutil.BadCases(t) {
		assert.True(t, listed[c.Name], "case %s is not in testdata/bad/README.md", c.Name)
		delete(listed, c.Name)
	}
	assert.Empty(t, listed, "README.md lists cases that do not exist")
}

// badStudy loads the study folder name in dir and renders what a user gets:
// the error, then the report.
func badStudy(t *testing.T, dir, name string) string {
	t.Chdir(dir)
	s, rep, err := survey.Load(name, survey.Options{})
	require.NotNil(t, rep, "Load returns a report, also on error")
	var b strings.Builder
	if err != nil {
		assert.Nil(t, s)
		assert.NotEmpty(t, rep.Fatal, "a Load error is listed in Report.Fatal")
		var pe *survey.ParseError
		assert.True(t, errors.As(err, &pe), "the error holds a *ParseError: %v", err)
		fmt.Fprintf(&b, "error:\n%v\n\n", err)
	} else {
		require.NotNil(t, s)
		assert.Empty(t, rep.Fatal)
		fmt.Fprintf(&b, "loaded: %d respondents\n\n", s.Len())
	}
	b.WriteString(rep.String())
	for _, f := range rep.Files {
		checkAccounting(t, f, err != nil)
	}
	return b.String()
}

// checkAccounting checks that f accounts for every row of its file. When
// the load failed, the file may have been left part-read, so the rows are
// counted only when it succeeded.
func checkAccounting(t *testing.T, f *survey.FileReport, failed bool) {
	t.Helper()
	sum := 0
	for _, c := range f.Excluded {
		sum += c.N
	}
	assert.Equal(t, f.RowsExcluded, sum, "%s: rows excluded = the sum of the reasons", f.File)
	assert.Equal(t, f.RowsRead, f.RowsKept+f.RowsExcluded, "%s: rows read = kept + excluded", f.File)
	if failed {
		return
	}
	data, err := os.ReadFile(f.File)
	require.NoError(t, err)
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = map[survey.Delimiter]rune{survey.Comma: ',', survey.Semicolon: ';', survey.Tab: '\t'}[f.Delimiter]
	r.FieldsPerRecord = -1
	records := 0
	for {
		_, err := r.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			// A malformed record: the rest of the file cannot be
			// counted independently.
			return
		}
		require.NoError(t, err)
		records++
	}
	if records > 0 {
		records-- // the header
	}
	assert.Equal(t, records, f.RowsRead, "%s: rows read = the records after the header (encoding/csv)", f.File)
}

// badDrivers mirrors `touchpoint drivers --in FILE ...` through the library:
// survey.ReadTable, Table.Numbers for each column, driver.Analyze.
func badDrivers(t *testing.T, dir string, args []string) string {
	t.Chdir(dir)
	flags := map[string]string{}
	for i := 0; i < len(args); i++ {
		if args[i] == "--logistic" {
			flags["logistic"] = "true"
			continue
		}
		require.Less(t, i+1, len(args), "args: flag %s without value", args[i])
		flags[strings.TrimPrefix(args[i], "--")] = args[i+1]
		i++
	}
	var b strings.Builder
	f, err := os.Open(flags["in"])
	require.NoError(t, err)
	defer f.Close()
	tab, err := survey.ReadTable(f, flags["in"], survey.Options{})
	if err != nil {
		assert.Nil(t, tab)
		fmt.Fprintf(&b, "ReadTable error:\n%v\n", err)
		assertParseErrors(t, err)
		return b.String()
	}
	fmt.Fprintf(&b, "ReadTable: %d rows, columns %s, delimiter %v, decimal %v\n", tab.Len(), strings.Join(tab.Header, ","), tab.Delimiter, tab.Decimal)
	if tab.EmptyRows > 0 {
		fmt.Fprintf(&b, "ReadTable: %d empty rows left out\n", tab.EmptyRows)
	}
	if data, err := os.ReadFile(flags["in"]); err == nil {
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF"))))
		r.Comma = map[survey.Delimiter]rune{survey.Comma: ',', survey.Semicolon: ';', survey.Tab: '\t'}[tab.Delimiter]
		r.FieldsPerRecord = -1
		if recs, err := r.ReadAll(); err == nil {
			assert.Equal(t, len(recs)-1, tab.Len()+tab.EmptyRows, "records after the header = rows + empty rows")
		}
	}
	column := func(name string) []float64 {
		j := tab.Column(name)
		if j < 0 {
			fmt.Fprintf(&b, "no column %q\n", name)
			return nil
		}
		v, err := tab.Numbers(j, survey.Scale{})
		if err != nil {
			fmt.Fprintf(&b, "Numbers(%q) error:\n%v\n", name, err)
			assertParseErrors(t, err)
		}
		return v
	}
	names := strings.Split(flags["drivers"], ",")
	y := column(flags["outcome"])
	cols := make([][]float64, len(names))
	for k, n := range names {
		cols[k] = column(n)
	}
	var w []float64
	if flags["weight"] != "" {
		w = column(flags["weight"])
	}
	if y == nil || tab.Len() == 0 {
		return b.String()
	}
	x := mat.NewDense(tab.Len(), len(names), nil)
	for k := range cols {
		if cols[k] == nil {
			return b.String()
		}
		x.SetCol(k, cols[k])
	}
	res, err := driver.Analyze(x, y, w, driver.Options{Outcome: flags["outcome"], Names: names, Logistic: flags["logistic"] != ""})
	if err != nil {
		fmt.Fprintf(&b, "Analyze error:\n%v\n", err)
		return b.String()
	}
	fmt.Fprintf(&b, "Analyze: %s model, n = %d, missing = %d, sum of weights = %s, %s = %.6g\n",
		res.Model, res.N, res.Missing, strconv.FormatFloat(res.SumWeights, 'g', 6, 64), res.Statistic, res.R2)
	for _, d := range res.Drivers {
		fmt.Fprintf(&b, "  %-8s importance %.6g\n", d.Name, d.Importance)
		assert.False(t, math.IsInf(d.Importance, 0), "%s: importance is not infinite", d.Name)
	}
	for _, wn := range res.Warnings {
		fmt.Fprintf(&b, "warning: %v\n", wn)
	}
	// Every row is used, or dropped and counted.
	dropped := 0
	for i := range w {
		if w[i] == 0 && !math.IsNaN(y[i]) {
			dropped++
		}
	}
	assert.Equal(t, tab.Len(), res.N+res.Missing+dropped, "rows = used + missing + zero weight")
	if mr := res.MissingReport; mr != nil {
		fmt.Fprintf(&b, "rows: %d read, %d used; excluded: %d missing outcome, %d missing weight, %d zero weight, %d missing driver\n",
			mr.RowsRead, mr.RowsUsed, mr.OutcomeMissing, mr.WeightMissing, mr.WeightZero, mr.DriverMissing)
		assert.Equal(t, tab.Len(), mr.RowsRead, "MissingReport.RowsRead")
		assert.Equal(t, mr.RowsRead, mr.RowsUsed+mr.OutcomeMissing+mr.WeightMissing+mr.WeightZero+mr.DriverMissing, "rows read = used + excluded")
	}
	return b.String()
}

// assertParseErrors checks that every error joined in err is a
// *survey.ParseError with a line, or the count of problems beyond the
// listed ones.
func assertParseErrors(t *testing.T, err error) {
	t.Helper()
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	for _, e := range errs {
		var pe *survey.ParseError
		if errors.As(e, &pe) {
			assert.Positive(t, pe.Line+boolInt(pe.Line == 0 && pe.Column == 0), "position of %v", e)
			continue
		}
		assert.Contains(t, e.Error(), "more problems", "an error that is not a *ParseError: %v", e)
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestNoAnswersWarning checks the warning for a step that no kept
// respondent scored, in the step's file or in the wide file.
func TestNoAnswersWarning(t *testing.T) {
	journey := "process,step,phase,channel,scale_min,scale_max\np,a,x,web,1,5\np,b,x,web,1,5\n"
	t.Run("folder", func(t *testing.T) {
		fsys := studyFS(map[string]string{
			"journey.csv":  journey,
			"outcomes.csv": "respondent,overall\nr1,5\nr2,6\n",
			"steps/a.csv":  "respondent,score\nr1,4\nr2,5\n",
			"steps/b.csv":  "respondent,score\nr1,NA\nr2,\n",
		})
		_, rep, err := survey.LoadFS(fsys, ".", survey.Options{})
		require.NoError(t, err)
		assert.Empty(t, rep.File("steps/a.csv").Warnings)
		w := rep.File("steps/b.csv").Warnings
		require.Len(t, w, 1)
		assert.ErrorIs(t, w[0], survey.ErrNoAnswers)
		assert.Equal(t, "b", w[0].Value)
		assert.Equal(t, `steps/b.csv: "b": no answers for the step; want a score from at least one of the 2 respondents kept in process p`, w[0].Error())
	})
	t.Run("wide", func(t *testing.T) {
		j, err := survey.ReadJourney(strings.NewReader(journey), "journey.csv", survey.Options{})
		require.NoError(t, err)
		_, rep, err := survey.ReadWide(strings.NewReader("respondent,overall,a,b\nr1,5,4,\nr2,6,5,\n"), "wide.csv", j, survey.Options{})
		require.NoError(t, err)
		w := rep.File("wide.csv").Warnings
		require.Len(t, w, 1)
		assert.ErrorIs(t, w[0], survey.ErrNoAnswers)
		assert.Equal(t, "b", w[0].Value)
	})
}

// TestDelimiterHints checks that a file written with another delimiter
// than the one set, and a row written with another delimiter than its
// header, say so.
func TestDelimiterHints(t *testing.T) {
	files := map[string]string{
		"study.csv":    "key;value\ndelimiter;semicolon\n",
		"journey.csv":  "process;step;phase;channel;scale_min;scale_max\np;a;x;web;1;5\n",
		"outcomes.csv": "respondent,overall\nr1,5\n",
		"steps/a.csv":  "respondent;score\nr1;4\n",
	}
	_, _, err := survey.LoadFS(studyFS(files), ".", survey.Options{})
	var pe *survey.ParseError
	require.ErrorAs(t, err, &pe)
	assert.ErrorIs(t, err, survey.ErrMissingColumn)
	assert.Equal(t, "outcomes.csv", pe.File)
	assert.Equal(t, 1, pe.Line)
	assert.Equal(t, 1, pe.Column)
	assert.Contains(t, pe.Error(), "want columns separated by semicolons")
	assert.Contains(t, pe.Error(), "the header is separated by commas")

	// A plain table of one column is no mistake, whatever its name holds.
	tab, err := survey.ReadTable(strings.NewReader("a,b\n1\n"), "t.csv", survey.Options{Delimiter: survey.Semicolon})
	require.NoError(t, err)
	assert.Equal(t, []string{"a,b"}, tab.Header)
	assert.Equal(t, 1, tab.Len())

	_, err = survey.ReadTable(strings.NewReader("a,b,c\n1,2,3\n4;5;6\n"), "t.csv", survey.Options{})
	require.ErrorAs(t, err, &pe)
	assert.ErrorIs(t, err, survey.ErrRaggedRow)
	assert.Equal(t, 3, pe.Line)
	assert.Equal(t, "t.csv:3: wrong number of fields; want 3 fields as in the header, not 1 (the row is separated by semicolons, the header by commas)", pe.Error())

	// A row of one field with no other delimiter gets no hint.
	_, err = survey.ReadTable(strings.NewReader("a,b,c\n1,2,3\n4\n"), "t.csv", survey.Options{})
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "t.csv:3: wrong number of fields; want 3 fields as in the header, not 1", pe.Error())
}

// TestFieldLimitPosition checks that a field over Limits.MaxFieldBytes is
// reported at its line and column, with its column name and size.
func TestFieldLimitPosition(t *testing.T) {
	opts := survey.Options{Limits: survey.Limits{MaxFieldBytes: 8}}
	_, err := survey.ReadTable(strings.NewReader("id,text\n1,short\n2,\"much too long\"\n"), "t.csv", opts)
	var pe *survey.ParseError
	require.ErrorAs(t, err, &pe)
	assert.ErrorIs(t, err, survey.ErrLimit)
	assert.Equal(t, 3, pe.Line)
	assert.Equal(t, 3, pe.Column)
	assert.Equal(t, "text", pe.Field)
	assert.Equal(t, `t.csv:3:3: field "text": size limit exceeded; want fields of at most 8 bytes (Limits.MaxFieldBytes), not 13`, pe.Error())

	_, err = survey.ReadTable(strings.NewReader("id,a_very_long_name\n1,2\n"), "t.csv", opts)
	require.ErrorAs(t, err, &pe)
	assert.ErrorIs(t, err, survey.ErrLimit)
	assert.Equal(t, 1, pe.Line)
	assert.Equal(t, 4, pe.Column)
}

// TestConcurrentReads reads studies and tables on several goroutines at
// once (run with -race): the readers keep no shared state, and a Study or
// Table may be read concurrently.
func TestConcurrentReads(t *testing.T) {
	dir := testutil.Testdata("bad", "out_of_scale", "study")
	table, err := os.ReadFile(testutil.Testdata("bad", "drivers_zero_weight", "in.csv"))
	require.NoError(t, err)
	s, _, err := survey.Load(dir, survey.Options{})
	require.NoError(t, err)
	tab, err := survey.ReadTable(bytes.NewReader(table), "in.csv", survey.Options{})
	require.NoError(t, err)
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, _, err := survey.Load(dir, survey.Options{}); err != nil {
				errs <- err
			}
			if _, err := survey.ReadTable(bytes.NewReader(table), "in.csv", survey.Options{}); err != nil {
				errs <- err
			}
			for _, p := range s.Processes {
				for i := range p.Steps {
					_ = p.StepColumn(i)
				}
				_ = p.SegmentColumn()
			}
			for j := range tab.Header {
				_, _ = tab.Numbers(j, survey.Scale{})
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestLoadEmptyName checks that Load refuses an empty folder name instead
// of reading the current folder or failing with the file system's words.
func TestLoadEmptyName(t *testing.T) {
	s, rep, err := survey.Load("", survey.Options{})
	assert.Nil(t, s)
	require.NotNil(t, rep)
	require.ErrorIs(t, err, survey.ErrMissingFile)
	require.Len(t, rep.Fatal, 1)
	assert.Equal(t, "missing file; want the name of a study folder, not an empty one", err.Error())
}

// TestBinaryFiles checks that a binary file, or an Excel workbook saved
// under a .csv name, is refused as such rather than as malformed CSV.
func TestBinaryFiles(t *testing.T) {
	_, err := survey.ReadTable(strings.NewReader("PK\x03\x04\x14\x00\x00\x00garbage"), "t.csv", survey.Options{})
	var pe *survey.ParseError
	require.ErrorAs(t, err, &pe)
	assert.ErrorIs(t, err, survey.ErrNotUTF8)
	assert.Equal(t, "t.csv:1:1: invalid UTF-8; want CSV text (the file is a ZIP archive, such as an Excel workbook: save it as CSV UTF-8)", pe.Error())

	_, err = survey.ReadTable(strings.NewReader("a,b\n1,2\n3,\x004\n"), "t.csv", survey.Options{})
	require.ErrorAs(t, err, &pe)
	assert.ErrorIs(t, err, survey.ErrNotUTF8)
	assert.Equal(t, 3, pe.Line)
	assert.Equal(t, 3, pe.Column)
	assert.Contains(t, pe.Error(), "the file holds NUL bytes")
}

// TestTableEmptyRows checks that ReadTable counts the empty records it
// leaves out, so that every record after the header is accounted for.
func TestTableEmptyRows(t *testing.T) {
	tab, err := survey.ReadTable(strings.NewReader("a,b\n1,2\n,\n3,4\n , \n,\n"), "t.csv", survey.Options{})
	require.NoError(t, err)
	assert.Equal(t, 2, tab.Len())
	assert.Equal(t, 3, tab.EmptyRows)
}
