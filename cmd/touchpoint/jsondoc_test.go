package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// jsonDocPath is the page that documents every JSON field, relative to the
// repository root.
const jsonDocPath = "docs/json.md"

// dataKeys are JSON fields whose object's keys come from the data (the
// values of --by columns) rather than from the program.
var dataKeys = map[string]bool{"by": true}

// jsonFields returns the names of the object fields in the JSON document
// data, sorted, leaving out the keys of objects held by dataKeys fields.
func jsonFields(data []byte) ([]string, error) {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				seen[k] = true
				if dataKeys[k] {
					continue
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	names := make([]string, 0, len(seen))
	for k := range seen {
		names = append(names, k)
	}
	slices.Sort(names)
	return names, nil
}

// undocumentedFields returns the fields of the JSON document data that the
// documentation doc does not name as `field`.
func undocumentedFields(doc string, data []byte) ([]string, error) {
	names, err := jsonFields(data)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, n := range names {
		if !strings.Contains(doc, "`"+n+"`") {
			out = append(out, n)
		}
	}
	return out, nil
}

// checkJSONDocumented fails t when the JSON output of the command args
// (data) has a field that docs/json.md does not document. It is called
// from the repository root.
func checkJSONDocumented(t *testing.T, args []string, data []byte) {
	t.Helper()
	doc, err := os.ReadFile(filepath.FromSlash(jsonDocPath))
	if err != nil {
		t.Fatal(err)
	}
	missing, err := undocumentedFields(string(doc), data)
	if err != nil {
		t.Fatalf("touchpoint %s: the output is not JSON: %v", strings.Join(args, " "), err)
	}
	for _, n := range missing {
		t.Errorf("touchpoint %s: the JSON field %q is not documented in %s", strings.Join(args, " "), n, jsonDocPath)
	}
}

// isJSONOutput reports whether the arguments ask for JSON output.
func isJSONOutput(args []string) bool {
	for i, a := range args {
		a = strings.TrimLeft(a, "-")
		if a == "format=json" || (a == "format" && i+1 < len(args) && args[i+1] == "json") {
			return true
		}
	}
	return false
}

func TestJSONFields(t *testing.T) {
	doc := "| `schema_version` | ... | `groups` | `n` |"
	for _, tc := range []struct {
		in   string
		want string // undocumented fields, comma-separated
	}{
		{`{"schema_version": "1", "groups": [{"n": 3, "extra": null}]}`, "extra"},
		{`{"schema_version": "1", "by": {"segment": "a", "wave": "b"}}`, "by"},
		{`[{"n": 1}, {"n": 2, "deep": {"deeper": [{"n": 0}]}}]`, "deep,deeper"},
		{`{"n": 1}`, ""},
	} {
		got, err := undocumentedFields(doc, []byte(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		if g := strings.Join(got, ","); g != tc.want {
			t.Errorf("undocumentedFields(%s) = %q, want %q", tc.in, g, tc.want)
		}
	}
	if _, err := undocumentedFields(doc, []byte("not json")); err == nil {
		t.Error("undocumentedFields accepted text that is not JSON")
	}
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"report", "x", "--format", "json"}, true},
		{[]string{"report", "x", "-format=json"}, true},
		{[]string{"report", "x", "--format", "csv"}, false},
		{[]string{"report", "json"}, false},
	} {
		if got := isJSONOutput(tc.args); got != tc.want {
			t.Errorf("isJSONOutput(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}

// anchor returns the anchor GitHub gives a Markdown heading: lower case,
// spaces as hyphens, punctuation other than hyphens and underscores
// dropped.
func anchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestJSONDocLinks checks that every link to a section of docs/json.md
// (#anchor) names one of its headings, and that the README links to the
// page.
func TestJSONDocLinks(t *testing.T) {
	root := filepath.Join("..", "..")
	doc, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(jsonDocPath)))
	if err != nil {
		t.Fatal(err)
	}
	anchors := map[string]bool{}
	for _, l := range strings.Split(string(doc), "\n") {
		if h := strings.TrimLeft(l, "#"); len(h) < len(l) && strings.HasPrefix(h, " ") {
			anchors[anchor(strings.TrimSpace(h))] = true
		}
	}
	links := regexp.MustCompile(`\]\(#([^)]+)\)`).FindAllStringSubmatch(string(doc), -1)
	if len(links) < 10 {
		t.Fatalf("found %d section links in %s", len(links), jsonDocPath)
	}
	for _, m := range links {
		if !anchors[m[1]] {
			t.Errorf("%s links to #%s, which is no heading of it", jsonDocPath, m[1])
		}
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "]("+jsonDocPath+")") {
		t.Errorf("README.md does not link to %s", jsonDocPath)
	}
}
