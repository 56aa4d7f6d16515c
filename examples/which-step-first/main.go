// Which step first? reads a study, weighs each step of the journey for overall
// satisfaction and sets that importance against the step's score, and names
// the step to improve first.
//
//	go run ./examples/which-step-first [STUDY]
//
// STUDY defaults to testdata/onboarding (run from the repository root).
//
// Importance is the step's share of the explained variance of overall
// satisfaction (LMG, package driver), over the respondents who rated every
// step. Performance is the step's mean score (package journey) on its own
// scale, rescaled to 0-100 so that steps on different scales compare. A step
// lands in one of four quadrants by the medians of importance and
// performance (Martilla & James, 1977):
//
//	important, weak      fix first
//	important, strong    keep it up
//	unimportant, weak    low priority
//	unimportant, strong  overkill
//
// and the steps are ranked by importance times the gap to the step's target
// (target minus mean, as a share of the scale; no gap when the step meets its
// target).
//
// [1] Martilla JA, James JC (1977). Importance-performance analysis. J. Mark.
// 41(1):77-79.
package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"unicode/utf8"

	"gonum.org/v1/gonum/mat"

	"github.com/touchpoint-cx/touchpoint/driver"
	"github.com/touchpoint-cx/touchpoint/journey"
	"github.com/touchpoint-cx/touchpoint/survey"
)

func main() {
	dir := "testdata/onboarding"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	f, err := analyze(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "which-step-first:", err)
		os.Exit(1)
	}
	if err := f.tell(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "which-step-first:", err)
		os.Exit(1)
	}
}

// step is what the analysis finds about one step.
type step struct {
	ID, Label   string
	Share       float64 // share of the explained variance (LMG / R²)
	Mean        float64 // mean score on the step's scale
	Performance float64 // Mean rescaled to 0-100
	Target      float64 // target score; NaN when the study sets none
	Gap         float64 // Target - Mean, at least 0; 0 without a target
	Priority    float64 // Share × Gap / (scale max - scale min)
	Quadrant    string
}

// finding is the answer to "which step first?".
type finding struct {
	Study, Process string
	Respondents    int     // respondents of the process
	N              int     // respondents in the driver analysis
	Dropped        int     // left out for a skipped or blank step
	R2             float64 // R² of overall satisfaction on the steps
	Steps          []step  // ranked by Priority, then Share
}

// analyze runs the analysis on the first process of the study in dir.
func analyze(dir string) (*finding, error) {
	st, _, err := survey.Load(dir, survey.Options{})
	if err != nil {
		return nil, err
	}
	p := st.Processes[0]
	y := p.OutcomeColumn(survey.Overall)
	if y == nil {
		return nil, errors.New("the study has no overall satisfaction")
	}
	names := make([]string, len(p.Steps))
	for i, s := range p.Steps {
		names[i] = s.ID
	}
	x := mat.NewDense(p.Len(), len(p.Steps), p.StepMatrix(nil))
	res, err := driver.Analyze(x, y, p.Weights(), driver.Options{
		Outcome: "overall", Names: names, Methods: driver.MethodsOf(driver.LMG),
	})
	if err != nil {
		return nil, err
	}
	scores, err := journey.ProcessScore(st, p, journey.ScoreOptions{})
	if err != nil {
		return nil, err
	}
	f := &finding{Study: st.Name, Process: p.Label, Respondents: p.Len(), N: res.N, Dropped: res.Missing, R2: res.R2}
	for i, s := range p.Steps {
		sc := scores.All.Steps[i].Satisfaction
		if sc == nil {
			return nil, fmt.Errorf("step %s has no scores", s.ID)
		}
		width := s.Scale.Max - s.Scale.Min
		fs := step{
			ID: s.ID, Label: s.Label, Share: res.Drivers[i].Share, Mean: sc.Mean,
			Performance: 100 * (sc.Mean - s.Scale.Min) / width, Target: s.Target,
		}
		if !math.IsNaN(s.Target) {
			fs.Gap = math.Max(0, s.Target-sc.Mean)
		}
		fs.Priority = fs.Share * fs.Gap / width
		f.Steps = append(f.Steps, fs)
	}
	impMed, perfMed := median(f.Steps, func(s step) float64 { return s.Share }), median(f.Steps, func(s step) float64 { return s.Performance })
	for i := range f.Steps {
		s := &f.Steps[i]
		important, strong := s.Share > impMed, s.Performance > perfMed
		switch {
		case important && !strong:
			s.Quadrant = "fix first"
		case important:
			s.Quadrant = "keep it up"
		case !strong:
			s.Quadrant = "low priority"
		default:
			s.Quadrant = "overkill"
		}
	}
	sort.SliceStable(f.Steps, func(i, j int) bool {
		a, b := f.Steps[i], f.Steps[j]
		if a.Priority != b.Priority {
			return a.Priority > b.Priority
		}
		return a.Share > b.Share
	})
	return f, nil
}

// median returns the median of the figure get over the steps.
func median(steps []step, get func(step) float64) float64 {
	v := make([]float64, len(steps))
	for i, s := range steps {
		v[i] = get(s)
	}
	sort.Float64s(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

// tell writes the story.
func (f *finding) tell(w io.Writer) error {
	fmt.Fprintf(w, "Which step first? %s: %s, %d respondents\n\n", f.Study, f.Process, f.Respondents)
	fmt.Fprintf(w, "Overall satisfaction regressed on the step scores: R² = %.3f, on the %d respondents\n", f.R2, f.N)
	fmt.Fprintf(w, "who scored every step (%d left out: a skipped or blank step).\n\n", f.Dropped)
	width := len("step")
	for _, s := range f.Steps {
		width = max(width, utf8.RuneCountInString(s.Label))
	}
	fmt.Fprintf(w, "%-*s  %10s  %5s  %11s  %6s  %5s  %-12s  %8s\n", width, "step", "importance", "mean", "performance", "target", "gap", "quadrant", "priority")
	for _, s := range f.Steps {
		target := "-"
		if !math.IsNaN(s.Target) {
			target = fmt.Sprintf("%.2f", s.Target)
		}
		fmt.Fprintf(w, "%-*s  %9.1f%%  %5.2f  %11.0f  %6s  %5.2f  %-12s  %8.4f\n",
			width, s.Label, 100*s.Share, s.Mean, s.Performance, target, s.Gap, s.Quadrant, s.Priority)
	}
	first := f.Steps[0]
	fmt.Fprintf(w, "\nimportance: share of the explained variance (LMG); performance: mean on a 0-100 scale;\n")
	fmt.Fprintf(w, "priority: importance × gap to the target as a share of the scale.\n\n")
	if first.Priority == 0 {
		_, err := fmt.Fprintf(w, "Every step meets its target: no step needs fixing first.\n")
		return err
	}
	_, err := fmt.Fprintf(w, "Fix first: %s. It carries %.0f%% of what the steps explain of overall satisfaction\n"+
		"(quadrant %q) and scores %.2f against a target of %.2f.\n",
		first.Label, 100*first.Share, first.Quadrant, first.Mean, first.Target)
	return err
}
