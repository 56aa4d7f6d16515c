package priority

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Goal is what the organisation wants most from an improvement; it sets the
// weights of the priority index (see the package documentation).
type Goal int

// The goals.
const (
	// Satisfaction: happier customers (the default).
	Satisfaction Goal = iota
	// Cost: fewer and cheaper contacts.
	Cost
	// Sales: more customers completing the journey (conversion).
	Sales

	numGoals = iota
)

var goalNames = [numGoals]string{"satisfaction", "cost", "sales"}

// String returns "satisfaction", "cost" or "sales".
func (g Goal) String() string {
	if g < 0 || g >= numGoals {
		return fmt.Sprintf("Goal(%d)", int(g))
	}
	return goalNames[g]
}

// MarshalText returns the name of g.
func (g Goal) MarshalText() ([]byte, error) {
	if g < 0 || g >= numGoals {
		return nil, fmt.Errorf("priority: %w: goal %d", ErrOption, int(g))
	}
	return []byte(goalNames[g]), nil
}

// UnmarshalText parses a name as ParseGoal.
func (g *Goal) UnmarshalText(b []byte) error {
	v, err := ParseGoal(string(b))
	if err != nil {
		return err
	}
	*g = v
	return nil
}

// ParseGoal returns the goal named name ("satisfaction", "cost" or "sales",
// in any case). Any other name gives an error wrapping ErrOption.
func ParseGoal(name string) (Goal, error) {
	t := strings.ToLower(strings.TrimSpace(name))
	for i, n := range goalNames {
		if t == n {
			return Goal(i), nil
		}
	}
	return 0, fmt.Errorf("priority: %w: goal %q (want satisfaction, cost or sales)", ErrOption, name)
}

// Performance selects the performance measure of a step.
type Performance int

// The performance measures.
const (
	// Mean is the (weighted) mean score of the step (the default).
	Mean Performance = iota
	// TopBox is the (weighted) percentage (0-100) of the two highest
	// answers of the step's scale.
	TopBox
)

// String returns "mean" or "top2".
func (p Performance) String() string {
	if p == TopBox {
		return "top2"
	}
	return "mean"
}

// ProcessWeights are the weights of the criteria that rank the processes
// (see [Rank]); they need not sum to 1. The zero value weighs the four
// criteria equally.
type ProcessWeights struct {
	Importance float64 `json:"importance"` // importance for the relationship score
	Frequency  float64 `json:"frequency"`  // customers per year
	Gap        float64 `json:"gap"`        // quality gap to the target journey
	ImageRisk  float64 `json:"image_risk"` // risk to the brand's image
}

func (w ProcessWeights) resolve() (ProcessWeights, error) {
	for _, v := range []float64{w.Importance, w.Frequency, w.Gap, w.ImageRisk} {
		if !(v >= 0) || math.IsInf(v, 0) {
			return w, fmt.Errorf("priority: %w: process weight %v (want a finite number >= 0)", ErrOption, v)
		}
	}
	if w == (ProcessWeights{}) {
		return ProcessWeights{1, 1, 1, 1}, nil
	}
	return w, nil
}

// Options configures [Analyze]. The zero value analyses overall
// satisfaction for the goal Satisfaction, with mean performance, median
// splits, 200 bootstrap replicates with seed 0 and 95% percentile
// intervals, using the survey weights.
type Options struct {
	// Outcome is the outcome column the steps drive; "" means overall
	// satisfaction, or the first outcome of the study when it has none.
	Outcome string

	// Goal weighs the priority index of the steps.
	Goal Goal

	// Performance is the step performance of the quadrant: Mean or TopBox.
	Performance Performance

	// ImportanceSplit and PerformanceSplit split the quadrant; 0 means the
	// median over the process's steps. ImportanceSplit is a share of R²
	// (0-1); PerformanceSplit is on the scale of Performance (a mean
	// score, or a top-2 percentage 0-100).
	ImportanceSplit, PerformanceSplit float64

	// ImpactSplit and EffortSplit split the impact-effort matrix; 0 means
	// the median over the process's ideas.
	ImpactSplit, EffortSplit float64

	// B is the number of bootstrap replicates of the intervals; 0 means
	// 200. Seed seeds them (see package internal/boot): the same seed
	// gives the same intervals whatever Workers is.
	B    int
	Seed uint64
	// Workers is the number of goroutines of the bootstrap; 0 means
	// GOMAXPROCS.
	Workers int

	// Confidence is the level of the intervals and of the significance of
	// wave changes; 0 means 0.95.
	Confidence float64

	// Unweighted ignores the survey weights.
	Unweighted bool

	// Relationship is the outcome column of the relationship score the
	// processes are ranked against; "" means "brand" when the study has
	// it, else "nps", else the outcome.
	Relationship string

	// ProcessWeights weigh the criteria of the process ranking.
	ProcessWeights ProcessWeights

	// ImageRisk overrides the image risk (0-1) of processes.csv, by
	// process id.
	ImageRisk map[string]float64
}

// DefaultB is the number of bootstrap replicates when Options.B is 0.
const DefaultB = 200

func (o Options) b() int {
	if o.B == 0 {
		return DefaultB
	}
	return o.B
}

func (o Options) confidence() float64 {
	if o.Confidence == 0 {
		return 0.95
	}
	return o.Confidence
}

func (o Options) check() error {
	if o.Goal < 0 || o.Goal >= numGoals {
		return fmt.Errorf("priority: %w: goal %d", ErrOption, int(o.Goal))
	}
	if o.Performance != Mean && o.Performance != TopBox {
		return fmt.Errorf("priority: %w: performance %d", ErrOption, int(o.Performance))
	}
	if c := o.confidence(); !(c > 0 && c < 1) {
		return fmt.Errorf("priority: %w: confidence %v outside (0, 1)", ErrOption, o.Confidence)
	}
	if o.B < 0 || o.B == 1 {
		return fmt.Errorf("priority: %w: %d bootstrap replicates (want 0 or at least 2)", ErrOption, o.B)
	}
	for _, v := range []float64{o.ImportanceSplit, o.PerformanceSplit, o.ImpactSplit, o.EffortSplit} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("priority: %w: split %v is not finite", ErrOption, v)
		}
	}
	for p, r := range o.ImageRisk {
		if !(r >= 0 && r <= 1) {
			return fmt.Errorf("priority: %w: image risk %v of process %q outside 0-1", ErrOption, r, p)
		}
	}
	_, err := o.ProcessWeights.resolve()
	return err
}

// Errors.
var (
	// ErrOption: an option is out of range.
	ErrOption = errors.New("invalid option")
	// ErrOutcome: the outcome column is not in the study, or has too few
	// answers.
	ErrOutcome = errors.New("unknown outcome")
	// ErrNoSteps: a process has no step with enough answers to analyse.
	ErrNoSteps = errors.New("no steps to analyse")
)

// Float is a number that is written to JSON as null when it is NaN or
// infinite (a figure that does not apply or could not be computed).
type Float float64

// MarshalJSON writes f, or null when f is NaN or infinite.
func (f Float) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, v, 'g', -1, 64), nil
}

// UnmarshalJSON reads a number, or null as NaN.
func (f *Float) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*f = Float(math.NaN())
		return nil
	}
	var v float64
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*f = Float(v)
	return nil
}

var nan = Float(math.NaN())

func isNaN(f Float) bool { return math.IsNaN(float64(f)) }
