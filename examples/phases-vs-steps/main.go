// Phases versus steps sets the importance of each phase of the journey
// (orientation, customer phase, closure, ...) for overall satisfaction
// against that of the single steps: the phases say where in the journey
// satisfaction is won or lost, the steps which touchpoint to work on.
//
//	go run ./examples/phases-vs-steps [STUDY]
//
// STUDY defaults to testdata/onboarding (run from the repository root).
//
// Both analyses decompose the R² of the regression of overall satisfaction
// on every step score by LMG (package driver). A respondent who did not go
// through a step is kept by dummy-variable adjustment: the missing score is
// filled with the step's mean and an indicator "passed" enters the model,
// counted with its step. For the phases, the steps of a phase form a
// driver.Group: they enter and leave every submodel together, so the phase
// is credited with the variance its steps explain jointly (relaimpo's
// groups; Grömping, 2006). The phase importances sum to the same R² as the
// step importances; a phase's importance differs from the sum of its steps'
// because the variance that a phase's steps share is no longer split with
// the other steps' in the same way.
//
// [1] Grömping U (2006). Relative importance for linear regression in R: the
// package relaimpo. J. Stat. Softw. 17(1):1-27.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"gonum.org/v1/gonum/mat"

	"github.com/touchpoint-cx/touchpoint/driver"
	"github.com/touchpoint-cx/touchpoint/survey"
)

func main() {
	dir := "testdata/onboarding"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	f, err := analyze(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "phases-vs-steps:", err)
		os.Exit(1)
	}
	if err := f.tell(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "phases-vs-steps:", err)
		os.Exit(1)
	}
}

// stepImportance is a step's importance in the step-level analysis.
type stepImportance struct {
	ID, Label string
	LMG       float64 // R² units
	Share     float64 // of R²
	Rank      int
}

// phase is a phase with its importance and its steps'.
type phase struct {
	Name       string
	LMG, Share float64 // of the phase as a group
	Rank       int
	StepsLMG   float64 // sum of its steps' LMG in the step-level analysis
	Steps      []stepImportance
}

// finding compares the importance of phases and steps.
type finding struct {
	Study, Process string
	N, Dropped     int
	R2             float64
	Phases         []phase // in journey order
	TopStep        stepImportance
	// Passing is the LMG of the indicators "went through the step"
	// together: what going through a step or not explains.
	Passing float64
}

// analyze runs both analyses on the first process of the study in dir.
func analyze(dir string) (*finding, error) {
	st, _, err := survey.Load(dir, survey.Options{})
	if err != nil {
		return nil, err
	}
	p := st.Processes[0]
	names := make([]string, len(p.Steps))
	var groups []driver.Group
	groupOf := map[string]int{}
	for i, s := range p.Steps {
		names[i] = s.ID
		g, ok := groupOf[s.Phase]
		if !ok {
			g = len(groups)
			groupOf[s.Phase] = g
			groups = append(groups, driver.Group{Name: s.Phase})
		}
		groups[g].Members = append(groups[g].Members, s.ID)
	}
	x := mat.NewDense(p.Len(), len(p.Steps), p.StepMatrix(nil))
	y := p.OutcomeColumn(survey.Overall)
	opts := driver.Options{Outcome: survey.Overall, Names: names, Methods: driver.MethodsOf(driver.LMG), Missing: driver.MissingDummy}
	steps, err := driver.Analyze(x, y, p.Weights(), opts)
	if err != nil {
		return nil, err
	}
	opts.Groups = groups
	phases, err := driver.Analyze(x, y, p.Weights(), opts)
	if err != nil {
		return nil, err
	}
	f := &finding{Study: st.Name, Process: p.Label, N: steps.N, Dropped: steps.Missing, R2: steps.R2}
	byName := map[string]driver.DriverResult{}
	for _, d := range steps.Drivers {
		byName[d.Name] = d
	}
	var all []*stepImportance
	for _, d := range phases.Drivers { // groups in the order given (journey order), then the indicators
		if strings.HasPrefix(d.Name, driver.IndicatorPrefix) {
			f.Passing += d.LMG
			continue
		}
		ph := phase{Name: d.Name, LMG: d.LMG, Share: d.Share}
		for _, id := range d.Members {
			if strings.HasPrefix(id, driver.IndicatorPrefix) {
				continue // a step's indicator, grouped with the phase's steps
			}
			sd := byName[id]
			ph.Steps = append(ph.Steps, stepImportance{ID: id, Label: p.Steps[p.StepIndex(id)].Label, LMG: sd.LMG, Share: sd.Share})
			ph.StepsLMG += sd.LMG
		}
		f.Phases = append(f.Phases, ph)
	}
	// Rank the phases among themselves and the steps among themselves
	// (the passing indicators are left out of both rankings).
	for i := range f.Phases {
		ph := &f.Phases[i]
		ph.Rank = 1
		for _, o := range f.Phases {
			if o.LMG > ph.LMG {
				ph.Rank++
			}
		}
		for j := range ph.Steps {
			all = append(all, &ph.Steps[j])
		}
	}
	for _, si := range all {
		si.Rank = 1
		for _, o := range all {
			if o.LMG > si.LMG {
				si.Rank++
			}
		}
		if si.Rank == 1 {
			f.TopStep = *si
		}
	}
	return f, nil
}

// tell writes the story.
func (f *finding) tell(w io.Writer) error {
	fmt.Fprintf(w, "Phases versus steps. %s: %s\n\n", f.Study, f.Process)
	fmt.Fprintf(w, "Overall satisfaction on the step scores: R² = %.3f on %d respondents (%d left out: no\n", f.R2, f.N, f.Dropped)
	fmt.Fprintf(w, "outcome or no step answered). Importance: LMG, as a share of R², of a step with its indicator\n")
	fmt.Fprintf(w, "\"went through the step\"; ranks among the phases and among the steps.\n")
	if f.Passing > 0 {
		fmt.Fprintf(w, "Going through steps or not, apart from any phase, explains %.1f%%.\n", 100*f.Passing/f.R2)
	}
	fmt.Fprintln(w)
	width := len("phase / step")
	for _, ph := range f.Phases {
		width = max(width, utf8.RuneCountInString(ph.Name))
		for _, s := range ph.Steps {
			width = max(width, 2+utf8.RuneCountInString(s.Label))
		}
	}
	fmt.Fprintf(w, "%-*s  %10s  %4s  %15s\n", width, "phase / step", "importance", "rank", "sum of its steps")
	var top phase
	for _, ph := range f.Phases {
		fmt.Fprintf(w, "%-*s  %9.1f%%  %4d  %14.1f%%\n", width, ph.Name, 100*ph.Share, ph.Rank, 100*ph.StepsLMG/f.R2)
		for _, s := range ph.Steps {
			fmt.Fprintf(w, "  %-*s  %9.1f%%  %4d\n", width-2, s.Label, 100*s.Share, s.Rank)
		}
		if ph.Rank == 1 {
			top = ph
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "The %s carries %.0f%% of what the journey explains of overall satisfaction", top.Name, 100*top.Share)
	if len(top.Steps) == 1 {
		_, err := fmt.Fprintf(w, ";\nit is a single step, %s.\n", top.Steps[0].Label)
		return err
	}
	fmt.Fprintf(w, ",\nbut its %d steps weigh very differently:\n", len(top.Steps))
	for _, s := range top.Steps {
		fmt.Fprintf(w, "  %s %.0f%%\n", s.Label, 100*s.Share)
	}
	for _, st := range top.Steps {
		if st.ID == f.TopStep.ID {
			_, err := fmt.Fprintf(w, "The phase says where to look; the steps say what to fix: %s (%.0f%% on its own).\n",
				f.TopStep.Label, 100*f.TopStep.Share)
			return err
		}
	}
	_, err := fmt.Fprintf(w, "Yet the most important single step, %s (%.0f%% on its own), is in another phase:\n"+
		"a phase of many steps can outweigh a step that matters more than any of them.\n", f.TopStep.Label, 100*f.TopStep.Share)
	return err
}
