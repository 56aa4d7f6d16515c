// Did wave 2 work? compares the last two survey waves of a study: which step
// scores really moved, whether the process-level scores (overall
// satisfaction, NPS) followed, and how much of the rise in overall
// satisfaction the improved step accounts for.
//
//	go run ./examples/did-wave-2-work [STUDY]
//
// STUDY defaults to testdata/onboarding (run from the repository root), where
// the application form was improved before the wave 2026-Q2.
//
// The changes come from package journey: step scores and overall
// satisfaction are compared by Welch's t-test on the (weighted) means, NPS by
// the z-test of package nps; a change is significant when p < 0.05. The part
// of the rise in overall satisfaction that a step accounts for is the step's
// rise times its coefficient in the driver regression of overall
// satisfaction on the step scores (package driver, with dummy-variable
// adjustment for steps a respondent did not go through), a first-order
// estimate that holds when the improvement changed nothing but the step's
// score.
//
// [1] Welch BL (1947). The generalization of "Student's" problem when
// several different population variances are involved. Biometrika
// 34(1-2):28-35.
//
// [2] Rocks B (2016). Interval estimation for the "Net Promoter Score". Am.
// Stat. 70(4):365-372.
package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
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
		fmt.Fprintln(os.Stderr, "did-wave-2-work:", err)
		os.Exit(1)
	}
	if err := f.tell(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "did-wave-2-work:", err)
		os.Exit(1)
	}
}

// stepChange is the change of one step's mean score between the waves, with
// the step's coefficient for overall satisfaction.
type stepChange struct {
	ID, Label string
	journey.Change
	Coef float64 // coefficient in the regression of overall on the steps
}

// finding is the answer to "did wave 2 work?".
type finding struct {
	Study, Process string
	From, To       string
	NFrom, NTo     int // respondents per wave
	Steps          []stepChange
	Overall, NPS   *journey.Change
	Improved       []stepChange // the steps with a significant rise
	Explained      float64      // Σ over Improved of Diff × Coef
	NoRegression   error        // why there are no coefficients, or nil
}

// analyze compares the last two waves of the first process of the study in
// dir.
func analyze(dir string) (*finding, error) {
	st, _, err := survey.Load(dir, survey.Options{})
	if err != nil {
		return nil, err
	}
	if len(st.Waves) < 2 {
		return nil, fmt.Errorf("the study has %d waves; want two or more", len(st.Waves))
	}
	p := st.Processes[0]
	scores, err := journey.ProcessScore(st, p, journey.ScoreOptions{})
	if err != nil {
		return nil, err
	}
	f := &finding{Study: st.Name, Process: p.Label, From: st.Waves[len(st.Waves)-2], To: st.Waves[len(st.Waves)-1]}
	for _, g := range scores.Waves {
		switch g.Label {
		case f.From:
			f.NFrom = g.Respondents
		case f.To:
			f.NTo = g.Respondents
		}
	}

	// The coefficients of the steps for overall satisfaction, over both
	// waves; a respondent who did not score a step (a skipped step, or the
	// other of two alternative paths) is kept by dummy-variable adjustment.
	names := make([]string, len(p.Steps))
	for i, s := range p.Steps {
		names[i] = s.ID
	}
	x := mat.NewDense(p.Len(), len(p.Steps), p.StepMatrix(nil))
	coef := map[string]float64{}
	res, err := driver.Analyze(x, p.OutcomeColumn(survey.Overall), p.Weights(), driver.Options{
		Outcome: survey.Overall, Names: names, Methods: driver.MethodsOf(driver.LMG),
		Missing: driver.MissingDummy,
	})
	if err != nil {
		// Without a driver model (too few respondents, collinear
		// steps), tell the changes without the attribution.
		f.NoRegression = err
		for _, n := range names {
			coef[n] = math.NaN()
		}
	} else {
		for _, d := range res.Drivers {
			coef[d.Name] = d.Coef
		}
	}

	for i := range scores.Changes {
		c := scores.Changes[i]
		if c.From != f.From || c.To != f.To {
			continue
		}
		switch c.KPI {
		case "overall":
			f.Overall = &c
		case "nps":
			f.NPS = &c
		case "step":
			sc := stepChange{ID: c.Step, Label: p.Steps[p.StepIndex(c.Step)].Label, Change: c, Coef: coef[c.Step]}
			f.Steps = append(f.Steps, sc)
			if c.Significant && c.Diff > 0 {
				f.Improved = append(f.Improved, sc)
				f.Explained += c.Diff * sc.Coef
			}
		}
	}
	if f.Overall == nil {
		return nil, errors.New("no change of overall satisfaction between the waves")
	}
	return f, nil
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// pValue writes p as the report does.
func pValue(p float64) string {
	if p < 0.001 {
		return "<0.001"
	}
	return fmt.Sprintf("%.3f", p)
}

// tell writes the story.
func (f *finding) tell(w io.Writer) error {
	fmt.Fprintf(w, "Did wave 2 work? %s: %s, wave %s (%d respondents) against %s (%d)\n\n",
		f.Study, f.Process, f.To, f.NTo, f.From, f.NFrom)
	width := len("overall satisfaction")
	for _, s := range f.Steps {
		width = max(width, utf8.RuneCountInString(s.Label))
	}
	fmt.Fprintf(w, "%-*s  %7s  %7s  %7s  %16s  %6s  %s\n", width, "", f.From, f.To, "change", "95% CI", "p", "significant")
	row := func(name string, c journey.Change, dec int) {
		fmt.Fprintf(w, "%-*s  %7.*f  %7.*f  %+7.*f  [%6.*f, %6.*f]  %6s  %s\n", width, name,
			dec, c.Before, dec, c.After, dec, c.Diff, dec, c.Lo, dec, c.Hi, pValue(c.P), yesNo(c.Significant))
	}
	for _, s := range f.Steps {
		row(s.Label, s.Change, 2)
	}
	row("overall satisfaction", *f.Overall, 2)
	if f.NPS != nil {
		row("NPS", *f.NPS, 1)
	}
	fmt.Fprintln(w, "\nsteps and overall satisfaction: mean score, Welch's t-test; NPS in points, z-test.")
	fmt.Fprintln(w)
	if len(f.Improved) == 0 {
		_, err := fmt.Fprintf(w, "No step score rose significantly from %s to %s.\n", f.From, f.To)
		return err
	}
	for _, s := range f.Improved {
		fmt.Fprintf(w, "%s rose by %.2f points (95%% CI %.2f to %.2f, p %s).\n", s.Label, s.Diff, s.Lo, s.Hi, pValue(s.P))
	}
	verdict := "rose"
	if !f.Overall.Significant {
		verdict = "did not change significantly"
	}
	fmt.Fprintf(w, "Overall satisfaction %s: %+.2f (95%% CI %.2f to %.2f).\n", verdict, f.Overall.Diff, f.Overall.Lo, f.Overall.Hi)
	if f.NPS != nil {
		fmt.Fprintf(w, "NPS moved %+.1f points (95%% CI %.1f to %.1f).\n", f.NPS.Diff, f.NPS.Lo, f.NPS.Hi)
	}
	if f.NoRegression != nil {
		_, err := fmt.Fprintf(w, "No driver regression of overall satisfaction on the steps (%v),\n"+
			"so the rise is not attributed to the step.\n", f.NoRegression)
		return err
	}
	fmt.Fprintf(w, "By the driver regression, the improved step accounts for %+.2f of the %+.2f rise in overall\n"+
		"satisfaction (%.0f%%)", f.Explained, f.Overall.Diff, 100*f.Explained/f.Overall.Diff)
	var err error
	if f.Overall.Significant && f.Explained > f.Overall.Diff/2 {
		_, err = fmt.Fprintln(w, ": the improvement worked.")
	} else {
		_, err = fmt.Fprintln(w, ": the step alone does not explain the change.")
	}
	return err
}
