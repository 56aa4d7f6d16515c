package testutil

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
)

// A BadCase is one case of the catalogue of bad input, testdata/bad (see
// its README.md): a folder holding the input, the command line that reads
// it ("args", one argument per line, run in the folder), an optional
// "generate" spec for inputs too big to commit, and golden files.
type BadCase struct {
	Name string
	Dir  string // absolute
	Args []string
}

// BadCases returns the cases of the catalogue, failing t when it cannot be
// read or holds fewer than 40 cases.
func BadCases(t testing.TB) []BadCase {
	t.Helper()
	root := Testdata("bad")
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var cases []BadCase
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(root, e.Name())
		b, err := os.ReadFile(filepath.Join(dir, "args"))
		if err != nil {
			t.Fatalf("case %s: %v", e.Name(), err)
		}
		cases = append(cases, BadCase{Name: e.Name(), Dir: dir, Args: strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")})
	}
	if len(cases) < 40 {
		t.Fatalf("%d cases in %s, want at least 40", len(cases), root)
	}
	return cases
}

// Workdir returns the folder to run c in: its own, or, for a case with a
// generate spec, a temporary copy with the generated files added.
func (c BadCase) Workdir(t testing.TB) string {
	t.Helper()
	spec, err := os.ReadFile(filepath.Join(c.Dir, "generate"))
	if errors.Is(err, fs.ErrNotExist) {
		return c.Dir
	}
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	if err := os.CopyFS(tmp, os.DirFS(c.Dir)); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(spec)), "\n") {
		name, data, err := ExpandSpec(line)
		if err != nil {
			t.Fatalf("generate spec of %s: %v", c.Name, err)
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

// ExpandSpec expands a line of a generate spec: a file name, then pieces
// that are Go string literals, or N*literal for N copies.
func ExpandSpec(line string) (string, []byte, error) {
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

// CheckGolden compares got with the golden file path, or rewrites the file
// when update is set. On a difference it writes got next to the golden
// file as .got-NAME; hint says how to create a missing golden file.
func CheckGolden(t testing.TB, path, got string, update bool, hint string) {
	t.Helper()
	if update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (%s)", err, hint)
	}
	if string(want) != got {
		gotPath := filepath.Join(filepath.Dir(path), ".got-"+filepath.Base(path))
		_ = os.WriteFile(gotPath, []byte(got), 0o644)
		t.Errorf("output differs from %s (written to %s):\n%s", path, gotPath, got)
	}
}
