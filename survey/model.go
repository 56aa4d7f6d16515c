package survey

import (
	"fmt"
	"strings"
)

// Phases of the customer journey that studies commonly use. A step's Phase
// may be any other name the study defines.
const (
	PhaseTrigger     = "trigger"
	PhaseOrientation = "orientation"
	PhaseCustomer    = "customer phase"
	PhaseClosure     = "closure"
)

// Names of the process-level answers with a fixed meaning, as columns of
// outcomes.csv and as arguments to (*Process).OutcomeColumn.
const (
	Overall = "overall" // overall satisfaction with the process, on Settings.OverallScale
	NPS     = "nps"     // likelihood to recommend, 0-10 (NPSScale)
	CES     = "ces"     // customer effort score, on Settings.CESScale
	CSAT    = "csat"    // customer satisfaction, on Settings.CSATScale
)

// Default scales of the process-level answers.
var (
	DefaultOverallScale = Scale{Min: 1, Max: 10}
	DefaultCESScale     = Scale{Min: 1, Max: 7}
	DefaultCSATScale    = Scale{Min: 1, Max: 5}
)

// Settings are the study-wide settings of study.csv. The zero value is the
// default of every setting.
type Settings struct {
	Name         string    // the study's name (default: the folder name)
	Delimiter    Delimiter // field delimiter of every file; DelimiterAuto detects it per file
	Decimal      Decimal   // decimal separator of every file; DecimalAuto detects it per file
	MissingCodes []string  // values meaning "no answer", besides empty, NA, N/A and "-"
	OverallScale Scale     // scale of overall satisfaction; zero means DefaultOverallScale
	CESScale     Scale     // scale of the customer effort score; zero means DefaultCESScale
	CSATScale    Scale     // scale of customer satisfaction; zero means DefaultCSATScale

	// Outcomes declares the types of business-outcome columns. Columns not
	// declared are typed by their answers (see OutcomeType).
	Outcomes []OutcomeDef

	// Waves and Segments, when not nil, declare the labels in order; other
	// labels are then an error (ErrUnknownLabel). When nil, the labels
	// found are used, sorted.
	Waves    []string
	Segments []string
}

func (s *Settings) overallScale() Scale { return orScale(s.OverallScale, DefaultOverallScale) }
func (s *Settings) cesScale() Scale     { return orScale(s.CESScale, DefaultCESScale) }
func (s *Settings) csatScale() Scale    { return orScale(s.CSATScale, DefaultCSATScale) }

func orScale(s, def Scale) Scale {
	if s.IsZero() {
		return def
	}
	return s
}

// An OutcomeType is the type of a process-level answer.
type OutcomeType int

// Outcome types.
const (
	// Numeric is any finite number (such as brand perception on a 0-100
	// index, or revenue).
	Numeric OutcomeType = iota
	// Binary is 0 or 1 (such as retained after 12 months).
	Binary
	// Rating is an answer on a Scale (written "scale" in reports, and
	// declared in study.csv by the scale, such as outcome.brand = 0-100).
	Rating
)

var outcomeTypeNames = [...]string{"numeric", "binary", "scale"}

// String returns "numeric", "binary" or "scale".
func (t OutcomeType) String() string {
	if t < 0 || int(t) >= len(outcomeTypeNames) {
		return fmt.Sprintf("OutcomeType(%d)", int(t))
	}
	return outcomeTypeNames[t]
}

// MarshalText returns the name of t, as String.
func (t OutcomeType) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// OutcomeDef declares the type of a business-outcome column.
type OutcomeDef struct {
	Name  string      // the column name, in lower case
	Type  OutcomeType // Numeric, Binary or Rating
	Scale Scale       // the scale, for Rating
}

// Outcome describes a process-level answer column of a study.
type Outcome struct {
	Name     string      `json:"name"`  // column name, in lower case
	Type     OutcomeType `json:"type"`  // the type
	Scale    Scale       `json:"scale"` // the scale, for Rating; for Binary 0-1
	Inferred bool        `json:"inferred,omitempty"`
}

// Journey is the definition of a study without its answers: settings,
// processes with their steps and management figures, and improvement ideas.
// ReadJourney and Load read it from files; it may also be written in Go and
// checked with Validate.
type Journey struct {
	Settings  Settings
	Processes []ProcessDef
	Ideas     []Idea
}

// ProcessDef defines a customer process.
type ProcessDef struct {
	ID        string  // process id, such as "onboarding"
	Label     string  // name for people (default: the id)
	Volume    float64 // customers going through the process per year, or NaN
	ImageRisk float64 // risk to the brand's image when the process fails, 0-1, or NaN
	Steps     []Step  // the steps, in journey order

	src *source
}

// A Step is a touchpoint of a process.
type Step struct {
	ID      string // step id, unique in the study
	Label   string // name for people (default: the id)
	Phase   string // the phase, such as PhaseOrientation or a name the study uses
	Channel string // the step's main channel: web, phone, mail, visit, app, ...
	Scale   Scale  // the scale of the step's satisfaction question
	Effort  Scale  // the scale of the step's effort question; zero when it is not asked

	// Target is the target (ideal-journey) score of the step, on its
	// scale, or NaN when not given.
	Target float64

	// File is the step's response file in a study folder, relative to the
	// folder (default steps/ID.csv). Column and EffortColumn are the
	// step's columns in a wide response file (default: the id and
	// ID_effort), compared case-insensitively.
	File, Column, EffortColumn string

	// Management holds the management figures of the step, one per
	// channel (Channel "" for the whole step), from management.csv.
	Management []Management

	src *source
}

func (s *Step) file() string {
	if s.File != "" {
		return s.File
	}
	return "steps/" + s.ID + ".csv"
}

func (s *Step) column() string {
	if s.Column != "" {
		return strings.ToLower(strings.TrimSpace(s.Column))
	}
	return strings.ToLower(s.ID)
}

func (s *Step) effortColumn() string {
	if s.EffortColumn != "" {
		return strings.ToLower(strings.TrimSpace(s.EffortColumn))
	}
	return strings.ToLower(s.ID) + "_effort"
}

func (s *Step) label() string {
	if s.Label != "" {
		return s.Label
	}
	return s.ID
}

// Management holds figures from the organisation about a step or about one
// channel of it. Figures not given are NaN.
type Management struct {
	Channel         string  // the channel, or "" for the whole step
	ContactVolume   float64 // contacts per year
	CostPerContact  float64 // cost of one contact, in the study's currency
	FTE             float64 // full-time staff working on the step
	Complaints      float64 // complaints per year
	FailureContacts float64 // contacts per year signalling that the step did not work
	Started         float64 // customers per year who start the step
	Completed       float64 // customers per year who complete the step
	Department      string  // the department that owns the step

	src *source
}

// An Idea is an improvement idea for one or more steps. Figures not given
// are NaN; at most one of Uplift and Target is given.
type Idea struct {
	Name    string   // short name, unique in the study
	Process string   // the process
	Steps   []string // the steps it improves
	Uplift  float64  // expected rise of the step score, in scale points
	Target  float64  // or: the step score expected after the improvement
	Effort  float64  // effort for the organisation, positive, in the study's own unit
	Cost    float64  // one-off cost, in the study's currency

	src *source
}

// Study is a study read and validated: its processes with their
// respondents and answers. Build one with Load, LoadFS, ReadWide, ReadLong
// or Build. A Study and its processes are not modified after they are
// built, so they may be read from several goroutines.
type Study struct {
	Name      string
	Settings  Settings
	Processes []*Process
	Ideas     []Idea

	// Outcomes describes the process-level answer columns, the same for
	// every process: first overall, nps, ces and csat (those present),
	// then the business outcomes sorted by name.
	Outcomes []Outcome

	// Segments and Waves are the labels of the study, as declared in the
	// settings or else as found, sorted.
	Segments []string
	Waves    []string
}

// Process returns the process with the given id, or nil.
func (s *Study) Process(id string) *Process {
	for _, p := range s.Processes {
		if p.ID == id {
			return p
		}
	}
	return nil
}

// Len returns the number of respondents in the study.
func (s *Study) Len() int {
	n := 0
	for _, p := range s.Processes {
		n += p.Len()
	}
	return n
}
