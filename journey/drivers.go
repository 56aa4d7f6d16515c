package journey

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/touchpoint-cx/touchpoint/internal/boot"
	"github.com/touchpoint-cx/touchpoint/survey"
)

// Missing is how a driver analysis treats respondents who did not answer
// every step of the process.
type Missing int

const (
	// MissingDummy is dummy-variable adjustment (Cohen & Cohen [1]): a
	// missing step score is filled with the weighted mean score of the
	// respondents analysed who answered the step, and an indicator
	// "answered the step" (1 or 0) enters the model next to the score.
	// The indicator's coefficient is the passing effect of the step (see
	// [StepDriver.PassEffect]). Respondents without any step answer are
	// left out. This is the default.
	MissingDummy Missing = iota
	// MissingListwise keeps only the respondents who answered every step
	// (relaimpo's and R's na.omit behaviour).
	MissingListwise
	// MissingPairwise estimates each covariance from the respondents who
	// answered both variables (driver.MissingPairwise: R's
	// cor(use = "pairwise.complete.obs"), weighted; a matrix that is not
	// positive definite is repaired, with a warning). Respondents without
	// any step answer are left out. There are no passing effects, and no
	// logistic models, which need complete rows: a binary outcome is an
	// error, and binary goals are left out with a warning.
	MissingPairwise

	numMissing = iota
)

var missingNames = [numMissing]string{"dummy", "listwise", "pairwise"}

// String returns "dummy", "listwise" or "pairwise".
func (m Missing) String() string {
	if m < 0 || m >= numMissing {
		return fmt.Sprintf("Missing(%d)", int(m))
	}
	return missingNames[m]
}

// MarshalText returns the name of m, as String.
func (m Missing) MarshalText() ([]byte, error) {
	if m < 0 || m >= numMissing {
		return nil, fmt.Errorf("journey: unknown missing-data method %d", int(m))
	}
	return []byte(missingNames[m]), nil
}

// UnmarshalText parses a name as ParseMissing.
func (m *Missing) UnmarshalText(b []byte) error {
	v, err := ParseMissing(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// ParseMissing returns the method named s ("dummy", "listwise" or
// "pairwise", in any case).
func ParseMissing(s string) (Missing, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for i, n := range missingNames {
		if t == n {
			return Missing(i), nil
		}
	}
	return 0, fmt.Errorf("journey: unknown missing-data method %q (want dummy, listwise or pairwise)", s)
}

// DriverOptions configures [Drivers]. The zero value analyses overall
// satisfaction with dummy-variable adjustment, weighted where the study has
// weights, with no bootstrap (no intervals).
type DriverOptions struct {
	// Outcome is the outcome column; "" means overall satisfaction
	// (survey.Overall). A binary outcome gets a logistic model.
	Outcome string

	// Missing is the treatment of unanswered steps; the zero value is
	// MissingDummy.
	Missing Missing

	// Bootstrap is the number of bootstrap replicates of the respondents
	// for the intervals; 0 computes no intervals.
	Bootstrap int
	// Seed selects the bootstrap's random streams: the same seed gives the
	// same intervals whatever Workers is.
	Seed uint64
	// Level is the confidence level of the intervals; 0 means 0.95.
	Level float64
	// BCa asks for bias-corrected and accelerated intervals instead of
	// percentile intervals. Their jackknife costs one more analysis per
	// respondent analysed, which for thousands of respondents is far more
	// than the replicates themselves.
	BCa bool
	// Workers is the number of goroutines; 0 means GOMAXPROCS. Results do
	// not depend on it.
	Workers int
	// Progress, if not nil, is called with the number of bootstrap
	// replicates done and the total, as boot.Options.Progress.
	Progress func(done, total int)

	// Unweighted ignores the survey weights.
	Unweighted bool

	// Goals lists the business outcomes to link the steps to; nil means
	// every outcome column of the study except Outcome, and an empty
	// non-nil slice none.
	Goals []string
}

func (o DriverOptions) level() float64 {
	if o.Level == 0 {
		return 0.95
	}
	return o.Level
}

// ProcessDrivers is the driver analysis of one process: which steps drive
// the outcome, per step, per phase, per segment and per wave, and how the
// steps link to the business goals. Every Estimate carries a bootstrap
// interval when DriverOptions.Bootstrap > 0.
type ProcessDrivers struct {
	Process  string  `json:"process"`
	Label    string  `json:"label"`
	Outcome  string  `json:"outcome"`
	Model    string  `json:"model"` // "linear" or "logistic"
	Missing  Missing `json:"missing"`
	Weighted bool    `json:"weighted"`

	// Respondents is the number of respondents of the process, N the
	// number analysed; Excluded says why the others were left out.
	Respondents int         `json:"respondents"`
	N           int         `json:"n"`
	Excluded    []Exclusion `json:"excluded"`

	// R2 is R² of the full model (McFadden's pseudo-R² for a logistic
	// model).
	R2 Estimate `json:"r2"`

	Bootstrap *BootstrapInfo `json:"bootstrap"` // nil without a bootstrap

	Steps    []StepDriver   `json:"steps"`
	Phases   []PhaseDriver  `json:"phases"`
	Segments []GroupDrivers `json:"segments"`
	Waves    []GroupDrivers `json:"waves"`
	// SegmentDiffs compares every pair of segments, WaveDiffs every pair
	// of consecutive waves (To minus From).
	SegmentDiffs []DriverDiff `json:"segment_diffs"`
	WaveDiffs    []DriverDiff `json:"wave_diffs"`
	Goals        []Goal       `json:"goals"`
	// Comparisons compares the importance of every pair of steps, the
	// more important one first (linear models).
	Comparisons []Comparison `json:"comparisons"`

	Warnings []string `json:"warnings"`
}

// Exclusion counts respondents left out of an analysis for one reason:
// "no outcome" (the outcome is missing), "no step answers" or, with
// listwise deletion, "incomplete" (a step not answered).
type Exclusion struct {
	Reason string `json:"reason"`
	N      int    `json:"n"`
}

// BootstrapInfo describes the bootstrap behind the intervals.
type BootstrapInfo struct {
	B      int     `json:"b"`      // replicates drawn
	Failed int     `json:"failed"` // replicates on which an analysis failed (left out)
	Seed   uint64  `json:"seed"`
	Level  float64 `json:"level"`
	Method string  `json:"method"` // "percentile" or "bca"
}

// StepDriver is the importance of one step for the outcome.
type StepDriver struct {
	Step  string `json:"step"`
	Label string `json:"label"`
	Phase string `json:"phase"`
	// Passed is the number of respondents analysed with a score for the
	// step.
	Passed int `json:"passed"`
	// Importance is the step's lmg (its Shapley share of R², in R² units;
	// with MissingDummy the score and its indicator count as one driver),
	// general dominance of McFadden's pseudo-R² for a logistic model;
	// Share is Importance / R²; Rank orders the steps by Importance.
	Importance Estimate `json:"importance"`
	Share      Estimate `json:"share"`
	Rank       int      `json:"rank"`
	// RankLo and RankHi bound the step's rank among the steps with the
	// bootstrap interval of the ranks (boot.Result.Ranks; ties share the
	// average rank), rounded outward to whole ranks; 0 without an
	// interval.
	RankLo int `json:"rank_lo"`
	RankHi int `json:"rank_hi"`
	// Coef is the step score's coefficient in the full model (outcome
	// units per point of the step's scale; log odds for a logistic model)
	// and Sign its sign: +1, or -1 when a better step goes with a worse
	// outcome once the other steps are held fixed.
	Coef Estimate `json:"coef"`
	Sign int      `json:"sign"`
	// Performance is the weighted mean score of the respondents analysed
	// who answered the step.
	Performance Estimate `json:"performance"`
	// PassEffect is the coefficient of the indicator "answered the step"
	// (MissingDummy): the difference in the outcome between respondents
	// who went through the step, at its mean score, and those who did not,
	// the other steps held fixed.
	//
	// A step whose indicator is a linear function of the others' (with
	// the intercept) has none in the model (PassNote "aliased"): so it is
	// for alternative paths, where going through the self-service step
	// means not going through the technician's. Its AliasedWith lists the
	// steps with an indicator whose answering pattern is the complement of
	// the step's for at least 90% of the respondents analysed (the other
	// path; blank answers make the patterns differ a little), and its
	// PassEffect is minus the sum of their passing effects: the difference
	// between the step's path and the other one for a respondent who
	// answered every step of the other path. nil when there is no such
	// step; see PassNote.
	PassEffect *Estimate `json:"pass_effect"`
	// PassNote says why the step has no indicator of its own: "all"
	// (every respondent analysed answered the step), "aliased" (see
	// PassEffect), or "listwise" or "pairwise" (no indicators without
	// dummy-variable adjustment).
	PassNote    string   `json:"pass_note,omitempty"`
	AliasedWith []string `json:"aliased_with,omitempty"`
}

// Comparison compares the importance (lmg) of two steps: Difference is
// Step's minus Other's, in R² units, and Ratio Step's over Other's ("the
// application form matters 2.1 times as much as the confirmation mail"),
// with bootstrap intervals from the same replicates as the importances
// (boot.Result.Diff and Ratio).
type Comparison struct {
	Step       string   `json:"step"`
	Other      string   `json:"other"`
	Difference Estimate `json:"difference"`
	Ratio      Estimate `json:"ratio"`
}

// PhaseDriver is the importance of a phase of the journey: its steps as
// one group of drivers (relaimpo's groups), lmg in R² units.
type PhaseDriver struct {
	Phase      string   `json:"phase"`
	Steps      []string `json:"steps"`
	Importance Estimate `json:"importance"`
	Share      Estimate `json:"share"`
}

// GroupDrivers is the driver analysis of the respondents of one segment or
// wave.
type GroupDrivers struct {
	Label string      `json:"label"`
	N     int         `json:"n"`
	R2    Estimate    `json:"r2"`
	Steps []GroupStep `json:"steps"`
}

// GroupStep is a step's importance within a segment or wave.
type GroupStep struct {
	Step        string   `json:"step"`
	Importance  Estimate `json:"importance"`
	Share       Estimate `json:"share"`
	Coef        Estimate `json:"coef"`
	Performance Estimate `json:"performance"`
}

// DriverDiff is the difference between two segments or waves (To minus
// From) in a step's importance (lmg, R² units), share of R² and
// performance. Significant reports that the interval of the importance
// difference excludes 0; PerformanceSignificant the same for performance.
type DriverDiff struct {
	From                   string   `json:"from"`
	To                     string   `json:"to"`
	Step                   string   `json:"step"`
	Importance             Estimate `json:"importance"`
	Share                  Estimate `json:"share"`
	Performance            Estimate `json:"performance"`
	Significant            bool     `json:"significant"`
	PerformanceSignificant bool     `json:"performance_significant"`
}

// Goal links the steps to a business outcome.
//
// The model of the goal on the steps is linear for a numeric or rated
// outcome and logistic for a binary one; for NPS it is the linear
// probability model of promoter and detractor membership, fitted at once
// as the regression of t = 100·([nps ≥ 9] − [nps ≤ 6]) on the steps, whose
// coefficients are
//
//	ΔNPS = 100·(ΔP(promoter) − ΔP(detractor))
//
// per point of the step (the mean of t is the NPS).
//
// Effect is in Unit per point of the step's scale: "points" of the
// outcome's scale, "nps_points", or "pct_points" for a binary outcome (the
// average marginal effect 100·Σ wᵢ pᵢ(1 − pᵢ)·b / Σ wᵢ of the logistic
// model). Link is the effect of one more point of the process outcome
// (overall satisfaction) on the goal with the steps held fixed (the second
// stage of the two-stage linkage, in Unit), and each step's Indirect
// effect is a·Link, a being the step's coefficient for the process outcome
// (the first stage), the product-of-coefficients indirect effect of
// mediation analysis (Preacher & Hayes [2]).
type Goal struct {
	Outcome string `json:"outcome"`
	Type    string `json:"type"`  // "nps", "binary", "rating" or "numeric"
	Model   string `json:"model"` // "linear" or "logistic"
	Unit    string `json:"unit"`  // "points", "nps_points" or "pct_points"
	N       int    `json:"n"`
	// Fit is R² of the model on the steps (McFadden's pseudo-R² for a
	// logistic model).
	Fit   Estimate   `json:"fit"`
	Link  Estimate   `json:"link"`
	Steps []GoalStep `json:"steps"`
}

// GoalStep is a step's link to a business goal. Importance is lmg (R²
// units) or, for a logistic model, general dominance of McFadden's
// pseudo-R²; it has no interval (the bootstrap repeats the effects only).
type GoalStep struct {
	Step       string   `json:"step"`
	Importance Estimate `json:"importance"`
	Share      Estimate `json:"share"`
	Effect     Estimate `json:"effect"`
	Indirect   Estimate `json:"indirect"`
}

// Drivers is DriversContext with a context that is never cancelled.
func Drivers(st *survey.Study, p *survey.Process, opts DriverOptions) (*ProcessDrivers, error) {
	return DriversContext(context.Background(), st, p, opts)
}

// DriversContext computes the driver analysis of process p of study st:
//
//   - the regression of the outcome on the steps (MissingDummy: on the
//     filled scores and the indicators of answering them), the lmg
//     importance of each step (its score and indicator as one group), the
//     sign of its coefficient, its performance and its passing effect;
//   - the importance of each phase (its steps as one group), when the
//     process has more than one phase;
//   - the same analysis per segment and per wave, and the differences
//     between segments and between consecutive waves;
//   - the links to the business goals (see [Goal]).
//
// With opts.Bootstrap = B > 0, the respondents analysed are resampled B
// times with replacement (survey weights staying with their respondents;
// package internal/boot) and every analysis above is repeated on each
// replicate, so that all intervals, differences included, come from the
// same replicates; intervals are percentile intervals, or BCa with
// opts.BCa. Replicates on which an analysis fails (a group left without
// variance) are left out and counted; when more than 10% fail, the
// result has no intervals (Bootstrap nil) and a warning says why. The same
// seed gives the same result whatever opts.Workers; cancelling ctx stops
// the bootstrap and returns ctx's error.
//
// Each linear model is computed from the weighted covariance matrix of
// its rows (two passes over the rows, then driver.AnalyzeCov): lmg, R²
// and coefficients equal those of relaimpo and lm on the same rows (tested
// against the oracle to 1e-9). Survey weights are case weights, as lm's
// and relaimpo's weights, unless opts.Unweighted.
//
// Steps without answers or without variance, and groups too small for
// their analysis, are left out with a warning. Errors: an unknown outcome
// or goal, a process without respondents or steps to analyse, an analysis
// of the whole process that fails (driver errors), a cancelled context,
// and bad options.
//
// [1] Cohen J, Cohen P (1983). Applied Multiple Regression/Correlation
// Analysis for the Behavioral Sciences, 2nd ed. Hillsdale, NJ: Erlbaum.
// Section 7.4.
//
// [2] Preacher KJ, Hayes AF (2008). Asymptotic and resampling strategies
// for assessing and comparing indirect effects in multiple mediator
// models. Behav. Res. Methods 40(3):879-891.
func DriversContext(ctx context.Context, st *survey.Study, p *survey.Process, opts DriverOptions) (*ProcessDrivers, error) {
	a, err := newAnalysis(st, p, opts)
	if err != nil {
		return nil, err
	}
	workers := opts.Workers
	res, err := a.compute(a.base, workers, true)
	if err != nil {
		return nil, fmt.Errorf("journey: process %s: %w", p.ID, err)
	}
	order := res.compare()
	if opts.Bootstrap == 0 {
		return res, nil
	}
	ests := res.estimates()
	d := len(ests)
	rows, units := a.rows()
	stat := func(counts []int32, out []float64) error {
		w := make([]float64, len(a.base))
		for k, r := range rows {
			w[r] = a.base[r] * float64(counts[k])
		}
		rr, err := a.compute(w, 1, false)
		if err != nil {
			return err
		}
		re := rr.estimates()
		if len(re) != d {
			return errors.New("journey: replicate has another structure")
		}
		for i, e := range re {
			out[i] = e.Value
		}
		return nil
	}
	br, err := boot.RunUnits(ctx, units, d, boot.Shared(stat), boot.Options{
		B: opts.Bootstrap, Seed: opts.Seed, Confidence: opts.level(), Workers: workers,
		Progress: opts.Progress, BCa: opts.BCa,
	})
	switch {
	case errors.Is(err, boot.ErrTooManyFailures):
		// The estimates stand; only the intervals are lost.
		res.Warnings = append(res.Warnings, "no intervals: bootstrap: "+err.Error())
		return res, nil
	case err != nil:
		return nil, fmt.Errorf("journey: process %s: bootstrap: %w", p.ID, err)
	}
	iv := br.Percentile
	method := "percentile"
	if opts.BCa {
		iv, method = br.BCa, "bca"
	}
	for i, e := range ests {
		e.Lo, e.Hi = iv[i].Lo, iv[i].Hi
	}
	res.Bootstrap = &BootstrapInfo{B: br.B, Failed: br.Failed, Seed: opts.Seed, Level: opts.level(), Method: method}
	if len(order) > 1 {
		res.intervalsOfRanks(br, ests, order, opts.BCa)
	}
	for _, w := range br.Warnings {
		res.Warnings = append(res.Warnings, "bootstrap: "+w.Error())
	}
	for i := range res.SegmentDiffs {
		res.SegmentDiffs[i].mark()
	}
	for i := range res.WaveDiffs {
		res.WaveDiffs[i].mark()
	}
	return res, nil
}

func (d *DriverDiff) mark() {
	d.Significant = d.Importance.Excludes(0)
	d.PerformanceSignificant = d.Performance.Excludes(0)
}

// estimates lists the bootstrapped estimates of r in a fixed order.
func (r *ProcessDrivers) estimates() []*Estimate {
	var out []*Estimate
	add := func(es ...*Estimate) { out = append(out, es...) }
	add(&r.R2)
	for i := range r.Steps {
		s := &r.Steps[i]
		if r.Model == "linear" {
			add(&s.Importance, &s.Share)
		}
		add(&s.Coef, &s.Performance)
		if s.PassEffect != nil {
			add(s.PassEffect)
		}
	}
	for i := range r.Phases {
		add(&r.Phases[i].Importance, &r.Phases[i].Share)
	}
	for _, gs := range [][]GroupDrivers{r.Segments, r.Waves} {
		for i := range gs {
			add(&gs[i].R2)
			for j := range gs[i].Steps {
				s := &gs[i].Steps[j]
				if r.Model == "linear" {
					add(&s.Importance, &s.Share)
				}
				add(&s.Coef, &s.Performance)
			}
		}
	}
	for _, ds := range [][]DriverDiff{r.SegmentDiffs, r.WaveDiffs} {
		for i := range ds {
			if r.Model == "linear" {
				add(&ds[i].Importance, &ds[i].Share)
			}
			add(&ds[i].Performance)
		}
	}
	for i := range r.Goals {
		g := &r.Goals[i]
		linear := g.Model == "linear"
		if linear {
			add(&g.Fit)
		}
		add(&g.Link)
		for j := range g.Steps {
			add(&g.Steps[j].Effect, &g.Steps[j].Indirect)
		}
	}
	return out
}

// compare fills Comparisons with point estimates for every pair of steps,
// the more important first, and returns the step indices by decreasing
// importance (nil for a logistic model).
func (r *ProcessDrivers) compare() []int {
	if r.Model != "linear" {
		return nil
	}
	order := make([]int, len(r.Steps))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return r.Steps[order[a]].Importance.Value > r.Steps[order[b]].Importance.Value
	})
	for a := range order {
		for b := a + 1; b < len(order); b++ {
			s, o := &r.Steps[order[a]], &r.Steps[order[b]]
			r.Comparisons = append(r.Comparisons, Comparison{Step: s.Step, Other: o.Step,
				Difference: point(s.Importance.Value - o.Importance.Value),
				Ratio:      point(s.Importance.Value / o.Importance.Value)})
		}
	}
	return order
}

// intervalsOfRanks sets the intervals of the steps' ranks and of the
// comparisons from the replicates of br, whose estimates are ests.
func (r *ProcessDrivers) intervalsOfRanks(br *boot.Result, ests []*Estimate, order []int, bca bool) {
	pos := make(map[*Estimate]int, len(ests))
	for i, e := range ests {
		pos[e] = i
	}
	idx := make([]int, len(order))
	for k, j := range order {
		idx[k] = pos[&r.Steps[j].Importance]
	}
	pick := func(d *boot.Result) []boot.Interval {
		if bca {
			return d.BCa
		}
		return d.Percentile
	}
	if rk, err := br.Ranks(idx...); err == nil {
		iv := pick(rk)
		for k, j := range order {
			if lo, hi := iv[k].Lo, iv[k].Hi; !math.IsNaN(lo) && !math.IsNaN(hi) {
				r.Steps[j].RankLo, r.Steps[j].RankHi = int(math.Floor(lo)), int(math.Ceil(hi))
			}
		}
	} else {
		r.Warnings = append(r.Warnings, "ranks: "+err.Error())
	}
	pairs := boot.Pairs(idx...)
	if d, err := br.Diff(pairs...); err == nil {
		for k, iv := range pick(d) {
			r.Comparisons[k].Difference.Lo, r.Comparisons[k].Difference.Hi = iv.Lo, iv.Hi
		}
	} else {
		r.Warnings = append(r.Warnings, "differences of importance: "+err.Error())
	}
	if q, err := br.Ratio(pairs...); err == nil {
		for k, iv := range pick(q) {
			r.Comparisons[k].Ratio.Lo, r.Comparisons[k].Ratio.Hi = iv.Lo, iv.Hi
		}
	} else {
		r.Warnings = append(r.Warnings, "ratios of importance: "+err.Error())
	}
}
