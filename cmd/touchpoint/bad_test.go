package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/touchpoint-cx/touchpoint/survey"
)

// The catalogue of bad input, testdata/bad at the module root (see its
// README.md): each case is run as a command, in-process, in its folder,
// and its exit status and standard error are compared with the case's
// command.golden. A case with a "generate" spec runs in a copy of its
// folder with the generated files added.

const badRoot = "../../testdata/bad"

type badCase struct {
	name string
	dir  string // absolute
	args []string
}

func badCases(t *testing.T) []badCase {
	t.Helper()
	root, err := filepath.Abs(badRoot)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var cases []badCase
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(root, e.Name())
		b, err := os.ReadFile(filepath.Join(dir, "args"))
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, badCase{name: e.Name(), dir: dir, args: strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")})
	}
	if len(cases) < 40 {
		t.Fatalf("%d cases in %s, want at least 40", len(cases), root)
	}
	return cases
}

// badWorkdir returns the folder to run c in: its own or, with a generate
// spec, a copy with the generated files.
func badWorkdir(t *testing.T, c badCase) string {
	t.Helper()
	spec, err := os.ReadFile(filepath.Join(c.dir, "generate"))
	if errors.Is(err, fs.ErrNotExist) {
		return c.dir
	}
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	if err := os.CopyFS(tmp, os.DirFS(c.dir)); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(spec)), "\n") {
		name, data, err := expandSpec(line)
		if err != nil {
			t.Fatalf("generate spec of %s: %v", c.name, err)
		}
		path := filepath.Join(tmp, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return tmp
}

// expandSpec expands a line of a generate spec: a file name, then pieces
// that are Go string literals, or N*literal for N copies.
func expandSpec(line string) (string, []byte, error) {
	name, rest, ok := strings.Cut(line, " ")
	if !ok {
		return "", nil, fmt.Errorf("no pieces in %q", line)
	}
	var b bytes.Buffer
	for rest = strings.TrimSpace(rest); rest != ""; rest = strings.TrimSpace(rest) {
		n := 1
		if i := strings.Index(rest, "*"); i > 0 && !strings.HasPrefix(rest, `"`) {
			var err error
			if n, err = strconv.Atoi(rest[:i]); err != nil {
				return "", nil, err
			}
			rest = rest[i+1:]
		}
		q, err := strconv.QuotedPrefix(rest)
		if err != nil {
			return "", nil, fmt.Errorf("%q: %v", rest, err)
		}
		s, _ := strconv.Unquote(q)
		b.WriteString(strings.Repeat(s, n))
		rest = rest[len(q):]
	}
	return name, b.Bytes(), nil
}

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
	for _, c := range badCases(t) {
		t.Run(c.name, func(t *testing.T) {
			dir := badWorkdir(t, c)
			t.Chdir(dir)
			var stdout, stderr bytes.Buffer
			code := run(c.args, &stdout, &stderr)
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
			checkBadGolden(t, filepath.Join(c.dir, "command.golden"), got)
			if want, err := os.ReadFile(filepath.Join(c.dir, "command.stdout")); err == nil {
				for _, line := range strings.Split(strings.TrimSpace(string(want)), "\n") {
					if !strings.Contains(stdout.String(), line) {
						t.Errorf("the output does not say %q", line)
					}
				}
			}
			if c.args[0] == "report" && code == exitOK {
				_, rep, err := survey.Load(c.args[1], survey.Options{})
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
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/touchpoint -run TestBadInputCommand -update to create it)", err)
	}
	if string(want) != got {
		gotPath := filepath.Join(filepath.Dir(path), ".got-"+filepath.Base(path))
		_ = os.WriteFile(gotPath, []byte(got), 0o644)
		t.Errorf("output differs from %s (written to %s):\n%s", path, gotPath, got)
	}
}
