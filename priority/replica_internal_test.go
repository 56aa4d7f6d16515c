package priority

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/touchpoint-cx/touchpoint/internal/testutil"
	"github.com/touchpoint-cx/touchpoint/survey"
)

// TestImportanceReplica checks that the moments-based dummy-adjusted
// analysis of the bootstrap replicates reproduces driver.Analyze with
// driver.MissingDummy on the full sample, to 1e-9.
func TestImportanceReplica(t *testing.T) {
	for _, name := range []string{"onboarding", "repair"} {
		t.Run(name, func(t *testing.T) {
			st, _, err := survey.Load("../testdata/"+name, survey.Options{})
			require.NoError(t, err)
			p := st.Processes[0]
			specs, err := outcomeSpecs(p, "")
			require.NoError(t, err)
			d, _, err := prepare(p, specs, false)
			require.NoError(t, err)
			full, err := d.fitWeights(d.w, true)
			require.NoError(t, err)
			rep, err := d.fitWeights(d.w, false)
			require.NoError(t, err)
			testutil.AssertClose(t, "r2", rep.r2, full.r2, 0, 1e-9)
			for j := range full.share {
				testutil.AssertClose(t, "share "+d.names[j], rep.share[j], full.share[j], 0, 1e-9)
				testutil.AssertClose(t, "effect "+d.names[j], rep.effect[j], full.effect[j], 0, 1e-9)
			}
		})
	}
}
