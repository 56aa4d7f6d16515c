// Which step first? reads a study, weighs each step of the journey for overall
// satisfaction, sets that importance against the step's score and target, and
// names the step to improve first and the quickest win among the improvement
// ideas.
//
//	go run ./examples/which-step-first [STUDY]
//
// STUDY defaults to testdata/onboarding (run from the repository root);
// testdata/repair works as well.
//
// The analysis is package priority's: importance is the step's share of the
// explained variance of overall satisfaction (LMG), from a driver model that
// keeps respondents who did not go through every step (dummy-variable
// adjustment), with bootstrap intervals; performance is the step's mean
// score. A step lands in one of four quadrants by the medians of importance
// and performance (Martilla & James, 1977):
//
//	important, weak      fix first
//	important, strong    keep it up
//	unimportant, weak    low priority
//	unimportant, strong  overkill
//
// The priority index (0-100) weighs importance, the gap to the step's target
// and the management figures (complaints, contact and failure cost, drop-off)
// for the goal "satisfaction". The ideas of ideas.csv are placed in the
// impact-effort matrix; cell 1 holds the quick wins (high impact, low
// effort). See the package documentation of priority for every formula.
//
// [1] Martilla JA, James JC (1977). Importance-performance analysis. J. Mark.
// 41(1):77-79.
package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/touchpoint-cx/touchpoint/priority"
	"github.com/touchpoint-cx/touchpoint/survey"
)

func main() {
	dir := "testdata/onboarding"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	f, err := analyze(dir, 0)
	if err != nil {
		fmt.Fprintln(os.Stderr, "which-step-first:", err)
		os.Exit(1)
	}
	if err := f.tell(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "which-step-first:", err)
		os.Exit(1)
	}
}

// finding is the answer to "which step first?".
type finding struct {
	Study string
	priority.Process
	B          int               // bootstrap replicates of the intervals
	Confidence float64           // their level
	First      priority.Step     // the step with priority index rank 1
	QuickWin   *priority.Idea    // the best-ranked idea in cell 1, or nil
	Ranked     []priority.Step   // the steps by priority index rank
	Quadrants  map[string]string // quadrant by step id
}

// analyze prioritises the steps of the first process of the study in dir,
// with b bootstrap replicates (0: the default of package priority).
func analyze(dir string, b int) (*finding, error) {
	st, _, err := survey.Load(dir, survey.Options{})
	if err != nil {
		return nil, err
	}
	res, err := priority.Analyze(st, priority.Options{B: b})
	if err != nil {
		return nil, err
	}
	if len(res.Processes) == 0 {
		return nil, fmt.Errorf("%s: no process to prioritise", dir)
	}
	f := &finding{Study: st.Name, Process: res.Processes[0], B: res.B, Confidence: res.Confidence, Quadrants: map[string]string{}}
	for _, s := range f.Steps {
		f.Quadrants[s.Step] = s.Quadrant
		if s.IndexRank > 0 {
			f.Ranked = append(f.Ranked, s)
		}
	}
	if len(f.Ranked) == 0 {
		return nil, fmt.Errorf("%s: no step could be ranked", dir)
	}
	// Order by rank (a handful of steps: insertion sort keeps it plain).
	for i := 1; i < len(f.Ranked); i++ {
		for j := i; j > 0 && f.Ranked[j].IndexRank < f.Ranked[j-1].IndexRank; j-- {
			f.Ranked[j], f.Ranked[j-1] = f.Ranked[j-1], f.Ranked[j]
		}
	}
	f.First = f.Ranked[0]
	for i := range f.Ideas {
		if idea := &f.Ideas[i]; idea.Cell == 1 && (f.QuickWin == nil || idea.Rank < f.QuickWin.Rank) {
			f.QuickWin = idea
		}
	}
	return f, nil
}

// num writes a figure, or "-" when it does not apply.
func num(v priority.Float, format string) string {
	if math.IsNaN(float64(v)) {
		return "-"
	}
	return fmt.Sprintf(format, float64(v))
}

// outcome names the outcome for people.
func (f *finding) outcome() string {
	if f.Outcome == survey.Overall {
		return "overall satisfaction"
	}
	return f.Outcome
}

// quadrant writes a quadrant for people.
func quadrant(q string) string { return strings.ReplaceAll(q, "_", " ") }

// tell writes the story.
func (f *finding) tell(w io.Writer) error {
	fmt.Fprintf(w, "Which step first? %s: %s, %d respondents\n\n", f.Study, f.Label, f.Respondents)
	fmt.Fprintf(w, "Driver model of %s on the step scores: R² = %.3f on %d respondents (steps not gone\n", f.outcome(), float64(f.R2), f.N)
	fmt.Fprintf(w, "through are allowed for by dummy-variable adjustment; going through a step or not explains %.1f%%).\n\n", 100*float64(f.PassingImportance))
	width := len("step")
	for _, s := range f.Ranked {
		width = max(width, utf8.RuneCountInString(s.Label))
	}
	fmt.Fprintf(w, "%-*s  %-22s  %5s  %6s  %5s  %-12s  %5s\n", width, "step", "importance [interval]", "mean", "target", "gap", "quadrant", "index")
	for _, s := range f.Ranked {
		imp := fmt.Sprintf("%4.1f%% [%4.1f, %4.1f]", 100*float64(s.Importance), 100*float64(s.ImportanceLo), 100*float64(s.ImportanceHi))
		fmt.Fprintf(w, "%-*s  %-22s  %5.2f  %6s  %5s  %-12s  %5.1f\n", width, s.Label, imp, float64(s.Mean),
			num(s.Target, "%.2f"), num(s.Gap, "%.2f"), quadrant(s.Quadrant), float64(s.Index))
	}
	fmt.Fprintf(w, "\nimportance: share of the explained variance (LMG), %.0f%% bootstrap interval (%d replicates);\n", 100*f.Confidence, f.B)
	fmt.Fprintf(w, "quadrant: by the medians of importance and mean score; index: priority 0-100, steps in its order.\n\n")

	s := f.First
	fmt.Fprintf(w, "Fix first: %s. It carries %.0f%% (%.0f to %.0f%%) of what the steps explain of %s,\n",
		s.Label, 100*float64(s.Importance), 100*float64(s.ImportanceLo), 100*float64(s.ImportanceHi), f.outcome())
	fmt.Fprintf(w, "sits in the quadrant %q and scores %.2f", quadrant(s.Quadrant), float64(s.Mean))
	if !math.IsNaN(float64(s.Target)) {
		fmt.Fprintf(w, " against a target of %.2f", float64(s.Target))
	}
	fmt.Fprintln(w, ".")
	q := f.QuickWin
	if q == nil {
		_, err := fmt.Fprintln(w, "No improvement idea is a quick win (much impact for little effort).")
		return err
	}
	_, err := fmt.Fprintf(w, "Quick win among the ideas: %q (effort %g),\nexpected to raise %s by %.2f (%.2f to %.2f) on its own scale.\n",
		q.Idea, float64(q.Effort), f.outcome(), float64(q.Impact), float64(q.ImpactLo), float64(q.ImpactHi))
	return err
}
