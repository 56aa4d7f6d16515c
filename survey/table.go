package survey

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// Table is a flat CSV table, one row per respondent (or any unit) and one
// column per variable, as ReadTable reads it for commands that analyse a
// single file. Fields are kept as text with their positions; Numbers parses
// a column under the rules of the study format (missing values, decimal
// separator), so that problems name the line and column of the field.
//
// A Table is not modified after ReadTable returns it, so its methods may
// be called from several goroutines.
type Table struct {
	File      string    // the name given to ReadTable
	Header    []string  // the column names as written, trimmed
	Delimiter Delimiter // as used (detected or set)

	// Decimal is the decimal separator of the numbers: as set, or as
	// detected from the first field (in reading order) that is a number
	// with a separator; DecimalAuto when there is none.
	Decimal Decimal

	// EmptyRows counts the records left out because all their fields are
	// empty (such as the ",,,," lines spreadsheets leave at the end), so
	// that Len() + EmptyRows is the number of records after the header.
	EmptyRows int

	header []string // normalized
	cells  [][]string
	lines  [][]int32
	cols   [][]int32
	num    *numbers
	max    int
}

// ReadTable reads the CSV table r, named name in errors. The first row is
// the header; names are matched case-insensitively after trimming spaces,
// and must be unique. The delimiter, byte-order mark, line ends and limits
// are handled as for study files (see Options). Columns without a name, as
// spreadsheets leave after the last one, are left out; they must be empty.
// Records whose fields are all empty are left out and counted in
// Table.EmptyRows.
//
// A table with any problem of structure (an empty file, a duplicate column
// name, a value in a column without a name, a malformed or ragged row, text
// that is not UTF-8, a limit) is not returned: the error joins a
// *ParseError for each problem, up to Options.MaxProblems. Problems with
// values are found by Numbers.
func ReadTable(r io.Reader, name string, opts Options) (*Table, error) {
	c := opts.config(nil)
	c.table = true
	f, err := openCSV(r, name, &c)
	if err != nil {
		return nil, err
	}
	t := &Table{File: name, Delimiter: f.delim, num: f.num, max: c.maxProblems}
	var keep []int // the columns with a name
	for j, h := range f.header {
		if h != "" {
			keep = append(keep, j)
			t.Header = append(t.Header, f.rawHeader[j])
			t.header = append(t.header, h)
		}
	}
	n := len(keep)
	t.cells = make([][]string, n)
	t.lines = make([][]int32, n)
	t.cols = make([][]int32, n)
	var probs []error
	more := 0
	for {
		rec, prob, err := f.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if prob == nil {
			prob = f.allText(rec)
		}
		if prob != nil {
			if reasonOf(prob.Err) == ErrEmptyRow {
				t.EmptyRows++
				continue
			}
			if len(probs) < c.maxProblems {
				probs = append(probs, prob)
			} else {
				more++
			}
			continue
		}
		for j, k := range keep {
			s := rec[k]
			line, col := f.r.FieldPos(k)
			t.cells[j] = append(t.cells[j], s)
			t.lines[j] = append(t.lines[j], int32(line))
			t.cols[j] = append(t.cols[j], int32(col))
			if t.num.dec == DecimalAuto {
				if sep := decimalShape(s); sep != 0 {
					t.num.separator(sep, line)
				}
			}
		}
	}
	if more > 0 {
		probs = append(probs, fmt.Errorf("survey: %s: %d more problems", name, more))
	}
	if len(probs) > 0 {
		return nil, errors.Join(probs...)
	}
	t.Decimal = t.num.dec
	return t, nil
}

// decimalShape returns the separator of s if s is a decimal number with one
// separator ("3.5", "-0,25", "1.5e3"), else 0.
func decimalShape(s string) byte {
	s = trimSpace(s)
	if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	var sep byte
	digits := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case (c == '.' || c == ',') && sep == 0:
			sep = c
		case (c == 'e' || c == 'E') && digits > 0:
			e := s[i+1:]
			if len(e) > 0 && (e[0] == '-' || e[0] == '+') {
				e = e[1:]
			}
			if e == "" || strings.Trim(e, "0123456789") != "" {
				return 0
			}
			return sep
		default:
			return 0
		}
	}
	if digits == 0 {
		return 0
	}
	return sep
}

// Len returns the number of rows.
func (t *Table) Len() int {
	if len(t.cells) == 0 {
		return 0
	}
	return len(t.cells[0])
}

// Column returns the index of the column name (compared case-insensitively
// after trimming spaces), or -1.
func (t *Table) Column(name string) int {
	name = strings.ToLower(strings.TrimSpace(name))
	for j, h := range t.header {
		if h == name {
			return j
		}
	}
	return -1
}

// Strings returns the fields of column j, trimmed of surrounding spaces
// and tabs, in a new slice. It panics if j is out of range.
func (t *Table) Strings(j int) []string {
	t.checkColumn(j)
	out := make([]string, len(t.cells[j]))
	for i, s := range t.cells[j] {
		out[i] = trimSpace(s)
	}
	return out
}

// Numbers parses column j as numbers, NaN for missing values (empty, NA,
// N/A, "-" or a code of Options.MissingCodes). When scale is not zero,
// every number must be on it. Every problem is returned, up to
// Options.MaxProblems, joined into one error of *ParseErrors at the
// position of the field, such as
//
//	scores.csv:12:5: field "nps": "11" is outside the scale 0-10
//
// together with the numbers (NaN where a field has a problem). It panics
// if j is out of range.
func (t *Table) Numbers(j int, scale Scale) ([]float64, error) {
	t.checkColumn(j)
	out := make([]float64, len(t.cells[j]))
	var probs []error
	more := 0
	add := func(p *ParseError) {
		if len(probs) < t.max {
			probs = append(probs, p)
		} else {
			more++
		}
	}
	expected := "a number"
	if !scale.IsZero() {
		expected = "a number on the scale " + scale.String()
	}
	num := *t.num // parse does not change the table's decimal style
	for i, s := range t.cells[j] {
		v, missing, err := num.parse(s, int(t.lines[j][i]))
		switch {
		case missing:
			out[i] = nan()
		case err != nil:
			out[i] = nan()
			add(t.Error(j, i, err, expected))
		case !scale.IsZero():
			if exp, bad := scale.check(v); bad != nil {
				out[i] = nan()
				add(t.Error(j, i, bad, exp))
				continue
			}
			out[i] = v
		default:
			out[i] = v
		}
	}
	if more > 0 {
		probs = append(probs, fmt.Errorf("survey: %s: field %q: %d more problems", t.File, t.Header[j], more))
	}
	return out, errors.Join(probs...)
}

// Pos returns the line and byte column of the field in column j of row i,
// as csv.Reader.FieldPos. It panics if j or i is out of range.
func (t *Table) Pos(j, i int) (line, column int) {
	t.checkColumn(j)
	return int(t.lines[j][i]), int(t.cols[j][i])
}

// Error returns a *ParseError about the field in column j of row i, with
// the cause err and the expectation expected, for problems found after
// reading (such as an answer an analysis rejects by its index). It panics
// if j or i is out of range.
func (t *Table) Error(j, i int, err error, expected string) *ParseError {
	line, col := t.Pos(j, i)
	return &ParseError{File: t.File, Line: line, Column: col, Field: t.Header[j], Value: t.cells[j][i], Err: err, Expected: expected}
}

func (t *Table) checkColumn(j int) {
	if j < 0 || j >= len(t.cells) {
		panic(fmt.Sprintf("survey: column index %d out of range [0,%d)", j, len(t.cells)))
	}
}
