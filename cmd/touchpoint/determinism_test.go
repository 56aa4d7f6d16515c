package main

import (
	"bytes"
	"runtime"
	"strings"
	"testing"
)

// TestDeterministicJSON checks that the same input and seed give
// byte-identical JSON: the command runs three times, the first with
// GOMAXPROCS 1 and the others with more threads, so that neither map order
// nor the number of goroutines may leak into the output, bootstrap
// intervals included.
func TestDeterministicJSON(t *testing.T) {
	onboardingDrivers := "orientation_site,application_form,confirmation_mail,account_activation,product_delivery,welcome_gift"
	repairDrivers := "report_fault,phone_triage,schedule_visit,appointment_reminder,technician_arrival,technician_visit,repair_quality,invoice,follow_up"
	for _, args := range [][]string{
		// Small studies: the report of the example studies, with its
		// bootstrap, takes seconds per run.
		{"report", "../../testdata/bad/mixed_processes/study", "--format", "json"},
		{"report", "../../testdata/bad/out_of_scale/study", "--format", "json"},
		{"report", "../../testdata/bad/ids_case_whitespace/study", "--format", "json"},
		{"report", "../../testdata/bad/mixed_processes/study", "--bootstrap", "50", "--seed", "7", "--format", "json"},
		{"drivers", "--in", "../../testdata/oracle/data/survey_small_onboarding.csv", "--outcome", "overall",
			"--drivers", onboardingDrivers, "--format", "json"},
		{"drivers", "--in", "../../testdata/oracle/data/survey_small_onboarding.csv", "--outcome", "retained_12m",
			"--drivers", onboardingDrivers, "--logistic", "--format", "json"},
		{"drivers", "--in", "../../testdata/oracle/data/survey_medium_repair_missing.csv", "--outcome", "overall",
			"--drivers", repairDrivers, "--format", "json"},
		{"drivers", "--in", "../../testdata/bad/drivers_zero_weight/in.csv", "--outcome", "overall",
			"--drivers", "form,mail,visit,app", "--by", "segment", "--format", "json"},
		{"drivers", "--in", "../../testdata/oracle/data/survey_small_onboarding.csv", "--outcome", "overall",
			"--drivers", onboardingDrivers, "--bootstrap", "40", "--seed", "11", "--format", "json"},
		{"drivers", "--in", "../../testdata/oracle/data/survey_medium_repair_missing.csv", "--outcome", "overall",
			"--drivers", repairDrivers, "--missing", "dummy", "--bootstrap", "20", "--seed", "3", "--format", "json"},
	} {
		t.Run(strings.ReplaceAll(strings.Join(args[:3], " "), "../../testdata/", ""), func(t *testing.T) {
			var outs [3]string
			for k, procs := range []int{1, 2, 4} {
				prev := runtime.GOMAXPROCS(procs)
				var stdout, stderr bytes.Buffer
				code := run(args, &stdout, &stderr)
				runtime.GOMAXPROCS(prev)
				if code != exitOK {
					t.Fatalf("touchpoint %s: exit status %d\n%s", strings.Join(args, " "), code, stderr.String())
				}
				if !strings.HasPrefix(strings.TrimSpace(stdout.String()), "{") {
					t.Fatalf("not JSON: %.200s", stdout.String())
				}
				outs[k] = stdout.String()
			}
			for k := 1; k < len(outs); k++ {
				if outs[k] != outs[0] {
					t.Errorf("run %d differs from run 0 at line %d", k, firstDiffLine(outs[0], outs[k]))
				}
			}
			// Another seed must give other intervals, or the seed is not used.
			for i, a := range args {
				if a == "--seed" {
					other := append([]string{}, args...)
					other[i+1] += "1"
					var stdout, stderr bytes.Buffer
					if code := run(other, &stdout, &stderr); code != exitOK {
						t.Fatalf("exit status %d\n%s", code, stderr.String())
					}
					if stdout.String() == outs[0] {
						t.Errorf("seed %s and seed %s give the same output", args[i+1], other[i+1])
					}
				}
			}
		})
	}
}
