package survey

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Report tells what a reader did with its input: for every file the rows
// read, kept and excluded (by reason) and the problems found; for every
// process the respondents kept and excluded and the respondents per step.
//
// Every row read is accounted for: in each FileReport, RowsRead = RowsKept +
// RowsExcluded, and RowsExcluded is the sum of Excluded. A row is excluded
// for the first problem found in it; a row without problems is excluded
// (reason ErrExcludedRespondent) when its respondent is excluded for a
// problem in another row or file, so that no respondent enters a study with
// part of its answers dropped.
//
// A Report encodes to JSON (errors as objects with their position and
// message); String renders it as text.
type Report struct {
	Study     string           `json:"study"`
	Format    string           `json:"format"` // "folder", "wide", "long" or "memory"
	Files     []*FileReport    `json:"files"`
	Processes []*ProcessReport `json:"processes"`
	Outcomes  []Outcome        `json:"outcomes"`

	// Fatal lists the problems that stopped the reader, as the error
	// returned with the report does; it is empty when a Study was built.
	Fatal     []*ParseError `json:"fatal,omitempty"`
	MoreFatal int           `json:"more_fatal,omitempty"` // fatal problems beyond Options.MaxProblems
}

// FileReport accounts for one file (or, for data given in memory, for the
// respondents added).
type FileReport struct {
	File      string    `json:"file"`
	Delimiter Delimiter `json:"delimiter"` // as used (detected or set)
	Decimal   Decimal   `json:"decimal"`   // as used; DecimalAuto when no number had a separator

	RowsRead     int           `json:"rows_read"`
	RowsKept     int           `json:"rows_kept"`
	RowsExcluded int           `json:"rows_excluded"`
	Excluded     []ReasonCount `json:"excluded"` // rows excluded, per reason

	// Problems lists the problems with rows (and, for a file that could
	// not be read, with the file), in reading order, up to
	// Options.MaxProblems; MoreProblems counts the rest.
	Problems     []*ParseError `json:"problems"`
	MoreProblems int           `json:"more_problems,omitempty"`

	// Warnings lists findings that exclude nothing (ErrSimilarID,
	// ErrNoStepAnswers, ErrNoAnswers, ErrUnusedSetting), up to
	// Options.MaxProblems; MoreWarnings counts the rest.
	Warnings     []*ParseError `json:"warnings"`
	MoreWarnings int           `json:"more_warnings,omitempty"`

	max int
}

// ReasonCount is a number of rows or respondents excluded for one reason.
type ReasonCount struct {
	Reason error // a sentinel such as ErrOutOfRange
	N      int
}

// MarshalJSON encodes c as {"reason": text, "n": N}.
func (c ReasonCount) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Reason string `json:"reason"`
		N      int    `json:"n"`
	}{c.Reason.Error(), c.N})
}

// ProcessReport accounts for the respondents of one process.
type ProcessReport struct {
	Process     string `json:"process"`
	Respondents int    `json:"respondents"` // kept
	Weighted    bool   `json:"weighted"`

	// Excluded counts the respondents excluded, per reason (the first
	// problem found with the respondent). Step answers of unknown
	// respondents count once per id, under ErrNoOutcomeRow.
	Excluded []ReasonCount `json:"excluded"`

	// NoStepAnswers counts the kept respondents without any step answer.
	NoStepAnswers int `json:"no_step_answers"`

	Steps []StepReport `json:"steps"`
}

// StepReport describes a step and how many respondents answered it.
type StepReport struct {
	Step        string `json:"step"`
	Label       string `json:"label"`
	Phase       string `json:"phase"`
	Channel     string `json:"channel"`
	Scale       Scale  `json:"scale"`
	Respondents int    `json:"respondents"` // kept respondents with a score
}

// File returns the report of the named file, or nil.
func (r *Report) File(name string) *FileReport {
	for _, f := range r.Files {
		if f.File == name {
			return f
		}
	}
	return nil
}

// Process returns the report of the process with the given id, or nil.
func (r *Report) Process(id string) *ProcessReport {
	for _, p := range r.Processes {
		if p.Process == id {
			return p
		}
	}
	return nil
}

// RowsExcluded returns the number of rows excluded in all files.
func (r *Report) RowsExcluded() int {
	n := 0
	for _, f := range r.Files {
		n += f.RowsExcluded
	}
	return n
}

// ExcludedBy returns the number of rows excluded for reason.
func (f *FileReport) ExcludedBy(reason error) int { return countOf(f.Excluded, reason) }

// ExcludedBy returns the number of respondents excluded for reason.
func (p *ProcessReport) ExcludedBy(reason error) int { return countOf(p.Excluded, reason) }

// ExcludedTotal returns the number of respondents excluded.
func (p *ProcessReport) ExcludedTotal() int {
	n := 0
	for _, c := range p.Excluded {
		n += c.N
	}
	return n
}

func countOf(cs []ReasonCount, reason error) int {
	for _, c := range cs {
		if c.Reason == reason {
			return c.N
		}
	}
	return 0
}

func addCount(cs []ReasonCount, reason error, n int) []ReasonCount {
	for i := range cs {
		if cs[i].Reason == reason {
			cs[i].N += n
			return cs
		}
	}
	return append(cs, ReasonCount{reason, n})
}

func newFileReport(name string, max int) *FileReport {
	return &FileReport{File: name, max: max, Problems: []*ParseError{}, Warnings: []*ParseError{}, Excluded: []ReasonCount{}}
}

// problem lists p (up to the cap), without counting a row.
func (f *FileReport) problem(p *ParseError) {
	if reasonOf(p.Err) == ErrEmptyRow {
		return
	}
	if len(f.Problems) < f.max {
		f.Problems = append(f.Problems, p)
	} else {
		f.MoreProblems++
	}
}

// warn lists the warning p (up to the cap).
func (f *FileReport) warn(p *ParseError) {
	if len(f.Warnings) < f.max {
		f.Warnings = append(f.Warnings, p)
	} else {
		f.MoreWarnings++
	}
}

// exclude counts a row excluded for reason.
func (f *FileReport) exclude(reason error) {
	f.RowsRead++
	f.RowsExcluded++
	f.Excluded = addCount(f.Excluded, reason, 1)
}

// keep counts a row kept.
func (f *FileReport) keep() {
	f.RowsRead++
	f.RowsKept++
}

// unkeep moves n kept rows to excluded for reason.
func (f *FileReport) unkeep(reason error, n int) {
	if n == 0 {
		return
	}
	f.RowsKept -= n
	f.RowsExcluded += n
	f.Excluded = addCount(f.Excluded, reason, n)
}

// String renders the report as text: one paragraph per file and per
// process, with every listed problem and warning.
func (r *Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "study %s (%s)\n", r.Study, r.Format)
	for _, p := range r.Fatal {
		fmt.Fprintf(&b, "error: %v\n", p)
	}
	for _, f := range r.Files {
		fmt.Fprintf(&b, "%s: %d rows read, %d kept, %d excluded", displayName(f.File), f.RowsRead, f.RowsKept, f.RowsExcluded)
		writeCounts(&b, f.Excluded)
		b.WriteByte('\n')
		for _, p := range f.Problems {
			fmt.Fprintf(&b, "  %v\n", p)
		}
		if f.MoreProblems > 0 {
			fmt.Fprintf(&b, "  ... and %d more problems\n", f.MoreProblems)
		}
		for _, p := range f.Warnings {
			fmt.Fprintf(&b, "  warning: %v\n", p)
		}
		if f.MoreWarnings > 0 {
			fmt.Fprintf(&b, "  ... and %d more warnings\n", f.MoreWarnings)
		}
	}
	for _, p := range r.Processes {
		fmt.Fprintf(&b, "process %s: %d respondents", p.Process, p.Respondents)
		if p.Weighted {
			b.WriteString(", weighted")
		}
		if n := p.ExcludedTotal(); n > 0 {
			fmt.Fprintf(&b, ", %d excluded", n)
			writeCounts(&b, p.Excluded)
		}
		if p.NoStepAnswers > 0 {
			fmt.Fprintf(&b, ", %d without step answers", p.NoStepAnswers)
		}
		b.WriteByte('\n')
		for _, s := range p.Steps {
			fmt.Fprintf(&b, "  %-24s %-16s %-8s %-5s n=%d\n", s.Step, s.Phase, s.Channel, s.Scale, s.Respondents)
		}
	}
	for _, o := range r.Outcomes {
		fmt.Fprintf(&b, "outcome %s: %v", o.Name, o.Type)
		if o.Type == Rating {
			fmt.Fprintf(&b, " %v", o.Scale)
		}
		if o.Inferred {
			b.WriteString(" (inferred)")
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func displayName(name string) string {
	if name == "" {
		return "(in memory)"
	}
	return name
}

func writeCounts(b *strings.Builder, cs []ReasonCount) {
	if len(cs) == 0 {
		return
	}
	b.WriteString(" (")
	for i, c := range cs {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(b, "%d %v", c.N, c.Reason)
	}
	b.WriteByte(')')
}
