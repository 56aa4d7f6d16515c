package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/touchpoint-cx/touchpoint/internal/testutil"
	"github.com/touchpoint-cx/touchpoint/survey"
)

// The catalogue of bad input, testdata/bad at the module root (see its
// README.md): each case is run as a command, in-process, in its folder,
// and its exit status and standard error are compared with the case's
// command.golden. A case with a "generate" spec runs in a copy of its
// folder with the generated files added.

// TestBadInputCommand runs every case of the catalogue through the command.
// The exit status must be 0 (the data were read, with exclusions) or 1 (a
// data error), never 2 (the command lines are right) and never a panic; the
// status and standard error must match command.golden, and the output must
// hold each line of command.stdout, where a case has one (the messages of
// cases the command reads with success, such as a constant step). A study the command
// reports on must show in its report the first problem and the first
// warning that survey.Load lists for each file, so that no exclusion is
// silent.
func TestBadInputCommand(t *testing.T) {
	for _, c := range testutil.BadCases(t) {
		t.Run(c.Name, func(t *testing.T) {
			dir := c.Workdir(t)
			t.Chdir(dir)
			var stdout, stderr bytes.Buffer
			code := run(c.Args, &stdout, &stderr)
			if code != exitOK && code != exitData {
				t.Errorf("exit status %d, want 0 or 1; stderr:\n%s", code, stderr.String())
			}
			if code == exitOK && stdout.Len() == 0 {
				t.Errorf("exit status 0 and no output")
			}
			if code == exitData && stderr.Len() == 0 {
				t.Errorf("exit status 1 and nothing on standard error")
			}
			got := fmt.Sprintf("exit status %d\n%s", code, stderr.String())
			checkBadGolden(t, filepath.Join(c.Dir, "command.golden"), got)
			if want, err := os.ReadFile(filepath.Join(c.Dir, "command.stdout")); err == nil {
				for _, line := range strings.Split(strings.TrimSpace(string(want)), "\n") {
					if !strings.Contains(stdout.String(), line) {
						t.Errorf("the output does not say %q", line)
					}
				}
			}
			if c.Args[0] == "report" && code == exitOK {
				_, rep, err := survey.Load(c.Args[1], survey.Options{})
				if err != nil {
					t.Fatalf("the command succeeded where survey.Load failed: %v", err)
				}
				for _, f := range rep.Files {
					if len(f.Problems) > 0 && !strings.Contains(stdout.String(), f.Problems[0].Error()) {
						t.Errorf("the report does not show the problem %q", f.Problems[0].Error())
					}
					if len(f.Warnings) > 0 && !strings.Contains(stdout.String(), f.Warnings[0].Error()) {
						t.Errorf("the report does not show the warning %q", f.Warnings[0].Error())
					}
				}
			}
		})
	}
}

func checkBadGolden(t *testing.T, path, got string) {
	t.Helper()
	testutil.CheckGolden(t, path, got, *update, "run go test ./cmd/touchpoint -run TestBadInputCommand -update to create it")
}
