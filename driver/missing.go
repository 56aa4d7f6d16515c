package driver

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"gonum.org/v1/gonum/mat"
)

// Missing selects how Analyze treats drivers that some respondents did not
// answer (a NaN in x): customers who skipped a step, or answered "don't
// know". The zero value is MissingListwise.
//
// Whatever the strategy, rows with a missing outcome (NaN in y), a missing
// weight (NaN) or a weight of zero are excluded first and counted in
// [MissingReport] (and, for MissingDummy, rows with no driver answered);
// a negative or infinite weight is an error.
//
// References:
//
//	[1] Higham, N.J. (2002). Computing the nearest correlation matrix: a
//	    problem from finance. IMA Journal of Numerical Analysis
//	    22(3):329-343.
//	[2] Cohen, J. & Cohen, P. (1975). Applied Multiple
//	    Regression/Correlation Analysis for the Behavioral Sciences.
//	    Hillsdale, NJ: Erlbaum. (ch. 7, missing data)
//	[3] Jones, M.P. (1996). Indicator and stratification methods for
//	    missing explanatory variables in multiple linear regression.
//	    Journal of the American Statistical Association 91(433):222-230.
//	[4] Allison, P.D. (2001). Missing Data. Thousand Oaks, CA: Sage.
//	    (pp. 9-11)
type Missing int

const (
	// MissingListwise keeps the complete cases only: the rows with every
	// driver observed (listwise deletion, what relaimpo and R's na.omit
	// do). It is unbiased when values are missing completely at random,
	// but with many steps that not everyone passes it can keep few rows.
	MissingListwise Missing = iota

	// MissingPairwise estimates each correlation from the rows on which
	// both variables are observed (R's cor(use = "pairwise.complete.obs"),
	// weighted as cov.wt), and analyses that matrix as AnalyzeCov does.
	// A matrix so assembled need not be positive semi-definite: when its
	// smallest eigenvalue is negative (below −1e-10, beyond rounding), it
	// is replaced by the nearest correlation matrix whose eigenvalues are
	// at least [PairwiseMinEigen] (Higham [1]), with a warning wrapping
	// [ErrRepaired]. A positive semi-definite but singular matrix is left
	// as it is: collinear drivers are then reported as with complete cases
	// (a *ConditionError). See [MissingReport] for the n used.
	MissingPairwise

	// MissingDummy is dummy-variable adjustment (Cohen & Cohen [2]): a
	// missing value of a driver is replaced by the (weighted) mean of its
	// observed values, and an indicator "passed:<driver>" (1 when the
	// respondent answered the step, 0 when not) is added as a driver, so
	// that the analysis also says what going through the step does to the
	// outcome (self-service versus a technician visit). See
	// [MissingReport.Indicators] for the indicators made.
	//
	// The indicators are drivers of their own, listed after the others,
	// rather than always variables: filling with the weighted mean makes
	// each filled driver exactly uncorrelated with its own indicator
	// (weighted covariance Σ w (d − p̄)(x̃ − m) = 0 since x̃ = m where
	// d = 0, and the weighted mean of x over d = 1 is m), so the importance
	// of the rating (the quality of the step for those who passed it) and
	// that of passing the step separate cleanly, and both are reported. A
	// driver's indicator joins the driver's group, or the always
	// variables, when the driver is in one.
	//
	// Two indicators with the same pattern (steps skipped together) would
	// be collinear, and so would two with opposite patterns (either-or
	// paths, such as a technician visit or self-service) together with
	// the intercept: one indicator is kept for each such set, named after
	// its first step, and MissingReport.Indicators lists the steps it
	// stands for (Same: 1 when those are passed; Opposite: 1 when those
	// are not).
	//
	// A respondent who answered none of two or more drivers tells nothing
	// about which steps they went through (more likely they left the step
	// questions blank) and, with every indicator 0, would pin the
	// indicators' reference to "passed no step": such rows are excluded
	// and counted (MissingReport.NoDriver).
	//
	// Caveat: dummy-variable adjustment biases the coefficients of the
	// other drivers when values are missing at random among respondents
	// who went through a step (Jones [3]; Allison [4]). It is well defined,
	// and the right model, when a missing value means the step did not
	// happen for that respondent, which is the case it is meant for.
	MissingDummy

	numMissing = iota
)

var missingNames = [numMissing]string{"listwise", "pairwise", "dummy"}

// PairwiseMinEigen is the floor of the eigenvalues of a repaired pairwise
// correlation matrix (its condition number is then at most
// k/PairwiseMinEigen for k variables).
const PairwiseMinEigen = 1e-6

// pairwiseNegTol is the most negative smallest eigenvalue of a pairwise
// correlation matrix taken for rounding rather than inconsistency.
const pairwiseNegTol = 1e-10

// IndicatorPrefix starts the name of the indicator of a driver under
// MissingDummy: "passed:" + the driver's name.
const IndicatorPrefix = "passed:"

// Warnings and errors of the strategies for missing values.
var (
	// ErrRepaired warns that the pairwise correlation matrix was not
	// positive definite and was replaced by the nearest correlation matrix
	// (MissingPairwise).
	ErrRepaired = errors.New("pairwise correlation matrix not positive definite, repaired")

	// ErrNeverObserved means a driver has no observed value among the
	// rows used.
	ErrNeverObserved = errors.New("driver never observed")
)

// String returns "listwise", "pairwise" or "dummy".
func (m Missing) String() string {
	if m < 0 || m >= numMissing {
		return fmt.Sprintf("Missing(%d)", int(m))
	}
	return missingNames[m]
}

// MarshalText returns the name of m, as String.
func (m Missing) MarshalText() ([]byte, error) {
	if m < 0 || m >= numMissing {
		return nil, fmt.Errorf("driver: %w: missing-data strategy %d", ErrMethod, int(m))
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

// ParseMissing returns the strategy named name: "listwise", "pairwise" or
// "dummy", in any case. Any other name gives an error wrapping ErrMethod.
func ParseMissing(name string) (Missing, error) {
	t := strings.ToLower(strings.TrimSpace(name))
	for i, n := range missingNames {
		if t == n {
			return Missing(i), nil
		}
	}
	return 0, fmt.Errorf("driver: %w: missing-data strategy %q (want listwise, pairwise or dummy)", ErrMethod, name)
}

// MissingReport says how Analyze treated missing values and how many
// respondents each driver kept. Rows are excluded in this order: a
// missing outcome, then a missing (NaN) weight, then a weight of zero,
// then (MissingDummy only) no driver answered; the rows left are the
// eligible rows, over which the per-driver counts are taken.
type MissingReport struct {
	Strategy Missing `json:"strategy"`

	RowsRead int `json:"rows_read"` // rows given
	// RowsUsed is the number of rows that entered the analysis: the
	// complete cases (listwise), or every eligible row (pairwise, where
	// each correlation uses the rows observed on both of its variables,
	// and dummy).
	RowsUsed int `json:"rows_used"`

	OutcomeMissing int `json:"outcome_missing"` // rows excluded for a missing outcome
	WeightMissing  int `json:"weight_missing"`  // rows excluded for a missing (NaN) weight
	WeightZero     int `json:"weight_zero"`     // rows excluded for a weight of zero
	// NoDriver is, for MissingDummy with two or more drivers, the number
	// of rows excluded because no driver was answered (0 otherwise).
	NoDriver int `json:"no_driver"`
	// DriverMissing is the number of eligible rows with at least one
	// missing driver: excluded under listwise deletion, kept otherwise.
	DriverMissing int `json:"driver_missing"`

	PerDriver []DriverMissing `json:"per_driver"` // every driver, input order

	// PairwiseMinN is, for MissingPairwise, the smallest number of rows
	// behind a correlation (of two drivers or a driver and the outcome);
	// the regression's standard errors take the matrix as estimated from
	// that many rows (Result.N). 0 otherwise.
	PairwiseMinN int `json:"pairwise_min_n"`
	// MinEigenvalue is, for MissingPairwise, the smallest eigenvalue of the
	// pairwise correlation matrix of the outcome and the drivers before
	// any repair (NaN otherwise); Repaired reports that it was negative
	// (below −1e-10) and the matrix was repaired, RepairDistance the
	// Frobenius norm of the change of the correlation matrix.
	MinEigenvalue  float64 `json:"min_eigenvalue"`
	Repaired       bool    `json:"repaired"`
	RepairDistance float64 `json:"repair_distance"`

	// Indicators lists, for MissingDummy, the indicators added as drivers
	// (nil otherwise).
	Indicators []Indicator `json:"indicators"`
}

// MarshalJSON encodes r with NaN written as null.
func (r MissingReport) MarshalJSON() ([]byte, error) { return marshalSafe(r) }

// UnmarshalJSON decodes r, reading null as NaN.
func (r *MissingReport) UnmarshalJSON(b []byte) error { return unmarshalSafe(b, r) }

// DriverMissing counts the eligible rows on which a driver was observed
// and missing.
type DriverMissing struct {
	Name     string `json:"name"`
	Observed int    `json:"observed"`
	Missing  int    `json:"missing"`
	// Mean is the weighted mean of the observed values, which fills the
	// missing ones under MissingDummy (NaN when never observed).
	Mean float64 `json:"mean"`
}

// MarshalJSON encodes d with NaN written as null.
func (d DriverMissing) MarshalJSON() ([]byte, error) { return marshalSafe(d) }

// UnmarshalJSON decodes d, reading null as NaN.
func (d *DriverMissing) UnmarshalJSON(b []byte) error { return unmarshalSafe(b, d) }

// Indicator is a "went through this step" driver added by MissingDummy.
// It is 1 on the rows where the drivers in Same are observed (they are
// observed on exactly the same rows) and 0 elsewhere, which are exactly
// the rows where the drivers in Opposite are observed.
type Indicator struct {
	Name     string   `json:"name"`     // IndicatorPrefix + Same[0]
	Same     []string `json:"same"`     // drivers observed where the indicator is 1
	Opposite []string `json:"opposite"` // drivers observed where it is 0
	Share    float64  `json:"share"`    // weighted share of eligible rows where it is 1
}

// missingData holds the eligible rows of Analyze's input (outcome and
// weight present, weight positive), with NaN for missing drivers.
type missingData struct {
	n, p    int
	outcome string
	names   []string
	xs      []float64 // n×p row-major
	ys      []float64
	ws      []float64 // nil when unweighted
	report  MissingReport

	patOnce sync.Once
	pats    *patterns // missingPatterns
}

// prepareMissing validates the input of Analyze and keeps its eligible
// rows. It counts the exclusions and the missing values per driver.
func prepareMissing(x mat.Matrix, y, weights []float64, outcome string, names []string, strategy Missing) (*missingData, error) {
	r, c := x.Dims()
	if r != len(y) {
		return nil, fmt.Errorf("driver: %w: x has %d rows, y has %d values", ErrShape, r, len(y))
	}
	if weights != nil && len(weights) != r {
		return nil, fmt.Errorf("driver: %w: %d weights for %d rows", ErrWeightsLength, len(weights), r)
	}
	if strategy < 0 || strategy >= numMissing {
		return nil, fmt.Errorf("driver: %w: missing-data strategy %d", ErrMethod, int(strategy))
	}
	raw := rowMajor(x)
	d := &missingData{p: c, outcome: outcome, names: names}
	rep := &d.report
	rep.Strategy = strategy
	rep.RowsRead = r
	rep.MinEigenvalue, rep.RepairDistance = math.NaN(), math.NaN()
	rep.PerDriver = make([]DriverMissing, c)
	for j := range rep.PerDriver {
		rep.PerDriver[j].Name = names[j]
	}
	if weights != nil {
		d.ws = make([]float64, 0, r)
	}
	for i := 0; i < r; i++ {
		w := 1.0
		if weights != nil {
			w = weights[i]
			if w < 0 || math.IsInf(w, 0) {
				return nil, fmt.Errorf("driver: row %d: %w: %v", i, ErrBadWeight, w)
			}
		}
		if math.IsInf(y[i], 0) {
			return nil, fmt.Errorf("driver: row %d: %w: %s = %v", i, ErrNonFinite, outcome, y[i])
		}
		row := raw[i*c : i*c+c]
		for j, v := range row {
			if math.IsInf(v, 0) {
				return nil, fmt.Errorf("driver: row %d: %w: %s = %v", i, ErrNonFinite, names[j], v)
			}
		}
		switch {
		case math.IsNaN(y[i]):
			rep.OutcomeMissing++
			continue
		case math.IsNaN(w):
			rep.WeightMissing++
			continue
		case w == 0:
			rep.WeightZero++
			continue
		}
		if strategy == MissingDummy && c >= 2 {
			none := true
			for _, v := range row {
				none = none && math.IsNaN(v)
			}
			if none {
				rep.NoDriver++
				continue
			}
		}
		anyMissing := false
		for j, v := range row {
			if math.IsNaN(v) {
				rep.PerDriver[j].Missing++
				anyMissing = true
			} else {
				rep.PerDriver[j].Observed++
			}
		}
		if anyMissing {
			rep.DriverMissing++
		}
		d.xs = append(d.xs, row...)
		d.ys = append(d.ys, y[i])
		if weights != nil {
			d.ws = append(d.ws, w)
		}
		d.n++
	}
	for j := range rep.PerDriver {
		rep.PerDriver[j].Mean = d.observedMean(j, d.ws)
	}
	switch strategy {
	case MissingListwise:
		rep.RowsUsed = d.n - rep.DriverMissing
	default:
		rep.RowsUsed = d.n
	}
	return d, nil
}

// excluded returns the number of rows excluded before the strategy.
func (d *missingData) excluded() int {
	return d.report.OutcomeMissing + d.report.WeightMissing + d.report.WeightZero + d.report.NoDriver
}

// observedMean returns the weighted mean of the observed values of driver
// j under the weights w (nil = all 1); rows of weight 0 do not count. NaN
// when there is none.
func (d *missingData) observedMean(j int, w []float64) float64 {
	var sw, swx acc
	for i := 0; i < d.n; i++ {
		v := d.xs[i*d.p+j]
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		if math.IsNaN(v) || wi == 0 {
			continue
		}
		sw.add(wi)
		swx.addProd(wi, v)
	}
	if sw.value() == 0 {
		return math.NaN()
	}
	return swx.value() / sw.value()
}

// analyzeMissing is Analyze: it applies opts.Missing and runs the analysis.
func analyzeMissing(x mat.Matrix, y, weights []float64, opts Options) (*Result, error) {
	_, c := x.Dims()
	outcome, names, err := resolveNames(opts, c, "y", nil)
	if err != nil {
		return nil, err
	}
	d, err := prepareMissing(x, y, weights, outcome, names, opts.Missing)
	if err != nil {
		return nil, err
	}
	var (
		res  *Result
		info pairwiseInfo
		inds []Indicator
	)
	if opts.Missing != MissingListwise && d.n == 0 {
		return nil, fmt.Errorf("driver: %w: no row with an outcome and a positive weight", ErrFewRows)
	}
	switch opts.Missing {
	case MissingListwise:
		if d.report.WeightMissing == 0 {
			res, err = analyzeListwise(x, y, weights, opts)
		} else {
			xs, ys, ws := withoutMissingWeights(x, y, weights)
			res, err = analyzeListwise(xs, ys, ws, opts)
			if err == nil {
				res.Missing += d.report.WeightMissing
				res.Warnings = append(res.Warnings, fmt.Errorf("%w: %d of %d for a missing weight", ErrMissingRows, d.report.WeightMissing, d.report.RowsRead))
			}
		}
	case MissingPairwise:
		res, info, err = d.analyzePairwise(d.ws, opts)
	case MissingDummy:
		res, inds, err = d.analyzeDummy(d.ws, opts)
	}
	if err != nil {
		return nil, err
	}
	if opts.Missing != MissingListwise && d.excluded() > 0 {
		res.Warnings = append(res.Warnings, fmt.Errorf("%w: %d of %d for a missing outcome or weight, a weight of zero or no driver answered", ErrMissingRows, d.excluded(), d.report.RowsRead))
	}
	rep := d.report
	rep.Indicators = inds
	if opts.Missing == MissingPairwise {
		rep.PairwiseMinN, rep.MinEigenvalue, rep.Repaired, rep.RepairDistance = info.minN, info.minEig, info.repaired, info.dist
	}
	res.MissingReport = &rep
	return res, nil
}

// withoutMissingWeights returns the rows whose weight is not NaN.
func withoutMissingWeights(x mat.Matrix, y, weights []float64) (*mat.Dense, []float64, []float64) {
	r, c := x.Dims()
	raw := rowMajor(x)
	var xs, ys, ws []float64
	for i := 0; i < r; i++ {
		if math.IsNaN(weights[i]) {
			continue
		}
		xs = append(xs, raw[i*c:i*c+c]...)
		ys = append(ys, y[i])
		ws = append(ws, weights[i])
	}
	if len(ys) == 0 {
		return mat.NewDense(1, c, make([]float64, c)), []float64{math.NaN()}, []float64{1}
	}
	return mat.NewDense(len(ys), c, xs), ys, ws
}

// indicatorSet is one indicator of dummy-variable adjustment: the drivers
// observed on the rows where it is 1 (same) and where it is 0 (opp).
type indicatorSet struct {
	first     int
	same, opp []int
	pattern   []bool // per eligible row: 1
}

// dummyStructure returns the drivers with a missing value on the rows of
// positive weight under w (nil = 1) and the indicators, merging same and
// opposite patterns (rows of weight zero do not count).
func (d *missingData) dummyStructure(w []float64) (miss []int, inds []*indicatorSet) {
	n, p := d.n, d.p
	for j := 0; j < p; j++ {
		has := false
		for i := 0; i < n && !has; i++ {
			has = math.IsNaN(d.xs[i*p+j]) && (w == nil || w[i] > 0)
		}
		if has {
			miss = append(miss, j)
		}
	}
	for _, j := range miss {
		pat := make([]bool, n)
		for i := range pat {
			pat[i] = !math.IsNaN(d.xs[i*p+j])
		}
		merged := false
		for _, o := range inds {
			same, opp := true, true
			for i := 0; i < n && (same || opp); i++ {
				if w != nil && w[i] == 0 {
					continue
				}
				if pat[i] != o.pattern[i] {
					same = false
				} else {
					opp = false
				}
			}
			switch {
			case same:
				o.same = append(o.same, j)
				merged = true
			case opp:
				o.opp = append(o.opp, j)
				merged = true
			}
			if merged {
				break
			}
		}
		if !merged {
			inds = append(inds, &indicatorSet{first: j, same: []int{j}, pattern: pat})
		}
	}
	return miss, inds
}

// dummyFill writes the design of dummy-variable adjustment under the
// weights w (nil = 1) to dst (n × (p + len(inds)), row-major): the drivers
// in miss with their missing values replaced by the weighted mean of
// their observed values, then the indicators.
func (d *missingData) dummyFill(w []float64, miss []int, inds []*indicatorSet, dst []float64) error {
	n, p := d.n, d.p
	q := p + len(inds)
	means := make([]float64, p)
	for _, j := range miss {
		means[j] = d.observedMean(j, w)
		if math.IsNaN(means[j]) {
			return &DriverError{Names: []string{d.names[j]}, Err: ErrNeverObserved}
		}
	}
	for i := 0; i < n; i++ {
		row := dst[i*q : i*q+q]
		for j := 0; j < p; j++ {
			v := d.xs[i*p+j]
			if math.IsNaN(v) {
				v = means[j]
			}
			row[j] = v
		}
		for k, o := range inds {
			row[p+k] = 0
			if o.pattern[i] {
				row[p+k] = 1
			}
		}
	}
	return nil
}

// dummyDesign returns the design of dummy-variable adjustment on the
// eligible rows under the weights w (nil = 1): the drivers with missing
// values filled by the weighted mean of their observed values, then the
// indicators, with the options extended by the indicators' names, groups
// and always variables.
func (d *missingData) dummyDesign(w []float64, opts Options) (*mat.Dense, Options, []Indicator, error) {
	n, p := d.n, d.p
	miss, inds := d.dummyStructure(w)
	q := p + len(inds)
	xd := mat.NewDense(n, q, nil)
	if err := d.dummyFill(w, miss, inds, xd.RawMatrix().Data); err != nil {
		return nil, opts, nil, err
	}
	out := make([]Indicator, len(inds))
	names := slices.Clone(d.names)
	for k, o := range inds {
		var sw, s1 acc
		for i := 0; i < n; i++ {
			wi := 1.0
			if w != nil {
				wi = w[i]
			}
			sw.add(wi)
			if o.pattern[i] {
				s1.add(wi)
			}
		}
		ix := Indicator{Name: IndicatorPrefix + d.names[o.first], Share: s1.value() / sw.value()}
		for _, j := range o.same {
			ix.Same = append(ix.Same, d.names[j])
		}
		for _, j := range o.opp {
			ix.Opposite = append(ix.Opposite, d.names[j])
		}
		out[k] = ix
		names = append(names, ix.Name)
	}
	// The indicator follows its first driver into a group or the always
	// variables.
	o2 := opts
	o2.Names = names
	o2.Missing = MissingListwise
	if len(opts.Groups) > 0 {
		o2.Groups = make([]Group, len(opts.Groups))
		for g, grp := range opts.Groups {
			o2.Groups[g] = Group{Name: grp.Name, Members: slices.Clone(grp.Members)}
		}
	}
	o2.Always = slices.Clone(opts.Always)
	for k, o := range inds {
		first := d.names[o.first]
		placed := false
		for g := range o2.Groups {
			if slices.Contains(opts.Groups[g].Members, first) {
				o2.Groups[g].Members = append(o2.Groups[g].Members, out[k].Name)
				placed = true
				break
			}
		}
		if !placed && slices.Contains(opts.Always, first) {
			o2.Always = append(o2.Always, out[k].Name)
		}
	}
	return xd, o2, out, nil
}

// analyzeDummy runs dummy-variable adjustment under the weights w.
func (d *missingData) analyzeDummy(w []float64, opts Options) (*Result, []Indicator, error) {
	xd, o2, inds, err := d.dummyDesign(w, opts)
	if err != nil {
		return nil, nil, err
	}
	res, err := analyzeListwise(xd, d.ys, w, o2)
	if err != nil {
		return nil, nil, err
	}
	res.Missing = d.excluded()
	return res, inds, nil
}

// pairwiseInfo describes the last pairwise matrix.
type pairwiseInfo struct {
	minN     int
	minEig   float64
	repaired bool
	dist     float64
}

// pairwiseComoments returns the co-moment matrix used by MissingPairwise
// under the weights w (nil = 1), outcome first: with R the pairwise
// correlation matrix (repaired if needed), s_i the standard deviation of
// variable i over the rows where it is observed (cov.wt divisor
// W − W₂/W) and n the smallest pairwise count,
//
//	C = (n − 1) D R D,   D = diag(s),
//
// as AnalyzeCov takes a covariance matrix estimated from n rows; also the
// available-case means and the sum of the weights.
//
// The pairwise correlation of variables i and j is over the rows O_ij on
// which both are observed (and the weight is positive), with the means of
// those rows:
//
//	r_ij = Σ_O w (x_i − m_i)(x_j − m_j) / sqrt(Σ_O w (x_i − m_i)² Σ_O w (x_j − m_j)²).
func (d *missingData) pairwiseComoments(w []float64) (*mat.SymDense, []float64, float64, pairwiseInfo, error) {
	n, p := d.n, d.p
	k := p + 1
	info := pairwiseInfo{minN: math.MaxInt, minEig: math.NaN(), dist: math.NaN()}
	val := func(i, v int) float64 { // row i, variable v (0 = outcome)
		if v == 0 {
			return d.ys[i]
		}
		return d.xs[i*p+v-1]
	}
	wt := func(i int) float64 {
		if w == nil {
			return 1
		}
		return w[i]
	}
	all := append([]string{d.outcome}, d.names...)
	corr := mat.NewSymDense(k, nil)
	sd := make([]float64, k)
	means := make([]float64, k)
	var wsum acc
	for i := 0; i < n; i++ {
		wsum.add(wt(i))
	}
	// Moments of the rows of each pattern of observed variables (West's
	// weighted update), merged per pair by the update of Chan, Golub and
	// LeVeque (see Moments): one pass over the rows.
	pats := d.missingPatterns()
	type patMom struct {
		n       int
		w, w2   float64
		mean, c []float64
	}
	moms := make([]patMom, len(pats.vars))
	for q, vars := range pats.vars {
		kv := len(vars)
		moms[q] = patMom{mean: make([]float64, kv), c: make([]float64, kv*kv)}
	}
	dv := make([]float64, k)
	for i := 0; i < n; i++ {
		wi := wt(i)
		if wi == 0 {
			continue
		}
		q := pats.id[i]
		pm := &moms[q]
		vars := pats.vars[q]
		kv := len(vars)
		wOld := pm.w
		pm.n++
		pm.w += wi
		pm.w2 += wi * wi
		r := wi / pm.w
		for t, v := range vars {
			dv[t] = val(i, v) - pm.mean[t]
			pm.mean[t] += dv[t] * r
		}
		f := wi * wOld / pm.w
		for t := 0; t < kv; t++ {
			ft := f * dv[t]
			row := pm.c[t*kv : t*kv+kv]
			for u := t; u < kv; u++ {
				row[u] += ft * dv[u]
			}
		}
	}
	// pair returns the weighted sums of the rows observed on a and b.
	pair := func(a, b int) (cnt int, sw, caa, cbb, cab, w2 float64) {
		var ma, mb float64
		for q, pos := range pats.pos {
			pa, pb := pos[a], pos[b]
			pm := &moms[q]
			if pa < 0 || pb < 0 || pm.n == 0 {
				continue
			}
			kv := len(pats.vars[q])
			at := func(i, j int) float64 {
				if i > j {
					i, j = j, i
				}
				return pm.c[i*kv+j]
			}
			wn := sw + pm.w
			f := sw * pm.w / wn
			da, db := pm.mean[pa]-ma, pm.mean[pb]-mb
			caa += at(pa, pa) + f*da*da
			cbb += at(pb, pb) + f*db*db
			cab += at(pa, pb) + f*da*db
			ma += da * pm.w / wn
			mb += db * pm.w / wn
			sw = wn
			w2 += pm.w2
			cnt += pm.n
		}
		if a == b {
			means[a] = ma
		}
		return cnt, sw, caa, cbb, cab, w2
	}
	for a := 0; a < k; a++ {
		cnt, sw, caa, _, _, w2 := pair(a, a)
		switch {
		case cnt == 0:
			return nil, nil, 0, info, &DriverError{Names: []string{all[a]}, Err: ErrNeverObserved}
		case !(caa > 0) && a == 0:
			return nil, nil, 0, info, fmt.Errorf("driver: %w: outcome %s is constant", ErrConstant, d.outcome)
		case !(caa > 0):
			return nil, nil, 0, info, &DriverError{Names: []string{all[a]}, Err: ErrConstant}
		}
		sd[a] = math.Sqrt(caa / (sw - w2/sw))
		corr.SetSym(a, a, 1)
	}
	for a := 0; a < k; a++ {
		for b := a + 1; b < k; b++ {
			cnt, _, caa, cbb, cab, _ := pair(a, b)
			info.minN = min(info.minN, cnt)
			if cnt == 0 {
				return nil, nil, 0, info, fmt.Errorf("driver: %w: %s and %s are never observed together", ErrFewRows, all[a], all[b])
			}
			den := math.Sqrt(caa * cbb)
			if !(den > 0) {
				return nil, nil, 0, info, &DriverError{Names: []string{all[a], all[b]}, Detail: "constant where both are observed", Err: ErrConstant}
			}
			corr.SetSym(a, b, math.Max(-1, math.Min(1, cab/den)))
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(corr, false) {
		return nil, nil, 0, info, fmt.Errorf("driver: %w: eigenvalues of the pairwise correlation matrix did not converge", ErrNotCovariance)
	}
	info.minEig = eig.Values(nil)[0]
	if !(info.minEig >= -pairwiseNegTol) {
		fixed, err := nearestCorrelation(corr, PairwiseMinEigen)
		if err != nil {
			return nil, nil, 0, info, err
		}
		var diff mat.Dense
		diff.Sub(fixed, corr)
		info.repaired = true
		info.dist = mat.Norm(&diff, 2)
		corr = fixed
	}
	nn := info.minN
	if nn <= k {
		return nil, nil, 0, info, fmt.Errorf("driver: %w: %d rows behind the sparsest pairwise correlation for %d drivers", ErrFewRows, nn, p)
	}
	c := mat.NewSymDense(k, nil)
	for a := 0; a < k; a++ {
		for b := a; b < k; b++ {
			c.SetSym(a, b, float64(nn-1)*corr.At(a, b)*sd[a]*sd[b])
		}
	}
	return c, means, wsum.value(), info, nil
}

// patterns holds the patterns of observed variables (outcome 0, drivers
// 1..p) of the eligible rows: the pattern of each row, the variables
// observed in each pattern and the position of each variable among them
// (−1 when missing).
type patterns struct {
	id   []int
	vars [][]int
	pos  [][]int
}

// missingPatterns returns the patterns of d's rows, computed once.
func (d *missingData) missingPatterns() *patterns {
	d.patOnce.Do(func() {
		k := d.p + 1
		pt := &patterns{id: make([]int, d.n)}
		index := make(map[string]int)
		key := make([]byte, k)
		for i := 0; i < d.n; i++ {
			for j := 0; j < d.p; j++ {
				key[j+1] = 1
				if math.IsNaN(d.xs[i*d.p+j]) {
					key[j+1] = 0
				}
			}
			q, ok := index[string(key)]
			if !ok {
				q = len(pt.vars)
				index[string(key)] = q
				pos := make([]int, k)
				var vars []int
				for v := 0; v < k; v++ {
					pos[v] = -1
					if v == 0 || key[v] == 1 {
						pos[v] = len(vars)
						vars = append(vars, v)
					}
				}
				pt.vars = append(pt.vars, vars)
				pt.pos = append(pt.pos, pos)
			}
			pt.id[i] = q
		}
		d.pats = pt
	})
	return d.pats
}

// analyzePairwise runs the pairwise analysis under the weights w.
func (d *missingData) analyzePairwise(w []float64, opts Options) (*Result, pairwiseInfo, error) {
	if opts.Logistic {
		return nil, pairwiseInfo{}, fmt.Errorf("driver: %w: pairwise correlations with a logistic model", ErrMethodUnavailable)
	}
	c, means, sw, info, err := d.pairwiseComoments(w)
	if err != nil {
		return nil, info, err
	}
	res, err := analyzeComoments(c, means, float64(info.minN), info.minN, d.excluded(), d.outcome, d.names, opts)
	if err != nil {
		return nil, info, err
	}
	res.SumWeights = sw
	if info.repaired {
		res.Warnings = append(res.Warnings, fmt.Errorf("%w: smallest eigenvalue %.3g, raised to %g (Frobenius change %.3g)", ErrRepaired, info.minEig, PairwiseMinEigen, info.dist))
	}
	return res, info, nil
}

// nearestCorrelation returns the correlation matrix nearest to the
// symmetric matrix a in the Frobenius norm among those whose eigenvalues
// are at least delta, by the alternating projections with Dykstra's
// correction of Higham [1] (Algorithm 3.3 with W = I): from Y₀ = A and
// ΔS₀ = 0,
//
//	R_k = Y_k − ΔS_k,  X_k = P_S(R_k),  ΔS_{k+1} = X_k − R_k,  Y_{k+1} = P_U(X_k),
//
// where P_S replaces the eigenvalues below delta by delta and P_U sets the
// diagonal to 1, until ‖Y_{k+1} − Y_k‖_F ≤ 1e-12 ‖Y_{k+1}‖_F (at most 10000
// iterations). The limit has a unit diagonal and eigenvalues ≥ delta up to
// the tolerance; a last P_S step rescaled to unit diagonal,
// X ← diag(X)^(−1/2) X diag(X)^(−1/2), makes it positive definite exactly
// (R's Matrix::nearPD ends the same way).
func nearestCorrelation(a mat.Symmetric, delta float64) (*mat.SymDense, error) {
	k := a.SymmetricDim()
	y := mat.NewSymDense(k, nil)
	y.CopySym(a)
	ds := mat.NewSymDense(k, nil)
	r := mat.NewSymDense(k, nil)
	var eig mat.EigenSym
	var vec mat.Dense
	project := func(dst, src *mat.SymDense) error {
		if !eig.Factorize(src, true) {
			return fmt.Errorf("driver: %w: eigenvalues did not converge in the repair of a correlation matrix", ErrNotCovariance)
		}
		lam := eig.Values(nil)
		eig.VectorsTo(&vec)
		for i := range lam {
			lam[i] = math.Max(lam[i], delta)
		}
		for i := 0; i < k; i++ {
			for j := i; j < k; j++ {
				var s acc
				for m := 0; m < k; m++ {
					s.addProd(vec.At(i, m)*lam[m], vec.At(j, m))
				}
				dst.SetSym(i, j, s.value())
			}
		}
		return nil
	}
	x := mat.NewSymDense(k, nil)
	prev := mat.NewSymDense(k, nil)
	for it := 0; it < 10000; it++ {
		prev.CopySym(y)
		for i := 0; i < k; i++ {
			for j := i; j < k; j++ {
				r.SetSym(i, j, y.At(i, j)-ds.At(i, j))
			}
		}
		if err := project(x, r); err != nil {
			return nil, err
		}
		for i := 0; i < k; i++ {
			for j := i; j < k; j++ {
				ds.SetSym(i, j, x.At(i, j)-r.At(i, j))
				y.SetSym(i, j, x.At(i, j))
			}
			y.SetSym(i, i, 1)
		}
		var diff mat.Dense
		diff.Sub(y, prev)
		if mat.Norm(&diff, 2) <= 1e-12*mat.Norm(y, 2) {
			break
		}
	}
	if err := project(x, y); err != nil {
		return nil, err
	}
	out := mat.NewSymDense(k, nil)
	for i := 0; i < k; i++ {
		out.SetSym(i, i, 1)
		for j := i + 1; j < k; j++ {
			out.SetSym(i, j, x.At(i, j)/math.Sqrt(x.At(i, i)*x.At(j, j)))
		}
	}
	return out, nil
}
