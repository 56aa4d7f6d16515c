// Package render writes touchpoint's command output: aligned text tables,
// Markdown, tidy CSV and JSON. It knows nothing about statistics; commands
// build [Table] values and documents, and render writes them.
package render

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Format is an output format.
type Format int

// The output formats.
const (
	Text Format = iota
	Markdown
	JSON
	CSV
	HTML
)

var formatNames = [...]string{"text", "markdown", "json", "csv", "html"}

// String returns the format's name as the --format flag spells it.
func (f Format) String() string {
	if f < 0 || int(f) >= len(formatNames) {
		return fmt.Sprintf("Format(%d)", int(f))
	}
	return formatNames[f]
}

// ParseFormat returns the format named s ("text", "markdown", "json", "csv"
// or "html"; "md" is accepted for Markdown).
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "text", "txt":
		return Text, nil
	case "markdown", "md":
		return Markdown, nil
	case "json":
		return JSON, nil
	case "csv":
		return CSV, nil
	case "html":
		return HTML, nil
	}
	return 0, fmt.Errorf("unknown format %q (want text, markdown, json, csv or html)", s)
}

// SchemaVersion is the version of the JSON documents the commands print. It
// changes only when a documented field changes meaning or is removed; fields
// are added without changing it.
const SchemaVersion = "1"

// Align is a column's alignment in text and Markdown tables.
type Align int

// Alignments.
const (
	Left Align = iota
	Right
)

// Table is a titled table of text cells.
type Table struct {
	Title   string
	Columns []string
	Align   []Align // per column; missing entries are Left
	Rows    [][]string
	Notes   []string // lines printed under the table
}

// AddRow appends a row. Cells beyond the table's columns are kept and
// rendered; short rows are padded with empty cells.
func (t *Table) AddRow(cells ...string) { t.Rows = append(t.Rows, cells) }

func (t *Table) align(j int) Align {
	if j < len(t.Align) {
		return t.Align[j]
	}
	return Left
}

func (t *Table) width() int {
	w := len(t.Columns)
	for _, r := range t.Rows {
		if len(r) > w {
			w = len(r)
		}
	}
	return w
}

func cell(r []string, j int) string {
	if j < len(r) {
		return r[j]
	}
	return ""
}

// WriteText writes the table with columns aligned by spaces, the title on
// its own line above and the notes below.
func (t *Table) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	if t.Title != "" {
		ew.printf("%s\n", t.Title)
	}
	n := t.width()
	widths := make([]int, n)
	for j := 0; j < n; j++ {
		widths[j] = utf8.RuneCountInString(cell(t.Columns, j))
		for _, r := range t.Rows {
			if l := utf8.RuneCountInString(cell(r, j)); l > widths[j] {
				widths[j] = l
			}
		}
	}
	line := func(r []string) {
		var b strings.Builder
		for j := 0; j < n; j++ {
			c := cell(r, j)
			pad := strings.Repeat(" ", widths[j]-utf8.RuneCountInString(c))
			if j > 0 {
				b.WriteString("  ")
			}
			if t.align(j) == Right {
				b.WriteString(pad)
				b.WriteString(c)
			} else {
				b.WriteString(c)
				if j < n-1 {
					b.WriteString(pad)
				}
			}
		}
		ew.printf("%s\n", strings.TrimRight(b.String(), " "))
	}
	if len(t.Columns) > 0 {
		line(t.Columns)
	}
	for _, r := range t.Rows {
		line(r)
	}
	for _, note := range t.Notes {
		ew.printf("%s\n", note)
	}
	return ew.err
}

// WriteMarkdown writes the table as a GitHub-flavoured Markdown table, the
// title as a level-3 heading. Pipes and line breaks in cells are escaped.
func (t *Table) WriteMarkdown(w io.Writer) error {
	ew := &errWriter{w: w}
	if t.Title != "" {
		ew.printf("### %s\n\n", mdEscape(t.Title))
	}
	n := t.width()
	row := func(r []string) {
		var b strings.Builder
		b.WriteString("|")
		for j := 0; j < n; j++ {
			b.WriteString(" ")
			b.WriteString(mdEscape(cell(r, j)))
			b.WriteString(" |")
		}
		ew.printf("%s\n", b.String())
	}
	if n > 0 {
		row(t.Columns)
		var b strings.Builder
		b.WriteString("|")
		for j := 0; j < n; j++ {
			if t.align(j) == Right {
				b.WriteString("---:|")
			} else {
				b.WriteString("---|")
			}
		}
		ew.printf("%s\n", b.String())
		for _, r := range t.Rows {
			row(r)
		}
	}
	if len(t.Notes) > 0 {
		ew.printf("\n")
		for _, note := range t.Notes {
			ew.printf("%s\n", mdEscape(note))
		}
	}
	return ew.err
}

func mdEscape(s string) string {
	r := strings.NewReplacer("|", `\|`, "\r\n", "<br>", "\n", "<br>", "\r", "<br>")
	return r.Replace(s)
}

// WriteCSV writes the header and rows as CSV, escaping cells that a
// spreadsheet would run as a formula (see [SafeCell]). The title and notes
// are not written: CSV output is tidy data only.
func (t *Table) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	n := t.width()
	rec := make([]string, n)
	write := func(r []string) error {
		for j := range rec {
			rec[j] = SafeCell(cell(r, j))
		}
		return cw.Write(rec)
	}
	if err := write(t.Columns); err != nil {
		return err
	}
	for _, r := range t.Rows {
		if err := write(r); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// SafeCell returns s made safe to open in a spreadsheet: a cell that starts
// with '=', '+', '-', '@', a tab or a carriage return would be run as a
// formula (CSV injection), so it is prefixed with a single quote, as OWASP
// recommends. Numbers such as "-1.5" or "+3" are left alone: a spreadsheet
// reads them as numbers, not formulas.
func SafeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if isNumber(s) {
			return s
		}
		return "'" + s
	}
	return s
}

func isNumber(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits, dot := 0, false
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot:
			dot = true
		case (c == 'e' || c == 'E') && digits > 0:
			j := i + 1
			if j < len(s) && (s[j] == '+' || s[j] == '-') {
				j++
			}
			if j == len(s) {
				return false
			}
			for ; j < len(s); j++ {
				if s[j] < '0' || s[j] > '9' {
					return false
				}
			}
			return true
		default:
			return false
		}
	}
	return digits > 0
}

// WriteJSON writes v as indented JSON followed by a newline.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err != nil {
		return
	}
	_, e.err = fmt.Fprintf(e.w, format, args...)
}
