package driver

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/mathext"
)

// MaxCond is the largest condition number of the column-equilibrated design
// matrix that OLS and Logistic accept. Beyond it, rounding the data to
// double precision (relative error 1.1e-16) can by itself move the
// coefficients by about 1e-4 relative, so the fit is refused with an
// ErrIllConditioned *ConditionError instead of returning numbers that look
// precise and are not.
const MaxCond = 1e12

// warnCond is the condition number of the equilibrated design above which
// OLS warns that the coefficients are sensitive to rounding in the data
// (cond·ε > √ε).
const warnCond = 1 / 0x1p-26

// refineCovCond is the condition number above which the diagonal of
// (XᵀWX)⁻¹ is refined column by column (see OLS).
const refineCovCond = 1e4

// refineCovCost bounds N·k² for that refinement, whose cost is of the order
// of 60·N·k² floating-point operations.
const refineCovCost = 2e7

// VIFWarn is the variance inflation factor above which OLS and Logistic warn
// about collinearity (the rule of thumb of [1], p. 409: VIF > 10 indicates
// that multicollinearity may be unduly influencing the estimates).
//
// [1] Kutner MH, Nachtsheim CJ, Neter J, Li W (2005). Applied Linear Statistical Models, 5th ed. McGraw-Hill, New York.
const VIFWarn = 10

// OLSOptions configures OLS. The zero value fits a model with an intercept
// and names the drivers x1, x2, ....
type OLSOptions struct {
	// NoIntercept fits the regression through the origin. R² is then the
	// uncentred 1 - RSS/Σwy², as in R's lm.
	NoIntercept bool
	// Names are the drivers' names, one per column of x, used in results,
	// warnings and errors. nil means x1, x2, ..., xp.
	Names []string
	// Confidence is the level of the confidence intervals of the
	// coefficients; 0 means 0.95.
	Confidence float64
}

// OLSResult is the result of an ordinary (or weighted) least-squares fit.
type OLSResult struct {
	// N is the number of observations.
	N int `json:"n"`
	// Names are the drivers' names, in the order of the columns of x.
	Names []string `json:"names"`
	// Intercept reports whether the model has an intercept.
	Intercept bool `json:"intercept"`

	// InterceptCoef, InterceptSE, InterceptT and InterceptP describe the
	// intercept; they are NaN when the model has none.
	InterceptCoef float64 `json:"intercept_coef"`
	InterceptSE   float64 `json:"intercept_se"`
	InterceptT    float64 `json:"intercept_t"`
	InterceptP    float64 `json:"intercept_p"`

	// Coef, SE, T and P hold each driver's coefficient, its standard error
	// σ·sqrt([(XᵀWX)⁻¹]ⱼⱼ), t = Coef/SE and the two-sided p-value of t on
	// DFResidual degrees of freedom.
	Coef []float64 `json:"coef"`
	SE   []float64 `json:"se"`
	T    []float64 `json:"t"`
	P    []float64 `json:"p"`

	// Lo and Hi bound each driver's coefficient with the t interval
	// Coef ± t_{(1+Confidence)/2, DFResidual}·SE, as R's confint;
	// InterceptLo and InterceptHi bound the intercept (NaN without one).
	Lo          []float64 `json:"lo"`
	Hi          []float64 `json:"hi"`
	InterceptLo float64   `json:"intercept_lo"`
	InterceptHi float64   `json:"intercept_hi"`
	// Confidence is the level of the intervals.
	Confidence float64 `json:"confidence"`

	// StdCoef holds the standardized coefficients b_j·sd(x_j)/sd(y), with
	// weighted standard deviations when weighted (the divisor cancels).
	StdCoef []float64 `json:"std_coef"`

	// R2 is 1 - RSS/TSS with RSS = Σwe² and TSS = Σw(y-ȳ)² (Σwy² without
	// intercept). AdjR2 = 1 - (1-R2)(N-i)/DFResidual with i = 1 with an
	// intercept, 0 without. Sigma = sqrt(RSS/DFResidual) is the residual
	// standard error. F = ((TSS-RSS)/p)/(RSS/DFResidual), p the number of
	// drivers, tests all driver coefficients, and FP is its p-value from
	// F(p, DFResidual); both are NaN when x has no columns.
	R2    float64 `json:"r2"`
	AdjR2 float64 `json:"adj_r2"`
	Sigma float64 `json:"sigma"`
	F     float64 `json:"f"`
	FP    float64 `json:"f_p"`
	// DFResidual = N - k, k the number of coefficients.
	DFResidual int `json:"df_residual"`
	// RSS and TSS are the weighted residual and total sums of squares.
	RSS float64 `json:"rss"`
	TSS float64 `json:"tss"`

	// Cond is the 2-norm condition number of the design matrix (intercept
	// column included) after scaling every column of W^½X to unit length,
	// the measure of Belsley, Kuh and Welsch (1980; see OLS), who read
	// condition indices above 30 as moderate to strong dependencies.
	Cond float64 `json:"cond"`
	// VIF holds the variance inflation factors 1/(1-R²_j), R²_j being that
	// of the (weighted) regression of driver j on the other drivers with an
	// intercept, i.e. the diagonal of the inverse of the drivers' weighted
	// correlation matrix (see VIF). Computed the same way with or without
	// an intercept in the model; in a model without intercept a constant
	// driver has VIF NaN (undefined) and the others are computed without it.
	VIF []float64 `json:"vif"`

	// Warnings lists non-fatal findings:
	//   - a *ConditionError with ErrCollinear for each near-dependency among
	//     the drivers that pushes a VIF above VIFWarn, naming the drivers
	//     involved and carrying the condition index μ₁/μₘ of the dependency
	//     (μ² the eigenvalues of the drivers' correlation matrix);
	//   - a *ConditionError with ErrCollinear when Cond exceeds
	//     1/√ε ≈ 6.7e7 (the coefficients are then sensitive to rounding in
	//     the data), naming the columns of the weakest dependency;
	//   - a *DriverError with ErrNegativeCoefficient naming the drivers with
	//     a negative coefficient;
	//   - ErrPerfectFit when the residuals vanish.
	Warnings []error `json:"warnings"`
}

// OLS fits the linear model y = b₀ + Xb + e by (weighted) least squares,
// minimizing
//
//	Σᵢ wᵢ (yᵢ - b₀ - Σⱼ xᵢⱼ bⱼ)²
//
// with an intercept b₀ unless opts.NoIntercept. x is n×p, one column per
// driver. If weights is nil then all the weights are unit. Weights must be
// positive and finite; they act as in R's lm(weights = w): σ² = Σwe²/(n-k)
// and R² is the weighted one.
//
// The columns of W^½X (and the intercept column W^½1) are scaled by powers of
// two to about unit length, which is exact, and the scaled matrix is
// factorised by Householder QR; the normal equations are never formed. The
// least-squares solution is then refined by Björck's iterative refinement
// of the augmented system with residuals accumulated in double-double
// arithmetic [2, 3], so that coefficients are accurate to nearly working
// precision even for ill-conditioned designs such as the NIST StRD Longley
// and Wampler problems. Standard errors come from the diagonal of
// (XᵀWX)⁻¹ = R⁻¹R⁻ᵀ (scaled back), refined column by column through the
// same augmented system when Cond exceeds 1e4 and N·k² ≤ 2e7 (the cost of
// refinement grows as N·k²; unrefined, the relative error of the standard
// errors is of the order of Cond·1e-16).
//
// p-values are two-sided, from Student's t with N-k degrees of freedom.
// OLS panics if opts.Confidence is not 0 and not in (0, 1).
//
// OLS returns an error, and no result, when lengths disagree or there is
// no coefficient to fit (ErrShape), when y or x holds NaN (*ValueError with ErrMissingValue,
// naming row and driver) or ±Inf (ErrNonFinite), when a weight is not
// positive and finite (*ValueError with ErrBadWeight), when N ≤ k
// (ErrFewRows), when a driver is constant (*DriverError with
// ErrConstant; without intercept only all-zero drivers), when y is
// constant (ErrConstant; without intercept, all zero), and when the
// design is singular or its condition number exceeds MaxCond (a
// *ConditionError with ErrSingular or ErrIllConditioned that carries Cond
// and names the drivers involved: those whose variance-decomposition
// proportion on the smallest singular value exceeds 0.5 [1]), or, for data
// or weights of extreme magnitude, when sums of squares overflow
// (ErrNonFinite). OLS does not modify its arguments.
//
// [1] Belsley DA, Kuh E, Welsch RE (1980). Regression Diagnostics: Identifying Influential Data and Sources of Collinearity. Wiley, New York.
// [2] Björck Å (1967). Iterative refinement of linear least squares solutions I. BIT 7(4):257-278.
// [3] Björck Å (1996). Numerical Methods for Least Squares Problems. SIAM, Philadelphia.
func OLS(x mat.Matrix, y, weights []float64, opts OLSOptions) (*OLSResult, error) {
	conf := confidence(opts.Confidence)
	n, p := x.Dims()
	names, err := driverNames(opts.Names, p)
	if err != nil {
		return nil, err
	}
	xs := rowMajor(x)
	if err := checkData(xs, n, p, y, weights, names); err != nil {
		return nil, err
	}
	intercept := !opts.NoIntercept
	off := 0
	if intercept {
		off = 1
	}
	k := p + off
	if k == 0 {
		return nil, fmt.Errorf("driver: %w: no drivers and no intercept", ErrShape)
	}
	if n <= k {
		return nil, fmt.Errorf("driver: %w: %d observations for %d coefficients; at least %d needed", ErrFewRows, n, k, k+1)
	}
	if err := constantDrivers(xs, n, p, intercept, names); err != nil {
		return nil, err
	}
	if constantOutcome(y, intercept) {
		return nil, fmt.Errorf("driver: %w: outcome is constant (all %d values are %g)", ErrConstant, n, y[0])
	}
	colNames := names
	if intercept {
		colNames = append([]string{interceptName}, names...)
	}

	// Weighted, equilibrated design A = W^½ [1 X] S and response W^½ y.
	var s lsq
	s.reset(n, k)
	b := make([]float64, n)
	for i := range n {
		sw := 1.0
		if weights != nil {
			sw = math.Sqrt(weights[i])
		}
		b[i] = sw * y[i]
		if intercept {
			s.a[i] = sw
		}
		for j, v := range xs[i*p : i*p+p] {
			s.a[(off+j)*n+i] = sw * v
		}
	}
	scale, unit := equilibrate(&s)
	s.factorize()

	cond, weakest, err := designCondition(&s, unit, colNames)
	if err != nil {
		return nil, err
	}

	coef := make([]float64, k)
	res := make([]float64, n)
	if !s.solve(coef, res, b, nil) {
		return nil, &ConditionError{Cond: cond, Names: weakest, Err: ErrIllConditioned}
	}
	for j := range coef {
		coef[j] *= scale[j]
	}
	var rssAcc acc
	for _, r := range res {
		rssAcc.addProd(r, r)
	}
	rss := rssAcc.value()
	df := n - k
	sigma := math.Sqrt(rss / float64(df))

	d := covDiag(&s, cond)
	se := make([]float64, k)
	for j := range se {
		se[j] = sigma * scale[j] * math.Sqrt(d[j])
	}

	out := &OLSResult{
		N:          n,
		Names:      names,
		Intercept:  intercept,
		DFResidual: df,
		RSS:        rss,
		Sigma:      sigma,
		Cond:       cond,
		Coef:       make([]float64, p),
		SE:         make([]float64, p),
		T:          make([]float64, p),
		P:          make([]float64, p),
		StdCoef:    make([]float64, p),
		VIF:        make([]float64, p),
		Lo:         make([]float64, p),
		Hi:         make([]float64, p),
		Confidence: conf,

		InterceptCoef: math.NaN(),
		InterceptSE:   math.NaN(),
		InterceptT:    math.NaN(),
		InterceptP:    math.NaN(),
		InterceptLo:   math.NaN(),
		InterceptHi:   math.NaN(),
	}
	q := studentQuantile(conf, df)
	if intercept {
		out.InterceptCoef, out.InterceptSE = coef[0], se[0]
		out.InterceptT = coef[0] / se[0]
		out.InterceptP = studentP(out.InterceptT, df)
		out.InterceptLo, out.InterceptHi = coef[0]-q*se[0], coef[0]+q*se[0]
	}
	_, ssy := weightedMoments(y, weights, 1, 0, n)
	if intercept {
		out.TSS = ssy
	} else {
		var t acc
		for i, v := range y {
			if weights != nil {
				t.addProd(weights[i]*v, v)
			} else {
				t.addProd(v, v)
			}
		}
		out.TSS = t.value()
	}
	if err := overflowCheck(slices.Concat(coef, se, []float64{rss, out.TSS, sigma})); err != nil {
		return nil, err
	}
	out.R2 = 1 - rss/out.TSS
	out.AdjR2 = 1 - (1-out.R2)*float64(n-off)/float64(df)
	out.F, out.FP = math.NaN(), math.NaN()
	if p > 0 {
		// TSS ≥ RSS; a tiny negative difference is rounding.
		out.F = math.Max(out.TSS-rss, 0) / float64(p) / (rss / float64(df))
		out.FP = fisherP(out.F, p, df)
	}
	ssx := make([]float64, p)
	for j := range p {
		c, e := coef[off+j], se[off+j]
		out.Coef[j], out.SE[j] = c, e
		out.T[j] = c / e
		out.P[j] = studentP(out.T[j], df)
		out.Lo[j], out.Hi[j] = c-q*e, c+q*e
		_, ssx[j] = weightedMoments(xs, weights, p, j, n)
		out.StdCoef[j] = c * math.Sqrt(ssx[j]/ssy)
	}
	if intercept {
		rc := centeredFactor(&s, true, scale, xs, n, p, weights, ssx, nil)
		for j := range p {
			// [(XᵀWX)⁻¹]ⱼⱼ · Σw(x-x̄)² = 1/(1-R²ⱼ), from the refined diagonal.
			out.VIF[j] = d[off+j] * scale[off+j] * scale[off+j] * ssx[j]
		}
		out.Warnings = collinearity(rc, out.VIF, names)
	} else {
		// Through the origin a driver may be constant (it then plays the
		// intercept's part); its VIF is undefined (NaN) and the others are
		// computed without it.
		var keep []int
		for j := range p {
			out.VIF[j] = math.NaN()
			if ssx[j] > 0 {
				keep = append(keep, j)
			}
		}
		if len(keep) > 0 {
			rc := centeredFactor(nil, false, nil, xs, n, p, weights, ssx, keep)
			v := vifFactor(rc)
			kn := make([]string, len(keep))
			for i, j := range keep {
				out.VIF[j] = v[i]
				kn[i] = names[j]
			}
			out.Warnings = collinearity(rc, v, kn)
		}
	}
	if cond > warnCond {
		out.Warnings = append(out.Warnings, &ConditionError{Cond: cond, Names: weakest, Err: ErrCollinear})
	}
	if neg := negativeWarning(out.Coef, names); neg != nil {
		out.Warnings = append(out.Warnings, neg)
	}
	if !(rss > 1e-30*out.TSS) {
		out.Warnings = append(out.Warnings, fmt.Errorf("%w: residual sum of squares %.3g; standard errors are zero", ErrPerfectFit, rss))
	}
	return out, nil
}

// overflowCheck returns an ErrNonFinite error when a value that must be
// finite is not: sums of squares or coefficients beyond the range of
// float64, from data or weights of extreme magnitude.
func overflowCheck(v []float64) error {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("driver: %w: overflow in the fit (data or weights too large in magnitude)", ErrNonFinite)
		}
	}
	return nil
}

// constantOutcome reports whether y is constant (with an intercept) or all
// zero (without).
func constantOutcome(y []float64, intercept bool) bool {
	for _, v := range y {
		if intercept && v != y[0] || !intercept && v != 0 {
			return false
		}
	}
	return true
}

// equilibrate scales the columns of the design in s in place by powers of
// two so that each has 2-norm in [0.5, 1), which is exact. It returns the
// scale factors and, for each column, the further factor that brings the
// scaled column to unit length.
func equilibrate(s *lsq) (scale, unit []float64) {
	scale = make([]float64, s.k)
	unit = make([]float64, s.k)
	for j := range s.k {
		c := s.col(j)
		nrm := floats.Norm(c, 2)
		_, e := math.Frexp(nrm)
		scale[j] = math.Ldexp(1, -e)
		unit[j] = 1 / (nrm * scale[j])
		floats.Scale(scale[j], c)
	}
	return scale, unit
}

// designCondition returns the 2-norm condition number of the factorised
// design with unit-length columns, from the singular values of R·diag(unit),
// and an error when the design is singular or worse conditioned than
// MaxCond. It also returns the columns involved in the weakest dependency.
func designCondition(s *lsq, unit []float64, colNames []string) (float64, []string, error) {
	sv, v, ok := rSVD(s, unit)
	if !ok {
		return math.NaN(), nil, fmt.Errorf("driver: %w: overflow in the fit (data or weights too large in magnitude)", ErrNonFinite)
	}
	k := len(sv)
	cond := sv[0] / sv[k-1]
	if sv[k-1] == 0 {
		cond = math.Inf(1)
	}
	involved := bkwInvolved(sv, v, k-1, colNames)
	switch {
	case !(cond*0x1p-52 < 1):
		return cond, involved, &ConditionError{Cond: cond, Names: involved, Err: ErrSingular}
	case cond > MaxCond:
		return cond, involved, &ConditionError{Cond: cond, Names: involved, Err: ErrIllConditioned}
	}
	return cond, involved, nil
}

// rSVD returns the singular values (descending) and right singular vectors
// of R·diag(unit), R the triangular factor in s. It reports false when R
// holds non-finite values (overflow) or the SVD fails.
func rSVD(s *lsq, unit []float64) ([]float64, *mat.Dense, bool) {
	k := s.k
	r := mat.NewDense(k, k, nil)
	for i := range k {
		for j := i; j < k; j++ {
			r.Set(i, j, s.rAt(i, j)*unit[j])
		}
	}
	return svdV(r)
}

// svdV returns the singular values (descending) and right singular vectors
// of the square matrix a. It reports false, without factorizing, when a
// holds NaN or ±Inf (on which LAPACK's SVD iteration need not terminate),
// or when the SVD fails.
func svdV(a *mat.Dense) ([]float64, *mat.Dense, bool) {
	raw := a.RawMatrix()
	for i := range raw.Rows {
		for _, v := range raw.Data[i*raw.Stride : i*raw.Stride+raw.Cols] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, nil, false
			}
		}
	}
	var svd mat.SVD
	if !svd.Factorize(a, mat.SVDThinV) {
		return nil, nil, false
	}
	var v mat.Dense
	svd.VTo(&v)
	return svd.Values(nil), &v, true
}

// bkwInvolved returns the columns whose variance-decomposition proportion
// on dimension m exceeds 0.5 [Belsley, Kuh and Welsch 1980],
//
//	πⱼₘ = (vⱼₘ²/μₘ²) / Σₗ (vⱼₗ²/μₗ²),
//
// among those with a loading |vⱼₘ| of at least 1e-6 of the largest (in an
// exactly singular design the other loadings are rounding noise, which the
// proportions would magnify). If fewer than two columns qualify, the
// columns with a loading of at least a tenth of the largest are returned
// instead.
func bkwInvolved(sv []float64, v *mat.Dense, m int, colNames []string) []string {
	k := len(sv)
	var big float64
	for j := range k {
		big = math.Max(big, math.Abs(v.At(j, m)))
	}
	var out []string
	if sv[m] > 0 {
		for j := range k {
			if math.Abs(v.At(j, m)) < 1e-6*big {
				continue
			}
			var tot float64
			for l := range k {
				if sv[l] == 0 {
					tot = math.Inf(1)
					break
				}
				vjl := v.At(j, l) / sv[l]
				tot += vjl * vjl
			}
			vjm := v.At(j, m) / sv[m]
			if vjm*vjm/tot > 0.5 {
				out = append(out, colNames[j])
			}
		}
	}
	if len(out) >= 2 {
		return out
	}
	out = out[:0]
	for j := range k {
		if math.Abs(v.At(j, m)) >= 0.1*big {
			out = append(out, colNames[j])
		}
	}
	return out
}

// covDiag returns the diagonal of (AᵀA)⁻¹ = R⁻¹R⁻ᵀ for the factorised
// design in s. When cond exceeds refineCovCond and n·k² ≤ refineCovCost,
// each element is refined:
// column j of (AᵀA)⁻¹ is the x part of the augmented system with b = 0 and
// c = -eⱼ, solved with the same iterative refinement as the coefficients.
func covDiag(s *lsq, cond float64) []float64 {
	k := s.k
	d := make([]float64, k)
	ri := make([]float64, k*k)
	for i := range k {
		for j := i; j < k; j++ {
			ri[i*k+j] = s.rAt(i, j)
		}
	}
	lapack64.Trtri(blas64.Triangular{Uplo: blas.Upper, Diag: blas.NonUnit, N: k, Stride: k, Data: ri})
	for j := range k {
		var a acc
		for l := j; l < k; l++ {
			a.addProd(ri[j*k+l], ri[j*k+l])
		}
		d[j] = a.value()
	}
	if cond <= refineCovCond || float64(s.n)*float64(k)*float64(k) > refineCovCost {
		return d
	}
	z := make([]float64, k)
	r := make([]float64, s.n)
	zero := make([]float64, s.n)
	c := make([]float64, k)
	for j := range k {
		c[j] = -1
		if s.solve(z, r, zero, c) && z[j] > 0 {
			d[j] = z[j]
		}
		c[j] = 0
	}
	return d
}

// studentP returns the two-sided p-value P(|T| ≥ |t|) for Student's t with
// df degrees of freedom, as the regularized incomplete beta function
// I_{df/(df+t²)}(df/2, 1/2), which keeps relative accuracy for small p.
func studentP(t float64, df int) float64 {
	if math.IsNaN(t) {
		return math.NaN()
	}
	if math.IsInf(t, 0) {
		return 0
	}
	v := float64(df)
	return mathext.RegIncBeta(v/2, 0.5, v/(v+t*t))
}

// confidence returns the confidence level c, or 0.95 for 0, and panics
// when c is not in (0, 1).
func confidence(c float64) float64 {
	if c == 0 {
		return 0.95
	}
	if !(c > 0 && c < 1) {
		panic(fmt.Sprintf("driver: confidence level %g not in (0, 1)", c))
	}
	return c
}

// studentQuantile returns the two-sided critical value q of Student's t
// with df degrees of freedom at level conf, P(|T| ≤ q) = conf, by inverting
// studentP: x = I⁻¹(df/2, 1/2; 1-conf), q = sqrt(df(1-x)/x).
func studentQuantile(conf float64, df int) float64 {
	v := float64(df)
	x := mathext.InvRegIncBeta(v/2, 0.5, 1-conf)
	return math.Sqrt(v * (1 - x) / x)
}

// fisherP returns the upper-tail p-value P(F ≥ f) of the F(d1, d2)
// distribution, I_{d2/(d2+d1 f)}(d2/2, d1/2).
func fisherP(f float64, d1, d2 int) float64 {
	if math.IsNaN(f) {
		return math.NaN()
	}
	if math.IsInf(f, 1) {
		return 0
	}
	if f <= 0 {
		return 1
	}
	a, b := float64(d1), float64(d2)
	return mathext.RegIncBeta(b/2, a/2, b/(b+a*f))
}
