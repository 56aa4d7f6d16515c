package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestWhichStepFirst checks the story against the truth of the onboarding
// study (testdata/onboarding/TRUTH.md, "What an analysis should find"):
// application_form is the step to fix first, and the importance-performance
// quadrants of the steps the truth names.
func TestWhichStepFirst(t *testing.T) {
	f, err := analyze("../../testdata/onboarding")
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Steps[0].ID; got != "application_form" {
		t.Errorf("first step = %s, want application_form (TRUTH.md: fix first)", got)
	}
	// TRUTH.md: importance-performance quadrants of the true model.
	want := map[string]string{
		"application_form":   "fix first",
		"confirmation_mail":  "overkill",
		"account_activation": "keep it up",
		"product_delivery":   "keep it up",
		"welcome_gift":       "low priority",
	}
	for _, s := range f.Steps {
		if q, ok := want[s.ID]; ok && s.Quadrant != q {
			t.Errorf("%s: quadrant %q, want %q (TRUTH.md)", s.ID, s.Quadrant, q)
		}
	}
	// TRUTH.md: big drivers in decreasing pooled weight.
	share := map[string]float64{}
	for _, s := range f.Steps {
		share[s.ID] = s.Share
	}
	if !(share["application_form"] > share["product_delivery"] && share["product_delivery"] > share["account_activation"]) {
		t.Errorf("importance order: application_form %.3f, product_delivery %.3f, account_activation %.3f; want decreasing (TRUTH.md)",
			share["application_form"], share["product_delivery"], share["account_activation"])
	}
	if f.N+f.Dropped != f.Respondents {
		t.Errorf("N %d + dropped %d != respondents %d", f.N, f.Dropped, f.Respondents)
	}
	var b bytes.Buffer
	if err := f.tell(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Fix first: Application form.") {
		t.Errorf("story does not name the step to fix first:\n%s", b.String())
	}
}
