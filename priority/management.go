package priority

import (
	"math"
	"slices"
	"sort"

	"github.com/touchpoint-cx/touchpoint/survey"
)

// management returns the figures of step s: its whole-step row of
// management.csv, with each figure the row lacks summed over the step's
// channel rows (cost per contact: their volume-weighted mean); nil when
// the step has no rows.
func management(s *survey.Step) *Management {
	if len(s.Management) == 0 {
		return nil
	}
	m := &Management{ContactVolume: nan, CostPerContact: nan, ContactCost: nan, FTE: nan,
		Complaints: nan, FailureContacts: nan, FailureCost: nan}
	var whole *survey.Management
	var chans []survey.Management
	for i := range s.Management {
		if s.Management[i].Channel == "" {
			whole = &s.Management[i]
		} else {
			chans = append(chans, s.Management[i])
		}
	}
	sum := func(get func(*survey.Management) float64) Float {
		if whole != nil && !math.IsNaN(get(whole)) {
			return Float(get(whole))
		}
		t, any := 0.0, false
		for i := range chans {
			if v := get(&chans[i]); !math.IsNaN(v) {
				t += v
				any = true
			}
		}
		if !any {
			return nan
		}
		return Float(t)
	}
	m.ContactVolume = sum(func(x *survey.Management) float64 { return x.ContactVolume })
	m.FTE = sum(func(x *survey.Management) float64 { return x.FTE })
	m.Complaints = sum(func(x *survey.Management) float64 { return x.Complaints })
	m.FailureContacts = sum(func(x *survey.Management) float64 { return x.FailureContacts })
	if whole != nil {
		m.Department = whole.Department
		m.CostPerContact = Float(whole.CostPerContact)
	}
	if isNaN(m.CostPerContact) {
		var vw, v float64
		for _, c := range chans {
			if !math.IsNaN(c.CostPerContact) && c.ContactVolume > 0 {
				vw += c.ContactVolume * c.CostPerContact
				v += c.ContactVolume
			}
		}
		if v > 0 {
			m.CostPerContact = Float(vw / v)
		}
	}
	if m.Department == "" {
		for _, c := range chans {
			if c.Department != "" {
				m.Department = c.Department
				break
			}
		}
	}
	m.ContactCost = m.ContactVolume * m.CostPerContact
	m.FailureCost = m.FailureContacts * m.CostPerContact
	return m
}

// Goal weights of the priority index (see the package documentation).
var goalWeights = [numGoals]IndexParts{
	Satisfaction: {Importance: 0.5, Gap: 0.3, Complaints: 0.2, ContactCost: 0, FailureCost: 0, DropOff: 0},
	Cost:         {Importance: 0.1, Gap: 0.1, Complaints: 0, ContactCost: 0.4, FailureCost: 0.4, DropOff: 0},
	Sales:        {Importance: 0.3, Gap: 0.2, Complaints: 0, ContactCost: 0, FailureCost: 0, DropOff: 0.5},
}

// GoalWeights returns the weights of the criteria of the priority index
// for goal g.
func GoalWeights(g Goal) IndexParts { return goalWeights[g] }

// priorityIndex computes the priority index of the steps of pr for goal g:
//
//	c_kj  = x_kj / max_j x_kj                 (criterion k of step j, 0-1)
//	index = 100 · Σ_k w_k c_kj / Σ_k w_k      (over the criteria the study has)
//
// with x the importance share (negative counted as 0), the gap as a share
// of the scale (gap / (max − min), 0 without target), complaints, contact
// cost, failure cost (failure contacts when there is no cost per contact)
// and drop-off (1 − conversion, from the funnel). A criterion no step
// has, or whose largest value is 0, is left out of both sums; a step
// lacking a figure others have counts 0 for it.
func priorityIndex(pr *Process, g Goal) {
	w := goalWeights[g]
	n := len(pr.Steps)
	raw := make([][6]float64, n)
	for j := range raw {
		for k := range raw[j] {
			raw[j][k] = math.NaN()
		}
	}
	for j, s := range pr.Steps {
		if s.Analysed {
			raw[j][0] = math.Max(0, float64(s.Importance))
		}
		if !isNaN(s.Gap) && s.Scale.Max > s.Scale.Min {
			raw[j][1] = float64(s.Gap) / (s.Scale.Max - s.Scale.Min)
		} else if s.Analysed {
			raw[j][1] = 0
		}
		if m := s.Management; m != nil {
			raw[j][2] = float64(m.Complaints)
			raw[j][3] = float64(m.ContactCost)
			raw[j][4] = float64(m.FailureCost)
			if isNaN(m.FailureCost) {
				raw[j][4] = float64(m.FailureContacts)
			}
		}
		if j < len(pr.Funnel) {
			raw[j][5] = float64(pr.Funnel[j].DropOff)
		}
	}
	weights := [6]float64{float64(w.Importance), float64(w.Gap), float64(w.Complaints), float64(w.ContactCost), float64(w.FailureCost), float64(w.DropOff)}
	var maxv [6]float64
	for k := range maxv {
		for j := range raw {
			if v := raw[j][k]; !math.IsNaN(v) && v > maxv[k] {
				maxv[k] = v
			}
		}
	}
	for j := range pr.Steps {
		var parts [6]float64
		var num, den float64
		for k := range parts {
			if maxv[k] <= 0 {
				parts[k] = math.NaN()
				continue
			}
			v := raw[j][k]
			if math.IsNaN(v) {
				v = 0
			}
			parts[k] = v / maxv[k]
			num += weights[k] * parts[k]
			den += weights[k]
		}
		pr.Steps[j].IndexParts = IndexParts{Importance: Float(parts[0]), Gap: Float(parts[1]), Complaints: Float(parts[2]),
			ContactCost: Float(parts[3]), FailureCost: Float(parts[4]), DropOff: Float(parts[5])}
		if den > 0 && pr.Steps[j].Analysed {
			pr.Steps[j].Index = Float(100 * num / den)
		}
	}
	var idx []int
	for j := range pr.Steps {
		if !isNaN(pr.Steps[j].Index) {
			idx = append(idx, j)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return pr.Steps[idx[a]].Index > pr.Steps[idx[b]].Index })
	for r, j := range idx {
		pr.Steps[j].IndexRank = r + 1
	}
}

// failureReduction returns the fall of the failure contacts F of a step
// whose mean score m rises by u on a scale with top M:
//
//	ΔF = F · min(1, u / (M − m))
//
// (failure demand taken as proportional to the step's distance from the
// top of its scale), and its value ΔF · cost per contact.
func failureReduction(m *Management, mean, top, u float64) (Float, Float) {
	if m == nil || isNaN(m.FailureContacts) || math.IsNaN(mean) || !(u > 0) {
		return nan, nan
	}
	share := 1.0
	if top > mean {
		share = math.Min(1, u/(top-mean))
	}
	f := m.FailureContacts * Float(share)
	return f, f * m.CostPerContact
}

// ideaFailureReduction sums the failure reduction of an idea's steps, each
// rising by the idea's uplift (or to its target).
func ideaFailureReduction(pr *Process, idea survey.Idea) (Float, Float) {
	var f, c Float
	anyF, anyC := false, false
	for _, sid := range idea.Steps {
		j := slices.IndexFunc(pr.Steps, func(s Step) bool { return s.Step == sid })
		if j < 0 {
			continue
		}
		s := &pr.Steps[j]
		u := idea.Uplift
		if math.IsNaN(u) {
			u = gap(idea.Target, float64(s.Mean))
		}
		df, dc := failureReduction(s.Management, float64(s.Mean), s.Scale.Max, u)
		if !isNaN(df) {
			f += df
			anyF = true
		}
		if !isNaN(dc) {
			c += dc
			anyC = true
		}
	}
	if !anyF {
		f = nan
	}
	if !anyC {
		c = nan
	}
	return f, c
}
