package driver_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/touchpoint-cx/touchpoint/driver"
	"github.com/touchpoint-cx/touchpoint/internal/testutil"
	"github.com/touchpoint-cx/touchpoint/survey"
)

// TestMissingDummyRepairTruth analyses the example study testdata/repair
// with dummy-variable adjustment and checks the generator's known truth
// (testdata/repair/TRUTH.md): each respondent follows either the
// technician path (schedule_visit, technician_visit) or the self-service
// path (self_service), so technician_visit and self_service share one
// indicator; the self-service path raises the latent overall satisfaction
// (γ = 0.5, against 0.384·0.6 + 0.15·(−0.1) ≈ 0.22 from the technician
// steps at their mean), so passing the technician steps, the step ratings
// held at their means, lowers overall satisfaction (see the test of the
// sum of the two path indicators below). The ratings keep the order of
// the true weights, report_fault (0.550) > technician_visit (0.384) >
// self_service (0.250).
func TestMissingDummyRepairTruth(t *testing.T) {
	st, _, err := survey.Load(testutil.Testdata("repair"), survey.Options{})
	require.NoError(t, err)
	p := st.Process("repair")
	require.NotNil(t, p)
	var names []string
	for _, s := range p.Steps {
		names = append(names, s.ID)
	}
	// Respondents with no step answer at all (probability ω = 0.006 in
	// TRUTH.md) went through the steps as usual but have no row in any
	// step file: dummy-variable adjustment leaves them out and counts them.
	y := p.OutcomeColumn("overall")
	require.NotNil(t, y)
	w := p.Weights()
	k := len(names)
	all := p.StepMatrix(nil)
	none := 0
	for r := 0; r < p.Len(); r++ {
		answered := false
		for _, v := range all[r*k : r*k+k] {
			answered = answered || !math.IsNaN(v)
		}
		if !answered {
			none++
		}
	}
	x := mat.NewDense(p.Len(), k, all)
	res, err := driver.Analyze(x, y, w, driver.Options{Names: names, Outcome: "overall",
		Missing: driver.MissingDummy, Methods: driver.MethodsOf(driver.LMG)})
	require.NoError(t, err)

	assert.Equal(t, none, res.MissingReport.NoDriver)
	assert.Equal(t, p.Len()-none, res.MissingReport.RowsUsed)
	t.Logf("%d of %d respondents answered no step", none, p.Len())
	var tv *driver.Indicator
	for i, in := range res.MissingReport.Indicators {
		if in.Name == "passed:technician_visit" {
			tv = &res.MissingReport.Indicators[i]
		}
	}
	require.NotNil(t, tv, "indicators: %+v", res.MissingReport.Indicators)
	assert.Equal(t, []string{"self_service"}, tv.Opposite)
	byName := map[string]driver.DriverResult{}
	for _, d := range res.Drivers {
		byName[d.Name] = d
	}
	reg := res.Regression
	j := -1
	for k, n := range reg.Names {
		if n == "passed:technician_visit" {
			j = k
		}
	}
	require.GreaterOrEqual(t, j, 0)
	t.Logf("passed:technician_visit: coef %.3f, 95%% CI %.3f to %.3f; lmg %s",
		reg.Coef[j], reg.Lo[j], reg.Hi[j], fmt.Sprint(byName["passed:technician_visit"].LMG))
	for k, n := range reg.Names {
		t.Logf("%-28s %+.3f [%+.3f, %+.3f] lmg %.4f", n, reg.Coef[k], reg.Lo[k], reg.Hi[k], byName[n].LMG)
	}
	// schedule_visit has blanks and "don't know" (3.5%) on the technician
	// path, so its indicator is not merged and the path effect is shared
	// between the two indicators: a technician-path respondent who
	// answered both has both. The path effect is their sum; its standard
	// error is at most SE1 + SE2 (Cauchy-Schwarz), so a sum below
	// −1.645 (SE1 + SE2) is negative at the one-sided 5% level.
	s := -1
	for k, n := range reg.Names {
		if n == "passed:schedule_visit" {
			s = k
		}
	}
	require.GreaterOrEqual(t, s, 0)
	sum := reg.Coef[j] + reg.Coef[s]
	t.Logf("technician path: %+.3f (SE at most %.3f)", sum, reg.SE[j]+reg.SE[s])
	assert.Less(t, reg.Coef[j], 0.0)
	assert.Less(t, reg.Coef[s], 0.0)
	assert.Less(t, sum, -1.645*(reg.SE[j]+reg.SE[s]), "self-service path better: passing the technician steps lowers overall satisfaction")
	assert.Greater(t, byName["report_fault"].LMG, byName["technician_visit"].LMG)
	assert.Greater(t, byName["technician_visit"].LMG, byName["self_service"].LMG)
}
