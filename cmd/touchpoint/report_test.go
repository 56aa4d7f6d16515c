package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goldenBootstrap is the number of bootstrap replicates of the golden
// reports: enough to show intervals, few enough to keep the tests quick
// (the intervals themselves are checked in packages journey and priority).
const goldenBootstrap = "40"

// TestReportGolden pins every output format of the report on the example
// studies.
func TestReportGolden(t *testing.T) {
	for _, study := range []string{"onboarding", "repair"} {
		for _, tc := range []struct {
			name string
			args []string
		}{
			{"txt", nil},
			{"nl.txt", []string{"--lang", "nl"}},
			{"md", []string{"--format", "markdown"}},
			{"json", []string{"--format", "json"}},
			{"csv", []string{"--format", "csv"}},
		} {
			t.Run(study+"."+tc.name, func(t *testing.T) {
				args := append([]string{"report", "../../testdata/" + study, "--bootstrap", goldenBootstrap}, tc.args...)
				code, out, errs := runCmd(t, args...)
				require.Equal(t, exitOK, code, errs)
				assert.Empty(t, errs)
				golden(t, "report-"+study+"."+tc.name, out)
			})
		}
	}
}

// TestReportHTMLGolden pins the HTML reports of the example studies: the
// onboarding study in English, the repair study in Dutch.
func TestReportHTMLGolden(t *testing.T) {
	for _, tc := range []struct{ study, lang, file string }{
		{"onboarding", "en", "report-onboarding.html"},
		{"repair", "nl", "report-repair.nl.html"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			code, out, errs := runCmd(t, "report", "../../testdata/"+tc.study, "--format", "html", "--lang", tc.lang, "--bootstrap", goldenBootstrap)
			require.Equal(t, exitOK, code, errs)
			assert.Empty(t, errs, "no progress or messages when standard error is not a terminal")
			golden(t, tc.file, out)
		})
	}
}

// TestReportHTMLOut writes the HTML report to a file that others can read,
// in Dutch.
func TestReportHTMLOut(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rapport.html")
	code, out, errs := runCmd(t, "report", "../../testdata/repair", "--format", "html", "--lang", "nl", "--out", path, "--bootstrap", "2")
	require.Equal(t, exitOK, code, errs)
	assert.Empty(t, out)
	assert.Empty(t, errs)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	page := string(b)
	assert.True(t, strings.HasPrefix(page, "<!DOCTYPE html>\n<html lang=\"nl\">"))
	assert.Contains(t, page, "<h1>Onderzoek: Repair</h1>")
	assert.Contains(t, page, "<title>Klantreis: Getting a repair</title>")
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), info.Mode().Perm())
}

// TestReportChart writes the charts beside the report, here in Dutch, and
// lists them on standard error; standard output has the report alone.
func TestReportChart(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "charts")
	code, out, errs := runCmd(t, "report", "../../testdata/onboarding", "--format", "json", "--lang", "nl", "--chart", dir, "--bootstrap", "2")
	require.Equal(t, exitOK, code, errs)
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &doc), "standard output is the JSON report alone")
	names := []string{
		"onboarding-steps", "onboarding-importance", "onboarding-journey-map",
		"onboarding-quadrant", "onboarding-impact-effort", "onboarding-changes",
		"onboarding-segment-starter-steps", "onboarding-segment-starter-importance", "onboarding-segment-starter-journey-map",
		"onboarding-segment-switcher-steps", "onboarding-segment-switcher-importance", "onboarding-segment-switcher-journey-map",
	}
	want := fmt.Sprintf("wrote %d chart files to %s:\n", 2*len(names), dir)
	for _, n := range names {
		for _, ext := range []string{"svg", "png"} {
			path := filepath.Join(dir, n+"."+ext)
			want += "  " + path + "\n"
			info, err := os.Stat(path)
			require.NoError(t, err)
			assert.Positive(t, info.Size(), path)
		}
	}
	assert.Equal(t, want, errs)
	svg, err := os.ReadFile(filepath.Join(dir, "onboarding-journey-map.svg"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(svg), "<svg "))
	assert.Contains(t, string(svg), "<title>Klantreis: Becoming a customer</title>")
	assert.Contains(t, string(svg), ">eerst verbeteren</text>")
	png, err := os.ReadFile(filepath.Join(dir, "onboarding-journey-map.png"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(png), "\x89PNG\r\n\x1a\n"))
	svg, err = os.ReadFile(filepath.Join(dir, "onboarding-segment-starter-journey-map.svg"))
	require.NoError(t, err)
	assert.Contains(t, string(svg), "<title>Klantreis: Becoming a customer, segment starter</title>")

	// A folder that cannot be made is an error naming the flag, found
	// before the analysis.
	file := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	code, out, errs = runCmd(t, "report", "../../testdata/onboarding", "--chart", filepath.Join(file, "sub"))
	assert.Equal(t, exitData, code)
	assert.Empty(t, out)
	assert.Contains(t, errs, "--chart "+filepath.Join(file, "sub"))
}

// TestProgressLine: progress is shown, in place on one line, only when
// standard error is a terminal.
func TestProgressLine(t *testing.T) {
	var b strings.Builder
	progress, finish := progressLine(&env{stderr: &b}, "charts")
	assert.Nil(t, progress)
	finish()
	assert.Empty(t, b.String())

	progress, finish = progressLine(&env{stderr: &b, stderrTerminal: true}, "charts")
	require.NotNil(t, progress)
	progress(1, 3)
	progress(3, 3)
	finish()
	assert.Equal(t, "\rcharts: 1/3\rcharts: 3/3\r\x1b[K", b.String())
}

// TestReportBootstrap: the bootstrap's replicates and seed reach the
// drivers and the priorities.
func TestReportBootstrap(t *testing.T) {
	code, out, errs := runCmd(t, "report", "../../testdata/onboarding", "--format", "json", "--bootstrap", "3", "--seed", "11")
	require.Equal(t, exitOK, code, errs)
	var doc struct {
		Processes []struct {
			Drivers struct {
				Bootstrap struct {
					B    int    `json:"b"`
					Seed uint64 `json:"seed"`
				} `json:"bootstrap"`
			} `json:"drivers"`
		} `json:"processes"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	require.Len(t, doc.Processes, 1)
	assert.Equal(t, 3, doc.Processes[0].Drivers.Bootstrap.B)
	assert.Equal(t, uint64(11), doc.Processes[0].Drivers.Bootstrap.Seed)

	code, out, errs = runCmd(t, "report", "../../testdata/onboarding", "--bootstrap", "1")
	assert.Equal(t, exitUsage, code)
	assert.Empty(t, out)
	assert.Contains(t, errs, "--bootstrap 1: want at least 2")
}

func TestReportJSON(t *testing.T) {
	code, out, errs := runCmd(t, "report", "../../testdata/onboarding", "--format", "json", "--bootstrap", "2")
	require.Equal(t, exitOK, code, errs)
	var doc struct {
		SchemaVersion string `json:"schema_version"`
		Processes     []struct {
			Process string `json:"process"`
			Journey []struct {
				Step string `json:"step"`
			} `json:"journey"`
			Scores struct {
				All struct {
					NPS struct {
						Score float64 `json:"score"`
					} `json:"nps"`
				} `json:"all"`
			} `json:"scores"`
		} `json:"processes"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.Equal(t, "1", doc.SchemaVersion)
	require.Len(t, doc.Processes, 1)
	assert.Equal(t, "onboarding", doc.Processes[0].Process)
	assert.Len(t, doc.Processes[0].Journey, 6)
}

func TestReportErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no study", []string{"report"}, exitUsage, "want one study folder"},
		{"two studies", []string{"report", "a", "b"}, exitUsage, "want one study folder"},
		{"bad format", []string{"report", "x", "--format", "xml"}, exitUsage, `unknown format "xml"`},
		{"bad lang", []string{"report", "x", "--lang", "fr"}, exitUsage, `unknown language "fr"`},
		{"missing folder", []string{"report", filepath.Join(dir, "nope")}, exitData, "nope"},
		{"empty folder", []string{"report", dir}, exitData, "journey.csv"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runCmd(t, tc.args...)
			assert.Equal(t, tc.code, code)
			assert.Empty(t, out)
			assert.Contains(t, errs, tc.stderr)
		})
	}
}

func TestReportOut(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.md")
	code, out, errs := runCmd(t, "report", "../../testdata/onboarding", "--format", "markdown", "--out", path, "--bootstrap", "2")
	require.Equal(t, exitOK, code, errs)
	assert.Empty(t, out)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(b), "## Study: Onboarding"), string(b[:40]))
}

// TestReportProgressOnTerminal runs the report as on a terminal: the
// bootstrap's progress shows on standard error, and standard output (JSON
// here) is the same as when standard error is not a terminal.
func TestReportProgressOnTerminal(t *testing.T) {
	for _, format := range []string{"json", "csv", "html"} {
		t.Run(format, func(t *testing.T) {
			var out, errb strings.Builder
			e := &env{stdout: &out, stderr: &errb, stderrTerminal: true}
			fs := flag.NewFlagSet("report", flag.ContinueOnError)
			runFn := setupReport(fs, e)
			require.NoError(t, fs.Parse([]string{"--format", format, "--bootstrap", "3"}))
			require.NoError(t, runFn([]string{"../../testdata/onboarding"}))
			assert.Contains(t, errb.String(), "\rdrivers: bootstrap: 3/3")
			assert.True(t, strings.HasSuffix(errb.String(), "\r\x1b[K"), "the progress line is cleared at the end")

			code, plain, errs := runCmd(t, "report", "../../testdata/onboarding", "--format", format, "--bootstrap", "3")
			require.Equal(t, exitOK, code, errs)
			assert.Empty(t, errs)
			assert.Equal(t, plain, out.String(), "no progress in the output")
		})
	}
}
