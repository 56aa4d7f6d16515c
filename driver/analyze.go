package driver

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// Group is a set of drivers treated as one in the importance analysis (for
// example the steps of a journey phase): they enter and leave every
// submodel together, and importance is allocated to the group as a whole.
type Group struct {
	Name    string   `json:"name"`
	Members []string `json:"members"`
}

// PseudoR2 selects the fit statistic of a logistic model's dominance
// analysis.
type PseudoR2 int

// The pseudo-R² statistics, with LL the log-likelihood of the model, LL₀
// that of the intercept-only model and n the number of observations.
const (
	// McFadden is 1 − LL/LL₀ (McFadden 1974), the default.
	McFadden PseudoR2 = iota
	// Estrella is 1 − (LL/LL₀)^(−2 LL₀/n) (Estrella 1998).
	Estrella
	// CoxSnell is 1 − exp(2 (LL₀ − LL)/n) (Cox & Snell 1989).
	CoxSnell
	// Nagelkerke is CoxSnell / (1 − exp(2 LL₀/n)) (Nagelkerke 1991).
	Nagelkerke

	numPseudoR2 = iota
)

var pseudoNames = [numPseudoR2]string{"mcfadden", "estrella", "cox_snell", "nagelkerke"}

// String returns "mcfadden", "estrella", "cox_snell" or "nagelkerke".
func (s PseudoR2) String() string {
	if s < 0 || s >= numPseudoR2 {
		return fmt.Sprintf("PseudoR2(%d)", int(s))
	}
	return pseudoNames[s]
}

// MarshalText returns the name of s, as String.
func (s PseudoR2) MarshalText() ([]byte, error) {
	if s < 0 || s >= numPseudoR2 {
		return nil, fmt.Errorf("driver: %w: pseudo-R² %d", ErrMethod, int(s))
	}
	return []byte(pseudoNames[s]), nil
}

// UnmarshalText parses a name as ParsePseudoR2.
func (s *PseudoR2) UnmarshalText(b []byte) error {
	v, err := ParsePseudoR2(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// ParsePseudoR2 returns the statistic named name: "mcfadden", "estrella",
// "cox_snell" (or "coxsnell", "cox-snell") or "nagelkerke", in any case.
// Any other name gives an error wrapping ErrMethod.
func ParsePseudoR2(name string) (PseudoR2, error) {
	t := strings.ToLower(strings.TrimSpace(name))
	t = strings.ReplaceAll(t, "-", "_")
	if t == "coxsnell" {
		t = "cox_snell"
	}
	for i, n := range pseudoNames {
		if t == n {
			return PseudoR2(i), nil
		}
	}
	return 0, fmt.Errorf("driver: %w: pseudo-R² %q", ErrMethod, name)
}

// Options configures Analyze, AnalyzeMoments and AnalyzeCov. The zero
// value computes every metric defined for the model, with no groups and no
// always variables, on GOMAXPROCS goroutines.
type Options struct {
	// Outcome names the outcome; "" means "y" (AnalyzeMoments: the name
	// held by the Moments).
	Outcome string

	// Names names the drivers, one per column of x (AnalyzeCov: per row of
	// the matrix after the outcome). nil means "x1", "x2", ...
	// (AnalyzeMoments: the names held by the Moments).
	Names []string

	// Methods selects the metrics; the zero value means all that are
	// defined for the model, the others being skipped with a warning.
	// Asking explicitly for a metric that is not defined is an error
	// wrapping ErrMethodUnavailable.
	Methods Methods

	// Groups lists groups of drivers that are treated as one (relaimpo's
	// groups). Drivers in no group stay single. Only lmg, first, last and
	// dominance are defined with groups.
	Groups []Group

	// Always lists drivers that are in every submodel (relaimpo's always,
	// domir's .all): they are partialled out first and only the R² they
	// leave unexplained is decomposed among the other drivers. genizi, car
	// and rw are not defined with always variables.
	Always []string

	// Logistic fits a logistic regression of a 0/1 outcome instead of a
	// linear one (Analyze only); importance is then the dominance analysis
	// of the PseudoR2 statistic, and only first, last and dominance are
	// defined.
	Logistic bool

	// PseudoR2 is the fit statistic of a logistic model's dominance
	// analysis; the zero value is McFadden.
	PseudoR2 PseudoR2

	// Workers is the number of goroutines of the all-subsets enumeration;
	// 0 means GOMAXPROCS. Results do not depend on it.
	Workers int

	// AveCoef asks for the average coefficient of each driver over all
	// submodels of each size (relaimpo's ave.coeffs; linear models, single
	// drivers). It costs another enumeration of all subsets, a few times
	// that of lmg.
	AveCoef bool

	// MaxComplete is the largest number of drivers (groups counting as
	// one) for which complete dominance is computed: it needs the value of
	// every subset, a table of 8·2^p bytes. 0 means 26 (512 MiB) when
	// DominanceAnalysis is in Methods and 20 (8 MiB) when Methods is zero.
	// Beyond it complete dominance is skipped with a warning, or is an
	// error wrapping ErrTooManyDrivers when DominanceAnalysis is asked for
	// explicitly; lmg, conditional and general dominance need no table and
	// are always computed exactly. For a logistic model, which refits the
	// model on each of the 2^p subsets, it is the largest number of
	// drivers accepted (0 means 20; ErrTooManyDrivers beyond).
	MaxComplete int

	// Sampling, when Sampling.Permutations > 0, estimates lmg (general
	// dominance) by Monte Carlo sampling of random orderings of the
	// drivers instead of the exact enumeration of all subsets, for more
	// drivers than that can reach; each driver's lmg then comes with its
	// standard error (DriverResult.LMGSE), Result.Estimation is "sampled"
	// and Result.Sampling describes the run. Conditional and complete
	// dominance are not estimated (skipped with a warning, or an error
	// wrapping ErrMethodUnavailable when DominanceAnalysis is asked for
	// explicitly), and a logistic model cannot be sampled. The zero value
	// computes lmg exactly.
	Sampling Sampling

	// Missing is the treatment of missing driver values (NaN) by Analyze:
	// listwise deletion (the zero value), pairwise correlations or
	// dummy-variable adjustment; see [Missing]. AnalyzeMoments and
	// AnalyzeCov ignore it.
	Missing Missing
}

// Shares are the metrics of a driver normalised to sum to 1 over the
// drivers (relaimpo's rela = TRUE). For lmg, pratt, genizi, car and rw,
// which decompose R², this is the share of R² (of the R² left by the
// always variables); first, last and betasq do not decompose R² and their
// normalisation is only a convenience. NaN where the metric was not
// computed.
type Shares struct {
	LMG    float64 `json:"lmg"`
	First  float64 `json:"first"`
	Last   float64 `json:"last"`
	Betasq float64 `json:"betasq"`
	Pratt  float64 `json:"pratt"`
	Genizi float64 `json:"genizi"`
	CAR    float64 `json:"car"`
	RW     float64 `json:"rw"`
}

// MarshalJSON encodes s with NaN written as null.
func (s Shares) MarshalJSON() ([]byte, error) { return marshalSafe(s) }

// UnmarshalJSON decodes s, reading null as NaN.
func (s *Shares) UnmarshalJSON(b []byte) error { return unmarshalSafe(b, s) }

// DriverResult is the importance of one driver (or group). The metrics
// are in R² units (relaimpo's rela = FALSE: shares of the outcome's
// variance) and NaN (null in JSON) when not computed. With p drivers,
// R the correlation matrix of the drivers, r their correlations with the
// outcome and β = R⁻¹ r the standardized coefficients of the full model:
//
//	lmg_j    = Σ_{S ∌ j} |S|! (p−|S|−1)! / p! · [R²(S ∪ j) − R²(S)]
//	first_j  = R²({j}) = r_j²
//	last_j   = R²(all) − R²(all ∖ j) = β_j² / (R⁻¹)_jj
//	betasq_j = β_j²
//	pratt_j  = β_j r_j
//	genizi_j = rw_j = Σ_k (R^(1/2))_jk² ω_k²,   ω = R^(−1/2) r
//	car_j    = ω_j²
//
// With always variables A, R²(S) is replaced by R²(S ∪ A) − R²(A) and the
// coefficients are those of the full model (so the metrics stay in units
// of the outcome's total variance, as in relaimpo). For a group g, first
// and last use R²(g) and R²(all) − R²(all ∖ g).
type DriverResult struct {
	Name    string   `json:"name"`
	Members []string `json:"members"` // the drivers of a group; [Name] for a single driver

	// Coef, SE, StdCoef and VIF describe the driver in the full model
	// (all drivers, always variables included): its coefficient, standard
	// error, standardized coefficient b_j sd(x_j)/sd(y) and variance
	// inflation factor. NaN for a group, and Coef is standardized when the
	// input was a correlation matrix.
	Coef    float64 `json:"coef"`
	SE      float64 `json:"se"`
	StdCoef float64 `json:"std_coef"`
	VIF     float64 `json:"vif"`

	LMG    float64 `json:"lmg"`
	First  float64 `json:"first"`
	Last   float64 `json:"last"`
	Betasq float64 `json:"betasq"`
	Pratt  float64 `json:"pratt"`
	Genizi float64 `json:"genizi"`
	CAR    float64 `json:"car"`
	RW     float64 `json:"rw"`

	// LMGSE is the Monte Carlo standard error of LMG when it was estimated
	// by sampling (Result.Estimation "sampled"): the standard deviation of
	// the antithetic pair means over √(number of pairs). 0 when LMG is
	// exact, NaN when LMG was not computed. Share's standard error is
	// LMGSE / Result.R2Decomposed (R2Decomposed is exact).
	LMGSE float64 `json:"lmg_se"`

	// Importance is the driver's Shapley share of the fit statistic: lmg
	// for a linear model, general dominance of the pseudo-R² for a
	// logistic one (NaN when neither was computed). Share is Importance
	// divided by Result.R2Decomposed, summing to 1 over the drivers, and
	// Rank orders the drivers by Importance (1 = most important; ties get
	// the same rank; 0 when Importance is NaN).
	Importance float64 `json:"importance"`
	Share      float64 `json:"share"`
	Rank       int     `json:"rank"`

	// Shares holds every metric normalised to sum to 1.
	Shares Shares `json:"shares"`

	// AveCoef, when Options.AveCoef is set, holds the average
	// unstandardized coefficient of the driver over all submodels with
	// k = 1..p drivers (groups counting as one) that include it
	// (relaimpo's ave.coeffs "1X", "2Xs", ...); with always variables the
	// submodels include them. nil for a group or when not asked for.
	AveCoef []float64 `json:"ave_coef"`

	// CI holds, in a Result returned inside a BootResult, the bootstrap
	// confidence interval of every metric computed for the driver,
	// importance, share and rank included (see Bootstrap); nil otherwise.
	CI map[Metric]Interval `json:"ci"`
}

// MarshalJSON encodes d with NaN written as null.
func (d DriverResult) MarshalJSON() ([]byte, error) { return marshalSafe(d) }

// UnmarshalJSON decodes d, reading null as NaN.
func (d *DriverResult) UnmarshalJSON(b []byte) error { return unmarshalSafe(b, d) }

// Result is a key-driver analysis: the fit of the full model and the
// importance of each driver.
type Result struct {
	N          int     `json:"n"`           // rows used (complete cases with positive weight); 0 when unknown
	Missing    int     `json:"missing"`     // rows dropped for a missing value
	SumWeights float64 `json:"sum_weights"` // Σ w over the rows used (N without weights)

	Model     string `json:"model"`     // "linear" or "logistic"
	Statistic string `json:"statistic"` // "r2" or the pseudo-R², e.g. "mcfadden"
	Outcome   string `json:"outcome"`

	// R2 is the statistic of the full model (R², or the pseudo-R²),
	// always variables included; R2Always that of the always variables
	// alone (0 without) and R2Decomposed = R2 − R2Always the part shared
	// among the drivers (relaimpo's R2.decomp).
	R2           float64 `json:"r2"`
	R2Always     float64 `json:"r2_always"`
	R2Decomposed float64 `json:"r2_decomposed"`

	Always  []string       `json:"always"`  // the always variables
	Methods Methods        `json:"methods"` // the metrics computed
	Drivers []DriverResult `json:"drivers"` // groups in the order given, then the ungrouped drivers in input order

	// Dominance is the dominance analysis (nil unless computed).
	Dominance *Dominance `json:"dominance"`

	// Estimation is "exact" when lmg (or the dominance analysis) comes
	// from the enumeration of all subsets, "sampled" when lmg was
	// estimated by Monte Carlo sampling of orderings (Options.Sampling;
	// see DriverResult.LMGSE), and "" when none of them was computed.
	// Sampling describes the sampling run; nil when exact.
	Estimation string          `json:"estimation"`
	Sampling   *SamplingResult `json:"sampling"`

	// Regression is the full linear model (every driver, always variables
	// included): by OLS on the rows for Analyze, by OLSMoments for
	// AnalyzeMoments and AnalyzeCov (the intercept and Cond are then NaN
	// for AnalyzeCov, which has no means). nil for a logistic model.
	Regression *OLSResult `json:"regression"`

	// Logistic is the full logistic model for a logistic analysis, else
	// nil.
	Logistic *LogisticResult `json:"logistic"`

	// Warnings lists non-fatal findings: metrics skipped, complete
	// dominance skipped, rows dropped for missing values, and the warnings
	// of the regression (collinearity, negative coefficients).
	Warnings []error `json:"warnings"`

	// MissingReport says, for Analyze, how missing values were treated
	// (Options.Missing) and how many rows and answers each driver kept;
	// nil for AnalyzeMoments and AnalyzeCov.
	MissingReport *MissingReport `json:"missing_data"`

	// Bootstrap describes, in a Result returned inside a BootResult, the
	// bootstrap that gave DriverResult.CI; nil otherwise.
	Bootstrap *BootInfo `json:"bootstrap"`
}

// AnalyzeCov returns the key-driver analysis of the covariance or
// correlation matrix cov of the outcome (row and column 0) and the drivers
// (rows 1..p, named by opts.Names), estimated from n rows. Nothing but the
// matrix is needed: moments computed elsewhere (a database, another
// program) can be analysed. n is used for the regression's standard
// errors, tests and intervals only, taking cov as a sample covariance
// (divisor n − 1); n = 0 means unknown (N = 0, those are NaN). Given a
// correlation matrix, Coef is the standardized coefficient. Without means
// the intercept and the design's condition number are NaN.
//
// Only linear models can be analysed this way (opts.Logistic is an error
// wrapping ErrMethodUnavailable). Errors: ErrNotCovariance (not symmetric,
// a negative variance, or not positive semi-definite), ErrConstant (a
// *DriverError naming constant drivers, or a constant outcome),
// ErrNonFinite, ErrShape, ErrFewRows (0 < n ≤ p + 1), ErrSingular and
// ErrIllConditioned (a *ConditionError naming collinear drivers), and the
// errors of Options (ErrName, ErrGroup, ErrMethod, ErrMethodUnavailable,
// ErrTooManyDrivers, ErrNoDrivers).
func AnalyzeCov(cov mat.Symmetric, n int, opts Options) (*Result, error) {
	k := cov.SymmetricDim()
	if k < 2 {
		return nil, fmt.Errorf("driver: %w", ErrNoDrivers)
	}
	for i := 0; i < k; i++ {
		for j := i + 1; j < k; j++ {
			a, b := cov.At(i, j), cov.At(j, i)
			if a != b && math.Abs(a-b) > 1e-12*math.Max(math.Abs(a), math.Abs(b)) {
				return nil, fmt.Errorf("driver: %w: not symmetric at (%d, %d)", ErrNotCovariance, i, j)
			}
		}
	}
	if n < 0 {
		return nil, fmt.Errorf("driver: %w: n = %d", ErrFewRows, n)
	}
	outcome, names, err := resolveNames(opts, k-1, "y", nil)
	if err != nil {
		return nil, err
	}
	c := mat.NewSymDense(k, nil)
	c.CopySym(cov)
	if n > 1 {
		c.ScaleSym(float64(n-1), c) // co-moments, as if unweighted
	}
	return analyzeComoments(c, nil, float64(max(n, 0)), n, 0, outcome, names, opts)
}

// AnalyzeMoments returns the key-driver analysis of the outcome (variable
// 0) and drivers (variables 1..) summarised by m, weighted as the rows
// were. The results equal those of Analyze on the same rows up to
// rounding. opts.Names and opts.Outcome, when given, override the names
// held by m. Only linear models can be analysed from moments. Errors as
// AnalyzeCov.
func AnalyzeMoments(m *Moments, opts Options) (*Result, error) {
	k := m.Dim()
	if k < 2 {
		return nil, fmt.Errorf("driver: %w", ErrNoDrivers)
	}
	outcome, names, err := resolveNames(opts, k-1, m.names[0], m.names[1:])
	if err != nil {
		return nil, err
	}
	if m.N() < k+1 {
		return nil, fmt.Errorf("driver: %w: %d rows for %d drivers", ErrFewRows, m.N(), k-1)
	}
	c := mat.NewSymDense(k, nil)
	m.CoMomentTo(c)
	return analyzeComoments(c, m.Mean(nil), m.SumWeights(), m.N(), m.Missing(), outcome, names, opts)
}

func resolveNames(opts Options, p int, outcome string, names []string) (string, []string, error) {
	if opts.Outcome != "" {
		outcome = opts.Outcome
	}
	if opts.Names != nil {
		names = opts.Names
	}
	if names == nil {
		names = defaultNames(p)[1:]
	}
	if len(names) != p {
		return "", nil, fmt.Errorf("driver: %w: %d names for %d drivers", ErrShape, len(names), p)
	}
	return outcome, slices.Clone(names), nil
}

// analyzeComoments is the linear analysis of the co-moment matrix c.
func analyzeComoments(c *mat.SymDense, means []float64, w float64, n, missing int, outcome string, names []string, opts Options) (*Result, error) {
	if opts.Logistic {
		return nil, fmt.Errorf("driver: %w: a logistic model needs the rows (Analyze)", ErrMethodUnavailable)
	}
	pl, err := newPlan(outcome, names, opts)
	if err != nil {
		return nil, err
	}
	reg, err := olsComoments(c, means, w, n, names, 0.95)
	if err != nil {
		return nil, err
	}
	li, err := linearFromCov(c, pl, opts.Workers)
	if err != nil {
		return nil, err
	}
	return newLinearResult(pl, li, reg, missing, w), nil
}

// newLinearResult assembles the Result of a linear analysis.
func newLinearResult(pl *plan, li *linearImportance, reg *OLSResult, missing int, w float64) *Result {
	res := &Result{
		N: reg.N, Missing: missing, SumWeights: w,
		Model: "linear", Statistic: "r2", Outcome: pl.outcome,
		R2: li.r2, R2Always: li.r2Always, R2Decomposed: li.r2Decomp,
		Methods: pl.methods, Dominance: li.dom, Regression: reg,
		Sampling: li.sampling,
	}
	switch {
	case li.sampling != nil:
		res.Estimation = "sampled"
	case pl.methods.Has(LMG) || pl.methods.Has(DominanceAnalysis):
		res.Estimation = "exact"
	}
	for _, a := range pl.always {
		res.Always = append(res.Always, pl.names[a])
	}
	res.Warnings = append(res.Warnings, pl.warnings...)
	res.Warnings = append(res.Warnings, li.warnings...)
	res.Warnings = append(res.Warnings, reg.Warnings...)
	np := len(pl.players)
	res.Drivers = make([]DriverResult, np)
	for i, p := range pl.players {
		d := &res.Drivers[i]
		d.Name = p.name
		for _, m := range p.members {
			d.Members = append(d.Members, pl.names[m])
		}
		d.Coef, d.SE, d.StdCoef, d.VIF = math.NaN(), math.NaN(), math.NaN(), math.NaN()
		if len(p.members) == 1 {
			j := p.members[0]
			d.Coef, d.SE, d.StdCoef, d.VIF = reg.Coef[j], reg.SE[j], reg.StdCoef[j], reg.VIF[j]
		}
		d.LMG, d.First, d.Last, d.Betasq = li.lmg[i], li.first[i], li.last[i], li.betasq[i]
		d.Pratt, d.Genizi, d.CAR, d.RW = li.pratt[i], li.genizi[i], li.car[i], li.rw[i]
		d.Importance = d.LMG
		d.LMGSE = math.NaN()
		if !math.IsNaN(d.LMG) {
			d.LMGSE = 0
			if li.lmgSE != nil {
				d.LMGSE = li.lmgSE[i]
			}
		}
		if li.aveCoef != nil {
			d.AveCoef = li.aveCoef[i]
		}
	}
	if res.Dominance != nil {
		res.Dominance.Names = playerNames(pl)
	}
	fillShares(res)
	return res
}

func playerNames(pl *plan) []string {
	s := make([]string, len(pl.players))
	for i, p := range pl.players {
		s[i] = p.name
	}
	return s
}

// fillShares sets Share, Rank and Shares of the drivers.
func fillShares(res *Result) {
	ds := res.Drivers
	norm := func(get func(*DriverResult) float64, set func(*DriverResult, float64)) {
		var s dd
		for i := range ds {
			s.add(get(&ds[i]))
		}
		t := s.value()
		for i := range ds {
			set(&ds[i], get(&ds[i])/t)
		}
	}
	norm(func(d *DriverResult) float64 { return d.LMG }, func(d *DriverResult, v float64) { d.Shares.LMG = v })
	norm(func(d *DriverResult) float64 { return d.First }, func(d *DriverResult, v float64) { d.Shares.First = v })
	norm(func(d *DriverResult) float64 { return d.Last }, func(d *DriverResult, v float64) { d.Shares.Last = v })
	norm(func(d *DriverResult) float64 { return d.Betasq }, func(d *DriverResult, v float64) { d.Shares.Betasq = v })
	norm(func(d *DriverResult) float64 { return d.Pratt }, func(d *DriverResult, v float64) { d.Shares.Pratt = v })
	norm(func(d *DriverResult) float64 { return d.Genizi }, func(d *DriverResult, v float64) { d.Shares.Genizi = v })
	norm(func(d *DriverResult) float64 { return d.CAR }, func(d *DriverResult, v float64) { d.Shares.CAR = v })
	norm(func(d *DriverResult) float64 { return d.RW }, func(d *DriverResult, v float64) { d.Shares.RW = v })
	for i := range ds {
		ds[i].Share = ds[i].Importance / res.R2Decomposed
	}
	order := make([]int, 0, len(ds))
	for i := range ds {
		if !math.IsNaN(ds[i].Importance) {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return ds[order[a]].Importance > ds[order[b]].Importance })
	for r, i := range order {
		ds[i].Rank = r + 1
		if r > 0 && ds[i].Importance == ds[order[r-1]].Importance {
			ds[i].Rank = ds[order[r-1]].Rank
		}
	}
}

// Analyze returns the key-driver analysis of the outcome y on the drivers
// in the columns of x: the full regression and the importance metrics
// selected by opts. Rows with a NaN in y or x are dropped (listwise
// deletion, as relaimpo and R's na.omit; the count is in Missing and a
// warning), and so are rows of weight zero. opts.Missing selects pairwise
// correlations or dummy-variable adjustment instead (see [Missing]); rows
// with a missing outcome or a missing (NaN) or zero weight are always
// excluded, and Result.MissingReport counts every exclusion.
//
// If weights is nil then all of the weights are 1. If weights is not nil,
// then len(weights) must equal len(y).
//
// A linear model (the default) is fitted by OLS on the rows used; the rows
// are also read once into Moments (see MomentsOf), and every importance
// metric is computed from the correlation matrix, lmg and dominance by one
// exact enumeration of all subsets (see the package documentation). With
// opts.Logistic the outcome must be 0/1; the full model is fitted by
// Logistic and each of the 2^p subsets of drivers (groups counting as one)
// is refitted for the dominance analysis of opts.PseudoR2 (first and last
// are its conditional values at sizes 0 and p−1).
//
// The inputs are not modified. Errors: those of OLS or Logistic on the
// rows used (ErrFewRows, ErrConstant, ErrSingular, ErrIllConditioned,
// ErrNotBinary, ErrSeparation, ...), ErrShape, ErrWeightsLength,
// ErrBadWeight (a negative or non-finite weight), ErrNonFinite, and the
// errors of Options (ErrName, ErrGroup, ErrMethod, ErrMethodUnavailable,
// ErrTooManyDrivers, ErrNoDrivers).
func Analyze(x mat.Matrix, y, weights []float64, opts Options) (*Result, error) {
	return analyzeMissing(x, y, weights, opts)
}

// analyzeListwise is Analyze with listwise deletion.
func analyzeListwise(x mat.Matrix, y, weights []float64, opts Options) (*Result, error) {
	r, c := x.Dims()
	if r != len(y) {
		return nil, fmt.Errorf("driver: %w: x has %d rows, y has %d values", ErrShape, r, len(y))
	}
	outcome, names, err := resolveNames(opts, c, "y", nil)
	if err != nil {
		return nil, err
	}
	m, err := MomentsOf(x, y, weights, append([]string{outcome}, names...))
	if err != nil {
		return nil, err
	}
	xs, ys, ws := completeRows(x, y, weights)
	if len(ys) == 0 {
		return nil, noCompleteRows(x, y, weights, outcome, names)
	}
	var res *Result
	if opts.Logistic {
		res, err = analyzeLogistic(xs, ys, ws, m, outcome, names, opts)
	} else {
		res, err = analyzeLinear(xs, ys, ws, m, outcome, names, opts)
	}
	if err != nil {
		return nil, err
	}
	if opts.Logistic {
		res.Estimation = "exact"
		for i := range res.Drivers {
			res.Drivers[i].LMGSE = math.NaN()
		}
	}
	if m.Missing() > 0 {
		res.Warnings = append(res.Warnings, fmt.Errorf("%w: %d of %d (listwise deletion)", ErrMissingRows, m.Missing(), r))
	}
	return res, nil
}

// noCompleteRows returns the ErrFewRows error for data without a complete
// row of positive weight, saying why: no rows, a variable without any
// value (named), no positive weight, or values missing here and there.
func noCompleteRows(x mat.Matrix, y, weights []float64, outcome string, names []string) error {
	r, c := x.Dims()
	if r == 0 {
		return fmt.Errorf("driver: %w: no rows", ErrFewRows)
	}
	var empty []string
	if !slices.ContainsFunc(y, func(v float64) bool { return !math.IsNaN(v) }) {
		empty = append(empty, outcome)
	}
	for j := 0; j < c; j++ {
		none := true
		for i := 0; i < r && none; i++ {
			none = math.IsNaN(x.At(i, j))
		}
		if none {
			empty = append(empty, names[j])
		}
	}
	switch {
	case len(empty) > 0:
		return fmt.Errorf("driver: %w: 0 of %d; no value at all for %s", ErrFewRows, r, quoteList(empty))
	case weights != nil && !slices.ContainsFunc(weights, func(w float64) bool { return w > 0 }):
		return fmt.Errorf("driver: %w: 0 of %d; no row has a positive weight", ErrFewRows, r)
	}
	return fmt.Errorf("driver: %w: 0 of %d; each row misses the outcome, a driver or its weight", ErrFewRows, r)
}

// completeRows returns the rows with no NaN and a positive weight.
func completeRows(x mat.Matrix, y, weights []float64) (*mat.Dense, []float64, []float64) {
	r, c := x.Dims()
	var keep []int
	for i := 0; i < r; i++ {
		ok := !math.IsNaN(y[i]) && (weights == nil || weights[i] > 0)
		for j := 0; ok && j < c; j++ {
			ok = !math.IsNaN(x.At(i, j))
		}
		if ok {
			keep = append(keep, i)
		}
	}
	var xs *mat.Dense
	if len(keep) > 0 {
		xs = mat.NewDense(len(keep), c, nil)
	}
	ys := make([]float64, len(keep))
	var ws []float64
	if weights != nil {
		ws = make([]float64, len(keep))
	}
	for t, i := range keep {
		for j := 0; j < c; j++ {
			xs.Set(t, j, x.At(i, j))
		}
		ys[t] = y[i]
		if weights != nil {
			ws[t] = weights[i]
		}
	}
	return xs, ys, ws
}

func analyzeLinear(xs *mat.Dense, ys, ws []float64, m *Moments, outcome string, names []string, opts Options) (*Result, error) {
	pl, err := newPlan(outcome, names, opts)
	if err != nil {
		return nil, err
	}
	if xs == nil {
		return nil, fmt.Errorf("driver: %w: no complete rows", ErrFewRows)
	}
	reg, err := OLS(xs, ys, ws, OLSOptions{Names: names})
	if err != nil {
		return nil, err
	}
	c := mat.NewSymDense(m.Dim(), nil)
	m.CoMomentTo(c)
	li, err := linearFromCov(c, pl, opts.Workers)
	if err != nil {
		return nil, err
	}
	return newLinearResult(pl, li, reg, m.Missing(), m.SumWeights()), nil
}
