package main

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// TestPhasesVsSteps checks the story against the truth of the onboarding
// study (testdata/onboarding/TRUTH.md): the customer phase holds the three
// big drivers (pooled β application_form 0.574, account_activation 0.245,
// product_delivery 0.380, with confirmation_mail 0.050: 1.249 in all,
// against orientation -0.180 and closure 0.050), so it is the most important
// phase, and application_form, its strongest step, is the most important
// step.
func TestPhasesVsSteps(t *testing.T) {
	f, err := analyze("../../testdata/onboarding")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	var sum float64
	for _, ph := range f.Phases {
		names = append(names, ph.Name)
		sum += ph.LMG
		if ph.Rank == 1 && ph.Name != "customer phase" {
			t.Errorf("most important phase %q, want the customer phase", ph.Name)
		}
	}
	if got := strings.Join(names, ", "); got != "orientation, customer phase, closure" {
		t.Errorf("phases %s, want them in journey order", got)
	}
	// LMG of the groups (and of any indicator outside them) decomposes R²
	// (relaimpo's groups).
	if sum += f.Passing; math.Abs(sum-f.R2) > 1e-9*f.R2 {
		t.Errorf("phase importances sum to %.12g, R² %.12g", sum, f.R2)
	}
	if f.TopStep.ID != "application_form" {
		t.Errorf("most important step %s, want application_form", f.TopStep.ID)
	}
	var b bytes.Buffer
	if err := f.tell(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "The customer phase carries") || !strings.Contains(b.String(), "what to fix: Application form") {
		t.Errorf("story:\n%s", b.String())
	}
}

// TestPhasesVsStepsRepair checks the repair study, whose alternative paths
// leave no respondent with every step: its most important step is
// report_fault, the biggest driver of TRUTH.md (pooled β 0.550), alone in
// the phase trigger.
func TestPhasesVsStepsRepair(t *testing.T) {
	f, err := analyze("../../testdata/repair")
	if err != nil {
		t.Fatal(err)
	}
	if f.TopStep.ID != "report_fault" {
		t.Errorf("most important step %s, want report_fault", f.TopStep.ID)
	}
	var b bytes.Buffer
	if err := f.tell(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Report the fault") {
		t.Errorf("story:\n%s", b.String())
	}
}
