// Package notebooks holds the Jupyter notebook driver-analysis.ipynb and the
// same content as the plain Python script driver_analysis.py, which call the
// touchpoint command, read its JSON and CSV output with pandas and plot with
// matplotlib. Its tests check that the two files agree and run the script
// where Python with pandas is installed.
package notebooks

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const (
	script   = "driver_analysis.py"
	notebook = "driver-analysis.ipynb"
)

// cell is a notebook cell: its kind and its text.
type cell struct {
	Kind, Text string
}

// scriptCells splits a script in the percent format ("# %%" starts a code
// cell, "# %% [markdown]" a Markdown cell whose lines are comments) into
// cells, as the notebook holds them.
func scriptCells(src string) []cell {
	var cells []cell
	var cur *cell
	var lines []string
	flush := func() {
		if cur == nil {
			return
		}
		for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
			lines = lines[1:]
		}
		for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
			lines = lines[:len(lines)-1]
		}
		if cur.Kind == "markdown" {
			for i, l := range lines {
				if s, ok := strings.CutPrefix(l, "# "); ok {
					lines[i] = s
				} else {
					lines[i] = strings.TrimLeft(l, "#")
				}
			}
		}
		cur.Text = strings.Join(lines, "\n")
		cells = append(cells, *cur)
		lines = nil
	}
	for _, l := range strings.Split(src, "\n") {
		if strings.HasPrefix(l, "# %%") {
			flush()
			cur = &cell{Kind: "code"}
			if strings.Contains(l, "[markdown]") {
				cur.Kind = "markdown"
			}
			continue
		}
		lines = append(lines, l)
	}
	flush()
	return cells
}

// TestNotebookMatchesScript checks that the notebook is valid nbformat 4
// JSON with its outputs cleared and holds the cells of the script.
func TestNotebookMatchesScript(t *testing.T) {
	src, err := os.ReadFile(script)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(notebook)
	if err != nil {
		t.Fatal(err)
	}
	var nb struct {
		NBFormat      *int           `json:"nbformat"`
		NBFormatMinor *int           `json:"nbformat_minor"`
		Metadata      map[string]any `json:"metadata"`
		Cells         []struct {
			CellType       string          `json:"cell_type"`
			ID             string          `json:"id"`
			Metadata       map[string]any  `json:"metadata"`
			Source         []string        `json:"source"`
			ExecutionCount json.RawMessage `json:"execution_count"`
			Outputs        []any           `json:"outputs"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatalf("%s is not valid JSON: %v", notebook, err)
	}
	if nb.NBFormat == nil || *nb.NBFormat != 4 || nb.NBFormatMinor == nil || nb.Metadata == nil {
		t.Fatalf("%s: want nbformat 4 with nbformat_minor and metadata", notebook)
	}
	want := scriptCells(string(src))
	if len(nb.Cells) != len(want) {
		t.Fatalf("%s has %d cells, %s %d: regenerate the notebook from the script", notebook, len(nb.Cells), script, len(want))
	}
	ids := map[string]bool{}
	for i, c := range nb.Cells {
		if c.Metadata == nil || c.Source == nil {
			t.Errorf("cell %d: metadata and source are required", i)
		}
		if *nb.NBFormatMinor >= 5 && (c.ID == "" || ids[c.ID]) {
			t.Errorf("cell %d: missing or repeated id %q (required from nbformat 4.5)", i, c.ID)
		}
		ids[c.ID] = true
		if c.CellType == "code" && (string(c.ExecutionCount) != "null" || c.Outputs == nil || len(c.Outputs) != 0) {
			t.Errorf("cell %d: outputs not cleared (execution_count %s, %d outputs)", i, c.ExecutionCount, len(c.Outputs))
		}
		got := cell{Kind: c.CellType, Text: strings.Join(c.Source, "")}
		if got != want[i] {
			t.Errorf("cell %d differs between %s and %s:\nnotebook: %q\nscript:   %q", i, notebook, script, got, want[i])
		}
	}
}

// python returns a Python 3 interpreter that can import pandas, preferring
// the system's /usr/bin/python3 (where Debian's python3-pandas installs),
// or "" and the reason why there is none.
func python() (string, string) {
	var tried []string
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		path, err := exec.LookPath(p)
		if err != nil {
			continue
		}
		if exec.Command(path, "-c", "import pandas").Run() == nil {
			return path, ""
		}
		tried = append(tried, path)
	}
	if len(tried) == 0 {
		return "", "no python3 found"
	}
	return "", "no python3 with pandas (tried " + strings.Join(tried, ", ") + "; install Debian's python3-pandas)"
}

// TestScript runs driver_analysis.py on the onboarding study and checks its
// findings against the study's truth (testdata/onboarding/TRUTH.md): the
// application form is the one step whose score changed significantly between
// the waves (it was improved before 2026-Q2), and it is the step to fix
// first (quadrant "fix first"), and the quick win among the ideas is
// "Remove optional fields from the application form". With matplotlib it
// also writes the plots.
func TestScript(t *testing.T) {
	py, why := python()
	if py == "" {
		t.Skipf("skipping the notebook script: %s", why)
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("skipping the notebook script: no go command to build touchpoint")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "touchpoint")
	build := exec.Command(gobin, "build", "-o", bin, "./cmd/touchpoint")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/touchpoint: %v\n%s", err, out)
	}
	out := filepath.Join(tmp, "out")
	cmd := exec.Command(py, script)
	cmd.Env = append(os.Environ(), "TOUCHPOINT="+bin, "TOUCHPOINT_OUT="+out, "MPLBACKEND=Agg")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\nstdout:\n%s\nstderr:\n%s", py, script, err, stdout.String(), stderr.String())
	}
	got := stdout.String()
	for _, want := range []string{
		"schema_version 1 - study Onboarding",
		"steps that changed significantly: application_form\n",
		"fix first: Application form",
		"quick win: Remove optional fields from the application form\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if exec.Command(py, "-c", "import matplotlib").Run() != nil {
		t.Logf("matplotlib is not installed for %s: the plots were skipped", py)
		return
	}
	for _, name := range []string{"step_scores.png", "importance.png", "importance_performance.png"} {
		st, err := os.Stat(filepath.Join(out, name))
		if err != nil || st.Size() == 0 {
			t.Errorf("plot %s not written: %v", name, err)
		}
	}
}
