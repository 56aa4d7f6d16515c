package priority

import (
	"math"
	"sort"

	"github.com/touchpoint-cx/touchpoint/csat"
	"github.com/touchpoint-cx/touchpoint/survey"
)

// FunnelStep is a step of the process funnel, with its channel mix and
// failure demand.
type FunnelStep struct {
	Step  string `json:"step"`
	Label string `json:"label"`
	// Source is where Started and Completed come from: "management"
	// (management.csv, customers per year) or "survey" (respondents; see
	// the package documentation).
	Source    string `json:"source"`
	Started   Float  `json:"started"`
	Completed Float  `json:"completed"`
	// Conversion = Completed / Started, DropOff = 1 − Conversion, and
	// Reach = Started / Started of the first step.
	Conversion Float `json:"conversion"`
	DropOff    Float `json:"drop_off"`
	Reach      Float `json:"reach"`

	// Channels is the channel mix of the step.
	Channels []ChannelMix `json:"channels"`

	// SelfService reports a step whose main channel is web or app: a
	// contact about it signals that self-service did not work.
	SelfService bool `json:"self_service"`
	// FailureContacts are the contacts per year that signal the step did
	// not work and FailureCost their cost (null without figures).
	FailureContacts Float `json:"failure_contacts"`
	FailureCost     Float `json:"failure_cost"`
	// Reduction is the expected fall of the failure contacts per year
	// when the step reaches its target score, and ReductionCost its value
	// (null without a gap or without figures).
	Reduction     Float `json:"reduction"`
	ReductionCost Float `json:"reduction_cost"`
}

// ChannelMix is one channel of a step: the respondents who used it with
// their satisfaction, and the organisation's volume and cost.
type ChannelMix struct {
	Channel string `json:"channel"`
	// Respondents used the channel; Share is their weighted share of the
	// step's respondents.
	Respondents int   `json:"respondents"`
	Share       Float `json:"share"`
	// Satisfaction is their weighted mean score with its t interval.
	Satisfaction   Float `json:"satisfaction"`
	SatisfactionLo Float `json:"satisfaction_lo"`
	SatisfactionHi Float `json:"satisfaction_hi"`
	// Volume, CostPerContact and Cost (Volume × CostPerContact) come
	// from the channel's row of management.csv (null without);
	// VolumeShare is Volume over the step's channel rows.
	Volume         Float `json:"volume"`
	VolumeShare    Float `json:"volume_share"`
	CostPerContact Float `json:"cost_per_contact"`
	Cost           Float `json:"cost"`
}

// funnel computes the funnel of process p, whose steps are already
// prioritised (their management figures, means and gaps).
//
// Started and Completed come from the step's whole-step row of
// management.csv when it gives both; otherwise from the survey: Started
// is the number of respondents with a score for the step, Completed the
// number of those with a score for a later step too (for the last step,
// Completed = Started).
func funnel(p *survey.Process, steps []Step, w []float64, c float64) []FunnelStep {
	n := p.Len()
	answered := make([][]bool, len(p.Steps))
	for i := range p.Steps {
		answered[i] = make([]bool, n)
		for r, v := range p.StepColumn(i) {
			answered[i][r] = !math.IsNaN(v)
		}
	}
	out := make([]FunnelStep, len(p.Steps))
	for i := range p.Steps {
		s := &p.Steps[i]
		fs := FunnelStep{Step: s.ID, Label: steps[i].Label, Source: "survey",
			Started: nan, Completed: nan, Conversion: nan, DropOff: nan, Reach: nan,
			FailureContacts: nan, FailureCost: nan, Reduction: nan, ReductionCost: nan,
			SelfService: s.Channel == "web" || s.Channel == "app"}
		for _, m := range s.Management {
			if m.Channel == "" && !math.IsNaN(m.Started) && !math.IsNaN(m.Completed) {
				fs.Source = "management"
				fs.Started, fs.Completed = Float(m.Started), Float(m.Completed)
			}
		}
		if fs.Source == "survey" {
			var st, co int
			for r := range n {
				if !answered[i][r] {
					continue
				}
				st++
				later := i == len(p.Steps)-1
				for k := i + 1; k < len(p.Steps) && !later; k++ {
					later = answered[k][r]
				}
				if later {
					co++
				}
			}
			fs.Started, fs.Completed = Float(st), Float(co)
		}
		if fs.Started > 0 {
			fs.Conversion = fs.Completed / fs.Started
			fs.DropOff = 1 - fs.Conversion
		}
		if m := steps[i].Management; m != nil {
			fs.FailureContacts, fs.FailureCost = m.FailureContacts, m.FailureCost
			if !isNaN(steps[i].Gap) {
				fs.Reduction, fs.ReductionCost = failureReduction(m, float64(steps[i].Mean), s.Scale.Max, float64(steps[i].Gap))
				if steps[i].Gap == 0 && !isNaN(m.FailureContacts) {
					fs.Reduction, fs.ReductionCost = 0, 0
				}
			}
		}
		fs.Channels = channelMix(p, i, w, c)
		out[i] = fs
	}
	if len(out) > 0 && out[0].Started > 0 {
		for i := range out {
			if out[i].Source == out[0].Source {
				out[i].Reach = out[i].Started / out[0].Started
			}
		}
	}
	return out
}

// channelMix returns the channels of step i: those respondents used and
// those with a row in management.csv, in order of respondents, then
// volume, then name.
func channelMix(p *survey.Process, i int, w []float64, c float64) []ChannelMix {
	s := &p.Steps[i]
	chans := p.ChannelColumn(i)
	scores := p.StepColumn(i)
	byName := map[string]*ChannelMix{}
	get := func(name string) *ChannelMix {
		if m, ok := byName[name]; ok {
			return m
		}
		m := &ChannelMix{Channel: name, Share: nan, Satisfaction: nan, SatisfactionLo: nan, SatisfactionHi: nan,
			Volume: nan, VolumeShare: nan, CostPerContact: nan, Cost: nan}
		byName[name] = m
		return m
	}
	var total float64
	for r, ch := range chans {
		if ch == "" || math.IsNaN(scores[r]) {
			continue
		}
		get(ch).Respondents++
		total += weight(w, r)
	}
	for name, m := range byName {
		if m.Respondents == 0 {
			continue
		}
		x := make([]float64, len(scores))
		var sw float64
		for r, ch := range chans {
			x[r] = math.NaN()
			if ch == name {
				x[r] = scores[r]
				if !math.IsNaN(scores[r]) {
					sw += weight(w, r)
				}
			}
		}
		if total > 0 {
			m.Share = Float(sw / total)
		}
		if res, err := csat.Score(x, w, csat.Options{Min: int(s.Scale.Min), Max: int(s.Scale.Max), TopBox: 2, Confidence: c}); err == nil {
			m.Satisfaction, m.SatisfactionLo, m.SatisfactionHi = Float(res.Mean), Float(res.Lo), Float(res.Hi)
		}
	}
	var vol float64
	for _, mg := range s.Management {
		if mg.Channel == "" {
			continue
		}
		m := get(mg.Channel)
		m.Volume, m.CostPerContact = Float(mg.ContactVolume), Float(mg.CostPerContact)
		m.Cost = m.Volume * m.CostPerContact
		if !math.IsNaN(mg.ContactVolume) {
			vol += mg.ContactVolume
		}
	}
	out := make([]ChannelMix, 0, len(byName))
	for _, m := range byName {
		if vol > 0 && !isNaN(m.Volume) {
			m.VolumeShare = m.Volume / Float(vol)
		}
		out = append(out, *m)
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Respondents != out[b].Respondents {
			return out[a].Respondents > out[b].Respondents
		}
		va, vb := float64(out[a].Volume), float64(out[b].Volume)
		if va != vb && !(math.IsNaN(va) && math.IsNaN(vb)) {
			return va > vb || math.IsNaN(vb)
		}
		return out[a].Channel < out[b].Channel
	})
	return out
}

func weight(w []float64, r int) float64 {
	if w == nil {
		return 1
	}
	return w[r]
}
