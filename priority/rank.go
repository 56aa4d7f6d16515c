package priority

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/stat"

	"github.com/touchpoint-cx/touchpoint/survey"
)

// rankProcesses ranks the processes on which to improve first:
//
//	importance_p = weighted Pearson correlation of the process's outcome
//	               with the relationship score, over its respondents
//	               (counted as 0 when negative)
//	frequency_p  = customers per year (processes.csv), else respondents
//	gap_p        = Σ_j share_j · gap_j / (max_j − min_j)   (analysed steps)
//	image_p      = image risk 0-1 (Options.ImageRisk, else processes.csv)
//	c_kp         = x_kp / max_p x_kp
//	score_p      = Σ_k w_k c_kp / Σ_k w_k
//
// over the criteria with a value for some process (a process lacking one
// counts 0 for it); w are Options.ProcessWeights.
func rankProcesses(st *survey.Study, prs []Process, opts Options, pw ProcessWeights) ([]ProcessRank, error) {
	rel := opts.Relationship
	if rel == "" {
		rel = opts.Outcome
		for _, name := range []string{survey.NPS, "brand"} {
			for _, o := range st.Outcomes {
				if o.Name == name {
					rel = name
				}
			}
		}
	}
	out := make([]ProcessRank, len(prs))
	volumeAll := true
	for i := range prs {
		if math.IsNaN(st.Processes[i].Volume) {
			volumeAll = false
		}
	}
	var w []float64
	for i, pr := range prs {
		p := st.Processes[i]
		if !opts.Unweighted {
			w = p.Weights()
		}
		r := ProcessRank{Process: pr.Process, Label: pr.Label, Relationship: rel, Importance: nan,
			Frequency: nan, Gap: nan, ImageRisk: nan}
		if rel == "" {
			rel = pr.Outcome
			r.Relationship = rel
		}
		if rel == pr.Outcome {
			r.Importance = 1
		} else {
			y := p.OutcomeColumn(rel)
			if y == nil {
				return nil, fmt.Errorf("priority: %w: relationship score %q", ErrOutcome, rel)
			}
			x := p.OutcomeColumn(pr.Outcome)
			var xs, ys, ws []float64
			for k := range x {
				if math.IsNaN(x[k]) || math.IsNaN(y[k]) {
					continue
				}
				xs, ys = append(xs, x[k]), append(ys, y[k])
				if w != nil {
					ws = append(ws, w[k])
				}
			}
			if len(xs) > 2 {
				r.Importance = Float(stat.Correlation(xs, ys, ws))
			}
		}
		if volumeAll {
			r.Frequency, r.FrequencyOf = Float(p.Volume), "volume"
		} else {
			r.Frequency, r.FrequencyOf = Float(p.Len()), "respondents"
		}
		var g float64
		any := false
		for _, s := range pr.Steps {
			if s.Analysed && !isNaN(s.Gap) && s.Scale.Max > s.Scale.Min && !isNaN(s.Importance) {
				g += float64(s.Importance) * float64(s.Gap) / (s.Scale.Max - s.Scale.Min)
				any = true
			}
		}
		if any {
			r.Gap = Float(g)
		}
		r.ImageRisk = Float(p.ImageRisk)
		if v, ok := opts.ImageRisk[p.ID]; ok {
			r.ImageRisk = Float(v)
		}
		out[i] = r
	}
	weights := [4]float64{pw.Importance, pw.Frequency, pw.Gap, pw.ImageRisk}
	val := func(r *ProcessRank, k int) float64 {
		v := [4]Float{r.Importance, r.Frequency, r.Gap, r.ImageRisk}[k]
		if isNaN(v) || v < 0 {
			return math.NaN()
		}
		return float64(v)
	}
	var maxv [4]float64
	for k := range maxv {
		for i := range out {
			if v := val(&out[i], k); v > maxv[k] {
				maxv[k] = v
			}
		}
	}
	for i := range out {
		var num, den float64
		for k := range maxv {
			if maxv[k] <= 0 {
				continue
			}
			v := val(&out[i], k)
			if math.IsNaN(v) {
				v = 0
			}
			num += weights[k] * v / maxv[k]
			den += weights[k]
		}
		out[i].Score = nan
		if den > 0 {
			out[i].Score = Float(num / den)
		}
	}
	sort.SliceStable(out, func(a, b int) bool {
		sa, sb := float64(out[a].Score), float64(out[b].Score)
		if math.IsNaN(sb) {
			return !math.IsNaN(sa)
		}
		return sa > sb
	})
	for i := range out {
		out[i].Rank = i + 1
	}
	return out, nil
}
