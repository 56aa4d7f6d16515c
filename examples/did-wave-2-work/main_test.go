package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestDidWave2Work checks the story against the truth of the example
// studies (TRUTH.md, "What an analysis should find"): the one step improved
// before 2026-Q2 (application_form in onboarding, report_fault in repair,
// latent +0.4 sd) is the one step whose score rose significantly, and the
// expected overall satisfaction rose with it (onboarding +0.230, repair
// +0.220 on the latent scale), so the measured change of overall
// satisfaction is a significant rise.
func TestDidWave2Work(t *testing.T) {
	for _, tc := range []struct{ study, improved string }{
		{"onboarding", "application_form"},
		{"repair", "report_fault"},
	} {
		t.Run(tc.study, func(t *testing.T) {
			f, err := analyze("../../testdata/" + tc.study)
			if err != nil {
				t.Fatal(err)
			}
			if f.From != "2026-Q1" || f.To != "2026-Q2" {
				t.Errorf("waves %s to %s, want 2026-Q1 to 2026-Q2", f.From, f.To)
			}
			if len(f.Improved) != 1 || f.Improved[0].ID != tc.improved {
				var ids []string
				for _, s := range f.Improved {
					ids = append(ids, s.ID)
				}
				t.Errorf("steps with a significant rise: %v, want [%s]", ids, tc.improved)
			}
			for _, s := range f.Steps {
				if s.ID != tc.improved && s.Significant {
					t.Errorf("%s changed significantly (%+.3f, p %.4f); the truth has no change", s.ID, s.Diff, s.P)
				}
			}
			if !(f.Overall.Significant && f.Overall.Diff > 0) {
				t.Errorf("overall satisfaction: %+.3f, p %.4f; want a significant rise", f.Overall.Diff, f.Overall.P)
			}
			var b bytes.Buffer
			if err := f.tell(&b); err != nil {
				t.Fatal(err)
			}
			if f.NoRegression != nil {
				t.Fatalf("no regression: %v", f.NoRegression)
			}
			// The improved step's rise accounts for most of the rise of
			// overall satisfaction: the generator changed nothing else
			// between the waves. (Less than all of it: the coefficient of
			// an observed score is attenuated by its measurement error.)
			if share := f.Explained / f.Overall.Diff; !(share > 0.5 && share < 1.5) {
				t.Errorf("explained share %.2f, want about 1", share)
			}
			if !strings.Contains(b.String(), "the improvement worked") {
				t.Errorf("story:\n%s", b.String())
			}
		})
	}
}
