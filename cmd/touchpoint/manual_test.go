package main

import (
	"bytes"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// manualCommand is a "$ touchpoint ..." line of the manual (the package
// documentation in doc.go), with its continuation lines joined.
type manualCommand struct {
	line int    // line of the doc comment where it starts (1-based)
	text string // the command as shown, without "$ "
	args []string
}

// manualCommands returns the "$ touchpoint" lines of the package
// documentation.
func manualCommands(t *testing.T) []manualCommand {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	if f.Doc == nil {
		t.Fatal("doc.go has no package documentation")
	}
	lines := strings.Split(f.Doc.Text(), "\n")
	var cmds []manualCommand
	for i := 0; i < len(lines); i++ {
		s := strings.TrimSpace(lines[i])
		if !strings.HasPrefix(s, "$ touchpoint") {
			continue
		}
		c := manualCommand{line: i + 1}
		s = strings.TrimPrefix(s, "$ ")
		for strings.HasSuffix(s, `\`) && i+1 < len(lines) {
			i++
			s = strings.TrimSuffix(s, `\`) + " " + strings.TrimSpace(lines[i])
		}
		c.text = s
		args, err := splitWords(s)
		if err != nil {
			t.Fatalf("manual line %d: %v: %s", c.line, err, s)
		}
		c.args = args[1:] // without "touchpoint"
		cmds = append(cmds, c)
	}
	return cmds
}

// splitWords splits a command line into words as a POSIX shell does for
// plain words and single- or double-quoted strings. Redirections, pipes and
// other shell syntax are refused: the manual's commands must run as shown
// without a shell (write files with --out).
func splitWords(s string) ([]string, error) {
	var words []string
	var w strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		case '\'', '"':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				return nil, fmt.Errorf("unterminated quote at byte %d", i)
			}
			w.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case '>', '<', '|', '&', ';', '`', '$':
			return nil, fmt.Errorf("shell syntax %q at byte %d", c, i)
		default:
			w.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words, nil
}

// outputFlags are the flags that name a file or folder the command writes;
// the test sends them to a temporary folder.
var outputFlags = map[string]bool{"out": true, "chart": true, "moments-out": true}

// redirectOutputs returns args with the values of output flags moved into
// dir, and the paths written.
func redirectOutputs(args []string, dir string) (out []string, written []string) {
	out = append([]string(nil), args...)
	for i := 0; i < len(out); i++ {
		name, value, hasValue := strings.Cut(strings.TrimLeft(out[i], "-"), "=")
		if !strings.HasPrefix(out[i], "-") || !outputFlags[name] {
			continue
		}
		if hasValue {
			p := filepath.Join(dir, filepath.Base(value))
			out[i] = "--" + name + "=" + p
			written = append(written, p)
		} else if i+1 < len(out) {
			p := filepath.Join(dir, filepath.Base(out[i+1]))
			out[i+1] = p
			written = append(written, p)
			i++
		}
	}
	return out, written
}

// TestManual runs every "$ touchpoint ..." line of the package
// documentation, from the repository root, and checks that it exits with
// status 0 and writes something: to standard output, or to the files its
// output flags name. Of a JSON output it checks that docs/json.md documents
// every field.
func TestManual(t *testing.T) {
	cmds := manualCommands(t)
	if len(cmds) < 10 {
		t.Fatalf("found %d commands in the manual; the parser of doc.go is broken", len(cmds))
	}
	t.Chdir(filepath.Join("..", ".."))
	for _, c := range cmds {
		t.Run(c.text, func(t *testing.T) {
			args, written := redirectOutputs(c.args, t.TempDir())
			var stdout, stderr bytes.Buffer
			if code := run(args, &stdout, &stderr); code != exitOK {
				t.Fatalf("doc.go manual line %d: exit status %d\n%s", c.line, code, stderr.String())
			}
			n := stdout.Len()
			for _, p := range written {
				n += sizeOf(t, p)
			}
			if n == 0 {
				t.Errorf("doc.go manual line %d: no output", c.line)
			}
			if isJSONOutput(args) {
				data := stdout.Bytes()
				if len(written) == 1 {
					var err error
					if data, err = os.ReadFile(written[0]); err != nil {
						t.Fatal(err)
					}
				}
				checkJSONDocumented(t, c.args, data)
			}
		})
	}
}

// sizeOf returns the size of the file at p, or of the files in the folder
// at p, failing the test when there is none.
func sizeOf(t *testing.T, p string) int {
	t.Helper()
	st, err := os.Stat(p)
	if err != nil {
		t.Errorf("output %s: %v", p, err)
		return 0
	}
	if !st.IsDir() {
		return int(st.Size())
	}
	var n int
	err = filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if info, err := d.Info(); err == nil && !d.IsDir() {
			n += int(info.Size())
		}
		return nil
	})
	if err != nil {
		t.Error(err)
	}
	return n
}

// TestManualParser checks the parsing of the manual's command lines.
func TestManualParser(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
		err  bool
	}{
		{in: "touchpoint report testdata/onboarding", want: []string{"touchpoint", "report", "testdata/onboarding"}},
		{in: `touchpoint drivers  --group "a b=x+y" --in 'f g.csv'`, want: []string{"touchpoint", "drivers", "--group", "a b=x+y", "--in", "f g.csv"}},
		{in: "touchpoint report x --format json > r.json", err: true},
		{in: "touchpoint report x | head", err: true},
		{in: `touchpoint report "x`, err: true},
	} {
		got, err := splitWords(tc.in)
		if tc.err {
			if err == nil {
				t.Errorf("splitWords(%q) = %q, want an error", tc.in, got)
			}
			continue
		}
		if err != nil || strings.Join(got, "\x00") != strings.Join(tc.want, "\x00") {
			t.Errorf("splitWords(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	args, written := redirectOutputs([]string{"report", "x", "--out", "a/r.json", "--chart=charts", "-lang", "nl"}, "/tmp/d")
	want := []string{"report", "x", "--out", filepath.Join("/tmp/d", "r.json"), "--chart=" + filepath.Join("/tmp/d", "charts"), "-lang", "nl"}
	if strings.Join(args, " ") != strings.Join(want, " ") || len(written) != 2 {
		t.Errorf("redirectOutputs = %q, %q; want %q", args, written, want)
	}
}

// TestHelpExamples checks that every example of 'touchpoint help' is a
// command of the manual, which TestManual runs (from the repository root).
func TestHelpExamples(t *testing.T) {
	var help, stderr bytes.Buffer
	if code := run([]string{"help"}, &help, &stderr); code != exitOK {
		t.Fatalf("touchpoint help: exit status %d\n%s", code, stderr.String())
	}
	inManual := map[string]bool{}
	for _, c := range manualCommands(t) {
		inManual[strings.Join(strings.Fields(c.text), " ")] = true
	}
	var n int
	lines := strings.Split(help.String(), "\n")
	inExamples := false
	for i := 0; i < len(lines); i++ {
		if strings.HasPrefix(lines[i], "examples") {
			inExamples = true
			continue
		}
		s := strings.TrimSpace(lines[i])
		if !inExamples || !strings.HasPrefix(s, "touchpoint ") {
			continue
		}
		for strings.HasSuffix(s, `\`) && i+1 < len(lines) {
			i++
			s = strings.TrimSuffix(s, `\`) + " " + strings.TrimSpace(lines[i])
		}
		n++
		if s = strings.Join(strings.Fields(s), " "); !inManual[s] {
			t.Errorf("the example of 'touchpoint help' is not in the manual (doc.go), which the tests run:\n%s", s)
		}
	}
	if n == 0 {
		t.Fatalf("touchpoint help shows no examples:\n%s", help.String())
	}
}

// TestManualCoversCommands checks that the manual shows every command: a
// section "# NAME: ..." and at least one example "$ touchpoint NAME ...".
func TestManualCoversCommands(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	doc := f.Doc.Text()
	shown := map[string]bool{}
	for _, c := range manualCommands(t) {
		if len(c.args) > 0 {
			shown[c.args[0]] = true
		}
	}
	for name := range commands {
		if !strings.Contains(doc, "\n# "+name+": ") {
			t.Errorf("the manual (doc.go) has no section \"# %s: ...\"", name)
		}
		if !shown[name] {
			t.Errorf("the manual (doc.go) shows no example \"$ touchpoint %s ...\"", name)
		}
	}
}
