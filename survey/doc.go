// Package survey holds touchpoint's journey model and reads studies: a study
// folder with one CSV file per step, one wide CSV file, one long (tidy) CSV
// file, or respondents given in Go. It validates every field and reports
// what it excluded and why.
//
// # The model
//
// A [Study] holds one or more processes (such as onboarding or repair). A
// [Process] is an ordered chain of steps, the touchpoints; each [Step] has a
// phase (trigger, orientation, customer phase, closure, or a name the study
// defines), a channel (web, phone, mail, visit, app, ...) and the [Scale] of
// its satisfaction question, and optionally an effort question, a target
// score and management figures ([Management]). A study may also list
// improvement ideas ([Idea]). A [Journey] is this definition without the
// answers.
//
// Respondents belong to one process. Each has an id, optionally a segment
// (persona), a wave (survey period) and a weight; a score for each step they
// went through (NaN for the others), optionally an effort score; and
// process-level answers: overall satisfaction, likelihood to recommend
// (0-10), CES, CSAT and any number of business outcomes, numeric or binary
// ([Outcome]).
//
// A Process stores its respondents column by column, the layout analyses
// need: [Process.StepColumn], [Process.EffortColumn],
// [Process.OutcomeColumn] and [Process.Weights] return one value per
// respondent, NaN where there is no answer; [Process.StepMatrix] returns the
// step scores as a row-major matrix; [Process.StepCounts] counts the
// respondents per step; [Process.Select] and [Process.Subset] copy a subset
// (by segment and wave, or by index). Weights are nil when the study has
// none (every weight is then 1).
//
// # Reading studies
//
// [Load] (or [LoadFS]) reads a study folder in the format of the README's
// section "The study format": study.csv, journey.csv, processes.csv,
// management.csv and ideas.csv, and the answers either as steps/ with one
// file per step plus outcomes.csv, or as responses.csv (wide: one row per
// respondent, one column per step), or as responses_long.csv (long: one row
// per answer) plus outcomes.csv. [ReadWide] and [ReadLong] read the wide
// and long forms from any reader, given a [Journey] ([ReadJourney],
// [ReadSettings] or one written in Go and checked by [Journey.Validate]).
// [Build] builds a Study from [Respondent] values, so a Go service needs no
// files. Every path checks the same rules and yields the same Study for the
// same data; respondents keep the order of the file that defines them
// (outcomes.csv, responses.csv or the slice).
//
// [ReadTable] reads a flat table for commands that analyse one file, with
// [Table.Numbers] parsing a column under the same rules.
//
// # Files
//
// Every file has a header row; column names are compared case-insensitively
// after trimming spaces. The delimiter (comma, semicolon or tab) is
// detected from the header line (see [DelimiterAuto]) or set; a UTF-8
// byte-order mark and CRLF line ends are accepted and quoted fields may
// span lines. Text must be UTF-8 ([ErrNotUTF8]; UTF-16 files are
// recognised by their byte-order mark and refused).
//
// Numbers use a decimal point or a decimal comma, detected per file or set
// (see [Decimal] for the exact rule, which is deterministic: thousands
// separators are never accepted, and "1,234" is 1.234 in a decimal-comma
// file and an error otherwise). NaN, Inf, hexadecimal numbers, digit
// separators and numbers beyond the range of float64 (such as 1e309) are
// errors ([ErrNotNumber]). Missing values are empty fields, NA, N/A and
// "-" (in any case) and the codes declared in study.csv or
// [Options.MissingCodes] (compared exactly after trimming spaces, so "99"
// does not match "99.0"). Integers and plain decimals of up to 15 digits
// take a fast path that gives the same result as strconv.ParseFloat without
// allocating.
//
// Respondent ids are compared exactly. Ids that differ only in case or in
// surrounding spaces are reported as a warning ([ErrSimilarID]), since they
// usually mean a broken join.
//
// # Problems and the report
//
// Every problem is a [*ParseError] with the file, the physical line and byte
// column of the field (as csv.Reader.FieldPos gives them, never a record
// index), the field name, the value found and what was expected, printed as
//
//	onboarding/steps/form.csv:41:3: field "score": "11" is outside the scale 1-5
//
// Its cause is one of the exported sentinels ([ErrOutOfRange],
// [ErrDuplicateRespondent], ...), for use with errors.Is; a
// *csv.ParseError or *strconv.NumError behind it is kept, for errors.As.
//
// Readers return (*Study, *Report, error). The error is non-nil only when
// the study cannot be read at all (see [Load] for what is fatal); the
// [Report] then lists those problems in Report.Fatal. Otherwise problems
// with rows exclude the row, and the respondent it belongs to, from the
// Study: the Report lists them (up to [Options.MaxProblems] per file) and
// counts, per file, the rows read, kept and excluded per reason, and per
// process the respondents kept and excluded per reason. Every row read is
// accounted for. The Report encodes to JSON and renders as text with
// [Report.String].
//
// # Limits
//
// [Limits] bound the bytes of a field and of a record, the columns, the
// rows and the fields of a file, so that a hostile file cannot exhaust
// memory; exceeding one stops the reader with an error wrapping
// [ErrLimit]. The zero value gives the defaults; a negative value removes a
// limit.
//
// # Speed
//
// Large wide files are read in one pass with a reused record: numbers of
// up to two digits and empty fields are parsed inline, answer columns are
// sized from the size of a file (when the reader is a file or an
// in-memory reader) instead of grown value by value, and ids, checked for
// duplicates through a hash table, skip the table while they come in
// increasing order, as sorted exports do. BenchmarkReadWide reads a
// generated file of 20 steps (100,000 respondents by default; set
// TOUCHPOINT_BENCH_ROWS for more) next to BenchmarkEncodingCSVBaseline,
// which reads the same file with encoding/csv alone.
//
// # Concurrency
//
// The readers (Load, LoadFS, ReadJourney, ReadSettings, ReadWide,
// ReadLong, ReadTable, Build, StreamWide and StreamColumns) keep no state
// between calls and may run on several goroutines at once; StreamWide and
// StreamColumns call their callback on the calling goroutine, one row at a
// time. What the readers return is not modified afterwards: a Study, its
// Processes, a Report and a Table may be read from several goroutines.
//
// # gocsv
//
// Files whose columns are fixed (study.csv, journey.csv, processes.csv,
// management.csv, ideas.csv) are decoded with github.com/gocarina/gocsv,
// reading through encoding/csv so that positions stay exact. survey does not
// change gocsv's package-level settings; it relies on their defaults. Files
// whose columns depend on the study (step files, outcomes, wide, long,
// tables) are read with encoding/csv directly, reusing records.
package survey
