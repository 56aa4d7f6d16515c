package priority_test

import (
	"fmt"
	"testing"

	"github.com/touchpoint-cx/touchpoint/priority"
	"github.com/touchpoint-cx/touchpoint/survey"
)

// BenchmarkAnalyze times the prioritisation of the example studies (3000
// and 2500 respondents) with B bootstrap replicates.
func BenchmarkAnalyze(b *testing.B) {
	for _, study := range []string{"onboarding", "repair"} {
		st, _, err := survey.Load("../testdata/"+study, survey.Options{})
		if err != nil {
			b.Fatal(err)
		}
		for _, reps := range []int{2, 100, 200} {
			b.Run(fmt.Sprintf("%s/B=%d", study, reps), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := priority.Analyze(st, priority.Options{B: reps}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
