package survey

import (
	"fmt"
	"strings"
)

// Options configures the readers. The zero value reads with the settings
// of the study (study.csv) or detects them, and uses the default limits.
type Options struct {
	// Delimiter overrides the field delimiter; DelimiterAuto leaves it to
	// study.csv or to detection from the header line.
	Delimiter Delimiter

	// Decimal overrides the decimal separator; DecimalAuto leaves it to
	// study.csv or to detection (see Decimal).
	Decimal Decimal

	// MissingCodes are values that mean "no answer", added to those of
	// study.csv and to the built-in empty, NA, N/A and "-".
	MissingCodes []string

	// MaxProblems is the number of problems and of warnings listed per
	// file in the report; the rest are only counted. 0 means 100; a
	// negative value lists them all.
	MaxProblems int

	// Limits bound the size of the input.
	Limits Limits
}

// Default limits; see Limits.
const (
	DefaultMaxFieldBytes  = 64 << 10  // 64 KiB
	DefaultMaxRecordBytes = 1 << 20   // 1 MiB
	DefaultMaxColumns     = 4096      // fields per record
	DefaultMaxRows        = 5_000_000 // data records per file
	DefaultMaxCells       = 100_000_000
	defaultMaxProblems    = 100
)

// Limits bound what a reader accepts, so that a hostile or broken file
// cannot exhaust memory. A zero field means its default; a negative field
// removes the limit. Exceeding a limit is always fatal: the reader stops
// with a *ParseError whose cause is ErrLimit.
type Limits struct {
	// MaxFieldBytes is the largest field, in bytes (default 64 KiB).
	MaxFieldBytes int
	// MaxRecordBytes is the largest record, in bytes, including quoted
	// line breaks (default 1 MiB). It is enforced while the record is
	// read, with a slack of the reader's 64 KiB buffer.
	MaxRecordBytes int
	// MaxColumns is the largest number of fields in a record (default
	// 4096).
	MaxColumns int
	// MaxRows is the largest number of data records in one file (default
	// 5,000,000).
	MaxRows int
	// MaxCells is the largest number of fields in the data records of one
	// file, rows times columns (default 100,000,000: 800 MB as float64
	// columns). It bounds the memory a file can claim when its rows are
	// wide.
	MaxCells int
}

func limitOr(v, def int) int {
	switch {
	case v == 0:
		return def
	case v < 0:
		return int(^uint(0) >> 1)
	}
	return v
}

func (l Limits) resolve() Limits {
	return Limits{
		MaxFieldBytes:  limitOr(l.MaxFieldBytes, DefaultMaxFieldBytes),
		MaxRecordBytes: limitOr(l.MaxRecordBytes, DefaultMaxRecordBytes),
		MaxColumns:     limitOr(l.MaxColumns, DefaultMaxColumns),
		MaxRows:        limitOr(l.MaxRows, DefaultMaxRows),
		MaxCells:       limitOr(l.MaxCells, DefaultMaxCells),
	}
}

// A Delimiter is the field separator of a CSV file.
type Delimiter int

// Delimiters.
const (
	// DelimiterAuto detects the delimiter from the header line: of comma,
	// semicolon and tab, the one found most often outside quotes; ties go
	// to tab, then semicolon, then comma, and a header with none of them
	// (a single column) is read as comma-separated.
	DelimiterAuto Delimiter = iota
	Comma                   // ','
	Semicolon               // ';'
	Tab                     // '\t'
)

var delimiterNames = [...]string{"auto", "comma", "semicolon", "tab"}

func (d Delimiter) valid() bool { return d >= 0 && int(d) < len(delimiterNames) }

// String returns "auto", "comma", "semicolon" or "tab".
func (d Delimiter) String() string {
	if !d.valid() {
		return fmt.Sprintf("Delimiter(%d)", int(d))
	}
	return delimiterNames[d]
}

// MarshalText returns the name of d, as String.
func (d Delimiter) MarshalText() ([]byte, error) {
	if !d.valid() {
		return nil, fmt.Errorf("survey: %w: delimiter %d", ErrBadValue, int(d))
	}
	return []byte(d.String()), nil
}

// UnmarshalText parses a delimiter name as written by MarshalText, in any
// case.
func (d *Delimiter) UnmarshalText(b []byte) error {
	for i, n := range delimiterNames {
		if strings.EqualFold(strings.TrimSpace(string(b)), n) {
			*d = Delimiter(i)
			return nil
		}
	}
	return fmt.Errorf("survey: %w: delimiter %q", ErrBadValue, b)
}

func (d Delimiter) rune() rune {
	switch d {
	case Semicolon:
		return ';'
	case Tab:
		return '\t'
	}
	return ','
}

// A Decimal is the decimal separator of the numbers in a file.
//
// Thousands separators are never accepted. With a decimal comma, "1,234" is
// 1.234; with a decimal point it is not a number. With DecimalAuto, a
// comma-delimited file uses the decimal point (a decimal comma there would
// have to be quoted in every field; set DecimalComma to read such files),
// and in a semicolon- or tab-delimited file the first number of the file
// (in reading order) written with a separator fixes the style: every later
// number with the other separator is an error (ErrMixedDecimal).
type Decimal int

// Decimal separators.
const (
	DecimalAuto  Decimal = iota // detect, as described at Decimal
	DecimalPoint                // "3.5"
	DecimalComma                // "3,5", as Dutch and Belgian Excel exports write
)

var decimalNames = [...]string{"auto", "point", "comma"}

func (d Decimal) valid() bool { return d >= 0 && int(d) < len(decimalNames) }

// String returns "auto", "point" or "comma".
func (d Decimal) String() string {
	if !d.valid() {
		return fmt.Sprintf("Decimal(%d)", int(d))
	}
	return decimalNames[d]
}

// MarshalText returns the name of d, as String.
func (d Decimal) MarshalText() ([]byte, error) {
	if !d.valid() {
		return nil, fmt.Errorf("survey: %w: decimal %d", ErrBadValue, int(d))
	}
	return []byte(d.String()), nil
}

// UnmarshalText parses a decimal-separator name as written by MarshalText,
// in any case.
func (d *Decimal) UnmarshalText(b []byte) error {
	for i, n := range decimalNames {
		if strings.EqualFold(strings.TrimSpace(string(b)), n) {
			*d = Decimal(i)
			return nil
		}
	}
	return fmt.Errorf("survey: %w: decimal %q", ErrBadValue, b)
}

// config is the resolved configuration of one read.
type config struct {
	delimiter   Delimiter
	decimal     Decimal
	missing     []string
	maxProblems int
	limits      Limits
	table       bool // a plain table (ReadTable, StreamColumns): any columns, one is fine
}

func (o Options) config(s *Settings) config {
	c := config{
		delimiter:   o.Delimiter,
		decimal:     o.Decimal,
		maxProblems: o.MaxProblems,
		limits:      o.Limits.resolve(),
	}
	if s != nil {
		if c.delimiter == DelimiterAuto {
			c.delimiter = s.Delimiter
		}
		if c.decimal == DecimalAuto {
			c.decimal = s.Decimal
		}
		c.missing = append(c.missing, s.MissingCodes...)
	}
	c.missing = append(c.missing, o.MissingCodes...)
	switch {
	case c.maxProblems == 0:
		c.maxProblems = defaultMaxProblems
	case c.maxProblems < 0:
		c.maxProblems = int(^uint(0) >> 1)
	}
	return c
}
