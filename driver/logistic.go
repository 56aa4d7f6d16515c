package driver

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/mathext"
)

// LogisticOptions configures Logistic and LogisticFitter. The zero value
// names the drivers x1, x2, ... and iterates as R's glm with
// glm.control(epsilon = 1e-14, maxit = 100).
type LogisticOptions struct {
	// Names are the drivers' names, one per column of x. nil means x1, x2,
	// ..., xp.
	Names []string
	// MaxIter is the largest number of IRLS iterations; 0 means 100.
	MaxIter int
	// Tol is the convergence tolerance on the relative change of the
	// deviance, |D - D_old|/(|D| + 0.1) < Tol, as glm's epsilon; 0 means
	// 1e-14.
	Tol float64
	// Confidence is the level of the confidence intervals of the
	// coefficients; 0 means 0.95.
	Confidence float64
}

// LogisticResult is the result of a binary logistic regression.
type LogisticResult struct {
	// N is the number of observations.
	N int `json:"n"`
	// Names are the drivers' names, in the order of the fitted columns.
	Names []string `json:"names"`

	// InterceptCoef, InterceptSE, InterceptZ and InterceptP describe the
	// intercept.
	InterceptCoef float64 `json:"intercept_coef"`
	InterceptSE   float64 `json:"intercept_se"`
	InterceptZ    float64 `json:"intercept_z"`
	InterceptP    float64 `json:"intercept_p"`
	// Coef, SE, Z and P hold each driver's coefficient (log odds ratio per
	// unit), its standard error from the inverse Fisher information at the
	// estimate, the Wald statistic z = Coef/SE and its two-sided normal
	// p-value.
	Coef []float64 `json:"coef"`
	SE   []float64 `json:"se"`
	Z    []float64 `json:"z"`
	P    []float64 `json:"p"`

	// Lo and Hi bound each driver's coefficient with the Wald interval
	// Coef ± z_{(1+Confidence)/2}·SE, as R's confint.default (R's confint
	// for glm profiles the likelihood instead); InterceptLo and
	// InterceptHi bound the intercept.
	Lo          []float64 `json:"lo"`
	Hi          []float64 `json:"hi"`
	InterceptLo float64   `json:"intercept_lo"`
	InterceptHi float64   `json:"intercept_hi"`
	// Confidence is the level of the intervals.
	Confidence float64 `json:"confidence"`

	// Deviance is -2 Σ wᵢ [yᵢ log μᵢ + (1-yᵢ) log(1-μᵢ)]; NullDeviance is the
	// same for the intercept-only model (μ = Σwy/Σw). LogLik = -Deviance/2
	// and LogLik0 = -NullDeviance/2 are the log-likelihoods (for binary y and
	// integer weights they equal R's logLik; R rounds non-integer weights
	// there, this package does not). AIC = Deviance + 2k, k the number of
	// coefficients.
	Deviance     float64 `json:"deviance"`
	NullDeviance float64 `json:"null_deviance"`
	LogLik       float64 `json:"loglik"`
	LogLik0      float64 `json:"loglik0"`
	AIC          float64 `json:"aic"`

	// SumWeights is Σw, the number of observations when unweighted.
	SumWeights float64 `json:"sum_weights"`

	// Pseudo-R² measures, with n = SumWeights:
	//
	//	McFadden   = 1 - LogLik/LogLik0                       [1]
	//	CoxSnell   = 1 - exp(2 (LogLik0 - LogLik)/n)          [2]
	//	Nagelkerke = CoxSnell / (1 - exp(2 LogLik0/n))        [3]
	//	Estrella   = 1 - (LogLik/LogLik0)^(-(2/n) LogLik0)    [4]
	//
	// [1] McFadden D (1974). Conditional logit analysis of qualitative choice behavior. In Zarembka P (ed.), Frontiers in Econometrics, 105-142. Academic Press, New York.
	// [2] Cox DR, Snell EJ (1989). Analysis of Binary Data, 2nd ed. Chapman and Hall, London.
	// [3] Nagelkerke NJD (1991). A note on a general definition of the coefficient of determination. Biometrika 78(3):691-692.
	// [4] Estrella A (1998). A new measure of fit for equations with dichotomous dependent variables. J. Bus. Econ. Stat. 16(2):198-205.
	McFadden   float64 `json:"mcfadden"`
	CoxSnell   float64 `json:"cox_snell"`
	Nagelkerke float64 `json:"nagelkerke"`
	Estrella   float64 `json:"estrella"`

	// Cond is the 2-norm condition number of the design W^½[1 X] at the
	// estimate (W the IRLS weights) with columns scaled to unit length.
	Cond float64 `json:"cond"`

	// Iterations is the number of IRLS iterations; Converged reports whether
	// the deviance criterion was met within MaxIter.
	Iterations int  `json:"iterations"`
	Converged  bool `json:"converged"`

	// Warnings lists non-fatal findings: ErrNoConvergence, *DriverError with
	// ErrNegativeCoefficient.
	Warnings []error `json:"warnings"`
}

// Logistic fits the binary logistic regression
//
//	logit P(yᵢ = 1) = b₀ + Σⱼ xᵢⱼ bⱼ
//
// by maximum likelihood, with iteratively reweighted least squares as R's
// glm.fit [1] (for the logit link IRLS is Newton's method): starting values
// μ = (wy + ½)/(w + 1), convergence when |D - D_old|/(|D| + 0.1) < opts.Tol,
// D the deviance. Each iteration computes the Newton correction
// δ = (XᵀWX)⁻¹ Xᵀw(y-μ), W = w μ(1-μ), by Cholesky factorization of the
// Fisher information XᵀWX scaled to unit diagonal; since the score
// Xᵀw(y-μ) is evaluated from the data at every step, rounding in the
// factorization can slow convergence but does not move the estimate. When
// the scaled Fisher information is too ill-conditioned for that
// (reciprocal condition estimate below 1e-10), the correction is a
// Householder-QR weighted least-squares solve instead. A step that
// increases the deviance is halved until it does not (at most 30 times).
// Standard errors come from (XᵀWX)⁻¹ = R⁻¹R⁻ᵀ, R from the Householder QR of
// W^½X with W at the estimate (glm uses the weights of the previous
// iterate, which at convergence differ negligibly).
//
// y must hold 0 and 1 only. If weights is nil then all the weights are
// unit. Weights are prior weights as glm's weights: observation i
// contributes wᵢ times its log-likelihood, so integer weights act as
// repeated observations.
//
// Logistic returns an error, and no result, for the input problems listed
// under OLS (ErrShape, ErrMissingValue, ErrNonFinite, ErrBadWeight,
// ErrFewRows with N ≤ p+1, ErrConstant, ErrSingular,
// ErrIllConditioned), when y holds a value other than 0 or 1 (*ValueError
// with ErrNotBinary naming the row), when y is all 0 or all 1
// (ErrConstant), and when the drivers separate the outcome
// completely or quasi-completely, so that the maximum-likelihood estimates
// do not exist (*DriverError with ErrSeparation naming the drivers
// involved; see LogisticFitter.Fit for how they are found).
// Logistic does not modify its arguments. It panics if opts.Confidence is
// not 0 and not in (0, 1).
//
// [1] McCullagh P, Nelder JA (1989). Generalized Linear Models, 2nd ed. Chapman and Hall, London.
func Logistic(x mat.Matrix, y, weights []float64, opts LogisticOptions) (*LogisticResult, error) {
	f, err := NewLogisticFitter(x, y, weights, opts)
	if err != nil {
		return nil, err
	}
	cols := make([]int, f.p)
	for j := range cols {
		cols[j] = j
	}
	return f.Fit(cols)
}

// LogisticFitter fits logistic regressions of one binary outcome on subsets
// of the columns of one driver matrix, as needed for dominance analysis of
// pseudo-R² over all 2^p subsets. The data are validated and copied once,
// and the work space is reused from fit to fit, so that a fit allocates
// little beyond its result.
//
// A LogisticFitter is not safe for concurrent use; use one per goroutine.
type LogisticFitter struct {
	n, p    int
	xc      [][]float64 // the p columns of x, copied
	y, w    []float64   // copies; w nil when unweighted
	names   []string
	maxIter int
	tol     float64
	conf    float64

	sumW                 float64
	nullDev              float64
	min0, max0           []float64 // per driver, range over y = 0
	min1, max1           []float64 // per driver, range over y = 1
	ls                   lsq
	wt, wu, wx           []float64 // n
	eta, lin, expm, z    []float64 // n
	beta, betaOld, delta []float64 // k
	unit, rhs, fish      []float64
	cwork                []float64
	iwork                []int
}

// NewLogisticFitter validates and copies x (n×p), y and weights for
// repeated fits; see Logistic for the conditions under which it returns an
// error and panics. The full model (all p drivers) must be identifiable from its size:
// N > p+1.
func NewLogisticFitter(x mat.Matrix, y, weights []float64, opts LogisticOptions) (*LogisticFitter, error) {
	n, p := x.Dims()
	names, err := driverNames(opts.Names, p)
	if err != nil {
		return nil, err
	}
	raw := rowMajor(x)
	if err := checkData(raw, n, p, y, weights, names); err != nil {
		return nil, err
	}
	for i, v := range y {
		if v != 0 && v != 1 {
			return nil, &ValueError{Row: i, Column: -1, Name: "y", Value: v, Err: ErrNotBinary}
		}
	}
	if n <= p+1 {
		return nil, fmt.Errorf("driver: %w: %d observations for %d coefficients; at least %d needed", ErrFewRows, n, p+1, p+2)
	}
	if err := constantDrivers(raw, n, p, true, names); err != nil {
		return nil, err
	}
	if constantOutcome(y, true) {
		return nil, fmt.Errorf("driver: %w: outcome is constant (all %d values are %g)", ErrConstant, n, y[0])
	}
	f := &LogisticFitter{
		n: n, p: p,
		xc:      make([][]float64, p),
		y:       append([]float64(nil), y...),
		names:   names,
		maxIter: opts.MaxIter,
		tol:     opts.Tol,
		conf:    confidence(opts.Confidence),
		eta:     make([]float64, n),
		lin:     make([]float64, n),
		expm:    make([]float64, n),
		wt:      make([]float64, n),
		wu:      make([]float64, n),
		wx:      make([]float64, n),
		z:       make([]float64, n),
		cwork:   make([]float64, 3*(p+1)),
		iwork:   make([]int, p+1),
	}
	if weights != nil {
		f.w = append([]float64(nil), weights...)
	}
	for j := range p {
		col := make([]float64, n)
		for i := range n {
			col[i] = raw[i*p+j]
		}
		f.xc[j] = col
	}
	if f.maxIter <= 0 {
		f.maxIter = 100
	}
	if !(f.tol > 0) {
		f.tol = 1e-14
	}
	var sw, swy acc
	for i := range n {
		sw.add(f.weight(i))
		swy.addProd(f.weight(i), y[i])
	}
	f.sumW = sw.value()
	mu0 := swy.value() / f.sumW
	var dev acc
	for i := range n {
		if y[i] == 1 {
			dev.addProd(f.weight(i), -2*math.Log(mu0))
		} else {
			dev.addProd(f.weight(i), -2*math.Log1p(-mu0))
		}
	}
	f.nullDev = dev.value()
	f.min0, f.max0 = make([]float64, p), make([]float64, p)
	f.min1, f.max1 = make([]float64, p), make([]float64, p)
	for j := range p {
		f.min0[j], f.min1[j] = math.Inf(1), math.Inf(1)
		f.max0[j], f.max1[j] = math.Inf(-1), math.Inf(-1)
		for i := range n {
			v := f.xc[j][i]
			if y[i] == 1 {
				f.min1[j], f.max1[j] = math.Min(f.min1[j], v), math.Max(f.max1[j], v)
			} else {
				f.min0[j], f.max0[j] = math.Min(f.min0[j], v), math.Max(f.max0[j], v)
			}
		}
	}
	return f, nil
}

// NullDeviance returns the deviance of the intercept-only model.
func (f *LogisticFitter) NullDeviance() float64 { return f.nullDev }

func (f *LogisticFitter) weight(i int) float64 {
	if f.w == nil {
		return 1
	}
	return f.w[i]
}

// Fit fits the logistic regression of y on an intercept and the columns
// cols of x (0-based, in the order given; nil or empty fits the
// intercept-only model, whose pseudo-R² are 0). The result's Names,
// Coef, SE, Z and P follow cols.
//
// Separation is looked for in three ways. A driver whose values for y = 0
// and y = 1 do not overlap, or overlap in one value only, separates the
// outcome by itself (completely or quasi-completely) and is named at once.
// Otherwise, when IRLS ends with fitted probabilities within 1e-8 of 0 or
// 1, or does not converge, the linear program of Stiemke's alternative is
// solved: the maximum-likelihood estimate exists if and only if there are
// λᵢ > 0 with Σᵢ λᵢ sᵢ xᵢ = 0, sᵢ = ±1 for y = 1/0 and xᵢ the design row
// [1]. If it does not, the drivers named are those whose removal ends the
// separation, or failing any, those whose coefficients grow fastest.
//
// Fit panics if a column index is out of range or repeated.
//
// [1] Albert A, Anderson JA (1984). On the existence of maximum likelihood estimates in logistic regression models. Biometrika 71(1):1-10.
func (f *LogisticFitter) Fit(cols []int) (*LogisticResult, error) {
	for i, c := range cols {
		if c < 0 || c >= f.p {
			panic(fmt.Sprintf("driver: column %d out of range [0, %d)", c, f.p))
		}
		if slices.Contains(cols[:i], c) {
			panic(fmt.Sprintf("driver: column %d repeated", c))
		}
	}
	n := f.n
	k := len(cols) + 1
	names := make([]string, len(cols))
	for j, c := range cols {
		names[j] = f.names[c]
	}
	if err := f.univariateSeparation(cols); err != nil {
		return nil, err
	}
	f.beta = grow(f.beta, k)
	f.betaOld = grow(f.betaOld, k)
	f.delta = grow(f.delta, k)
	f.unit = grow(f.unit, k)
	f.fish = grow(f.fish, k*k)
	f.rhs = grow(f.rhs, k)
	useQR := false
	for j := range k {
		f.beta[j] = 0
	}

	// glm.fit's starting values: μ = (wy + ½)/(w + 1), η = logit μ, and no
	// linear predictor yet (lin = 0, β = 0).
	for i := range n {
		w := f.weight(i)
		mu := (w*f.y[i] + 0.5) / (w + 1)
		f.eta[i] = math.Log(mu / (1 - mu))
		f.expm[i] = math.Exp(-math.Abs(f.eta[i]))
		f.lin[i] = 0
	}
	devOld := math.Inf(1)
	dev := devOld
	converged := false
	iter := 0
	for iter = 1; iter <= f.maxIter; iter++ {
		if !useQR && !f.choleskyStep(cols) {
			useQR = true
		}
		if useQR {
			f.ls.reset(n, k)
			f.workingProblem(cols)
			f.ls.factorize()
			if _, err := f.checkCondition(names); err != nil {
				return nil, err
			}
			f.ls.solvePlain(f.delta, f.z)
		}
		copy(f.betaOld, f.beta)
		for j := range k {
			f.beta[j] += f.delta[j]
		}
		dev = f.eval(cols)
		// Step halving when the deviance increases (never needed for
		// well-posed problems; guards against overshooting).
		for h := 0; iter > 1 && dev > devOld*(1+1e-12) && h < 30; h++ {
			for j := range k {
				f.beta[j] = (f.beta[j] + f.betaOld[j]) / 2
			}
			dev = f.eval(cols)
		}
		if math.Abs(dev-devOld)/(math.Abs(dev)+0.1) < f.tol {
			converged = true
			break
		}
		devOld = dev
	}
	if iter > f.maxIter {
		iter = f.maxIter
	}
	if !converged || f.extremeFit() {
		if sep, err := f.separated(cols); err == nil && sep {
			return nil, f.separationError(cols, dev)
		}
	}

	// Standard errors from the Fisher information at the estimate,
	// (XᵀWX)⁻¹ = R⁻¹R⁻ᵀ from the QR factorization of W^½X.
	f.ls.reset(n, k)
	f.workingProblem(cols)
	f.ls.factorize()
	c, err := f.checkCondition(names)
	if err != nil {
		return nil, err
	}
	d := covDiag(&f.ls, 0)

	res := &LogisticResult{
		N:            n,
		Names:        names,
		Coef:         make([]float64, k-1),
		SE:           make([]float64, k-1),
		Z:            make([]float64, k-1),
		P:            make([]float64, k-1),
		Deviance:     dev,
		NullDeviance: f.nullDev,
		LogLik:       -dev / 2,
		LogLik0:      -f.nullDev / 2,
		AIC:          dev + 2*float64(k),
		Cond:         c,
		SumWeights:   f.sumW,
		Confidence:   f.conf,
		Lo:           make([]float64, k-1),
		Hi:           make([]float64, k-1),
		Iterations:   iter,
		Converged:    converged,
	}
	res.InterceptCoef = f.beta[0]
	res.InterceptSE = math.Sqrt(d[0])
	res.InterceptZ = res.InterceptCoef / res.InterceptSE
	res.InterceptP = normalP(res.InterceptZ)
	q := mathext.NormalQuantile((1 + f.conf) / 2)
	res.InterceptLo = res.InterceptCoef - q*res.InterceptSE
	res.InterceptHi = res.InterceptCoef + q*res.InterceptSE
	for j := 1; j < k; j++ {
		c, se := f.beta[j], math.Sqrt(d[j])
		res.Coef[j-1], res.SE[j-1] = c, se
		res.Z[j-1] = c / se
		res.P[j-1] = normalP(res.Z[j-1])
		res.Lo[j-1], res.Hi[j-1] = c-q*se, c+q*se
	}
	ll, ll0, nw := res.LogLik, res.LogLik0, f.sumW
	res.McFadden = 1 - ll/ll0
	res.CoxSnell = -math.Expm1(2 * (ll0 - ll) / nw)
	res.Nagelkerke = res.CoxSnell / -math.Expm1(2*ll0/nw)
	res.Estrella = 1 - math.Pow(ll/ll0, -2/nw*ll0)
	if k == 1 {
		res.McFadden, res.CoxSnell, res.Nagelkerke, res.Estrella = 0, 0, 0, 0
	}
	if !converged {
		res.Warnings = append(res.Warnings, fmt.Errorf("%w: IRLS stopped after %d iterations, relative deviance change above %g", ErrNoConvergence, f.maxIter, f.tol))
	}
	if neg := negativeWarning(res.Coef, names); neg != nil {
		res.Warnings = append(res.Warnings, neg)
	}
	return res, nil
}

// weightsAt returns, for observation i at the current η, the IRLS weight
// W = w μ(1-μ) and the working residual u = (η - lin) + (y-μ)/(μ(1-μ)),
// lin the linear predictor of the current β, using e = exp(-|η|):
// μ(1-μ) = e/(1+e)², (y-μ)/(μ(1-μ)) = 1/μ or -1/(1-μ).
func (f *LogisticFitter) weightsAt(i int) (wt, u float64) {
	eta, e := f.eta[i], f.expm[i]
	v := e / ((1 + e) * (1 + e))
	var r float64
	switch {
	case f.y[i] == 1 && eta >= 0:
		r = 1 + e // 1/μ = 1 + exp(-η)
	case f.y[i] == 1:
		r = 1 + 1/e
	case eta >= 0:
		r = -(1 + 1/e) // -1/(1-μ) = -(1 + exp(η))
	default:
		r = -(1 + e)
	}
	return f.weight(i) * v, eta - f.lin[i] + r
}

// choleskyStep computes the IRLS (Newton) correction δ = F⁻¹ Xᵀ W u with
// the Fisher information F = XᵀWX, by Cholesky factorization of F scaled to
// unit diagonal. The step solves only for a correction to β: the fixed
// point, where the score Xᵀw(y-μ) vanishes, is computed from the data
// directly, so rounding in F affects the speed of convergence, not the
// estimate. It reports false, leaving the step to the QR path, when F is
// not numerically positive definite or its reciprocal condition estimate is
// below 1e-10.
func (f *LogisticFitter) choleskyStep(cols []int) bool {
	n, k := f.n, len(cols)+1
	F, h := f.fish, f.rhs
	wt, wu := f.wt[:n], f.wu[:n]
	for i := range n {
		w, u := f.weightsAt(i)
		wt[i], wu[i] = w, w*u
	}
	col := func(a int) []float64 {
		if a == 0 {
			return nil
		}
		return f.xc[cols[a-1]]
	}
	for a := range k {
		xa := col(a)
		if xa == nil {
			h[0] = floats.Sum(wu)
			copy(f.wx, wt)
		} else {
			h[a] = floats.Dot(wu, xa)
			floats.MulTo(f.wx, wt, xa)
		}
		for b := a; b < k; b++ {
			if xb := col(b); xb == nil {
				F[a*k+b] = floats.Sum(f.wx)
			} else {
				F[a*k+b] = floats.Dot(f.wx, xb)
			}
		}
	}
	for a := range k {
		f.unit[a] = 1 / math.Sqrt(F[a*k+a])
	}
	for a := range k {
		for b := a; b < k; b++ {
			F[a*k+b] *= f.unit[a] * f.unit[b]
		}
	}
	sym := blas64.Symmetric{Uplo: blas.Upper, N: k, Stride: k, Data: F}
	anorm := lapack64.Lansy(lapack.MaxColumnSum, sym, f.cwork)
	t, ok := lapack64.Potrf(sym)
	if !ok {
		return false
	}
	if lapack64.Pocon(sym, anorm, f.cwork, f.iwork) < 1e-10 {
		return false
	}
	for a := range k {
		f.delta[a] = h[a] * f.unit[a]
	}
	lapack64.Potrs(t, blas64.General{Rows: k, Cols: 1, Stride: 1, Data: f.delta[:k]})
	for a := range k {
		f.delta[a] *= f.unit[a]
	}
	return true
}

// workingProblem fills the IRLS least-squares problem at the current η:
// rows W^½[1 x] and right-hand side W^½u (see weightsAt). Householder QR
// needs no column scaling.
func (f *LogisticFitter) workingProblem(cols []int) {
	n := f.n
	a0 := f.ls.col(0)
	for i := range n {
		wt, u := f.weightsAt(i)
		s := math.Sqrt(wt)
		f.z[i] = s * u
		a0[i] = s
	}
	for j, c := range cols {
		floats.MulTo(f.ls.col(j+1), a0, f.xc[c])
	}
}

// eval sets the linear predictor lin = η = [1 x_cols] β and e = exp(-|η|),
// and returns the deviance 2 Σ wᵢ log(1 + exp(-sᵢηᵢ)), sᵢ = +1 for y = 1,
// -1 for y = 0, which is -2 Σ w [y log μ + (1-y) log(1-μ)] without
// cancellation.
func (f *LogisticFitter) eval(cols []int) float64 {
	eta := f.eta[:f.n]
	for i := range eta {
		eta[i] = f.beta[0]
	}
	for j, c := range cols {
		floats.AddScaled(eta, f.beta[j+1], f.xc[c])
	}
	copy(f.lin, eta)
	// Σ w log(1+e) is accumulated as w·e for tiny e (log1p(e) = e to
	// within e²/2) and otherwise as logarithms of products of up to 64
	// factors 1+e ∈ (1, 2] (no overflow; a relative rounding error of at
	// most 64ε per product), which needs one logarithm per 64 terms. With
	// unit weights the products are taken directly; otherwise each term is
	// logged.
	var d, tiny float64
	prod, m := 1.0, 0
	for i, et := range eta {
		e := math.Exp(-math.Abs(et))
		f.expm[i] = e
		t := et // log(1 + exp(-sη)) = max(-sη, 0) + log1p(e)
		if f.y[i] == 1 {
			t = -et
		}
		w := f.weight(i)
		d += w * math.Max(t, 0)
		switch {
		case e < 0x1p-30:
			tiny += w * e
		case f.w != nil:
			d += w * log1p01(e)
		default:
			prod *= 1 + e
			if m++; m == 64 {
				d += math.Log(prod)
				prod, m = 1, 0
			}
		}
	}
	return 2 * (d + tiny + math.Log(prod))
}

// log1p01 returns log(1+e) for 0 ≤ e ≤ 1 to within a few ulps, by
// Kahan's device log(u)·e/(u-1) with u = fl(1+e), which needs a single
// call to the (assembly) logarithm.
func log1p01(e float64) float64 {
	u := 1 + e
	if u == 1 {
		return e
	}
	return math.Log(u) * e / (u - 1)
}

// extremeFit reports whether a fitted probability is within 1e-8 of 0 or
// 1 (|η| > 18.42), the symptom of separation.
func (f *LogisticFitter) extremeFit() bool {
	for _, e := range f.eta {
		if math.Abs(e) > 18.42 {
			return true
		}
	}
	return false
}

// checkCondition checks the conditioning of the factorised working design.
func (f *LogisticFitter) checkCondition(names []string) (float64, error) {
	for j := range f.ls.k {
		f.unit[j] = 1 / floats.Norm(f.ls.col(j), 2)
	}
	cond, _, err := designCondition(&f.ls, f.unit, append([]string{interceptName}, names...))
	return cond, err
}

// univariateSeparation returns an ErrSeparation *DriverError naming the
// drivers among cols whose ranges over y = 0 and y = 1 do not overlap or
// touch in a single value.
func (f *LogisticFitter) univariateSeparation(cols []int) error {
	var complete, quasi []string
	for _, c := range cols {
		switch {
		case f.max0[c] < f.min1[c] || f.max1[c] < f.min0[c]:
			complete = append(complete, f.names[c])
		case f.max0[c] == f.min1[c] || f.max1[c] == f.min0[c]:
			quasi = append(quasi, f.names[c])
		}
	}
	if complete != nil {
		return &DriverError{Names: complete, Detail: "complete separation: the driver alone predicts the outcome perfectly", Err: ErrSeparation}
	}
	if quasi != nil {
		return &DriverError{Names: quasi, Detail: "quasi-complete separation: the driver alone predicts the outcome perfectly except at one value", Err: ErrSeparation}
	}
	return nil
}

// normalP returns the two-sided p-value P(|Z| ≥ |z|) of the standard normal,
// erfc(|z|/√2).
func normalP(z float64) float64 {
	return math.Erfc(math.Abs(z) / math.Sqrt2)
}
