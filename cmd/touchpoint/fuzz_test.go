package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/touchpoint-cx/touchpoint/internal/testutil"
)

// fuzzCases are the cases of the bad-input catalogue (testdata/bad) that
// FuzzRun copies into its working folder, for argument lists to name.
var fuzzCases = []string{
	"ragged_rows", "out_of_scale", "mixed_processes", "wide_other_process",
	"long_duplicate_answer", "ids_case_whitespace", "empty_file", "single_respondent",
	"drivers_zero_weight", "drivers_perfect_separation", "drivers_nan_inf_literals",
	"drivers_constant_step", "drivers_header_only",
}

// FuzzRun runs the command with fuzzed argument lists (the arguments are
// the input split at NUL bytes). Whatever the arguments, run must not
// panic, must return 0, 1 or 2, and must say why on standard error when it
// does not return 0.
//
// The command runs in a temporary folder holding copies of some studies and
// flat files of the catalogue and a moments file. Argument lists that could
// reach outside that folder (an absolute path or "..") or a database
// ("postgres") are skipped, so that fuzzing writes nothing elsewhere and
// needs no network.
func FuzzRun(f *testing.F) {
	tmp := f.TempDir()
	for _, c := range fuzzCases {
		if err := os.CopyFS(filepath.Join(tmp, c), os.DirFS(filepath.Join(testutil.Testdata("bad"), c))); err != nil {
			f.Fatal(err)
		}
	}
	moments, err := os.ReadFile(filepath.Join("testdata", "moments-small.json"))
	if err != nil {
		f.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tmp, "moments.json"), moments, 0o644); err != nil {
		f.Fatal(err)
	}
	// The working folder is changed around each run only: a fuzzing
	// process that stays in another folder fails to start its workers.
	wd, err := os.Getwd()
	if err != nil {
		f.Fatal(err)
	}

	flat := "--in\x00drivers_zero_weight/in.csv\x00"
	for _, s := range []string{
		"",
		"help",
		"help\x00report",
		"help\x00nosuch",
		"--help",
		"nosuch",
		"report",
		"report\x00-h",
		"report\x00ragged_rows/study",
		"report\x00ragged_rows/study\x00--format\x00json",
		"report\x00--format=csv\x00out_of_scale/study",
		"report\x00mixed_processes/study\x00--format\x00markdown\x00--lang\x00nl",
		"report\x00wide_other_process/study\x00--unweighted\x00--confidence\x000.9",
		"report\x00long_duplicate_answer/study\x00--confidence\x001.5",
		"report\x00ids_case_whitespace/study\x00extra",
		"report\x00empty_file/study",
		"report\x00single_respondent/study\x00--format\x00json",
		"report\x00nosuch/study",
		"report\x00--lang\x00xx\x00ragged_rows/study",
		"report\x00--\x00-dash/study",
		"drivers",
		"drivers\x00" + flat + "--outcome\x00overall\x00--drivers\x00form,mail,visit",
		"drivers\x00" + flat + "--outcome\x00overall\x00--drivers\x00form,mail,visit\x00--weight\x00weight",
		"drivers\x00" + flat + "--outcome\x00overall\x00--drivers\x00form,mail,visit\x00--by\x00segment\x00--format\x00json",
		"drivers\x00" + flat + "--outcome\x00overall\x00--drivers\x00form,mail,visit,app\x00--group\x00web=form+app\x00--format\x00csv",
		"drivers\x00" + flat + "--outcome\x00overall\x00--drivers\x00form,mail\x00--always\x00visit\x00--methods\x00lmg,first,last",
		"drivers\x00" + flat + "--outcome\x00overall\x00--drivers\x00form,form",
		"drivers\x00" + flat + "--outcome\x00overall\x00--drivers\x00form\x00--methods\x00bogus",
		"drivers\x00" + flat + "--outcome\x00retained\x00--drivers\x00form,mail\x00--logistic\x00--pseudo-r2\x00nagelkerke",
		"drivers\x00--in\x00drivers_perfect_separation/in.csv\x00--outcome\x00retained\x00--drivers\x00form,mail,visit\x00--logistic",
		"drivers\x00--in\x00drivers_nan_inf_literals/in.csv\x00--outcome\x00overall\x00--drivers\x00form,mail,visit",
		"drivers\x00--in\x00drivers_constant_step/in.csv\x00--outcome\x00overall\x00--drivers\x00form,mail,visit",
		"drivers\x00--in\x00drivers_header_only/in.csv\x00--outcome\x00overall\x00--drivers\x00form",
		"drivers\x00--moments\x00moments.json",
		"drivers\x00--moments\x00moments.json\x00--format\x00json\x00--methods\x00lmg",
		"drivers\x00--table\x00t\x00" + flat,
		"scores\x00" + flat + "--by\x00segment",
		"scores\x00" + flat + "--nps\x00overall\x00--weight\x00weight\x00--wald",
		"scores\x00" + flat + "--ces\x00form\x00--ces-scale\x001-5\x00--csat\x00mail\x00--csat-scale\x005-1",
		"sql\x00--table\x00survey.responses\x00--outcome\x00overall\x00--drivers\x00form,mail\x00--by\x00segment\x00--weight\x00w",
		"sql\x00--table\x00t\x00--outcome\x00y\x00--drivers\x00a\x00--missing\x00pairwise",
		"sql\x00--table\x00\"\x00--outcome\x00y\"\x00--drivers\x00;drop",
		"report\x00--format\x00html\x00ragged_rows/study",
		"drivers\x00" + flat + "--outcome\x00overall\x00--drivers\x00form\x00--format\x00=bad",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, joined string) {
		args := strings.Split(joined, "\x00")
		if len(args) > 24 {
			t.Skip("too many arguments")
		}
		for _, a := range args {
			if strings.Contains(a, "..") || strings.HasPrefix(a, "/") || strings.Contains(a, "=/") ||
				strings.Contains(strings.ToLower(a), "postgres") {
				t.Skip("reaches outside the working folder")
			}
		}
		if err := os.Chdir(tmp); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		code := run(args, &stdout, &stderr)
		if err := os.Chdir(wd); err != nil {
			t.Fatal(err)
		}
		t.Logf("run(%q) = %d", args, code)
		switch code {
		case exitOK:
		case exitData, exitUsage:
			if stderr.Len() == 0 {
				t.Errorf("run(%q) = %d with nothing on standard error", args, code)
			}
		default:
			t.Errorf("run(%q) = %d, want 0, 1 or 2", args, code)
		}
	})
}
