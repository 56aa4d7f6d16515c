package driver

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// player is one unit of importance: a driver or a group of drivers that
// enter and leave every submodel together.
type player struct {
	name    string
	members []int // indices of the drivers (columns of x), in input order
}

// plan is the resolved form of Options for a set of drivers.
type plan struct {
	outcome  string
	names    []string // every driver, input order
	players  []player // groups (in the order given), then the ungrouped drivers in input order
	always   []int    // drivers partialled out first
	grouped  bool     // at least one group
	methods  Methods  // metrics to compute
	complete bool     // keep the table of subset values for complete dominance
	aveCoef  bool     // average coefficients by model size
	sampling Sampling // lmg by Monte Carlo sampling when enabled
	warnings []error
}

// cols returns the driver indices of the players in player order.
func (pl *plan) cols() []int {
	var c []int
	for _, p := range pl.players {
		c = append(c, p.members...)
	}
	return c
}

// defaultMaxComplete is the default largest number of players for which
// complete dominance keeps the table of 2^p subset values (8·2^26 bytes =
// 512 MiB) when dominance is asked for explicitly; defaultMaxCompleteAll
// is the default when Options.Methods is zero (8 MiB, a fraction of a
// second).
const (
	defaultMaxComplete    = 26
	defaultMaxCompleteAll = 20
)

// newPlan resolves opts for the drivers named names. logistic selects the
// metrics defined for a logistic model.
func newPlan(outcome string, names []string, opts Options) (*plan, error) {
	pl := &plan{outcome: outcome, names: names}
	index := make(map[string]int, len(names))
	for i, n := range names {
		if n == "" {
			return nil, fmt.Errorf("driver: %w: driver %d has an empty name", ErrName, i+1)
		}
		if _, dup := index[n]; dup {
			return nil, fmt.Errorf("driver: %w: %q given twice", ErrName, n)
		}
		index[n] = i
	}
	lookup := func(what, n string) (int, error) {
		i, ok := index[n]
		if !ok {
			return 0, fmt.Errorf("driver: %w: %s %q is not a driver", ErrName, what, n)
		}
		return i, nil
	}
	role := make([]int, len(names)) // 0 free, 1 always, 2 grouped
	for _, n := range opts.Always {
		i, err := lookup("always variable", n)
		if err != nil {
			return nil, err
		}
		if role[i] != 0 {
			return nil, fmt.Errorf("driver: %w: always variable %q given twice", ErrName, n)
		}
		role[i] = 1
		pl.always = append(pl.always, i)
	}
	gnames := make(map[string]bool)
	for g, grp := range opts.Groups {
		if grp.Name == "" {
			return nil, fmt.Errorf("driver: %w: group %d has no name", ErrGroup, g+1)
		}
		if gnames[grp.Name] {
			return nil, fmt.Errorf("driver: %w: group name %q given twice", ErrGroup, grp.Name)
		}
		gnames[grp.Name] = true
		if len(grp.Members) == 0 {
			return nil, fmt.Errorf("driver: %w: group %q is empty", ErrGroup, grp.Name)
		}
		p := player{name: grp.Name}
		for _, n := range grp.Members {
			i, err := lookup(fmt.Sprintf("member of group %q", grp.Name), n)
			if err != nil {
				return nil, err
			}
			switch role[i] {
			case 1:
				return nil, fmt.Errorf("driver: %w: %q is both in group %q and an always variable", ErrGroup, n, grp.Name)
			case 2:
				return nil, fmt.Errorf("driver: %w: %q is in two groups (or twice in %q)", ErrGroup, n, grp.Name)
			}
			role[i] = 2
			p.members = append(p.members, i)
		}
		pl.players = append(pl.players, p)
	}
	pl.grouped = len(opts.Groups) > 0
	for i, n := range names {
		if role[i] == 0 {
			if gnames[n] {
				return nil, fmt.Errorf("driver: %w: group name %q is also the name of an ungrouped driver", ErrGroup, n)
			}
			pl.players = append(pl.players, player{name: n, members: []int{i}})
		}
	}
	if len(pl.players) == 0 {
		return nil, fmt.Errorf("driver: %w", ErrNoDrivers)
	}
	if err := opts.Sampling.check(); err != nil {
		return nil, err
	}
	pl.sampling = opts.Sampling
	if pl.sampling.enabled() && opts.Logistic {
		return nil, fmt.Errorf("driver: %w: sampling with a logistic model (only exact dominance is available)", ErrMethodUnavailable)
	}

	// Metrics.
	explicit := opts.Methods != 0
	want := opts.Methods
	if !explicit {
		want = AllMethods
	}
	if want&^AllMethods != 0 {
		return nil, fmt.Errorf("driver: %w: methods %#x", ErrMethod, uint32(want))
	}
	type why struct {
		m      Method
		reason string
	}
	var off []why
	for _, m := range want.List() {
		var reason string
		switch {
		case opts.Logistic && m != First && m != Last && m != DominanceAnalysis:
			reason = "a logistic model (only first, last and dominance of the pseudo-R² are defined)"
		case pl.grouped && (m == Betasq || m == Pratt || m == Genizi || m == CAR || m == RW):
			reason = "groups (relaimpo: only lmg, first and last are defined for groups)"
		case len(pl.always) > 0 && (m == Genizi || m == CAR || m == RW):
			reason = "always variables (relaimpo: genizi and car are not defined with always)"
		}
		if reason == "" {
			continue
		}
		if explicit {
			return nil, fmt.Errorf("driver: %w: %v with %s", ErrMethodUnavailable, m, reason)
		}
		off = append(off, why{m, reason})
		want = want.Without(m)
	}
	if len(off) > 0 && !opts.Logistic {
		var ms []string
		for _, o := range off {
			ms = append(ms, o.m.String())
		}
		pl.warnings = append(pl.warnings, fmt.Errorf("%w: %s skipped with %s", ErrMethodUnavailable, strings.Join(ms, ", "), off[0].reason))
	}
	if np := len(pl.players); np > maxPlayers && !pl.sampling.enabled() && (want.Has(LMG) || want.Has(DominanceAnalysis)) {
		// The exact enumeration indexes subsets by 64-bit masks.
		if explicit {
			return nil, fmt.Errorf("driver: %w: %d drivers (groups count as one), at most %d for exact lmg and dominance (Options.Sampling estimates lmg)",
				ErrTooManyDrivers, np, maxPlayers)
		}
		want = want.Without(LMG).Without(DominanceAnalysis)
		pl.warnings = append(pl.warnings, fmt.Errorf("%w: lmg and dominance skipped for %d drivers, at most %d for the exact enumeration (Options.Sampling estimates lmg)",
			ErrTooManyDrivers, np, maxPlayers))
	}
	pl.methods = want
	pl.aveCoef = opts.AveCoef && !opts.Logistic
	if pl.aveCoef && len(pl.players) > maxPlayers {
		return nil, fmt.Errorf("driver: %w: average coefficients of %d drivers, at most %d", ErrTooManyDrivers, len(pl.players), maxPlayers)
	}
	maxc := opts.MaxComplete
	switch {
	case maxc == 0 && explicit:
		maxc = defaultMaxComplete
	case maxc == 0:
		maxc = defaultMaxCompleteAll
	}
	if want.Has(DominanceAnalysis) && pl.sampling.enabled() {
		// Sampling estimates lmg (general dominance) only.
		if explicit {
			return nil, fmt.Errorf("driver: %w: dominance with sampling (Options.Sampling estimates lmg, general dominance, only)", ErrMethodUnavailable)
		}
		want = want.Without(DominanceAnalysis)
		pl.methods = want
		pl.warnings = append(pl.warnings, fmt.Errorf("%w: dominance skipped with sampling (lmg, general dominance, is estimated)", ErrMethodUnavailable))
	}
	if want.Has(DominanceAnalysis) {
		np := len(pl.players)
		switch {
		case np <= maxc:
			pl.complete = true
		case explicit:
			return nil, fmt.Errorf("driver: %w: complete dominance of %d drivers needs a table of 2^%d values (%s); the limit is %d (Options.MaxComplete)",
				ErrTooManyDrivers, np, np, byteSize(8*math.Pow(2, float64(np))), maxc)
		default:
			pl.warnings = append(pl.warnings, fmt.Errorf("%w: complete dominance skipped for %d drivers (limit %d, Options.MaxComplete); conditional and general dominance are exact",
				ErrTooManyDrivers, np, maxc))
		}
	}
	return pl, nil
}

func byteSize(b float64) string {
	switch {
	case b >= 1<<40:
		return fmt.Sprintf("%.3g TiB", b/(1<<40))
	case b >= 1<<30:
		return fmt.Sprintf("%.3g GiB", b/(1<<30))
	default:
		return fmt.Sprintf("%.3g MiB", b/(1<<20))
	}
}

// linearImportance holds the metrics computed from a covariance matrix.
type linearImportance struct {
	r2, r2Always, r2Decomp float64
	// per player, in R² units (relaimpo rela = FALSE); NaN when not computed
	lmg, first, last, betasq, pratt, genizi, car, rw []float64
	aveCoef                                          [][]float64 // per player (nil for groups), per size 1..p
	dom                                              *Dominance
	lmgSE                                            []float64       // per player, when sampled
	sampling                                         *SamplingResult // nil when exact
	warnings                                         []error
}

// standardize returns the correlation matrix of cov (outcome first), or an
// error for a non-positive or non-finite variance.
func standardize(cov mat.Symmetric, names []string) (*mat.SymDense, error) {
	k := cov.SymmetricDim()
	sd := make([]float64, k)
	for i := range sd {
		v := cov.At(i, i)
		if math.IsInf(v, 1) {
			return nil, fmt.Errorf("driver: %w: variance of %s is %v: its values or their squares exceed the range of double precision (about 1.8e308)", ErrNonFinite, names[i], v)
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("driver: %w: variance of %s is %v", ErrNonFinite, names[i], v)
		}
		if v < 0 {
			return nil, fmt.Errorf("driver: %w: variance of %s is %v", ErrNotCovariance, names[i], v)
		}
		if v == 0 {
			if i == 0 {
				return nil, fmt.Errorf("driver: %w: outcome %s is constant", ErrConstant, names[0])
			}
			return nil, &DriverError{Names: []string{names[i]}, Err: ErrConstant}
		}
		sd[i] = math.Sqrt(v)
	}
	r := mat.NewSymDense(k, nil)
	for i := 0; i < k; i++ {
		r.SetSym(i, i, 1)
		for j := i + 1; j < k; j++ {
			v := cov.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("driver: %w: covariance of %s and %s is %v", ErrNonFinite, names[i], names[j], v)
			}
			c := v / (sd[i] * sd[j])
			if math.Abs(c) > 1+1e-12 {
				return nil, fmt.Errorf("driver: %w: correlation of %s and %s is %v", ErrNotCovariance, names[i], names[j], c)
			}
			r.SetSym(i, j, c)
		}
	}
	return r, nil
}

// linearFromCov computes the metrics of pl from the covariance (or
// correlation) matrix cov of the outcome and all drivers (outcome first,
// drivers in input order).
func linearFromCov(cov mat.Symmetric, pl *plan, workers int) (*linearImportance, error) {
	all := append([]string{pl.outcome}, pl.names...)
	r, err := standardize(cov, all)
	if err != nil {
		return nil, err
	}
	out := &linearImportance{}
	// Refuse collinear drivers (always variables included) as VIF does,
	// naming those involved.
	if _, err := vifCorr(subSym(r, seq(1, len(all))), pl.names); err != nil {
		return nil, err
	}
	// Partial out the always variables: M = R_OO − R_OA R_AA⁻¹ R_AO over
	// the outcome and the other drivers, in player order.
	order := append([]int{0}, plusOne(pl.cols())...)
	m := subSym(r, order)
	if len(pl.always) > 0 {
		aidx := plusOne(pl.always)
		raa := subSym(r, aidx)
		var ch mat.Cholesky
		if !ch.Factorize(raa) {
			return nil, &ConditionError{Cond: math.Inf(1), Err: ErrSingular}
		}
		roa := mat.NewDense(len(order), len(aidx), nil)
		for i, oi := range order {
			for j, aj := range aidx {
				roa.Set(i, j, r.At(oi, aj))
			}
		}
		var x mat.Dense
		if err := ch.SolveTo(&x, roa.T()); err != nil {
			return nil, &ConditionError{Cond: math.Inf(1), Err: ErrSingular}
		}
		var adj mat.Dense
		adj.Mul(roa, &x)
		k := len(order)
		for i := 0; i < k; i++ {
			for j := i; j < k; j++ {
				m.SetSym(i, j, m.At(i, j)-adj.At(i, j))
			}
		}
		out.r2Always = 1 - m.At(0, 0)
	}
	// Rescale the drivers to unit (partial) variance; the outcome keeps the
	// scale of its total variance, so that explained variances are in R²
	// units.
	cols := pl.cols()
	q := len(cols)
	k := q + 1
	sc := make([]float64, k)
	sc[0] = 1
	for i := 1; i < k; i++ {
		v := m.At(i, i)
		if !(v > 0) {
			return nil, &ConditionError{Cond: math.Inf(1), Names: []string{pl.names[cols[i-1]]}, Err: ErrSingular}
		}
		sc[i] = 1 / math.Sqrt(v)
	}
	for i := 0; i < k; i++ {
		for j := i; j < k; j++ {
			m.SetSym(i, j, m.At(i, j)*sc[i]*sc[j])
		}
	}
	for i := 1; i < k; i++ {
		m.SetSym(i, i, 1)
	}
	mxx := subSym(m, seq(1, k))
	var ch mat.Cholesky
	if !ch.Factorize(mxx) {
		return nil, &ConditionError{Cond: math.Inf(1), Err: ErrSingular}
	}
	mxy := mat.NewVecDense(q, nil)
	for i := 0; i < q; i++ {
		mxy.SetVec(i, m.At(0, i+1))
	}
	var beta mat.VecDense
	if err := ch.SolveVecTo(&beta, mxy); err != nil {
		return nil, &ConditionError{Cond: math.Inf(1), Err: ErrSingular}
	}
	full := sumDD(prod(beta.RawVector().Data, mxy.RawVector().Data)...)
	out.r2Decomp = full
	out.r2 = out.r2Always + full
	if out.r2 > 1+1e-10 || out.r2Always < -1e-10 {
		// R² > 1 means the matrix of the outcome and the drivers is not
		// positive semi-definite (for example correlations from pairwise
		// deletion).
		return nil, fmt.Errorf("driver: %w: not positive semi-definite (R² = %.17g)", ErrNotCovariance, out.r2)
	}

	np := len(pl.players)
	start := make([]int, np+1)
	start[0] = 1
	for i, p := range pl.players {
		start[i+1] = start[i] + len(p.members)
	}
	nan := func() []float64 {
		v := make([]float64, np)
		for i := range v {
			v[i] = math.NaN()
		}
		return v
	}
	out.lmg, out.first, out.last, out.betasq, out.pratt, out.genizi, out.car, out.rw =
		nan(), nan(), nan(), nan(), nan(), nan(), nan(), nan()
	var inv mat.SymDense
	if err := ch.InverseTo(&inv); err != nil {
		return nil, &ConditionError{Cond: math.Inf(1), Err: ErrSingular}
	}
	for i, p := range pl.players {
		idx := seq(start[i]-1, start[i+1]-1) // positions in mxx
		if pl.methods.Has(First) {
			out.first[i] = explained(m, plusOne(idx))
		}
		if pl.methods.Has(Last) {
			out.last[i] = lastOf(&inv, &beta, idx)
		}
		if len(p.members) == 1 {
			b := beta.AtVec(idx[0])
			if pl.methods.Has(Betasq) {
				out.betasq[i] = b * b
			}
			if pl.methods.Has(Pratt) {
				out.pratt[i] = b * mxy.AtVec(idx[0])
			}
		}
	}
	if pl.methods.Has(Genizi) || pl.methods.Has(CAR) || pl.methods.Has(RW) {
		rw, car, err := johnson(mxx, mxy)
		if err != nil {
			return nil, err
		}
		if pl.methods.Has(Genizi) {
			copy(out.genizi, rw)
		}
		if pl.methods.Has(RW) {
			copy(out.rw, rw)
		}
		if pl.methods.Has(CAR) {
			copy(out.car, car)
		}
	}
	pr := &sweepProblem{p: np, q: q, start: start, a: make([]float64, k*k), total: 1}
	for i := 0; i < k; i++ {
		for j := i; j < k; j++ {
			pr.a[i*k+j] = m.At(i, j)
			pr.a[j*k+i] = m.At(i, j)
		}
	}
	if pl.aveCoef {
		// b_j = β̃_j sc_j sd_y / sd_j: β̃ is the coefficient on the driver
		// rescaled to unit partial variance in correlation units.
		cs := aveCoefSums(pr, workers)
		out.aveCoef = make([][]float64, np)
		sdy := math.Sqrt(cov.At(0, 0))
		for i, p := range pl.players {
			if len(p.members) != 1 {
				continue
			}
			c := start[i]
			f := sc[c] * sdy / math.Sqrt(cov.At(cols[c-1]+1, cols[c-1]+1))
			out.aveCoef[i] = make([]float64, np)
			for size := 1; size <= np; size++ {
				out.aveCoef[i][size-1] = cs.sum[c*(np+1)+size].value() / binom(np-1, size-1) * f
			}
		}
	}
	if pl.methods.Has(LMG) && pl.sampling.enabled() {
		est, err := sampleShapley(pr, pl.sampling, workers)
		if err != nil {
			return nil, err
		}
		copy(out.lmg, est.mean)
		out.lmgSE = est.se
		s := pl.sampling
		out.sampling = &SamplingResult{Permutations: est.perms, MaxPermutations: s.Permutations,
			Tolerance: s.Tolerance, Seed: s.Seed, MaxSE: est.maxSE, Converged: est.converged}
		if s.Tolerance > 0 && !est.converged {
			out.warnings = append(out.warnings, fmt.Errorf("%w: lmg sampling stopped after %d permutations with a largest standard error of %.3g (tolerance %.3g)",
				ErrNoConvergence, est.perms, est.maxSE, s.Tolerance))
		}
	} else if pl.methods.Has(LMG) || pl.methods.Has(DominanceAnalysis) {
		sums, err := enumerate(pr, workers, pl.complete)
		if err != nil {
			return nil, err
		}
		cond, general := conditionalFromSums(sums)
		if pl.methods.Has(LMG) {
			copy(out.lmg, general)
		}
		if pl.methods.Has(DominanceAnalysis) {
			out.dom = newDominance("r2", cond, general, sums.table, workers)
		}
	}
	return out, nil
}

// explained returns the variance of the outcome (index 0 of m) explained
// by the columns idx of m: m_0S m_SS⁻¹ m_S0.
func explained(m *mat.SymDense, idx []int) float64 {
	if len(idx) == 1 {
		c := m.At(0, idx[0])
		return c * c / m.At(idx[0], idx[0])
	}
	s := subSym(m, idx)
	b := mat.NewVecDense(len(idx), nil)
	for i, c := range idx {
		b.SetVec(i, m.At(0, c))
	}
	var ch mat.Cholesky
	if !ch.Factorize(s) {
		return math.NaN()
	}
	var x mat.VecDense
	if err := ch.SolveVecTo(&x, b); err != nil {
		return math.NaN()
	}
	return sumDD(prod(x.RawVector().Data, b.RawVector().Data)...)
}

// lastOf returns the drop of explained variance when the columns idx are
// removed from the full model: β_gᵀ [(Σ⁻¹)_gg]⁻¹ β_g, which is
// β_j² / (Σ⁻¹)_jj for a single column.
func lastOf(inv *mat.SymDense, beta *mat.VecDense, idx []int) float64 {
	if len(idx) == 1 {
		b := beta.AtVec(idx[0])
		return b * b / inv.At(idx[0], idx[0])
	}
	s := subSym(inv, idx)
	bg := mat.NewVecDense(len(idx), nil)
	for i, c := range idx {
		bg.SetVec(i, beta.AtVec(c))
	}
	var ch mat.Cholesky
	if !ch.Factorize(s) {
		return math.NaN()
	}
	var x mat.VecDense
	if err := ch.SolveVecTo(&x, bg); err != nil {
		return math.NaN()
	}
	return sumDD(prod(x.RawVector().Data, bg.RawVector().Data)...)
}

func subSym(a mat.Symmetric, idx []int) *mat.SymDense {
	s := mat.NewSymDense(len(idx), nil)
	for i, r := range idx {
		for j := i; j < len(idx); j++ {
			s.SetSym(i, j, a.At(r, idx[j]))
		}
	}
	return s
}

func seq(lo, hi int) []int {
	s := make([]int, 0, hi-lo)
	for i := lo; i < hi; i++ {
		s = append(s, i)
	}
	return s
}

func plusOne(idx []int) []int {
	s := slices.Clone(idx)
	for i := range s {
		s[i]++
	}
	return s
}

func prod(a, b []float64) []float64 {
	s := make([]float64, len(a))
	for i := range a {
		s[i] = a[i] * b[i]
	}
	return s
}
