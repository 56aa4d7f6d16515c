package priority

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/touchpoint-cx/touchpoint/driver"
	"github.com/touchpoint-cx/touchpoint/survey"
)

// minAnswers is the least number of scores a step needs to be analysed.
const minAnswers = 10

// outcomeSpec is an outcome the steps are regressed on.
type outcomeSpec struct {
	name    string
	measure string    // "mean", "nps" or "percent"
	y       []float64 // per respondent, NaN when not answered; nps coded ±100/0, binary ×100
	// vals are the distinct values of y, sorted, for an ordinal outcome
	// (a rating, NPS or binary answer); nil for a numeric one.
	vals []float64
}

// data is a process prepared for the analysis: the analysed steps' scores,
// the weights and the outcomes.
type data struct {
	p        *survey.Process
	steps    []int       // indices into p.Steps of the analysed steps
	scores   [][]float64 // per analysed step, per respondent (NaN = no score)
	anyStep  []bool      // respondent has a score for some step
	w        []float64   // survey weights (all 1 when unweighted)
	outcomes []outcomeSpec
	names    []string    // step ids then indicator names, the columns of the design
	values   [][]float64 // per analysed step, its distinct scores, sorted
	// indicators are the passing indicators driver.Analyze made for the
	// full sample (driver.MissingDummy).
	indicators []driver.Indicator
}

// prepare selects the analysed steps and outcomes of process p.
func prepare(p *survey.Process, outcomes []outcomeSpec, unweighted bool) (*data, []string, error) {
	d := &data{p: p, outcomes: outcomes}
	var warnings []string
	n := p.Len()
	d.w = make([]float64, n)
	if w := p.Weights(); w != nil && !unweighted {
		copy(d.w, w)
	} else {
		for i := range d.w {
			d.w[i] = 1
		}
	}
	counts := p.StepCounts()
	for i, s := range p.Steps {
		if counts[i] < minAnswers {
			warnings = append(warnings, fmt.Sprintf("step %s left out of the driver model: %d scores (want at least %d)", s.ID, counts[i], minAnswers))
			continue
		}
		d.steps = append(d.steps, i)
		col := p.StepColumn(i)
		d.scores = append(d.scores, col)
		seen := map[float64]bool{}
		var vals []float64
		for _, v := range col {
			if !math.IsNaN(v) && !seen[v] {
				seen[v] = true
				vals = append(vals, v)
			}
		}
		sort.Float64s(vals)
		d.values = append(d.values, vals)
	}
	if len(d.steps) == 0 {
		return nil, warnings, fmt.Errorf("priority: process %s: %w", p.ID, ErrNoSteps)
	}
	d.anyStep = make([]bool, n)
	for _, col := range d.scores {
		for r, v := range col {
			if !math.IsNaN(v) {
				d.anyStep[r] = true
			}
		}
	}
	for j := range d.scores {
		d.names = append(d.names, p.Steps[d.steps[j]].ID)
	}
	return d, warnings, nil
}

// fit is the analysis of one (re)sample: what every bootstrap replicate
// recomputes.
type fit struct {
	share     []float64 // lmg share of R² per analysed step
	effect    []float64 // coefficient per analysed step in the driver model
	passShare float64   // lmg share of R² of the passing indicators together
	r2        float64
	n         int       // rows of the main model
	warnings  []string  // the driver model's warnings (full sample only)
	mean      []float64 // weighted mean score per analysed step
	pass      []float64 // share passing the step
	ybar      []float64 // per outcome, the weighted mean
	err       []error   // per outcome, why its model failed
	// lat holds per outcome the coefficients of the latent model (steps as
	// normal scores), and ord the steps' ordinal models.
	lat  [][]float64
	ord  []ordinal
	yord []*ordinal // per outcome, its ordinal model (nil for a numeric outcome)
}

// fitWeights analyses the process with case weights wts (the survey weight
// times the bootstrap count; 0 leaves a respondent out): the steps' means
// and shares passing, the driver model of the main outcome (importance)
// and the latent model of every outcome, over the respondents with the
// outcome and a score for some step.
//
// The latent model's design has one column per analysed step holding the
// normal score of its answer, filled with the step's mean normal score
// where there is none, and the passing indicators of the driver model
// (chosen on the full sample by driver.Analyze: 1 where the indicator's
// first step has a score).
func (d *data) fitWeights(wts []float64, full bool) (*fit, error) {
	p := len(d.steps)
	n := len(wts)
	f := &fit{mean: make([]float64, p), pass: make([]float64, p)}
	var wAny float64
	for r := range n {
		if d.anyStep[r] {
			wAny += wts[r]
		}
	}
	for j, col := range d.scores {
		var sw, swx float64
		for r, v := range col {
			if !math.IsNaN(v) && wts[r] > 0 {
				sw += wts[r]
				swx += wts[r] * v
			}
		}
		if sw == 0 {
			return nil, fmt.Errorf("step %s has no scores in the sample", d.names[j])
		}
		f.mean[j] = swx / sw
		f.pass[j] = sw / wAny
	}
	if err := d.importance(f, wts, full); err != nil {
		if full {
			return nil, fmt.Errorf("driver analysis of %s: %w", d.outcomes[0].name, err)
		}
		return nil, err
	}
	names := slices.Clone(d.names)
	ind := make([]int, len(d.indicators))
	for i, in := range d.indicators {
		ind[i] = slices.Index(d.names, in.Same[0])
		names = append(names, in.Name)
	}
	row := make([]float64, 1+len(names))
	f.ord = make([]ordinal, p)
	for j, col := range d.scores {
		f.ord[j] = newOrdinal(d.values[j], col, wts)
	}
	latFill := make([]float64, p)
	for j, col := range d.scores {
		var sw, swx float64
		for r, v := range col {
			if !math.IsNaN(v) && wts[r] > 0 {
				sw += wts[r]
				swx += wts[r] * f.ord[j].score(v)
			}
		}
		latFill[j] = swx / sw
	}
	// moments returns the moments of the latent model of outcome o.
	moments := func(o outcomeSpec, oy *ordinal) (*driver.Moments, error) {
		m := driver.NewMoments(append([]string{o.name}, names...))
		for r := range n {
			if !(wts[r] > 0) || math.IsNaN(o.y[r]) || !d.anyStep[r] {
				continue
			}
			row[0] = o.y[r]
			if oy != nil {
				row[0] = oy.score(o.y[r])
			}
			for j, col := range d.scores {
				v := col[r]
				if math.IsNaN(v) {
					v = latFill[j]
				} else {
					v = f.ord[j].score(v)
				}
				row[1+j] = v
			}
			for i, j := range ind {
				row[1+p+i] = 0
				if !math.IsNaN(d.scores[j][r]) {
					row[1+p+i] = 1
				}
			}
			if err := m.Add(row, wts[r]); err != nil {
				return nil, err
			}
		}
		return m, nil
	}
	for k, o := range d.outcomes {
		lat := make([]float64, p)
		for j := range lat {
			lat[j] = math.NaN()
		}
		var oy *ordinal
		if o.vals != nil {
			v := newOrdinal(o.vals, o.y, wts)
			oy = &v
		}
		ml, err := moments(o, oy)
		if err != nil {
			return nil, err
		}
		ybar := math.NaN()
		if ml.N() > 0 {
			var sw, swy float64
			for r, y := range o.y {
				if wts[r] > 0 && !math.IsNaN(y) {
					sw += wts[r]
					swy += wts[r] * y
				}
			}
			ybar = swy / sw
		}
		res, err := driver.OLSMoments(ml, driver.OLSOptions{})
		if err == nil {
			copy(lat, res.Coef[:p])
			if oy != nil && oy.varScore > 0 {
				// The normal scores of a coarse outcome keep only part of
				// its latent variance, and their covariances with the
				// steps shrink by that part: undo it.
				for j := range lat {
					lat[j] /= oy.varScore
				}
			}
		}
		if k == 0 && err != nil {
			return nil, fmt.Errorf("latent model of %s: %w", o.name, err)
		}
		f.yord = append(f.yord, oy)
		f.lat = append(f.lat, lat)
		f.ybar = append(f.ybar, ybar)
		f.err = append(f.err, err)
	}
	return f, nil
}

// outcomeSpecs returns the outcomes of the analysis of study st: the main
// outcome first, then NPS and the binary outcomes (for the what-if).
func outcomeSpecs(p *survey.Process, main string) ([]outcomeSpec, error) {
	spec := func(o survey.Outcome) outcomeSpec {
		x := p.OutcomeColumn(o.Name)
		s := outcomeSpec{name: o.Name, measure: "mean", y: x}
		switch {
		case o.Name == survey.NPS:
			s.measure = "nps"
			s.y = make([]float64, len(x))
			for i, v := range x {
				switch {
				case math.IsNaN(v):
					s.y[i] = v
				case v >= 9:
					s.y[i] = 100
				case v <= 6:
					s.y[i] = -100
				}
			}
		case o.Type == survey.Binary:
			s.measure = "percent"
			s.y = make([]float64, len(x))
			for i, v := range x {
				s.y[i] = 100 * v
			}
		}
		if o.Type != survey.Numeric || o.Name == survey.Overall || o.Name == survey.CES || o.Name == survey.CSAT {
			seen := map[float64]bool{}
			for _, v := range s.y {
				if !math.IsNaN(v) && !seen[v] {
					seen[v] = true
					s.vals = append(s.vals, v)
				}
			}
			sort.Float64s(s.vals)
			if len(s.vals) < 2 {
				s.vals = nil
			}
		}
		return s
	}
	var out []outcomeSpec
	if main == "" {
		if _, ok := p.Outcome(survey.Overall); ok {
			main = survey.Overall
		} else if len(p.Outcomes) > 0 {
			main = p.Outcomes[0].Name
		}
	}
	o, ok := p.Outcome(main)
	if !ok {
		names := make([]string, len(p.Outcomes))
		for i, o := range p.Outcomes {
			names[i] = o.Name
		}
		return nil, fmt.Errorf("priority: %w: %q (the study has %v)", ErrOutcome, main, names)
	}
	out = append(out, spec(o))
	for _, o := range p.Outcomes {
		if o.Name != main && (o.Name == survey.NPS || o.Type == survey.Binary) {
			out = append(out, spec(o))
		}
	}
	return out, nil
}

// ordinal is the ordinal-probit model of a step's scores: a latent
// standard normal satisfaction z cut at thresholds into the K scores
// v_1 < … < v_K,
//
//	τ_c     = Φ⁻¹(P_c),  P_c the weighted share of scores ≤ v_c (c < K)
//	score_c = E[z | τ_{c−1} < z ≤ τ_c] = (φ(τ_{c−1}) − φ(τ_c)) / (P_c − P_{c−1})
//
// (τ_0 = −∞, τ_K = +∞; Olsson (1979) Psychometrika 44(4):443-460 for
// the normal scores of ordinal categories). A shift δ of z moves the mean
// score to
//
//	m(δ) = Σ_c v_c [Φ(τ_c − δ) − Φ(τ_{c−1} − δ)].
type ordinal struct {
	vals   []float64
	tau    []float64 // K−1 thresholds
	scores []float64 // K normal scores
	// varScore is the variance of the normal scores, Σ_c p_c score_c²
	// (their mean is 0): the share of the latent variance the K
	// categories keep.
	varScore float64
}

func newOrdinal(vals, col, wts []float64) ordinal {
	k := len(vals)
	o := ordinal{vals: vals, tau: make([]float64, k-1), scores: make([]float64, k)}
	w := make([]float64, k)
	var total float64
	for r, v := range col {
		if math.IsNaN(v) || !(wts[r] > 0) {
			continue
		}
		c := sort.SearchFloat64s(vals, v)
		w[c] += wts[r]
		total += wts[r]
	}
	var cum float64
	for c := range k - 1 {
		cum += w[c] / total
		o.tau[c] = normQuantile(cum)
	}
	for c := range k {
		lo, hi := math.Inf(-1), math.Inf(1)
		if c > 0 {
			lo = o.tau[c-1]
		}
		if c < k-1 {
			hi = o.tau[c]
		}
		pr := normCDF(hi) - normCDF(lo)
		if pr > 0 {
			o.scores[c] = (normPDF(lo) - normPDF(hi)) / pr
		} else {
			o.scores[c] = (clampInf(lo) + clampInf(hi)) / 2
		}
		o.varScore += w[c] / total * o.scores[c] * o.scores[c]
	}
	return o
}

// score returns the normal score of the answer v.
func (o ordinal) score(v float64) float64 {
	c := sort.SearchFloat64s(o.vals, v)
	if c >= len(o.vals) {
		c = len(o.vals) - 1
	}
	return o.scores[c]
}

// mean returns m(δ).
func (o ordinal) mean(delta float64) float64 {
	var m float64
	prev := 0.0
	for c, v := range o.vals {
		cdf := 1.0
		if c < len(o.tau) {
			cdf = normCDF(o.tau[c] - delta)
		}
		m += v * (cdf - prev)
		prev = cdf
	}
	return m
}

// maxShift bounds the latent shift of a step, in standard deviations.
const maxShift = 8

// shift returns the latent shift δ ≥ 0 that raises the mean score by u,
// m(δ) = m(0) + u, by bisection; at most maxShift when the rise cannot be
// reached (a target at the top of the scale).
func (o ordinal) shift(u float64) float64 {
	if !(u > 0) {
		return 0
	}
	target := o.mean(0) + u
	lo, hi := 0.0, float64(maxShift)
	if o.mean(hi) <= target {
		return hi
	}
	for range 60 {
		mid := (lo + hi) / 2
		if o.mean(mid) < target {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

func normCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

func normPDF(x float64) float64 {
	if math.IsInf(x, 0) {
		return 0
	}
	return math.Exp(-x*x/2) / math.Sqrt(2*math.Pi)
}

// normQuantile is Φ⁻¹, clamped to ±8 at 0 and 1.
func normQuantile(p float64) float64 {
	switch {
	case p <= 0:
		return -maxShift
	case p >= 1:
		return maxShift
	}
	return -math.Sqrt2 * math.Erfcinv(2*p)
}

func clampInf(x float64) float64 { return math.Max(-maxShift, math.Min(maxShift, x)) }

// importance fits the driver model of the main outcome on the step scores
// with dummy-variable adjustment (driver.MissingDummy: a step not passed
// is filled with the step's weighted mean over the respondents in the
// model, and a "passed:<step>" indicator enters as a driver of its own),
// and keeps the lmg share of R² and the coefficient of each step.
//
// The full sample (full = true) is analysed by driver.Analyze, which also
// chooses the indicators (one per set of steps passed together or
// either-or); the bootstrap replicates rebuild the same design and
// analyse its weighted moments with driver.AnalyzeMoments, which gives
// the same numbers (checked by TestImportanceReplica) at a fraction of
// the cost.
func (d *data) importance(f *fit, wts []float64, full bool) error {
	p := len(d.steps)
	y := d.outcomes[0].y
	var rows []int
	for r, v := range y {
		if wts[r] > 0 && !math.IsNaN(v) && d.anyStep[r] {
			rows = append(rows, r)
		}
	}
	if len(rows) == 0 {
		return fmt.Errorf("no respondent answered %s", d.outcomes[0].name)
	}
	var res *driver.Result
	var err error
	if full {
		x := mat.NewDense(len(rows), p, nil)
		ys := make([]float64, len(rows))
		ws := make([]float64, len(rows))
		for i, r := range rows {
			ys[i], ws[i] = y[r], wts[r]
			for j, col := range d.scores {
				x.Set(i, j, col[r])
			}
		}
		res, err = driver.Analyze(x, ys, ws, driver.Options{
			Outcome: d.outcomes[0].name, Names: d.names[:p], Methods: driver.MethodsOf(driver.LMG),
			Missing: driver.MissingDummy, Workers: 1,
		})
		if err == nil && res.MissingReport != nil {
			d.indicators = res.MissingReport.Indicators
		}
		if err == nil {
			for _, w := range res.Warnings {
				f.warnings = append(f.warnings, "driver model: "+w.Error())
			}
		}
	} else {
		res, err = d.importanceReplica(rows, wts)
	}
	if err != nil {
		return err
	}
	f.share = make([]float64, p)
	f.effect = make([]float64, p)
	f.passShare = 0
	for j := range p {
		f.share[j] = math.NaN()
		f.effect[j] = math.NaN()
	}
	for _, dr := range res.Drivers {
		if j := slices.Index(d.names[:p], dr.Name); j >= 0 {
			f.share[j] = dr.Share
			f.effect[j] = dr.Coef
		} else {
			f.passShare += dr.Share
		}
	}
	f.r2 = res.R2
	f.n = res.N
	return nil
}

// importanceReplica is the dummy-adjusted driver analysis of the rows
// with weights wts, from moments, with the indicators of the full sample.
func (d *data) importanceReplica(rows []int, wts []float64) (*driver.Result, error) {
	p := len(d.steps)
	fill := make([]float64, p)
	for j, col := range d.scores {
		var sw, swx float64
		for _, r := range rows {
			if v := col[r]; !math.IsNaN(v) {
				sw += wts[r]
				swx += wts[r] * v
			}
		}
		if sw == 0 {
			return nil, fmt.Errorf("step %s not observed in the sample", d.names[j])
		}
		fill[j] = swx / sw
	}
	ind := make([]int, len(d.indicators))
	names := append([]string{d.outcomes[0].name}, d.names[:p]...)
	for i, in := range d.indicators {
		ind[i] = slices.Index(d.names[:p], in.Same[0])
		names = append(names, in.Name)
	}
	m := driver.NewMoments(names)
	row := make([]float64, len(names))
	y := d.outcomes[0].y
	for _, r := range rows {
		row[0] = y[r]
		for j, col := range d.scores {
			v := col[r]
			if math.IsNaN(v) {
				v = fill[j]
			}
			row[1+j] = v
		}
		for i, j := range ind {
			row[1+p+i] = 0
			if !math.IsNaN(d.scores[j][r]) {
				row[1+p+i] = 1
			}
		}
		if err := m.Add(row, wts[r]); err != nil {
			return nil, err
		}
	}
	return driver.AnalyzeMoments(m, driver.Options{Methods: driver.MethodsOf(driver.LMG), Workers: 1})
}
