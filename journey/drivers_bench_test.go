package journey_test

import (
	"fmt"
	"testing"

	"github.com/touchpoint-cx/touchpoint/internal/testutil"
	"github.com/touchpoint-cx/touchpoint/journey"
	"github.com/touchpoint-cx/touchpoint/survey"
)

// BenchmarkDrivers times the driver analysis of the example studies (3000
// and 2500 respondents, six and five steps, two segments, two waves, five
// business goals) with B bootstrap replicates on all cores; the report
// uses report.DefaultDriverBootstrap replicates. Measured on two cores
// shared with other work: onboarding 0.3 s without replicates (the
// logistic dominance analysis of the binary goal refits 64 models) and
// 2.5 s with 100, repair 0.1 s and 1.3 s; the profile shows about a third
// of a replicate in the two logistic fits of the binary goal.
func BenchmarkDrivers(b *testing.B) {
	for _, name := range []string{"onboarding", "repair"} {
		st, _, err := survey.Load(testutil.Testdata(name), survey.Options{})
		if err != nil {
			b.Fatal(err)
		}
		for _, reps := range []int{0, 100} {
			b.Run(fmt.Sprintf("%s/B=%d", name, reps), func(b *testing.B) {
				opts := journey.DriverOptions{Bootstrap: reps, Seed: 1}
				b.ReportAllocs()
				for b.Loop() {
					if _, err := journey.Drivers(st, st.Processes[0], opts); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
