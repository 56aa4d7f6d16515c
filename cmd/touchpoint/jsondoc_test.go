package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
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
