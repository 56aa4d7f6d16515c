package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestWhichStepFirst checks the story against the truth of the example
// studies (TRUTH.md, "What an analysis should find"): the step to fix first,
// the importance-performance quadrants of the steps the truth names, the
// order of the big drivers, and the quick win among the ideas.
func TestWhichStepFirst(t *testing.T) {
	for _, tc := range []struct {
		study, first, quickWin string
		quadrants              map[string]string
		bigDrivers             []string // in decreasing pooled weight
	}{
		{
			study: "onboarding", first: "application_form",
			quickWin: "Remove optional fields from the application form",
			quadrants: map[string]string{
				"application_form":   "fix_first",
				"confirmation_mail":  "overkill",
				"account_activation": "keep_it_up",
				"product_delivery":   "keep_it_up",
				"welcome_gift":       "low_priority",
			},
			bigDrivers: []string{"application_form", "product_delivery", "account_activation"},
		},
		{
			study: "repair", first: "report_fault",
			quickWin: "Fault report form with photo upload",
			quadrants: map[string]string{
				"report_fault":     "fix_first",
				"technician_visit": "keep_it_up",
				"follow_up":        "low_priority",
			},
			bigDrivers: []string{"report_fault", "technician_visit", "self_service"},
		},
	} {
		t.Run(tc.study, func(t *testing.T) {
			// 50 bootstrap replicates keep the test fast; the point
			// estimates do not depend on them.
			f, err := analyze("../../testdata/"+tc.study, 50)
			if err != nil {
				t.Fatal(err)
			}
			if f.First.Step != tc.first {
				t.Errorf("first step %s, want %s (TRUTH.md: fix first)", f.First.Step, tc.first)
			}
			for step, q := range tc.quadrants {
				if got := f.Quadrants[step]; got != q {
					t.Errorf("%s: quadrant %q, want %q (TRUTH.md)", step, got, q)
				}
			}
			imp := map[string]float64{}
			for _, s := range f.Steps {
				imp[s.Step] = float64(s.Importance)
			}
			for i := 1; i < len(tc.bigDrivers); i++ {
				a, b := tc.bigDrivers[i-1], tc.bigDrivers[i]
				if !(imp[a] > imp[b]) {
					t.Errorf("importance of %s %.3f not above %s %.3f (TRUTH.md: big drivers in decreasing weight)", a, imp[a], b, imp[b])
				}
			}
			if f.QuickWin == nil || f.QuickWin.Idea != tc.quickWin {
				t.Errorf("quick win %v, want %q (TRUTH.md)", f.QuickWin, tc.quickWin)
			}
			var b bytes.Buffer
			if err := f.tell(&b); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), "Fix first: "+f.First.Label+".") || !strings.Contains(b.String(), tc.quickWin) {
				t.Errorf("story:\n%s", b.String())
			}
		})
	}
}
