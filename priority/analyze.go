package priority

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/touchpoint-cx/touchpoint/csat"
	"github.com/touchpoint-cx/touchpoint/internal/boot"
	"github.com/touchpoint-cx/touchpoint/journey"
	"github.com/touchpoint-cx/touchpoint/survey"
)

// Analyze prioritises the steps, ideas and processes of study st; see the
// package documentation for every formula. It returns an error for an
// invalid option, an unknown outcome, or a process whose driver model
// cannot be fitted (such as collinear steps); findings that leave a figure
// out are in the Warnings.
func Analyze(st *survey.Study, opts Options) (*Result, error) {
	if err := opts.check(); err != nil {
		return nil, err
	}
	pw, _ := opts.ProcessWeights.resolve()
	res := &Result{Goal: opts.Goal, Confidence: opts.confidence(), B: opts.b(), Weights: pw}
	for _, p := range st.Processes {
		pr, err := analyzeProcess(st, p, opts)
		if err != nil {
			return nil, err
		}
		res.Outcome = pr.Outcome
		res.Processes = append(res.Processes, *pr)
	}
	var err error
	res.Ranking, err = rankProcesses(st, res.Processes, opts, pw)
	if err != nil {
		return nil, err
	}
	return res, nil
}

// layout indexes the statistics of one fit in the bootstrap vector.
type layout struct {
	p, outcomes, ideas int
}

func (l layout) share(j int) int       { return j }
func (l layout) coef(j int) int        { return l.p + j }
func (l layout) base(k int) int        { return 2*l.p + k*(2*l.p+3) }
func (l layout) ybar(k int) int        { return l.base(k) }
func (l layout) delta(k, j int) int    { return l.base(k) + 1 + j }
func (l layout) all(k int) int         { return l.base(k) + 1 + l.p }
func (l layout) pred(k int) int        { return l.base(k) + 2 + l.p }
func (l layout) predStep(k, j int) int { return l.base(k) + 3 + l.p + j }
func (l layout) idea(i int) int        { return 2*l.p + l.outcomes*(2*l.p+3) + i }
func (l layout) size() int             { return 2*l.p + l.outcomes*(2*l.p+3) + l.ideas }

// ideaStep is one step of an idea, as an index into the analysed steps.
type ideaStep struct {
	j              int
	uplift, target float64
}

// derive flattens a fit into the statistics of the layout:
//
//	gap_j      = max(0, T_j − m_j)
//	change_kj  = m_Yk(β_kj · π_j · δ_j(gap_j)) − m_Yk(0)
//	change_k   = m_Yk(Σ_j β_kj · π_j · δ_j(gap_j)) − m_Yk(0),   predicted_k = ȳ_k + change_k
//	impact_i   = m_Y1(Σ_{j ∈ idea i} β_1j · δ_j(u_ij) · π_j) − m_Y1(0)
//
// with u_ij the idea's uplift, or max(0, target − m_j) (see the package
// documentation).
func derive(f *fit, targets []float64, ideas [][]ideaStep, l layout, out []float64) {
	for j := range l.p {
		out[l.share(j)] = f.share[j]
		out[l.coef(j)] = f.effect[j]
	}
	for k := range l.outcomes {
		out[l.ybar(k)] = f.ybar[k]
		var all float64
		for j := range l.p {
			g := gap(targets[j], f.mean[j])
			dl := 0.0
			if g > 0 {
				dl = f.lat[k][j] * f.pass[j] * f.ord[j].shift(g)
			}
			out[l.delta(k, j)] = outcomeChange(f, k, dl)
			out[l.predStep(k, j)] = f.ybar[k] + out[l.delta(k, j)]
			all += dl
		}
		out[l.all(k)] = outcomeChange(f, k, all)
		out[l.pred(k)] = f.ybar[k] + out[l.all(k)]
	}
	for i, steps := range ideas {
		out[l.idea(i)] = outcomeChange(f, 0, ideaShift(f, steps))
	}
}

// ideaShift returns Δ = Σ_j β_j · δ_j(u_j) · π_j of an idea's steps, u_j
// the uplift or max(0, target − m_j).
func ideaShift(f *fit, steps []ideaStep) float64 {
	var d float64
	for _, s := range steps {
		u := s.uplift
		if math.IsNaN(u) {
			u = gap(s.target, f.mean[s.j])
		}
		d += f.lat[0][s.j] * f.ord[s.j].shift(u) * f.pass[s.j]
	}
	return d
}

// outcomeChange turns a shift of outcome k's latent scale into the change
// of its measure: m_Y(Δ) − m_Y(0) for an ordinal outcome, Δ for a
// numeric one (whose latent model is linear in the outcome's units).
func outcomeChange(f *fit, k int, delta float64) float64 {
	if delta == 0 {
		return 0
	}
	if o := f.yord[k]; o != nil {
		return o.mean(delta) - o.mean(0)
	}
	return delta
}

// gap returns max(0, target − mean), or 0 when there is no target.
func gap(target, mean float64) float64 {
	if math.IsNaN(target) || target <= mean {
		return 0
	}
	return target - mean
}

func analyzeProcess(st *survey.Study, p *survey.Process, opts Options) (*Process, error) {
	specs, err := outcomeSpecs(p, opts.Outcome)
	if err != nil {
		return nil, err
	}
	d, warnings, err := prepare(p, specs, opts.Unweighted)
	if err != nil {
		return nil, err
	}
	pr := &Process{Process: p.ID, Label: p.Label, Respondents: p.Len(), Outcome: specs[0].name,
		Measure: specs[0].measure, Warnings: warnings,
		Model: "dummy"}
	if pr.Label == "" {
		pr.Label = p.ID
	}
	f, err := d.fitWeights(d.w, true)
	if err != nil {
		return nil, fmt.Errorf("priority: process %s: %w", p.ID, err)
	}
	pr.N = f.n
	if pr.N < pr.Respondents {
		pr.Warnings = append(pr.Warnings, fmt.Sprintf("%d of %d respondents left out of the driver model: no answer to %s or to any step",
			pr.Respondents-pr.N, pr.Respondents, specs[0].name))
	}
	pr.Warnings = append(pr.Warnings, f.warnings...)
	for k := 1; k < len(specs); k++ {
		if f.err[k] != nil {
			pr.Warnings = append(pr.Warnings, fmt.Sprintf("what-if of %s left out: %v", specs[k].name, f.err[k]))
		}
	}
	pr.R2, pr.PassingImportance = Float(f.r2), Float(f.passShare)

	// Targets of the analysed steps and the ideas of this process.
	targets := make([]float64, len(d.steps))
	for j, i := range d.steps {
		targets[j] = p.Steps[i].Target
	}
	var ideas []survey.Idea
	var ideaSteps [][]ideaStep
	for _, idea := range st.Ideas {
		if idea.Process != p.ID && !(idea.Process == "" && len(st.Processes) == 1) {
			continue
		}
		var steps []ideaStep
		ok := true
		for _, sid := range idea.Steps {
			j := slices.Index(d.names, sid)
			if j < 0 {
				ok = false
				break
			}
			steps = append(steps, ideaStep{j: j, uplift: idea.Uplift, target: idea.Target})
		}
		if !ok {
			pr.Warnings = append(pr.Warnings, fmt.Sprintf("idea %q left out: a step of it is not in the driver model", idea.Name))
			continue
		}
		ideas = append(ideas, idea)
		ideaSteps = append(ideaSteps, steps)
	}
	l := layout{p: len(d.steps), outcomes: len(specs), ideas: len(ideas)}
	est := make([]float64, l.size())
	derive(f, targets, ideaSteps, l, est)

	// Bootstrap: every statistic is recomputed on resampled respondents.
	lo, hi := make([]float64, l.size()), make([]float64, l.size())
	for i := range lo {
		lo[i], hi[i] = math.NaN(), math.NaN()
	}
	n := p.Len()
	br, err := boot.Run(context.Background(), n, l.size(), func() boot.Statistic {
		wts := make([]float64, n)
		return func(counts []int32, out []float64) error {
			for r := range wts {
				wts[r] = d.w[r] * float64(counts[r])
			}
			fr, err := d.fitWeights(wts, false)
			if err != nil {
				return err
			}
			for k := range fr.err {
				switch {
				case fr.err[k] != nil && f.err[k] == nil:
					return fr.err[k]
				case f.err[k] != nil:
					// left out of the result; zeros keep the replicate finite
					for j := range fr.lat[k] {
						fr.lat[k][j] = 0
					}
				}
			}
			derive(fr, targets, ideaSteps, l, out)
			return nil
		}
	}, boot.Options{B: opts.b(), Seed: opts.Seed, Confidence: opts.confidence(), Workers: opts.Workers})
	if err != nil {
		pr.Warnings = append(pr.Warnings, fmt.Sprintf("bootstrap intervals left out: %v", err))
	} else {
		for i, iv := range br.Percentile {
			lo[i], hi[i] = iv.Lo, iv.Hi
		}
		if br.Failed > 0 {
			pr.Warnings = append(pr.Warnings, fmt.Sprintf("%d of %d bootstrap replicates failed and were left out", br.Failed, br.B))
		}
	}
	for k := 1; k < len(specs); k++ {
		if f.err[k] != nil {
			for j := l.base(k); j < l.base(k)+2*l.p+3; j++ {
				est[j], lo[j], hi[j] = math.NaN(), math.NaN(), math.NaN()
			}
		}
	}

	// Steps.
	c := opts.confidence()
	counts := p.StepCounts()
	var w []float64
	if !opts.Unweighted {
		w = p.Weights()
	}
	for i, s := range p.Steps {
		ps := Step{Step: s.ID, Label: s.Label, Phase: s.Phase, Channel: s.Channel, Scale: s.Scale,
			Passed: counts[i], PassShare: nan, Importance: nan, ImportanceLo: nan, ImportanceHi: nan,
			Effect: nan, EffectLo: nan, EffectHi: nan, Mean: nan, Top2: nan,
			Performance: nan, PerformanceLo: nan, PerformanceHi: nan,
			Target: Float(s.Target), Gap: nan, Index: nan, LatentEffect: nan, GapShift: nan}
		if ps.Label == "" {
			ps.Label = s.ID
		}
		if r, err := csat.Score(p.StepColumn(i), w, csat.Options{Min: int(s.Scale.Min), Max: int(s.Scale.Max), TopBox: 2, Confidence: c}); err == nil {
			ps.Mean, ps.Top2 = Float(r.Mean), Float(r.Top2)
			if opts.Performance == TopBox {
				ps.Performance, ps.PerformanceLo, ps.PerformanceHi = Float(r.Top2), Float(r.Top2Lo), Float(r.Top2Hi)
			} else {
				ps.Performance, ps.PerformanceLo, ps.PerformanceHi = Float(r.Mean), Float(r.Lo), Float(r.Hi)
			}
			if !math.IsNaN(s.Target) {
				ps.Gap = Float(gap(s.Target, r.Mean))
			}
		} else {
			pr.Warnings = append(pr.Warnings, fmt.Sprintf("step %s: %v", s.ID, err))
		}
		if j := slices.Index(d.steps, i); j >= 0 {
			ps.Analysed = true
			ps.PassShare = Float(f.pass[j])
			ps.Importance, ps.ImportanceLo, ps.ImportanceHi = Float(est[l.share(j)]), Float(lo[l.share(j)]), Float(hi[l.share(j)])
			ps.Effect, ps.EffectLo, ps.EffectHi = Float(est[l.coef(j)]), Float(lo[l.coef(j)]), Float(hi[l.coef(j)])
			ps.LatentEffect = Float(f.lat[0][j])
			ps.GapShift = nan
			if !math.IsNaN(targets[j]) {
				ps.GapShift = Float(f.ord[j].shift(gap(targets[j], f.mean[j])))
			}
		}
		ps.Management = management(&s)
		pr.Steps = append(pr.Steps, ps)
	}
	pr.Splits = quadrants(pr.Steps, opts)

	// What-if per outcome.
	for k, sp := range specs {
		wi := WhatIf{Outcome: sp.name, Measure: sp.measure, Current: Float(est[l.ybar(k)]),
			All: WhatIfChange{Change: Float(est[l.all(k)]), ChangeLo: Float(lo[l.all(k)]), ChangeHi: Float(hi[l.all(k)]),
				Predicted: Float(est[l.pred(k)]), PredictedLo: Float(lo[l.pred(k)]), PredictedHi: Float(hi[l.pred(k)])}}
		for j, i := range d.steps {
			g := gap(targets[j], f.mean[j])
			if g == 0 {
				continue
			}
			x, y := l.delta(k, j), l.predStep(k, j)
			wi.Steps = append(wi.Steps, WhatIfChange{Step: p.Steps[i].ID, Gap: Float(g),
				Change: Float(est[x]), ChangeLo: Float(lo[x]), ChangeHi: Float(hi[x]),
				Predicted: Float(est[y]), PredictedLo: Float(lo[y]), PredictedHi: Float(hi[y])})
		}
		pr.WhatIf = append(pr.WhatIf, wi)
	}

	// Funnel, ideas, index, tracking.
	pr.Funnel = funnel(p, pr.Steps, w, c)
	for i, idea := range ideas {
		x := l.idea(i)
		pi := Idea{Shift: Float(ideaShift(f, ideaSteps[i])), Idea: idea.Name, Steps: slices.Clone(idea.Steps), Uplift: Float(idea.Uplift), Target: Float(idea.Target),
			Effort: Float(idea.Effort), Cost: Float(idea.Cost),
			Impact: Float(est[x]), ImpactLo: Float(lo[x]), ImpactHi: Float(hi[x]), ImpactPerEffort: nan}
		if idea.Effort > 0 {
			pi.ImpactPerEffort = Float(est[x] / idea.Effort)
		}
		pi.FailureReduction, pi.FailureReductionCost = ideaFailureReduction(pr, idea)
		pr.Ideas = append(pr.Ideas, pi)
	}
	pr.Splits.Impact, pr.Splits.Effort, pr.Splits.ImpactSource = ideaCells(pr.Ideas, opts)
	priorityIndex(pr, opts.Goal)
	ps, err := journey.ProcessScore(st, p, journey.ScoreOptions{Confidence: c, Unweighted: opts.Unweighted})
	if err != nil {
		return nil, err
	}
	pr.Tracking = ps.Changes
	return pr, nil
}

// median returns the median of xs (the mean of the middle two for an even
// count), NaN for none. xs is not modified.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	sort.Float64s(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

// quadrants places the analysed steps in the quadrants and ranks them
// within each: by importance, highest first (ties by lower performance).
// A value at a split counts as high.
func quadrants(steps []Step, opts Options) Splits {
	var imp, perf []float64
	for _, s := range steps {
		if s.Analysed && !isNaN(s.Performance) {
			imp = append(imp, float64(s.Importance))
			perf = append(perf, float64(s.Performance))
		}
	}
	sp := Splits{Importance: Float(median(imp)), Performance: Float(median(perf)), QuadrantSource: "median",
		PerformanceShown: opts.Performance.String()}
	if opts.ImportanceSplit != 0 || opts.PerformanceSplit != 0 {
		sp.QuadrantSource = "user"
		if opts.ImportanceSplit != 0 {
			sp.Importance = Float(opts.ImportanceSplit)
		}
		if opts.PerformanceSplit != 0 {
			sp.Performance = Float(opts.PerformanceSplit)
		}
	}
	for i := range steps {
		s := &steps[i]
		if !s.Analysed || isNaN(s.Performance) || isNaN(s.Importance) {
			continue
		}
		high := s.Importance >= sp.Importance
		strong := s.Performance >= sp.Performance
		switch {
		case high && !strong:
			s.Quadrant = FixFirst
		case high:
			s.Quadrant = KeepItUp
		case strong:
			s.Quadrant = Overkill
		default:
			s.Quadrant = LowPriority
		}
	}
	for _, q := range []string{FixFirst, KeepItUp, Overkill, LowPriority} {
		var idx []int
		for i := range steps {
			if steps[i].Quadrant == q {
				idx = append(idx, i)
			}
		}
		sort.SliceStable(idx, func(a, b int) bool {
			sa, sb := &steps[idx[a]], &steps[idx[b]]
			if sa.Importance != sb.Importance {
				return sa.Importance > sb.Importance
			}
			return sa.Performance < sb.Performance
		})
		for r, i := range idx {
			steps[i].QuadrantRank = r + 1
		}
	}
	return sp
}

// ideaCells puts the ideas in the cells of the impact-effort matrix and
// ranks them by impact per unit of effort. The splits are the medians of
// the ideas' impact and effort (or the user's); a value at a split counts
// as high. Cell 1: impact ≥ split and effort < split; 2: impact ≥ split,
// effort ≥ split; 3: impact < split, effort < split; 4: impact < split,
// effort ≥ split.
func ideaCells(ideas []Idea, opts Options) (impactSplit, effortSplit Float, source string) {
	var imp, eff []float64
	for _, id := range ideas {
		if !isNaN(id.Impact) && !isNaN(id.Effort) {
			imp = append(imp, float64(id.Impact))
			eff = append(eff, float64(id.Effort))
		}
	}
	impactSplit, effortSplit, source = Float(median(imp)), Float(median(eff)), "median"
	if opts.ImpactSplit != 0 || opts.EffortSplit != 0 {
		source = "user"
		if opts.ImpactSplit != 0 {
			impactSplit = Float(opts.ImpactSplit)
		}
		if opts.EffortSplit != 0 {
			effortSplit = Float(opts.EffortSplit)
		}
	}
	for i := range ideas {
		id := &ideas[i]
		if isNaN(id.Impact) || isNaN(id.Effort) {
			continue
		}
		much := id.Impact >= impactSplit
		hard := id.Effort >= effortSplit
		switch {
		case much && !hard:
			id.Cell = 1
		case much:
			id.Cell = 2
		case !hard:
			id.Cell = 3
		default:
			id.Cell = 4
		}
	}
	idx := make([]int, len(ideas))
	for i := range idx {
		idx[i] = i
	}
	key := func(i int) float64 {
		v := float64(ideas[i].ImpactPerEffort)
		if math.IsNaN(v) {
			return math.Inf(-1)
		}
		return v
	}
	sort.SliceStable(idx, func(a, b int) bool { return key(idx[a]) > key(idx[b]) })
	sorted := make([]Idea, len(ideas))
	for r, i := range idx {
		sorted[r] = ideas[i]
		sorted[r].Rank = r + 1
	}
	copy(ideas, sorted)
	return impactSplit, effortSplit, source
}
