package report

import (
	"fmt"
	"math"

	"github.com/touchpoint-cx/touchpoint/internal/render"
	"github.com/touchpoint-cx/touchpoint/journey"
	"github.com/touchpoint-cx/touchpoint/priority"
	"github.com/touchpoint-cx/touchpoint/survey"
)

// Options configures [Build]. The zero value gives weighted scores with 95%
// intervals.
type Options struct {
	Scores journey.ScoreOptions

	// Drivers configures the driver analysis of every process.
	Drivers DriverOptions

	// Priority configures the priorities of every process.
	Priority PriorityOptions
}

// Doc is the study report.
type Doc struct {
	SchemaVersion string         `json:"schema_version"`
	Study         string         `json:"study"`
	Source        string         `json:"source"` // where the study was read from
	Ingest        *survey.Report `json:"ingest"`
	Processes     []Process      `json:"processes"`
	// ProcessDrivers tells which process matters most for NPS, when the
	// study has several processes.
	ProcessDrivers     *journey.ProcessLevelResult `json:"process_drivers,omitempty"`
	ProcessDriverNotes []string                    `json:"process_driver_notes,omitempty"` // why there are none

	// PriorityRanking orders the processes on which to improve first;
	// PriorityNotes say why the study could not be prioritised.
	PriorityRanking []priority.ProcessRank `json:"priority_ranking,omitempty"`
	PriorityNotes   []string               `json:"priority_notes,omitempty"`
	priority        *priority.Result
}

// Process is the part of the report about one process.
type Process struct {
	Process     string                 `json:"process"`
	Label       string                 `json:"label"`
	Respondents int                    `json:"respondents"`
	Weighted    bool                   `json:"weighted"`
	Journey     []Step                 `json:"journey"` // the steps in journey order
	Scores      *journey.ProcessScores `json:"scores"`

	// Drivers is the driver analysis (nil when skipped or not possible;
	// DriverNotes then say why).
	Drivers     *journey.ProcessDrivers `json:"drivers"`
	DriverNotes []string                `json:"driver_notes,omitempty"`

	// Priority is the prioritisation of the process (nil when skipped).
	Priority *priority.Process `json:"priority,omitempty"`
}

// Step is a step of the journey as ingested.
type Step struct {
	Step        string       `json:"step"`
	Label       string       `json:"label"`
	Phase       string       `json:"phase"`
	Channel     string       `json:"channel"`
	Scale       survey.Scale `json:"scale"`
	EffortScale survey.Scale `json:"effort_scale"`
	Target      *float64     `json:"target"`      // null when the study sets none
	Respondents int          `json:"respondents"` // respondents with a score for the step
}

// Build computes the report of study st, read from source with the ingest
// report rep (as survey.Load returns them).
func Build(st *survey.Study, rep *survey.Report, source string, opts Options) (*Doc, error) {
	d := &Doc{SchemaVersion: render.SchemaVersion, Study: st.Name, Source: source, Ingest: rep}
	for _, p := range st.Processes {
		ps, err := journey.ProcessScore(st, p, opts.Scores)
		if err != nil {
			return nil, fmt.Errorf("process %s: %w", p.ID, err)
		}
		counts := p.StepCounts()
		dp := Process{Process: p.ID, Label: p.Label, Respondents: p.Len(), Weighted: p.Weights() != nil, Scores: &ps}
		for i, s := range p.Steps {
			js := Step{Step: s.ID, Label: s.Label, Phase: s.Phase, Channel: s.Channel,
				Scale: s.Scale, EffortScale: s.Effort, Respondents: counts[i]}
			if t := s.Target; !math.IsNaN(t) {
				js.Target = &t
			}
			dp.Journey = append(dp.Journey, js)
		}
		addDrivers(st, p, &dp, opts)
		d.Processes = append(d.Processes, dp)
	}
	d.addProcessLevel(st, opts)
	d.addPriorities(st, opts)
	return d, nil
}
