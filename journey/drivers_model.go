package journey

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/touchpoint-cx/touchpoint/driver"
	"github.com/touchpoint-cx/touchpoint/survey"
)

// group is a segment or wave: its label and members.
type group struct {
	label string
	in    []bool
}

// goalSpec is a business outcome to link to.
type goalSpec struct {
	name, typ string
	y         []float64 // the column as modelled (t for NPS)
	logistic  bool
}

// analysis holds what every replicate shares: the columns, the design and
// the groups.
type analysis struct {
	p        *survey.Process
	opts     DriverOptions
	outcome  string
	y        []float64
	logistic bool
	base     []float64 // weight × [analysed]; 0 for respondents left out
	steps    []int     // the steps analysed (indices into p.Steps)
	cols     [][]float64
	ind      []bool   // per step: the indicator is in the model
	names    []string // model columns: scores then indicators
	groups   []driver.Group
	phases   []driver.Group
	segs     []group
	waves    []group
	goals    []goalSpec
	warnings []string
	excluded []Exclusion
	n        int
}

func newAnalysis(st *survey.Study, p *survey.Process, opts DriverOptions) (*analysis, error) {
	if opts.Missing < 0 || opts.Missing >= numMissing {
		return nil, fmt.Errorf("journey: unknown missing-data method %d", int(opts.Missing))
	}
	if l := opts.level(); !(l > 0 && l < 1) {
		return nil, fmt.Errorf("journey: confidence level %v outside (0, 1)", opts.Level)
	}
	if opts.Bootstrap < 0 || opts.Bootstrap == 1 {
		return nil, fmt.Errorf("journey: %d bootstrap replicates: want 0 or at least 2", opts.Bootstrap)
	}
	a := &analysis{p: p, opts: opts, outcome: opts.Outcome}
	if a.outcome == "" {
		a.outcome = survey.Overall
	}
	oc, ok := p.Outcome(a.outcome)
	if !ok {
		return nil, fmt.Errorf("journey: process %s has no outcome column %q", p.ID, a.outcome)
	}
	a.y = p.OutcomeColumn(a.outcome)
	a.logistic = oc.Type == survey.Binary
	if a.logistic && opts.Missing == MissingPairwise {
		return nil, fmt.Errorf("journey: outcome %q is binary: a logistic model needs complete rows (missing-data method dummy or listwise, not pairwise)", a.outcome)
	}
	n := p.Len()
	var w []float64
	if !opts.Unweighted {
		w = p.Weights()
	}
	// A step without answers, or with one answer for all, cannot be
	// analysed: it is left out with a warning.
	for i, s := range p.Steps {
		col := p.StepColumn(i)
		lo, hi, k := math.Inf(1), math.Inf(-1), 0
		for r, v := range col {
			if math.IsNaN(v) || math.IsNaN(a.y[r]) {
				continue
			}
			lo, hi, k = math.Min(lo, v), math.Max(hi, v), k+1
		}
		switch {
		case k == 0:
			a.warnings = append(a.warnings, fmt.Sprintf("step %s left out: no answers", s.ID))
			continue
		case lo == hi:
			a.warnings = append(a.warnings, fmt.Sprintf("step %s left out: every answer is %v", s.ID, lo))
			continue
		}
		a.steps = append(a.steps, i)
		a.cols = append(a.cols, col)
	}
	if len(a.steps) == 0 {
		return nil, fmt.Errorf("journey: process %s: no step to analyse (%s)", p.ID, strings.Join(a.warnings, "; "))
	}
	a.base = make([]float64, n)
	var noOutcome, noSteps, incomplete int
	for r := 0; r < n; r++ {
		if math.IsNaN(a.y[r]) {
			noOutcome++
			continue
		}
		answered := 0
		for _, c := range a.cols {
			if !math.IsNaN(c[r]) {
				answered++
			}
		}
		switch {
		case answered == 0:
			noSteps++
			continue
		case opts.Missing == MissingListwise && answered < len(a.cols):
			incomplete++
			continue
		}
		a.base[r] = 1
		if w != nil {
			a.base[r] = w[r]
		}
		a.n++
	}
	for _, e := range []Exclusion{{"no outcome", noOutcome}, {"no step answers", noSteps}, {"incomplete", incomplete}} {
		if e.N > 0 {
			a.excluded = append(a.excluded, e)
		}
	}
	if a.n == 0 {
		return nil, fmt.Errorf("journey: process %s: no respondents to analyse (%s)", p.ID, exclusionText(a.excluded))
	}
	a.design()
	a.phaseGroups()
	a.segs = groupsOf(p.SegmentColumn(), st.Segments)
	a.waves = groupsOf(p.WaveColumn(), st.Waves)
	if err := a.goalSpecs(opts.Goals); err != nil {
		return nil, err
	}
	return a, nil
}

func exclusionText(ex []Exclusion) string {
	var s []string
	for _, e := range ex {
		s = append(s, fmt.Sprintf("%s: %d", e.Reason, e.N))
	}
	return strings.Join(s, ", ")
}

func groupsOf(labels, order []string) []group {
	var out []group
	for _, l := range order {
		g := group{label: l, in: make([]bool, len(labels))}
		k := 0
		for r, x := range labels {
			if x == l {
				g.in[r] = true
				k++
			}
		}
		if k > 0 {
			out = append(out, g)
		}
	}
	return out
}

// design decides the model columns: the step scores and, with
// MissingDummy, the indicators that vary and are not aliased.
func (a *analysis) design() {
	k := len(a.steps)
	a.ind = make([]bool, k)
	a.names = nil
	for _, i := range a.steps {
		a.names = append(a.names, a.p.Steps[i].ID)
	}
	if a.opts.Missing != MissingDummy {
		return
	}
	// Gram–Schmidt on the indicators of the respondents analysed, after the
	// intercept: an indicator whose residual is (nearly) zero is a linear
	// function of the earlier ones.
	var rows []int
	for r, b := range a.base {
		if b > 0 {
			rows = append(rows, r)
		}
	}
	var basis [][]float64
	one := make([]float64, len(rows))
	for t := range one {
		one[t] = 1 / math.Sqrt(float64(len(rows)))
	}
	basis = append(basis, one)
	for j, c := range a.cols {
		v := make([]float64, len(rows))
		var passed int
		for t, r := range rows {
			if !math.IsNaN(c[r]) {
				v[t] = 1
				passed++
			}
		}
		if passed == len(rows) || passed == 0 {
			continue
		}
		norm0 := math.Sqrt(dot(v, v))
		for _, b := range basis {
			axpy(-dot(v, b), b, v)
		}
		nv := math.Sqrt(dot(v, v))
		if nv < 1e-8*norm0 {
			continue
		}
		for t := range v {
			v[t] /= nv
		}
		basis = append(basis, v)
		a.ind[j] = true
	}
	for j, on := range a.ind {
		if on {
			id := a.p.Steps[a.steps[j]].ID
			a.names = append(a.names, id+" (answered)")
			a.groups = append(a.groups, driver.Group{Name: id, Members: []string{id, id + " (answered)"}})
		}
	}
}

func dot(x, y []float64) float64 {
	var s float64
	for i := range x {
		s += x[i] * y[i]
	}
	return s
}

func axpy(a float64, x, y []float64) {
	for i := range x {
		y[i] += a * x[i]
	}
}

// aliased returns, for step j whose indicator is aliased, the steps of
// the other path: those with an indicator in the model whose answering
// pattern is the complement of j's for at least 90% of the respondents
// analysed (see StepDriver.PassEffect).
func (a *analysis) aliased(j int) []string {
	var out []string
	c := a.cols[j]
	for k, on := range a.ind {
		if !on || k == j {
			continue
		}
		ck := a.cols[k]
		same, other := 0, 0
		for r, b := range a.base {
			if b <= 0 {
				continue
			}
			if math.IsNaN(c[r]) == math.IsNaN(ck[r]) {
				same++
			} else {
				other++
			}
		}
		if other >= 9*same && other > 0 {
			out = append(out, a.p.Steps[a.steps[k]].ID)
		}
	}
	return out
}

// phaseGroups groups the model columns by phase, in journey order.
func (a *analysis) phaseGroups() {
	var order []string
	members := map[string][]string{}
	for j, i := range a.steps {
		s := a.p.Steps[i]
		if _, ok := members[s.Phase]; !ok {
			order = append(order, s.Phase)
		}
		members[s.Phase] = append(members[s.Phase], s.ID)
		if a.ind[j] {
			members[s.Phase] = append(members[s.Phase], s.ID+" (answered)")
		}
	}
	if len(order) < 2 {
		return
	}
	for _, ph := range order {
		a.phases = append(a.phases, driver.Group{Name: ph, Members: members[ph]})
	}
}

func (a *analysis) goalSpecs(names []string) error {
	pairwise := a.opts.Missing == MissingPairwise
	if names == nil {
		for _, o := range a.p.Outcomes {
			switch {
			case o.Name == a.outcome:
			case o.Type == survey.Binary && pairwise:
				a.warnings = append(a.warnings, fmt.Sprintf("goal %s left out: a logistic model needs complete rows (not pairwise)", o.Name))
			default:
				names = append(names, o.Name)
			}
		}
	}
	for _, name := range names {
		o, ok := a.p.Outcome(name)
		if !ok {
			return fmt.Errorf("journey: process %s has no outcome column %q", a.p.ID, name)
		}
		if name == a.outcome {
			return fmt.Errorf("journey: goal %q is the outcome of the analysis", name)
		}
		g := goalSpec{name: name, y: a.p.OutcomeColumn(name)}
		switch {
		case name == survey.NPS:
			g.typ = "nps"
			g.y = npsCoded(g.y)
		case o.Type == survey.Binary && pairwise:
			return fmt.Errorf("journey: goal %q is binary: a logistic model needs complete rows (missing-data method dummy or listwise, not pairwise)", name)
		case o.Type == survey.Binary:
			g.typ, g.logistic = "binary", true
		case o.Type == survey.Rating:
			g.typ = "rating"
		default:
			g.typ = "numeric"
		}
		a.goals = append(a.goals, g)
	}
	return nil
}

// rows returns the respondents analysed and one resampling unit each.
func (a *analysis) rows() (rows []int, units []int32) {
	for r, b := range a.base {
		if b > 0 {
			rows = append(rows, r)
			units = append(units, 1)
		}
	}
	return rows, units
}

// data is a model's data: the design of the rows with positive weight.
type data struct {
	names []string // the columns of x
	x     *mat.Dense
	y, w  []float64
	rows  []int
	means []float64 // per step: the fill value (weighted mean of answers)

	// A view (made by sub for a linear model) holds no x: its rows are
	// rows at of parent's x, followed by extra when not nil.
	parent *data
	at     []int
	extra  []float64
}

// cols returns the number of columns of d's design.
func (d *data) cols() int {
	if d.parent == nil {
		_, c := d.x.Dims()
		return c
	}
	return len(d.names)
}

// build returns the design of the respondents with positive weight in
// w: the step scores, missing ones filled with the weighted mean of the
// answers of these respondents, and the indicators. With the indicator of
// a step in the model, the fill value changes only the indicator's
// coefficient (the score and the indicator span the same space whatever
// the fill), so one design serves every model of a replicate.
func (a *analysis) build(w []float64) (*data, error) {
	d := &data{names: a.names}
	for r, wr := range w {
		if wr > 0 {
			d.rows = append(d.rows, r)
		}
	}
	k := len(a.steps)
	nc := len(a.names)
	d.means = make([]float64, k)
	for j, c := range a.cols {
		var sw, sx float64
		for _, r := range d.rows {
			if v := c[r]; !math.IsNaN(v) {
				sw += w[r]
				sx += w[r] * v
			}
		}
		if sw == 0 {
			return nil, fmt.Errorf("no answers for step %s", a.p.Steps[a.steps[j]].ID)
		}
		d.means[j] = sx / sw
	}
	raw := make([]float64, len(d.rows)*nc)
	for t, r := range d.rows {
		row := raw[t*nc : (t+1)*nc]
		q := k
		for j, c := range a.cols {
			v := c[r]
			if math.IsNaN(v) && a.opts.Missing != MissingPairwise {
				row[j] = d.means[j]
			} else {
				row[j] = v
			}
			if a.ind[j] {
				if !math.IsNaN(v) {
					row[q] = 1
				}
				q++
			}
		}
	}
	if len(d.rows) > 0 {
		d.x = mat.NewDense(len(d.rows), nc, raw)
	}
	return d, nil
}

// sub returns the part of design d for the outcome y and weights w: the
// rows with positive weight and y (and extra, when not nil) not NaN.
// extra, when not nil, is appended as a last column.
func (d *data) sub(y, w, extra []float64, view bool) (*data, error) {
	s := &data{means: d.means, names: d.names}
	_, nc := d.x.Dims()
	var keep []int
	for t, r := range d.rows {
		if w[r] > 0 && !math.IsNaN(y[r]) && (extra == nil || !math.IsNaN(extra[r])) {
			keep = append(keep, t)
			s.rows = append(s.rows, r)
		}
	}
	mc := nc
	if extra != nil {
		mc++
		s.names = append(append([]string(nil), d.names...), "process outcome")
	}
	if len(keep) <= mc+1 {
		return nil, fmt.Errorf("%w: %d respondents for %d columns", driver.ErrFewRows, len(keep), mc)
	}
	s.y = make([]float64, len(keep))
	s.w = make([]float64, len(keep))
	if view {
		s.parent, s.at = d, keep
		if extra != nil {
			s.extra = make([]float64, len(keep))
		}
	} else {
		s.x = mat.NewDense(len(keep), mc, nil)
	}
	for i, t := range keep {
		r := d.rows[t]
		if !view {
			row := s.x.RawRowView(i)
			copy(row, d.x.RawRowView(t))
			if extra != nil {
				row[nc] = extra[r]
			}
		} else if extra != nil {
			s.extra[i] = extra[r]
		}
		s.y[i], s.w[i] = y[r], w[r]
	}
	return s, nil
}

// view reports whether the models of a replicate can read the shared
// design in place: linear models from co-moments, not logistic ones nor
// pairwise analyses, which need the rows.
func (a *analysis) view(logistic bool) bool {
	return !logistic && a.opts.Missing != MissingPairwise
}

// masked returns w with the weights of respondents outside g set to 0.
func masked(w []float64, in []bool) []float64 {
	out := make([]float64, len(w))
	for r, v := range w {
		if in[r] {
			out[r] = v
		}
	}
	return out
}

// fit is one linear or logistic driver model with lmg or without.
type fit struct {
	res   *driver.Result
	logit *driver.LogisticResult // the full logistic model
	coef  []float64              // per model column
	r2    float64
	imp   map[string]float64 // importance by step (or phase)
}

func (a *analysis) fitModel(d *data, logistic, importance bool, groups []driver.Group, workers int) (*fit, error) {
	f := &fit{}
	if logistic {
		if !importance {
			lr, err := driver.Logistic(d.x, d.y, d.w, driver.LogisticOptions{Names: d.names})
			if err != nil {
				return nil, err
			}
			f.coef, f.r2, f.logit = lr.Coef, lr.McFadden, lr
			return f, nil
		}
		res, err := driver.Analyze(d.x, d.y, d.w, driver.Options{Outcome: "y", Names: d.names, Groups: groups,
			Workers: workers, Logistic: true, Methods: driver.MethodsOf(driver.DominanceAnalysis), MaxComplete: 20})
		if err != nil {
			return nil, err
		}
		f.res, f.r2, f.coef, f.logit = res, res.R2, res.Logistic.Coef, res.Logistic
		f.importances()
		return f, nil
	}
	if a.opts.Missing == MissingPairwise {
		o := driver.Options{Outcome: "y", Names: d.names, Workers: workers, Methods: driver.MethodsOf(driver.First),
			Missing: driver.MissingPairwise}
		if importance {
			o.Groups, o.Methods = groups, driver.MethodsOf(driver.LMG)
		}
		res, err := driver.Analyze(d.x, d.y, d.w, o)
		if err != nil {
			return nil, err
		}
		f.res, f.r2, f.coef = res, res.R2, res.Regression.Coef
		if importance {
			f.importances()
		}
		return f, nil
	}
	// A linear model is analysed from the weighted co-moments of the rows:
	// one pass over the data, then everything from the (p+1)×(p+1)
	// matrix (driver.AnalyzeCov), as driver.Analyze does from its Moments.
	return fitCov(comoments(d), d.names, importance, groups, workers)
}

// fitCov fits the linear model of variable 0 of the covariance matrix c
// on the others (named by names), with the lmg of the drivers or groups
// when importance is set. The number of rows is not passed on, so no
// standard errors or p-values are computed: only coefficients, R² and
// importance are used.
func fitCov(c mat.Symmetric, names []string, importance bool, groups []driver.Group, workers int) (*fit, error) {
	o := driver.Options{Outcome: "y", Names: names, Workers: workers, Methods: driver.MethodsOf(driver.First)}
	if importance {
		o.Groups, o.Methods = groups, driver.MethodsOf(driver.LMG)
	}
	res, err := driver.AnalyzeCov(c, 0, o)
	if err != nil {
		return nil, err
	}
	f := &fit{res: res, r2: res.R2, coef: res.Regression.Coef}
	if importance {
		f.importances()
	}
	return f, nil
}

func (f *fit) importances() {
	f.imp = make(map[string]float64, len(f.res.Drivers))
	for _, dr := range f.res.Drivers {
		f.imp[dr.Name] = dr.Importance
	}
}

// comoments returns the weighted covariance matrix of the outcome and the
// columns of d (variable 0 the outcome), by two passes: the weighted
// means m, then
//
//	C_ij = Σ w (v_i − m_i)(v_j − m_j) / (Σ w − Σ w²/Σ w),
//
// the divisor of reliability weights (n − 1 without weights). Only the
// ratios of its elements enter the analyses.
func comoments(d *data) *mat.SymDense {
	n, nc := len(d.y), d.cols()
	k := nc + 1
	v := make([]float64, k)
	// row sets v to row t of the outcome and the design.
	row := func(t int) {
		v[0] = d.y[t]
		if d.parent == nil {
			copy(v[1:], d.x.RawRowView(t))
			return
		}
		copy(v[1:], d.parent.x.RawRowView(d.at[t]))
		if d.extra != nil {
			v[k-1] = d.extra[t]
		}
	}
	m := make([]float64, k)
	var sw, sw2 float64
	for t := 0; t < n; t++ {
		w := d.w[t]
		sw += w
		sw2 += w * w
		row(t)
		for j, x := range v {
			m[j] += w * x
		}
	}
	for j := range m {
		m[j] /= sw
	}
	c := make([]float64, k*k)
	for t := 0; t < n; t++ {
		w := d.w[t]
		row(t)
		for j := range v {
			v[j] -= m[j]
		}
		for i := 0; i < k; i++ {
			wi := w * v[i]
			ci := c[i*k : (i+1)*k]
			for j := i; j < k; j++ {
				ci[j] += wi * v[j]
			}
		}
	}
	div := sw - sw2/sw
	for i := 0; i < k; i++ {
		for j := i; j < k; j++ {
			c[i*k+j] /= div
			c[j*k+i] = c[i*k+j]
		}
	}
	return mat.NewSymDense(k, c)
}

// weightedMean is Σ w x / Σ w over the rows with w > 0 and x not NaN.
func weightedMeanOf(x, w []float64) float64 {
	var sw, sx float64
	for r, v := range x {
		if w[r] > 0 && !math.IsNaN(v) {
			sw += w[r]
			sx += w[r] * v
		}
	}
	if sw == 0 {
		return math.NaN()
	}
	return sx / sw
}

// compute runs every analysis for weights w (0 = left out). full is the
// analysis of the sample (not a replicate): groups whose analysis fails
// are then dropped with a warning, and the logistic importances computed.
func (a *analysis) compute(w []float64, workers int, full bool) (*ProcessDrivers, error) {
	p := a.p
	res := &ProcessDrivers{
		Process: p.ID, Label: p.Label, Outcome: a.outcome, Missing: a.opts.Missing,
		Weighted: !a.opts.Unweighted && p.Weights() != nil, Respondents: p.Len(), N: a.n,
		Excluded: a.excluded, Model: "linear",
	}
	if a.logistic {
		res.Model = "logistic"
	}
	if full {
		res.Warnings = append(res.Warnings, a.warnings...)
	}
	dm, err := a.build(w)
	if err != nil {
		return nil, err
	}
	d, err := dm.sub(a.y, w, nil, a.view(a.logistic))
	if err != nil {
		return nil, err
	}
	main, err := a.fitModel(d, a.logistic, !a.logistic || full, a.groups, workers)
	if err != nil {
		return nil, err
	}
	res.R2 = point(main.r2)
	k := len(a.steps)
	q := k
	for j, i := range a.steps {
		s := p.Steps[i]
		sd := StepDriver{Step: s.ID, Label: s.Label, Phase: s.Phase,
			Coef: point(main.coef[j]), Sign: sign(main.coef[j]),
			Importance: point(math.NaN()), Share: point(math.NaN()),
			Performance: point(weightedMeanOf(a.cols[j], w))}
		if main.imp != nil {
			sd.Importance = point(main.imp[s.ID])
			sd.Share = point(main.imp[s.ID] / main.r2)
		}
		for _, r := range d.rows {
			if !math.IsNaN(a.cols[j][r]) {
				sd.Passed++
			}
		}
		switch {
		case a.ind[j]:
			e := point(main.coef[q])
			sd.PassEffect = &e
			q++
		case a.opts.Missing != MissingDummy:
			sd.PassNote = a.opts.Missing.String()
		case sd.Passed == len(d.rows):
			sd.PassNote = "all"
		default:
			sd.PassNote = "aliased"
			sd.AliasedWith = a.aliased(j)
		}
		res.Steps = append(res.Steps, sd)
	}
	// An aliased indicator (an alternative path) gets the effect of not
	// going through the steps it is aliased with: −Σ their effects.
	for j := range res.Steps {
		sd := &res.Steps[j]
		if sd.PassNote != "aliased" || len(sd.AliasedWith) == 0 {
			continue
		}
		var e float64
		for _, id := range sd.AliasedWith {
			for k := range res.Steps {
				if res.Steps[k].Step == id && res.Steps[k].PassEffect != nil {
					e -= res.Steps[k].PassEffect.Value
				}
			}
		}
		pe := point(e)
		sd.PassEffect = &pe
	}
	if full && main.res != nil {
		rankSteps(res.Steps)
		for _, e := range main.res.Warnings {
			if !errors.Is(e, driver.ErrMissingRows) {
				res.Warnings = append(res.Warnings, e.Error())
			}
		}
	}
	if len(a.phases) > 0 && !a.logistic {
		ph, err := a.fitModel(d, false, true, a.phases, workers)
		if err != nil {
			if !full {
				return nil, err
			}
			res.Warnings = append(res.Warnings, "phases: "+err.Error())
			a.phases = nil
		} else {
			for _, g := range a.phases {
				var steps []string
				for _, m := range g.Members {
					if !strings.HasSuffix(m, " (answered)") {
						steps = append(steps, m)
					}
				}
				res.Phases = append(res.Phases, PhaseDriver{Phase: g.Name, Steps: steps,
					Importance: point(ph.imp[g.Name]), Share: point(ph.imp[g.Name] / ph.r2)})
			}
		}
	}
	// Only the analysis of the sample drops groups (full); replicates
	// run concurrently and must not change a.
	segs, err := a.groupDrivers(dm, a.segs, w, workers, full, &res.Warnings, "segment")
	if err != nil {
		return nil, err
	}
	waves, err := a.groupDrivers(dm, a.waves, w, workers, full, &res.Warnings, "wave")
	if err != nil {
		return nil, err
	}
	res.Segments, res.Waves = segs, waves
	if full {
		a.segs, a.waves = keptGroups(a.segs, segs), keptGroups(a.waves, waves)
	}
	for i := range res.Segments {
		for j := i + 1; j < len(res.Segments); j++ {
			res.SegmentDiffs = append(res.SegmentDiffs, diffs(&res.Segments[i], &res.Segments[j])...)
		}
	}
	for i := 1; i < len(res.Waves); i++ {
		res.WaveDiffs = append(res.WaveDiffs, diffs(&res.Waves[i-1], &res.Waves[i])...)
	}
	var kept []goalSpec
	for _, g := range a.goals {
		gr, err := a.goal(dm, g, w, main.coef[:k], workers, full)
		if err != nil {
			if !full {
				return nil, err
			}
			res.Warnings = append(res.Warnings, fmt.Sprintf("goal %s: %v", g.name, err))
			continue
		}
		kept = append(kept, g)
		res.Goals = append(res.Goals, *gr)
	}
	if full {
		a.goals = kept
	}
	return res, nil
}

func sign(x float64) int {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

// rankSteps ranks the steps by importance (1 = most important; ties share
// a rank; 0 for NaN).
func rankSteps(steps []StepDriver) {
	for i := range steps {
		v := steps[i].Importance.Value
		if math.IsNaN(v) {
			continue
		}
		steps[i].Rank = 1
		for j := range steps {
			if u := steps[j].Importance.Value; !math.IsNaN(u) && u > v {
				steps[i].Rank++
			}
		}
	}
}

// groupDrivers analyses each group; with full, a group whose analysis
// fails is left out with a warning.
func (a *analysis) groupDrivers(dm *data, gs []group, w []float64, workers int, full bool, warnings *[]string, what string) ([]GroupDrivers, error) {
	var out []GroupDrivers
	for _, g := range gs {
		gd, err := a.groupDriver(dm, g.label, masked(w, g.in), workers)
		if err != nil {
			if !full {
				return nil, fmt.Errorf("%s %s: %w", what, g.label, err)
			}
			*warnings = append(*warnings, fmt.Sprintf("%s %s left out: %v", what, g.label, err))
			continue
		}
		out = append(out, *gd)
	}
	return out, nil
}

// keptGroups returns the groups of gs that have an analysis in ds.
func keptGroups(gs []group, ds []GroupDrivers) []group {
	var out []group
	for _, g := range gs {
		for _, d := range ds {
			if d.Label == g.label {
				out = append(out, g)
				break
			}
		}
	}
	return out
}

func (a *analysis) groupDriver(dm *data, label string, w []float64, workers int) (*GroupDrivers, error) {
	d, err := dm.sub(a.y, w, nil, a.view(a.logistic))
	if err != nil {
		return nil, err
	}
	f, err := a.fitModel(d, a.logistic, !a.logistic, a.groups, workers)
	if err != nil {
		return nil, err
	}
	gd := &GroupDrivers{Label: label, N: len(d.rows), R2: point(f.r2)}
	for j, i := range a.steps {
		id := a.p.Steps[i].ID
		gs := GroupStep{Step: id, Coef: point(f.coef[j]), Performance: point(weightedMeanOf(a.cols[j], w)),
			Importance: point(math.NaN()), Share: point(math.NaN())}
		if f.imp != nil {
			gs.Importance, gs.Share = point(f.imp[id]), point(f.imp[id]/f.r2)
		}
		gd.Steps = append(gd.Steps, gs)
	}
	return gd, nil
}

func diffs(from, to *GroupDrivers) []DriverDiff {
	var out []DriverDiff
	for j := range from.Steps {
		f, t := &from.Steps[j], &to.Steps[j]
		out = append(out, DriverDiff{From: from.Label, To: to.Label, Step: f.Step,
			Importance:  point(t.Importance.Value - f.Importance.Value),
			Share:       point(t.Share.Value - f.Share.Value),
			Performance: point(t.Performance.Value - f.Performance.Value)})
	}
	return out
}

// goal links the steps to the business outcome g; a holds the steps'
// coefficients for the process outcome (the first stage).
func (a *analysis) goal(dm *data, g goalSpec, w []float64, stage1 []float64, workers int, full bool) (*Goal, error) {
	gr := &Goal{Outcome: g.name, Type: g.typ, Model: "linear", Unit: "points"}
	switch g.typ {
	case "nps":
		gr.Unit = "nps_points"
	case "binary":
		gr.Model, gr.Unit = "logistic", "pct_points"
	}
	// The rows analysed all have the process outcome (it is the outcome of
	// the analysis), so both stages use the same rows: d2 holds the steps
	// and, last, the process outcome; d its first columns.
	d2, err := dm.sub(g.y, w, a.y, a.view(g.logistic))
	if err != nil {
		return nil, err
	}
	n, nc := len(d2.rows), d2.cols()
	gr.N = n
	// Importance of the steps for the goal is computed for the sample
	// only (not bootstrapped): the replicates need the coefficients.
	var f, f2 *fit
	var d *data
	if g.logistic || a.opts.Missing == MissingPairwise {
		d = &data{names: a.names, x: d2.x.Slice(0, n, 0, nc-1).(*mat.Dense), y: d2.y, w: d2.w, rows: d2.rows}
		if f, err = a.fitModel(d, g.logistic, full, a.groups, workers); err != nil {
			return nil, err
		}
		if f2, err = a.fitModel(d2, g.logistic, false, nil, workers); err != nil {
			return nil, fmt.Errorf("second stage: %w", err)
		}
	} else {
		c := comoments(d2)
		if f, err = fitCov(c.SliceSym(0, nc), a.names, full, a.groups, workers); err != nil {
			return nil, err
		}
		if f2, err = fitCov(c, d2.names, false, nil, workers); err != nil {
			return nil, fmt.Errorf("second stage: %w", err)
		}
	}
	gr.Fit = point(f.r2)
	link := f2.coef[len(f2.coef)-1]
	effect := f.coef
	if g.logistic {
		link = 100 * ame(d2, f2.logit) * link
		effect = make([]float64, len(f.coef))
		s := 100 * ame(d, f.logit)
		for j, b := range f.coef {
			effect[j] = s * b
		}
	}
	gr.Link = point(link)
	for j, i := range a.steps {
		id := a.p.Steps[i].ID
		gs := GoalStep{Step: id, Effect: point(effect[j]), Indirect: point(stage1[j] * link),
			Importance: point(math.NaN()), Share: point(math.NaN())}
		if f.imp != nil {
			gs.Importance, gs.Share = point(f.imp[id]), point(f.imp[id]/f.r2)
		}
		gr.Steps = append(gr.Steps, gs)
	}
	return gr, nil
}

// ame returns the factor of the average marginal effects of a logistic
// model on the probability over the rows of d: the effect of column j is
// b_j times
//
//	Σ wᵢ pᵢ(1 − pᵢ) / Σ wᵢ.
func ame(d *data, lr *driver.LogisticResult) float64 {
	var sw, s float64
	for t := range d.rows {
		eta := lr.InterceptCoef
		for k, x := range d.x.RawRowView(t) {
			eta += lr.Coef[k] * x
		}
		pr := 1 / (1 + math.Exp(-eta))
		sw += d.w[t]
		s += d.w[t] * pr * (1 - pr)
	}
	return s / sw
}
