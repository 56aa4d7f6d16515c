package survey

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"unicode/utf8"
)

const readBufferSize = 64 << 10

// guard limits the bytes read for one record, so that a line without end
// cannot make encoding/csv buffer an unbounded amount of memory.
type guard struct {
	r       io.Reader
	left    int64
	tripped bool
}

var errGuard = errors.New("record too large")

func (g *guard) Read(p []byte) (int, error) {
	if g.left <= 0 {
		g.tripped = true
		return 0, errGuard
	}
	if int64(len(p)) > g.left {
		p = p[:g.left]
	}
	n, err := g.r.Read(p)
	g.left -= int64(n)
	return n, err
}

// csvFile reads one CSV file: it strips a byte-order mark, detects the
// delimiter, reads and normalizes the header and checks every record
// against the limits, for UTF-8 and for its number of fields.
type csvFile struct {
	name   string
	cfg    *config
	r      *csv.Reader
	guard  *guard
	budget int64
	delim  Delimiter
	num    *numbers

	header     []string // normalized: trimmed, lower case; "" for a column without a name
	rawHeader  []string // trimmed, as written
	blank      []int    // the columns without a name, which must stay empty
	named      int      // 1 + the last column with a name: records may stop there
	headerCols []int    // byte column of each header field
	headerLine int

	rows     int   // data records read, including those with problems
	lastLine int   // the line of the last field of the last record
	size     int64 // the size of the input in bytes, if known, else 0
	offset   int64 // the input offset after the last record
	cells    int   // fields read in data records
}

// sizeOf returns the size in bytes of files and in-memory readers, or 0.
func sizeOf(r io.Reader) int64 {
	switch v := r.(type) {
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() {
			return fi.Size()
		}
	case interface{ Len() int }:
		return int64(v.Len())
	}
	return 0
}

// estimateRows estimates the data rows of the file from its size and the
// bytes taken by the rows read so far; 0 if unknown.
func (f *csvFile) estimateRows() int {
	off := f.r.InputOffset()
	if f.size <= 0 || off <= 0 || f.rows == 0 {
		return 0
	}
	est := float64(f.size) / float64(off) * float64(f.rows) * 1.02
	bound := min(f.cfg.limits.MaxRows, f.cfg.limits.MaxCells/max(len(f.header), 1))
	if est > float64(bound) {
		return bound
	}
	return int(est) + 16
}

var (
	utf8BOM    = []byte{0xEF, 0xBB, 0xBF}
	utf16BOMLE = []byte{0xFF, 0xFE}
	utf16BOMBE = []byte{0xFE, 0xFF}
)

// openCSV opens the CSV text r, named name in messages, and reads its
// header. Header problems are returned as one error joining *ParseErrors.
func openCSV(r io.Reader, name string, c *config) (*csvFile, error) {
	f := &csvFile{name: name, cfg: c, size: sizeOf(r)}
	f.budget = int64(c.limits.MaxRecordBytes)
	if f.budget < int64(^uint64(0)>>2) {
		f.budget += 2 * readBufferSize
	}
	f.guard = &guard{r: r, left: f.budget}
	br := bufio.NewReaderSize(f.guard, readBufferSize)
	if b, _ := br.Peek(3); len(b) >= 3 && string(b) == string(utf8BOM) {
		br.Discard(3)
	} else if len(b) >= 2 && (string(b[:2]) == string(utf16BOMLE) || string(b[:2]) == string(utf16BOMBE)) {
		return nil, &ParseError{File: name, Line: 1, Column: 1,
			Err: ErrNotUTF8, Expected: "UTF-8 text (the file is UTF-16; save it as UTF-8)"}
	}
	if b, _ := br.Peek(readBufferSize); bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		return nil, &ParseError{File: name, Line: 1, Column: 1, Err: ErrNotUTF8,
			Expected: "CSV text (the file is a ZIP archive, such as an Excel workbook: save it as CSV UTF-8)"}
	} else if i := bytes.IndexByte(b, 0); i >= 0 {
		line := 1 + bytes.Count(b[:i], []byte("\n"))
		return nil, &ParseError{File: name, Line: line, Column: i - bytes.LastIndexByte(b[:i], '\n'), Err: ErrNotUTF8,
			Expected: "CSV text (the file holds NUL bytes: it is binary, or UTF-16 without a byte-order mark)"}
	}
	f.delim = c.delimiter
	if f.delim == DelimiterAuto || !f.delim.valid() {
		b, _ := br.Peek(readBufferSize)
		f.delim = detectDelimiter(b)
	}
	f.num = newNumbers(c, f.delim)
	f.r = csv.NewReader(br)
	f.r.Comma = f.delim.rune()
	f.r.FieldsPerRecord = -1
	f.r.ReuseRecord = true
	if f.guard.tripped {
		return nil, f.limitError(1, fmt.Sprintf("a header line of at most %d bytes (Limits.MaxRecordBytes)", c.limits.MaxRecordBytes))
	}
	f.guard.left = f.budget
	rec, err := f.r.Read()
	if err == io.EOF {
		return nil, &ParseError{File: name, Err: ErrEmptyFile, Expected: "a header line"}
	}
	if err != nil {
		return nil, f.readError(err)
	}
	if len(rec) > c.limits.MaxColumns {
		return nil, f.limitError(1, fmt.Sprintf("at most %d columns (Limits.MaxColumns), not %d", c.limits.MaxColumns, len(rec)))
	}
	if len(rec) == 1 && c.delimiter != DelimiterAuto && !c.table {
		// A delimiter set for the study that the file does not use (a
		// study file has more than one column; a plain table may not).
		if d := detectDelimiter([]byte(rec[0])); d != f.delim && strings.ContainsRune(rec[0], d.rune()) {
			line, _ := f.r.FieldPos(0)
			return nil, &ParseError{File: name, Line: line, Column: 1, Err: ErrMissingColumn,
				Expected: fmt.Sprintf("columns separated by %s, the delimiter set for the file (delimiter in study.csv, or Options.Delimiter); the header is separated by %s",
					delimiterPlural(f.delim), delimiterPlural(d))}
		}
	}
	var probs []error
	f.header = make([]string, len(rec))
	f.rawHeader = make([]string, len(rec))
	f.headerCols = make([]int, len(rec))
	seen := make(map[string]int, len(rec))
	for j, h := range rec {
		line, col := f.r.FieldPos(j)
		f.headerLine = line
		f.headerCols[j] = col
		if len(h) > c.limits.MaxFieldBytes {
			pe := f.limitError(line, fmt.Sprintf("fields of at most %d bytes (Limits.MaxFieldBytes), not %d", c.limits.MaxFieldBytes, len(h)))
			pe.Column = col
			return nil, pe
		}
		if !utf8.ValidString(h) {
			probs = append(probs, f.utf8Error(h, line, col, ""))
			continue
		}
		raw := strings.TrimSpace(h)
		norm := strings.ToLower(raw)
		f.rawHeader[j] = raw
		f.header[j] = norm
		if norm == "" {
			// A column without a name, as spreadsheets leave after the
			// last column: allowed as long as it stays empty.
			f.blank = append(f.blank, j)
			continue
		}
		f.named = j + 1
		if first, dup := seen[norm]; dup {
			probs = append(probs, &ParseError{File: name, Line: line, Column: col, Field: raw, Err: ErrDuplicateHeader,
				Expected: fmt.Sprintf("each column once (first at column %d)", f.headerCols[first])})
			continue
		}
		seen[norm] = j
	}
	f.lastLine = f.headerLine
	f.offset = f.r.InputOffset()
	if f.named == 0 && len(probs) == 0 {
		probs = append(probs, &ParseError{File: name, Line: f.headerLine, Err: ErrMissing, Expected: "column names in the header"})
	}
	if len(probs) > 0 {
		return nil, errors.Join(probs...)
	}
	return f, nil
}

// delimiterPlural names the delimiter d in the plural, for messages.
func delimiterPlural(d Delimiter) string {
	switch d {
	case Semicolon:
		return "semicolons"
	case Tab:
		return "tabs"
	}
	return "commas"
}

// detectDelimiter returns the delimiter of the header line at the start of
// b, as documented at DelimiterAuto.
func detectDelimiter(b []byte) Delimiter {
	var comma, semi, tab int
	quoted := false
	for _, c := range b {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if c == '\n' {
			break
		}
		switch c {
		case ',':
			comma++
		case ';':
			semi++
		case '\t':
			tab++
		}
	}
	switch {
	case tab > 0 && tab >= semi && tab >= comma:
		return Tab
	case semi > 0 && semi >= comma:
		return Semicolon
	}
	return Comma
}

// readError converts an error of csv.Reader.Read into a *ParseError.
func (f *csvFile) readError(err error) *ParseError {
	if f.guard.tripped {
		return f.limitError(f.lastLine+1, fmt.Sprintf("records of at most %d bytes (Limits.MaxRecordBytes)", f.cfg.limits.MaxRecordBytes))
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ParseError{File: f.name, Line: pe.Line, Column: pe.Column, Err: &cause{kind: ErrSyntax, detail: pe, text: pe.Err.Error()}}
	}
	return &ParseError{File: f.name, Line: f.lastLine + 1, Err: err}
}

func (f *csvFile) limitError(line int, expected string) *ParseError {
	if line < 1 {
		line = 1
	}
	return &ParseError{File: f.name, Line: line, Err: ErrLimit, Expected: expected}
}

func (f *csvFile) utf8Error(s string, line, col int, field string) *ParseError {
	off := 0
	for off < len(s) {
		r, size := utf8.DecodeRuneInString(s[off:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		off += size
	}
	valid := strings.ToValidUTF8(s, "\uFFFD")
	return &ParseError{File: f.name, Line: line, Column: col, Field: field, Value: valid, Err: ErrNotUTF8,
		Expected: fmt.Sprintf("UTF-8 text (invalid byte 0x%02X at byte %d of the field)", s[off], off+1)}
}

// text returns a problem if field j of rec is not UTF-8.
func (f *csvFile) text(rec []string, j int) *ParseError {
	if utf8.ValidString(rec[j]) {
		return nil
	}
	l, c := f.r.FieldPos(j)
	return f.utf8Error(rec[j], l, c, f.field(j))
}

// allText returns a problem if a field of rec is not UTF-8.
func (f *csvFile) allText(rec []string) *ParseError {
	for j := range rec {
		if p := f.text(rec, j); p != nil {
			return p
		}
	}
	return nil
}

// numError returns the problem with field j of the current record, s, that
// did not parse as a number: ErrNotUTF8 if it is not UTF-8, else err.
func (f *csvFile) numError(j int, s string, err error, expected string) *ParseError {
	if !utf8.ValidString(s) {
		l, c := f.r.FieldPos(j)
		return f.utf8Error(s, l, c, f.field(j))
	}
	return f.errAt(j, s, err, expected)
}

// field returns the header name of column j, as written, for messages.
func (f *csvFile) field(j int) string {
	if j < len(f.rawHeader) {
		return f.rawHeader[j]
	}
	return ""
}

// errAt returns a *ParseError for the field j of the current record.
func (f *csvFile) errAt(j int, value string, err error, expected string) *ParseError {
	line, col := f.r.FieldPos(j)
	return &ParseError{File: f.name, Line: line, Column: col, Field: f.field(j), Value: value, Err: err, Expected: expected}
}

// next reads the next data record. Records may leave out trailing columns
// without a name, so callers may index a record only at named columns. It
// returns io.EOF at the end, a fatal
// *ParseError as err (limits, read errors), or a problem with the record as
// prob (the record is then to be excluded; prob.Err is ErrEmptyRow for a
// record of empty fields). The record is valid until the next call. Fields
// are not checked for UTF-8: callers check the fields they keep as text
// (text, allText) and those that fail to parse as numbers (numError), so
// that numeric fields, which are ASCII when valid, are scanned once.
func (f *csvFile) next() (rec []string, prob *ParseError, err error) {
	f.guard.left = f.budget
	rec, err = f.r.Read()
	if err == io.EOF {
		return nil, nil, io.EOF
	}
	if err != nil {
		pe := f.readError(err)
		if reasonOf(pe.Err) != ErrSyntax {
			return nil, nil, pe
		}
		f.rows++
		if f.rows > f.cfg.limits.MaxRows {
			return nil, nil, f.limitError(pe.Line, fmt.Sprintf("at most %d data rows (Limits.MaxRows)", f.cfg.limits.MaxRows))
		}
		f.lastLine = pe.Line
		return nil, pe, nil
	}
	f.rows++
	line, _ := f.r.FieldPos(0)
	if f.rows > f.cfg.limits.MaxRows {
		return nil, nil, f.limitError(line, fmt.Sprintf("at most %d data rows (Limits.MaxRows)", f.cfg.limits.MaxRows))
	}
	if len(rec) > f.cfg.limits.MaxColumns {
		return nil, nil, f.limitError(line, fmt.Sprintf("at most %d columns (Limits.MaxColumns), not %d", f.cfg.limits.MaxColumns, len(rec)))
	}
	f.cells += len(rec)
	if f.cells > f.cfg.limits.MaxCells {
		return nil, nil, f.limitError(line, fmt.Sprintf("at most %d fields in all (Limits.MaxCells)", f.cfg.limits.MaxCells))
	}
	f.lastLine, _ = f.r.FieldPos(len(rec) - 1)
	// A field is never longer than its record.
	off := f.r.InputOffset()
	if off-f.offset > int64(f.cfg.limits.MaxFieldBytes) {
		for j, s := range rec {
			if len(s) > f.cfg.limits.MaxFieldBytes {
				l, c := f.r.FieldPos(j)
				pe := f.limitError(l, fmt.Sprintf("fields of at most %d bytes (Limits.MaxFieldBytes), not %d", f.cfg.limits.MaxFieldBytes, len(s)))
				pe.Column, pe.Field = c, f.field(j)
				return nil, nil, pe
			}
		}
	}
	f.offset = off
	empty := true
	for _, s := range rec {
		if trimSpace(s) != "" {
			empty = false
			break
		}
	}
	if empty {
		return nil, &ParseError{File: f.name, Line: line, Err: ErrEmptyRow}, nil
	}
	if len(rec) > len(f.header) || len(rec) < f.named {
		col := 0
		if len(rec) > len(f.header) {
			_, col = f.r.FieldPos(len(f.header))
		}
		exp := fmt.Sprintf("%d fields as in the header, not %d", len(f.header), len(rec))
		if f.named < len(f.header) {
			exp = fmt.Sprintf("%d to %d fields as in the header, not %d", f.named, len(f.header), len(rec))
		}
		if len(rec) == 1 {
			// A row written with another delimiter than the header.
			for _, d := range []Delimiter{Comma, Semicolon, Tab} {
				if n := strings.Count(rec[0], string(d.rune())) + 1; d != f.delim && n >= f.named && n <= len(f.header) {
					exp += fmt.Sprintf(" (the row is separated by %s, the header by %s)", delimiterPlural(d), delimiterPlural(f.delim))
					break
				}
			}
		}
		return nil, &ParseError{File: f.name, Line: line, Column: col, Err: ErrRaggedRow, Expected: exp}, nil
	}
	for _, j := range f.blank {
		if j < len(rec) && trimSpace(rec[j]) != "" {
			l, c := f.r.FieldPos(j)
			return nil, &ParseError{File: f.name, Line: l, Column: c, Value: rec[j], Err: ErrUnknownColumn,
				Expected: fmt.Sprintf("no value in column %d, which has no name in the header", j+1)}, nil
		}
	}
	return rec, nil, nil
}

// columns maps the header to column indices by name; absent names are
// missing from the map.
func (f *csvFile) columns() map[string]int {
	m := make(map[string]int, len(f.header))
	for j, h := range f.header {
		m[h] = j
	}
	return m
}

// headerError returns a *ParseError about header column j.
func (f *csvFile) headerError(j int, err error, expected string) *ParseError {
	return &ParseError{File: f.name, Line: f.headerLine, Column: f.headerCols[j], Field: f.rawHeader[j], Err: err, Expected: expected}
}

// missingColumn returns a *ParseError for the absent column name.
func (f *csvFile) missingColumn(name, expected string) *ParseError {
	return &ParseError{File: f.name, Line: f.headerLine, Field: name, Err: ErrMissingColumn, Expected: expected}
}
