package priority

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/touchpoint-cx/touchpoint/internal/testutil"
	"github.com/touchpoint-cx/touchpoint/survey"
)

// TestManagement checks the join of management figures: a step with
// channel rows only sums them, its cost per contact is their
// volume-weighted mean (web 100 contacts at 2, phone 300 at 6: 2000/400 =
// 5), and a whole-step row wins over the channel rows.
func TestManagement(t *testing.T) {
	nan := math.NaN()
	chans := []survey.Management{
		{Channel: "web", ContactVolume: 100, CostPerContact: 2, FTE: 1, Complaints: 4, FailureContacts: 10, Started: nan, Completed: nan},
		{Channel: "phone", ContactVolume: 300, CostPerContact: 6, FTE: 2, Complaints: nan, FailureContacts: 30, Started: nan, Completed: nan, Department: "Sales"},
	}
	m := management(&survey.Step{Management: chans})
	for _, tc := range []struct {
		name      string
		got, want float64
	}{
		{"volume", float64(m.ContactVolume), 400},
		{"cost per contact", float64(m.CostPerContact), 5},
		{"contact cost", float64(m.ContactCost), 2000},
		{"fte", float64(m.FTE), 3},
		{"complaints", float64(m.Complaints), 4},
		{"failure contacts", float64(m.FailureContacts), 40},
		{"failure cost", float64(m.FailureCost), 200},
	} {
		testutil.AssertClose(t, tc.name, tc.got, tc.want, 0, 1e-12)
	}
	assert.Equal(t, "Sales", m.Department)

	whole := survey.Management{ContactVolume: 500, CostPerContact: 3, FTE: nan, Complaints: 9, FailureContacts: 50,
		Started: nan, Completed: nan, Department: "Service"}
	m = management(&survey.Step{Management: append([]survey.Management{whole}, chans...)})
	testutil.AssertClose(t, "volume", float64(m.ContactVolume), 500, 0, 0)
	testutil.AssertClose(t, "cost", float64(m.CostPerContact), 3, 0, 0)
	testutil.AssertClose(t, "fte from the channels", float64(m.FTE), 3, 0, 0)
	testutil.AssertClose(t, "failure cost", float64(m.FailureCost), 150, 0, 0)
	assert.Equal(t, "Service", m.Department)
	assert.Nil(t, management(&survey.Step{}))
}

// TestFailureReduction checks ΔF = F · min(1, u / (M − m)).
func TestFailureReduction(t *testing.T) {
	m := &Management{FailureContacts: 1000, CostPerContact: 4}
	for _, tc := range []struct {
		mean, top, u, contacts float64
	}{
		{3, 5, 0.5, 250},   // 1000 · 0.5/2
		{3, 5, 3, 1000},    // capped at every failure contact
		{4.5, 5, 0.1, 200}, // 1000 · 0.1/0.5
	} {
		f, c := failureReduction(m, tc.mean, tc.top, tc.u)
		testutil.AssertClose(t, "contacts", float64(f), tc.contacts, 1e-9, 1e-12)
		testutil.AssertClose(t, "money", float64(c), 4*tc.contacts, 1e-9, 1e-12)
	}
	f, _ := failureReduction(m, 3, 5, 0)
	assert.True(t, math.IsNaN(float64(f)), "no rise, no figure")
	f, _ = failureReduction(nil, 3, 5, 1)
	assert.True(t, math.IsNaN(float64(f)), "no management figures")
}

// TestPriorityIndex checks the index of two steps by hand for the goal
// cost: criteria importance (0.4, 0.2), gap/range (0.25, 0), complaints
// (10, 30), contact cost (1000, 500), failure cost (100, 400), drop-off
// (none). Divided by their largest value: importance (1, 0.5), gap (1, 0),
// complaints (1/3, 1), contact cost (1, 0.5), failure cost (0.25, 1); the
// weights 0.1, 0.1, 0, 0.4, 0.4 (drop-off left out) sum to 1:
//
//	step 1: 100 · (0.1·1 + 0.1·1 + 0 + 0.4·1 + 0.4·0.25) = 70
//	step 2: 100 · (0.1·0.5 + 0 + 0 + 0.4·0.5 + 0.4·1)   = 65
func TestPriorityIndex(t *testing.T) {
	scale := survey.Scale{Min: 1, Max: 5}
	p := &Process{Steps: []Step{
		{Step: "a", Analysed: true, Importance: 0.4, Gap: 1, Scale: scale,
			Management: &Management{Complaints: 10, ContactCost: 1000, FailureCost: 100}},
		{Step: "b", Analysed: true, Importance: 0.2, Gap: 0, Scale: scale,
			Management: &Management{Complaints: 30, ContactCost: 500, FailureCost: 400}},
	}, Funnel: []FunnelStep{{DropOff: nan}, {DropOff: nan}}}
	priorityIndex(p, Cost)
	testutil.AssertClose(t, "a", float64(p.Steps[0].Index), 70, 0, 1e-12)
	testutil.AssertClose(t, "b", float64(p.Steps[1].Index), 65, 0, 1e-12)
	assert.Equal(t, 1, p.Steps[0].IndexRank)
	assert.Equal(t, 2, p.Steps[1].IndexRank)
	assert.True(t, math.IsNaN(float64(p.Steps[0].IndexParts.DropOff)))

	// Satisfaction: 0.5, 0.3, 0.2 on importance, gap, complaints.
	priorityIndex(p, Satisfaction)
	testutil.AssertClose(t, "a", float64(p.Steps[0].Index), 100*(0.5+0.3+0.2/3), 0, 1e-12)
	testutil.AssertClose(t, "b", float64(p.Steps[1].Index), 100*(0.25+0.2), 0, 1e-12)
}

// TestIdeaCells checks the cells at the medians and at user splits, and
// the ranking by impact per unit of effort.
func TestIdeaCells(t *testing.T) {
	ideas := func() []Idea {
		return []Idea{
			{Idea: "quick", Impact: 0.5, Effort: 1, ImpactPerEffort: 0.5},
			{Idea: "big", Impact: 0.6, Effort: 5, ImpactPerEffort: 0.12},
			{Idea: "small", Impact: 0.05, Effort: 1, ImpactPerEffort: 0.05},
			{Idea: "pit", Impact: 0.01, Effort: 4, ImpactPerEffort: 0.0025},
		}
	}
	cells := func(xs []Idea) map[string]int {
		m := map[string]int{}
		for _, x := range xs {
			m[x.Idea] = x.Cell
		}
		return m
	}
	// Medians: impact (0.05+0.5)/2 = 0.275, effort (1+4)/2 = 2.5.
	xs := ideas()
	imp, eff, src := ideaCells(xs, Options{})
	testutil.AssertClose(t, "impact split", float64(imp), 0.275, 0, 1e-12)
	testutil.AssertClose(t, "effort split", float64(eff), 2.5, 0, 1e-12)
	assert.Equal(t, "median", src)
	assert.Equal(t, map[string]int{"quick": 1, "big": 2, "small": 3, "pit": 4}, cells(xs))
	assert.Equal(t, []string{"quick", "big", "small", "pit"}, []string{xs[0].Idea, xs[1].Idea, xs[2].Idea, xs[3].Idea})
	for i, x := range xs {
		assert.Equal(t, i+1, x.Rank)
	}
	// User splits; a value at a split counts as high (effort 1 is high).
	xs = ideas()
	_, _, src = ideaCells(xs, Options{ImpactSplit: 0.05, EffortSplit: 1})
	assert.Equal(t, "user", src)
	assert.Equal(t, map[string]int{"quick": 2, "big": 2, "small": 2, "pit": 4}, cells(xs))
}

// TestQuadrants checks the quadrant rule at user splits, a value at a
// split counting as high.
func TestQuadrants(t *testing.T) {
	steps := []Step{
		{Step: "a", Analysed: true, Importance: 0.5, Performance: 3},
		{Step: "b", Analysed: true, Importance: 0.3, Performance: 4},
		{Step: "c", Analysed: true, Importance: 0.1, Performance: 4.5},
		{Step: "d", Analysed: true, Importance: 0.1, Performance: 2},
		{Step: "e", Analysed: true, Importance: 0.3, Performance: 3},
		{Step: "f", Analysed: false, Importance: nan, Performance: 3},
	}
	sp := quadrants(steps, Options{ImportanceSplit: 0.3, PerformanceSplit: 4})
	assert.Equal(t, "user", sp.QuadrantSource)
	want := map[string]string{"a": FixFirst, "b": KeepItUp, "c": Overkill, "d": LowPriority, "e": FixFirst, "f": ""}
	for _, s := range steps {
		assert.Equal(t, want[s.Step], s.Quadrant, s.Step)
	}
	assert.Equal(t, 1, steps[0].QuadrantRank)
	assert.Equal(t, 2, steps[4].QuadrantRank)
}

// TestOrdinal checks the ordinal model: scores 1, 2, 3 with shares 0.25,
// 0.5, 0.25 give thresholds ∓Φ⁻¹(0.25), normal scores ∓φ(Φ⁻¹(0.25))/0.25
// and 0, and m(0) = 2. Values from Python 3's statistics.NormalDist:
// inv_cdf(0.25) = -0.6744897501960817, pdf(inv_cdf(0.25))/0.25 =
// 1.271106290736428.
func TestOrdinal(t *testing.T) {
	col := []float64{1, 2, 2, 3, math.NaN()}
	wts := []float64{1, 1, 1, 1, 1}
	o := newOrdinal([]float64{1, 2, 3}, col, wts)
	testutil.AssertClose(t, "tau1", o.tau[0], -0.6744897501960817, 0, 1e-12)
	testutil.AssertClose(t, "tau2", o.tau[1], 0.6744897501960817, 0, 1e-12)
	testutil.AssertClose(t, "score1", o.scores[0], -1.271106290736428, 0, 1e-12)
	testutil.AssertClose(t, "score3", o.scores[2], 1.271106290736428, 0, 1e-12)
	testutil.AssertClose(t, "score2", o.scores[1], 0, 1e-15, 0)
	testutil.AssertClose(t, "m(0)", o.mean(0), 2, 0, 1e-12)
	// A shift δ that raises the mean by u, and back.
	d := o.shift(0.4)
	testutil.AssertClose(t, "m(δ)", o.mean(d), 2.4, 0, 1e-9)
	assert.Equal(t, 0.0, o.shift(0))
	assert.Equal(t, float64(maxShift), o.shift(5), "beyond the top of the scale")
}
