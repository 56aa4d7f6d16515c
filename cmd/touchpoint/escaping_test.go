package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/touchpoint-cx/touchpoint/internal/testutil"
)

// hostile are labels a spreadsheet would run as formulas, or a browser as
// markup.
var hostile = []string{`=HYPERLINK("http://x","y")`, `@SUM(1)<script>alert(1)</script>`, `+cmd|' /C calc'!A0`, `-2+3`}

// hostileStudy writes a copy of a study of the bad-input catalogue whose
// segment labels, step labels and outcome column are hostile, and returns
// its folder.
func hostileStudy(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "study")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(testutil.Testdata("bad"), "constant_step", "study"))); err != nil {
		t.Fatal(err)
	}
	edit := func(name string, pairs ...string) {
		path := filepath.Join(dir, name)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		s := strings.NewReplacer(pairs...).Replace(string(b))
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	quote := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	edit("study.csv", "segments,starter;switcher\n", "")
	edit("outcomes.csv", ",starter,", ","+quote(hostile[0])+",", ",switcher,", ","+quote(hostile[1])+",")
	edit("journey.csv", "Application form", quote(hostile[2]), "Confirmation mail", quote(hostile[3]+" <b>mail</b>"))
	return dir
}

// checkCSVCells fails for a cell that a spreadsheet would run as a
// formula: one starting with '=', '+', '-', '@', a tab or a carriage
// return that is not a number.
func checkCSVCells(t *testing.T, out string) {
	t.Helper()
	r := csv.NewReader(strings.NewReader(out))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v", err)
	}
	for i, rec := range recs {
		for j, c := range rec {
			if c == "" || !strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				continue
			}
			if _, err := strconv.ParseFloat(c, 64); err == nil {
				continue
			}
			t.Errorf("record %d, field %d: %q would run as a formula", i+1, j+1, c)
		}
	}
}

// TestOutputEscaping checks that CSV output escapes the cells that
// spreadsheets would run and that HTML output escapes text from the data.
func TestOutputEscaping(t *testing.T) {
	dir := hostileStudy(t)
	runOK := func(t *testing.T, args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != exitOK {
			t.Fatalf("touchpoint %s: exit status %d\n%s", strings.Join(args, " "), code, stderr.String())
		}
		return stdout.String()
	}

	t.Run("report csv", func(t *testing.T) {
		out := runOK(t, "report", dir, "--format", "csv")
		if !strings.Contains(out, `'=HYPERLINK`) || !strings.Contains(out, `'@SUM(1)`) {
			t.Errorf("the hostile segment labels are not in the CSV output as escaped cells:\n%.2000s", out)
		}
		checkCSVCells(t, out)
	})
	t.Run("report html", func(t *testing.T) {
		out := runOK(t, "report", dir, "--format", "html")
		for _, raw := range []string{"<script>alert(1)</script>", "<b>mail</b>"} {
			if strings.Contains(out, raw) {
				t.Errorf("the HTML output holds %q unescaped", raw)
			}
		}
		if !strings.Contains(out, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("the HTML output does not show the segment label escaped")
		}
	})
	t.Run("drivers csv", func(t *testing.T) {
		in := filepath.Join(t.TempDir(), "in.csv")
		data, err := os.ReadFile(filepath.Join(testutil.Testdata("bad"), "drivers_zero_weight", "in.csv"))
		if err != nil {
			t.Fatal(err)
		}
		header, rest, _ := strings.Cut(string(data), "\n")
		names := strings.Split(header, ",")
		repl := map[string]string{"form": `"=cmd()"`, "mail": "@mail", "visit": "+visit"}
		for k, n := range names {
			if r, ok := repl[n]; ok {
				names[k] = r
			}
		}
		header = strings.Join(names, ",")
		if err := os.WriteFile(in, []byte(header+"\n"+rest), 0o644); err != nil {
			t.Fatal(err)
		}
		out := runOK(t, "drivers", "--in", in, "--outcome", "overall", "--drivers", "=cmd(),@mail,+visit", "--format", "csv")
		if !strings.Contains(out, "'=cmd()") || !strings.Contains(out, "'@mail") || !strings.Contains(out, "'+visit") {
			t.Errorf("the hostile driver names are not in the CSV output as escaped cells:\n%s", out)
		}
		checkCSVCells(t, out)
	})
}
