package survey

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Causes of the problems found in studies. A [ParseError] carries one of
// them in its Err field (possibly together with a *csv.ParseError or a
// *strconv.NumError), so errors.Is(err, ErrOutOfRange) works on any error
// returned by this package. The exclusion report counts excluded rows and
// respondents by these causes.
var (
	// ErrSyntax means that the CSV reader could not split a record: a bare
	// or unclosed quote. The *csv.ParseError is wrapped too.
	ErrSyntax = errors.New("malformed CSV")

	// ErrRaggedRow means a record with more or fewer fields than the
	// header.
	ErrRaggedRow = errors.New("wrong number of fields")

	// ErrNotUTF8 means a field that is not valid UTF-8 text (for example a
	// file saved as Latin-1 or Windows-1252).
	ErrNotUTF8 = errors.New("invalid UTF-8")

	// ErrEmptyFile means a file with no header line.
	ErrEmptyFile = errors.New("empty file")

	// ErrMissingFile means that a required file is absent.
	ErrMissingFile = errors.New("missing file")

	// ErrMissingColumn means that a required column is absent from the
	// header.
	ErrMissingColumn = errors.New("missing column")

	// ErrDuplicateHeader means that a header names the same column twice
	// (names are compared case-insensitively after trimming spaces).
	ErrDuplicateHeader = errors.New("duplicate column")

	// ErrUnknownColumn means a header column the file does not allow.
	ErrUnknownColumn = errors.New("unknown column")

	// ErrUnknownKey means a key of study.csv that is not a setting.
	ErrUnknownKey = errors.New("unknown setting")

	// ErrMissing means an empty (or missing-coded) value where one is
	// required.
	ErrMissing = errors.New("missing value")

	// ErrNotNumber means a value that is not a finite decimal number; NaN,
	// Inf and numbers beyond the float64 range (1e309) are not numbers.
	ErrNotNumber = errors.New("not a number")

	// ErrMixedDecimal means a number written with a decimal point in a
	// file that uses decimal commas, or the reverse.
	ErrMixedDecimal = errors.New("mixed decimal separators")

	// ErrOutOfRange means a number outside its scale or allowed range.
	ErrOutOfRange = errors.New("out of range")

	// ErrNotInteger means a fraction where a whole number is required (the
	// likelihood to recommend).
	ErrNotInteger = errors.New("not a whole number")

	// ErrBadWeight means a survey weight that is missing, zero, negative
	// or not a finite number.
	ErrBadWeight = errors.New("invalid weight")

	// ErrBadScale means a scale whose minimum is not below its maximum, or
	// that cannot be parsed.
	ErrBadScale = errors.New("invalid scale")

	// ErrBadValue means a value that is not one of those allowed (a setting
	// of study.csv, an outcome type).
	ErrBadValue = errors.New("invalid value")

	// ErrDuplicateRespondent means a respondent id that occurs twice in a
	// file that holds one row per respondent. Every row of the respondent
	// is excluded.
	ErrDuplicateRespondent = errors.New("duplicate respondent")

	// ErrDuplicateAnswer means a second answer of one respondent for one
	// step (long files, in-memory data).
	ErrDuplicateAnswer = errors.New("duplicate answer")

	// ErrDuplicate means a repeated id in a definition file: a step,
	// process, idea, setting or management row.
	ErrDuplicate = errors.New("duplicate entry")

	// ErrUnknownStep means a step id that journey.csv does not define, or a
	// step file that belongs to no step.
	ErrUnknownStep = errors.New("unknown step")

	// ErrUnknownProcess means a process id that journey.csv does not
	// define.
	ErrUnknownProcess = errors.New("unknown process")

	// ErrWrongProcess means an answer for a step that belongs to another
	// process than the respondent's.
	ErrWrongProcess = errors.New("step of another process")

	// ErrUnknownLabel means a segment or wave label that study.csv does not
	// declare.
	ErrUnknownLabel = errors.New("undeclared label")

	// ErrNoOutcomeRow means step answers of a respondent who has no row in
	// the outcomes file. The rows are excluded.
	ErrNoOutcomeRow = errors.New("no outcome row")

	// ErrConflict means values that contradict each other, such as an idea
	// with both an uplift and a target.
	ErrConflict = errors.New("conflicting values")

	// ErrAmbiguousFormat means a study folder holding more than one form of
	// responses (steps/, responses.csv, responses_long.csv), or none.
	ErrAmbiguousFormat = errors.New("ambiguous response format")

	// ErrLimit means that an input exceeds a size limit of [Limits]. It is
	// always fatal: reading stops.
	ErrLimit = errors.New("size limit exceeded")
)

// Causes that are not problems with a row but are still counted in the
// report, so that every row read is accounted for.
var (
	// ErrExcludedRespondent is the reason counted for a row that is valid
	// itself but belongs to a respondent excluded for a problem elsewhere.
	ErrExcludedRespondent = errors.New("respondent excluded")

	// ErrEmptyRow is the reason counted for a record whose fields are all
	// empty (such as the ";;;;" lines spreadsheets leave at the end).
	ErrEmptyRow = errors.New("empty row")
)

// Warnings: findings in [FileReport] Warnings that exclude nothing.
var (
	// ErrSimilarID warns that two respondent ids differ only in case or in
	// surrounding spaces, which usually means a broken join. Ids are still
	// compared exactly.
	ErrSimilarID = errors.New("respondent ids differ only in case or spacing")

	// ErrNoStepAnswers warns of a respondent with an outcome row but no
	// step answer. The respondent is kept for the process scores.
	ErrNoStepAnswers = errors.New("no step answers")

	// ErrNoAnswers warns of a step that no kept respondent of its process
	// scored: every answer is missing, or its file has a header only. The
	// step stays in the study with no respondents.
	ErrNoAnswers = errors.New("no answers for the step")

	// ErrUnusedSetting warns of a setting that matches nothing, such as an
	// outcome type for a column the study does not have.
	ErrUnusedSetting = errors.New("unused setting")
)

// A ParseError is a problem with one value, row, column or file of a study.
// Line and Column are physical positions as encoding/csv reports them
// (csv.Reader.FieldPos): Line is the 1-based line of the file, counting
// every line break, including those inside quoted fields; Column is the
// 1-based byte offset of the field's first byte (its opening quote, when it
// is quoted) in that line. A UTF-8 byte-order mark is not counted.
//
// Line is 0 for problems with a whole file (missing or empty file) and for
// data given in memory; Column is 0 for problems with a whole record or a
// missing column.
type ParseError struct {
	File       string // the file name as given to the reader, or "" for data in memory
	Line       int    // 1-based physical line, or 0
	Column     int    // 1-based byte column of the field, or 0
	Field      string // the column (header) name, when the problem is in a field
	Value      string // the value found, as written
	Expected   string // what was expected, in words, e.g. "the scale 1-5"
	Respondent string // the respondent id, for data in memory
	Err        error  // the cause: one of the Err* sentinels, possibly joined with a *csv.ParseError or *strconv.NumError
}

// Error returns the problem as "file:line:column: field "name": message",
// leaving out the parts that are unknown.
func (e *ParseError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(e.Line))
			if e.Column > 0 {
				b.WriteByte(':')
				b.WriteString(strconv.Itoa(e.Column))
			}
		}
		b.WriteString(": ")
	} else if e.Line > 0 {
		b.WriteString("line ")
		b.WriteString(strconv.Itoa(e.Line))
		b.WriteString(": ")
	}
	if e.Respondent != "" && e.Line == 0 {
		b.WriteString("respondent ")
		b.WriteString(strconv.Quote(e.Respondent))
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString("field ")
		b.WriteString(strconv.Quote(e.Field))
		b.WriteString(": ")
	}
	if errors.Is(e.Err, ErrOutOfRange) && e.Expected != "" {
		b.WriteString(quoteShort(e.Value))
		b.WriteString(" is outside ")
		b.WriteString(e.Expected)
		return b.String()
	}
	if e.Value != "" {
		b.WriteString(quoteShort(e.Value))
		b.WriteString(": ")
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString("invalid input")
	}
	if e.Expected != "" {
		b.WriteString("; want ")
		b.WriteString(e.Expected)
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *ParseError) Unwrap() error { return e.Err }

// maxQuoted is the most bytes of a value that an error message quotes.
const maxQuoted = 80

// quoteShort quotes v for a message, cut to its first maxQuoted bytes (at a
// character boundary) with the number of bytes left out, so that a huge
// field does not flood the terminal; ParseError.Value keeps it whole.
func quoteShort(v string) string {
	if len(v) <= maxQuoted {
		return strconv.Quote(v)
	}
	cut := maxQuoted
	for cut > 0 && !utf8.RuneStart(v[cut]) {
		cut--
	}
	return strconv.Quote(v[:cut]) + fmt.Sprintf("... (%d more bytes)", len(v)-cut)
}

// Reason returns the sentinel cause of e (such as ErrOutOfRange), without
// the *csv.ParseError or *strconv.NumError it may be joined with.
func (e *ParseError) Reason() error { return reasonOf(e.Err) }

// MarshalJSON encodes e as an object with its position, field, value,
// expectation, the text of its Reason and the full message.
func (e *ParseError) MarshalJSON() ([]byte, error) {
	var reason string
	if r := e.Reason(); r != nil {
		reason = r.Error()
	}
	return json.Marshal(struct {
		File       string `json:"file,omitempty"`
		Line       int    `json:"line,omitempty"`
		Column     int    `json:"column,omitempty"`
		Field      string `json:"field,omitempty"`
		Value      string `json:"value,omitempty"`
		Expected   string `json:"expected,omitempty"`
		Respondent string `json:"respondent,omitempty"`
		Reason     string `json:"reason"`
		Message    string `json:"message"`
	}{e.File, e.Line, e.Column, e.Field, e.Value, e.Expected, e.Respondent, reason, e.Error()})
}

// cause joins a sentinel with the error that detailed it (a
// *csv.ParseError, *strconv.NumError or *fs.PathError). It prints as the
// sentinel, followed by the detail when that adds information.
type cause struct {
	kind   error
	detail error
	text   string // printed after the kind, if not empty
}

func (c *cause) Error() string {
	if c.text == "" {
		return c.kind.Error()
	}
	return c.kind.Error() + ": " + c.text
}

func (c *cause) Unwrap() []error { return []error{c.kind, c.detail} }

// reasonOf returns the sentinel of err.
func reasonOf(err error) error {
	if c, ok := err.(*cause); ok {
		return c.kind
	}
	return err
}
