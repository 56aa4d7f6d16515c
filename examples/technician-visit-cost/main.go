// What does the technician visit cost us in NPS? compares, in the repair
// study, the customers whose repair needed a technician with those who fixed
// it themselves with the online instructions.
//
//	go run ./examples/technician-visit-cost [STUDY]
//
// STUDY defaults to testdata/repair (run from the repository root). Each
// respondent follows one path: "technician" (a score for the steps
// schedule_visit or technician_visit) or "self-service" (a score for the step
// self_service); respondents with neither are left out and counted.
//
// NPS per path comes from package nps (weighted shares, Kish effective sample
// size, adjusted Wald intervals of Rocks, 2016), the difference from nps.Diff
// (z-test, adjusted Wald interval of Agresti & Caffo's kind). Business
// customers take the technician path more often than private ones, so the
// difference is also given per segment, and as the mean of the segments'
// differences weighted by the segments' shares of the respondents (direct
// standardisation), which does not mix the segments' own NPS levels into the
// path comparison.
//
// The difference of the paths mixes two things: the path itself and how well
// its steps went. The driver model of NPS on the step scores separates them:
// NPS is coded t = 100·([nps ≥ 9] − [nps ≤ 6]), whose mean is the NPS, and
// regressed on the step scores with dummy-variable adjustment (package
// driver, MissingDummy: a step not gone through is filled with its mean
// score and an indicator "passed" enters the model). The technician and
// self-service steps are either-or, so they share one indicator, whose
// coefficient is the NPS points of the technician path against the
// self-service path for customers whose steps scored the same (at the
// steps' mean scores), with its t interval. Dummy-variable adjustment
// (Cohen & Cohen, 1975) is the right model here: a missing score means the
// step did not happen for that customer.
//
// [1] Rocks B (2016). Interval estimation for the "Net Promoter Score". Am.
// Stat. 70(4):365-372.
//
// [2] Agresti A, Caffo B (2000). Simple and effective confidence intervals
// for proportions and differences of proportions result from adding two
// successes and two failures. Am. Stat. 54(4):280-288.
//
// [3] Cohen J, Cohen P (1975). Applied Multiple Regression/Correlation
// Analysis for the Behavioral Sciences. Hillsdale, NJ: Erlbaum. (ch. 7,
// missing data)
package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"

	"gonum.org/v1/gonum/mat"

	"github.com/touchpoint-cx/touchpoint/driver"
	"github.com/touchpoint-cx/touchpoint/nps"
	"github.com/touchpoint-cx/touchpoint/survey"
)

func main() {
	dir := "testdata/repair"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	f, err := analyze(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "technician-visit-cost:", err)
		os.Exit(1)
	}
	if err := f.tell(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "technician-visit-cost:", err)
		os.Exit(1)
	}
}

// Paths and the steps that mark them.
var (
	technicianSteps  = []string{"schedule_visit", "technician_visit"}
	selfServiceSteps = []string{"self_service"}
)

// comparison is the NPS of the two paths in one group of respondents.
type comparison struct {
	Group                  string // "all" or a segment
	Share                  float64
	Technician, SelfServ   nps.Result
	Diff                   nps.DiffResult // technician minus self-service
	TechnicianShareOfGroup float64        // weighted share of the group on the technician path
}

// finding is the answer to "what does the technician visit cost in NPS?".
type finding struct {
	Study, Process string
	Respondents    int
	Technician     int // respondents on the technician path
	SelfService    int // on the self-service path
	NoPath         int // with no answer that marks a path
	All            comparison
	Segments       []comparison
	Standardized   float64 // Σ_s share_s × Diff_s
	ProcessNPS     nps.Result
	// Gain is the rise of the process NPS if the technician customers
	// scored as the self-service customers do: -Diff × the weighted share
	// of the technician path.
	Gain float64
	// Path is the coefficient of the technician-path indicator in the
	// driver model of NPS (points), with its t interval: the path's own
	// effect with the step scores held at their means.
	Path, PathLo, PathHi float64
	PathN                int // respondents in the driver model
}

// analyze compares the paths in the first process of the study in dir.
func analyze(dir string) (*finding, error) {
	st, _, err := survey.Load(dir, survey.Options{})
	if err != nil {
		return nil, err
	}
	p := st.Processes[0]
	marks := func(ids []string) ([][]float64, error) {
		var cols [][]float64
		for _, id := range ids {
			i := p.StepIndex(id)
			if i < 0 {
				return nil, fmt.Errorf("the study has no step %q", id)
			}
			cols = append(cols, p.StepColumn(i))
		}
		return cols, nil
	}
	tech, err := marks(technicianSteps)
	if err != nil {
		return nil, err
	}
	self, err := marks(selfServiceSteps)
	if err != nil {
		return nil, err
	}
	answered := func(cols [][]float64, r int) bool {
		for _, c := range cols {
			if !math.IsNaN(c[r]) {
				return true
			}
		}
		return false
	}
	recommend := p.OutcomeColumn(survey.NPS)
	if recommend == nil {
		return nil, errors.New("the study has no NPS question")
	}
	weights := p.Weights()
	weight := func(r int) float64 {
		if weights == nil {
			return 1
		}
		return weights[r]
	}
	f := &finding{Study: st.Name, Process: p.Label, Respondents: p.Len()}
	path := make([]int, p.Len()) // 1 technician, 2 self-service, 0 none
	for r := range path {
		t, s := answered(tech, r), answered(self, r)
		switch {
		case t && s:
			return nil, fmt.Errorf("respondent %s has answers on both paths", p.Respondents()[r])
		case t:
			path[r] = 1
			f.Technician++
		case s:
			path[r] = 2
			f.SelfService++
		default:
			f.NoPath++
		}
	}
	if f.ProcessNPS, err = nps.Score(recommend, weights, nps.Options{}); err != nil {
		return nil, err
	}
	compare := func(group string, in func(r int) bool) (comparison, error) {
		c := comparison{Group: group}
		var x [3][]float64
		var w [3][]float64
		var total, onTech float64
		for r, q := range path {
			if !in(r) || q == 0 {
				continue
			}
			x[q] = append(x[q], recommend[r])
			w[q] = append(w[q], weight(r))
			total += weight(r)
			if q == 1 {
				onTech += weight(r)
			}
		}
		c.TechnicianShareOfGroup = onTech / total
		var err error
		if c.Technician, err = nps.Score(x[1], w[1], nps.Options{}); err != nil {
			return c, fmt.Errorf("%s, technician path: %w", group, err)
		}
		if c.SelfServ, err = nps.Score(x[2], w[2], nps.Options{}); err != nil {
			return c, fmt.Errorf("%s, self-service path: %w", group, err)
		}
		c.Diff, err = nps.Diff(c.Technician, c.SelfServ, nps.Options{})
		return c, err
	}
	if f.All, err = compare("all", func(int) bool { return true }); err != nil {
		return nil, err
	}
	var sumW float64
	segW := map[string]float64{}
	for r := range path {
		segW[p.Segment(r)] += weight(r)
		sumW += weight(r)
	}
	for _, s := range st.Segments {
		c, err := compare(s, func(r int) bool { return p.Segment(r) == s })
		if err != nil {
			return nil, err
		}
		c.Share = segW[s] / sumW
		f.Standardized += c.Share * c.Diff.Diff
		f.Segments = append(f.Segments, c)
	}
	f.Gain = -f.All.Diff.Diff * f.All.TechnicianShareOfGroup
	if err := f.pathEffect(p, recommend, weights); err != nil {
		return nil, err
	}
	return f, nil
}

// pathEffect fits the driver model of NPS on the step scores with
// dummy-variable adjustment and keeps the coefficient of the indicator that
// is 1 on the technician path and 0 on the self-service path.
func (f *finding) pathEffect(p *survey.Process, recommend, weights []float64) error {
	t := make([]float64, len(recommend))
	for i, v := range recommend {
		switch {
		case math.IsNaN(v):
			t[i] = v
		case v >= 9:
			t[i] = 100
		case v <= 6:
			t[i] = -100
		}
	}
	names := make([]string, len(p.Steps))
	for i, s := range p.Steps {
		names[i] = s.ID
	}
	x := mat.NewDense(p.Len(), len(names), p.StepMatrix(nil))
	res, err := driver.Analyze(x, t, weights, driver.Options{
		Outcome: "nps", Names: names, Missing: driver.MissingDummy, Methods: driver.MethodsOf(driver.LMG),
	})
	if err != nil {
		return fmt.Errorf("driver model of NPS: %w", err)
	}
	// The indicator is 1 on one path and 0 on the other: sign makes its
	// coefficient the technician path's.
	name, sign := "", 0.0
	for _, ind := range res.MissingReport.Indicators {
		switch {
		case containsAny(ind.Same, technicianSteps) && containsAny(ind.Opposite, selfServiceSteps):
			name, sign = ind.Name, 1
		case containsAny(ind.Same, selfServiceSteps) && containsAny(ind.Opposite, technicianSteps):
			name, sign = ind.Name, -1
		}
	}
	if name == "" {
		return errors.New("the driver model has no indicator of the technician against the self-service path")
	}
	r := res.Regression
	for i, n := range r.Names {
		if n == name {
			f.Path, f.PathLo, f.PathHi = sign*r.Coef[i], sign*r.Lo[i], sign*r.Hi[i]
			if sign < 0 {
				f.PathLo, f.PathHi = f.PathHi, f.PathLo
			}
			f.PathN = res.N
			return nil
		}
	}
	return fmt.Errorf("no coefficient for %s", name)
}

// containsAny reports whether any of ids is in list.
func containsAny(list, ids []string) bool {
	for _, a := range list {
		for _, b := range ids {
			if a == b {
				return true
			}
		}
	}
	return false
}

func pValue(p float64) string {
	if p < 0.001 {
		return "<0.001"
	}
	return fmt.Sprintf("%.3f", p)
}

// tell writes the story.
func (f *finding) tell(w io.Writer) error {
	fmt.Fprintf(w, "What does the technician visit cost us in NPS? %s: %s, %d respondents\n\n", f.Study, f.Process, f.Respondents)
	fmt.Fprintf(w, "Paths: technician %d, self-service %d, unknown %d (no step answers; left out).\n\n", f.Technician, f.SelfService, f.NoPath)
	fmt.Fprintf(w, "%-10s  %5s  %22s  %22s  %22s  %6s\n", "segment", "share", "NPS technician", "NPS self-service", "difference", "p")
	row := func(c comparison, share string) {
		ci := func(s, lo, hi float64) string { return fmt.Sprintf("%+6.1f [%+6.1f, %+6.1f]", s, lo, hi) }
		fmt.Fprintf(w, "%-10s  %5s  %22s  %22s  %22s  %6s\n", c.Group, share,
			ci(c.Technician.Score, c.Technician.Lo, c.Technician.Hi),
			ci(c.SelfServ.Score, c.SelfServ.Lo, c.SelfServ.Hi),
			ci(c.Diff.Diff, c.Diff.Lo, c.Diff.Hi), pValue(c.Diff.P))
	}
	row(f.All, "")
	for _, c := range f.Segments {
		row(c, fmt.Sprintf("%.0f%%", 100*c.Share))
	}
	fmt.Fprintln(w, "\nNPS in points with 95% adjusted Wald intervals; difference = technician minus self-service, z-test.")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Customers whose repair needed a technician give an NPS %.1f points lower than those who\n", -f.All.Diff.Diff)
	fmt.Fprintf(w, "repaired it themselves (95%% CI %.1f to %.1f). Within each segment, weighted by the segments'\n", -f.All.Diff.Hi, -f.All.Diff.Lo)
	fmt.Fprintf(w, "shares, the gap is %.1f points.\n", -f.Standardized)
	fmt.Fprintf(w, "With %.0f%% of the repairs on the technician path, closing the gap would lift the process\n"+
		"NPS (now %.1f) by about %.1f points.\n\n", 100*f.All.TechnicianShareOfGroup, f.ProcessNPS.Score, f.Gain)
	_, err := fmt.Fprintf(w, "Part of the gap is how the steps went. Holding the step scores at their means (driver model\n"+
		"of NPS on the steps, %d respondents), the technician path itself costs %.1f points (95%% CI %.1f to %.1f).\n",
		f.PathN, -f.Path, -f.PathHi, -f.PathLo)
	return err
}
