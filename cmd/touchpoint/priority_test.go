package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPriorityGolden pins the output formats of the priority command on the
// example studies (rendering; the statistics are checked in package
// priority against the studies' truth).
func TestPriorityGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"onboarding.txt", []string{"../../testdata/onboarding", "--bootstrap", "50"}},
		{"onboarding.md", []string{"../../testdata/onboarding", "--bootstrap", "50", "--format", "markdown"}},
		{"onboarding.csv", []string{"../../testdata/onboarding", "--bootstrap", "50", "--format", "csv"}},
		{"repair.nl.txt", []string{"../../testdata/repair", "--bootstrap", "50", "--lang", "nl", "--goal", "cost"}},
		{"repair.json", []string{"../../testdata/repair", "--bootstrap", "50", "--format", "json"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runCmd(t, append([]string{"priority"}, tc.args...)...)
			require.Equal(t, exitOK, code, errs)
			assert.Empty(t, errs)
			golden(t, "priority-"+tc.name, out)
		})
	}
}

// TestPriorityJSONContract checks the field names of `priority --format
// json` that the issue spells out (schema_version, the quadrant keys, the
// cells, the funnel) and the example study's truth (TRUTH.md: application
// form in fix first, the quick win in cell 1).
func TestPriorityJSONContract(t *testing.T) {
	code, out, errs := runCmd(t, "priority", "../../testdata/onboarding", "--bootstrap", "20", "--format", "json", "--goal", "sales")
	require.Equal(t, exitOK, code, errs)
	var doc struct {
		SchemaVersion string `json:"schema_version"`
		Goal          string `json:"goal"`
		Processes     []struct {
			Steps []struct {
				Step     string `json:"step"`
				Quadrant string `json:"quadrant"`
			} `json:"steps"`
			Ideas []struct {
				Idea string `json:"idea"`
				Cell int    `json:"cell"`
			} `json:"ideas"`
			WhatIf []map[string]json.RawMessage `json:"what_if"`
			Funnel []map[string]json.RawMessage `json:"funnel"`
		} `json:"processes"`
		Ranking []map[string]json.RawMessage `json:"ranking"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.Equal(t, "1", doc.SchemaVersion)
	assert.Equal(t, "sales", doc.Goal)
	require.Len(t, doc.Processes, 1)
	p := doc.Processes[0]
	quadrants := map[string]string{}
	for _, s := range p.Steps {
		quadrants[s.Step] = s.Quadrant
		assert.Contains(t, []string{"fix_first", "keep_it_up", "overkill", "low_priority"}, s.Quadrant)
	}
	assert.Equal(t, "fix_first", quadrants["application_form"])
	cells := map[string]int{}
	for _, id := range p.Ideas {
		cells[id.Idea] = id.Cell
	}
	assert.Equal(t, 1, cells["Remove optional fields from the application form"])
	for _, k := range []string{"outcome", "measure", "current", "all", "steps"} {
		assert.Contains(t, p.WhatIf[0], k)
	}
	for _, k := range []string{"source", "started", "completed", "conversion", "drop_off", "channels", "failure_contacts", "reduction", "reduction_cost"} {
		assert.Contains(t, p.Funnel[0], k)
	}
	for _, k := range []string{"importance", "frequency", "gap", "image_risk", "score", "rank"} {
		assert.Contains(t, doc.Ranking[0], k)
	}
}

func TestPriorityErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no study", []string{"priority"}, exitUsage, "want one study folder"},
		{"bad goal", []string{"priority", "../../testdata/onboarding", "--goal", "profit"}, exitUsage, `--goal "profit"`},
		{"bad performance", []string{"priority", "../../testdata/onboarding", "--performance", "median"}, exitUsage, "--performance"},
		{"bad weights", []string{"priority", "../../testdata/onboarding", "--weights", "1,2"}, exitUsage, "--weights"},
		{"bad image risk", []string{"priority", "../../testdata/onboarding", "--image-risk", "onboarding=2"}, exitUsage, "--image-risk"},
		{"unknown process", []string{"priority", "../../testdata/onboarding", "--image-risk", "repair=0.5"}, exitUsage, `no process "repair"`},
		{"bad bootstrap", []string{"priority", "../../testdata/onboarding", "--bootstrap", "1"}, exitUsage, "--bootstrap"},
		{"unknown outcome", []string{"priority", "../../testdata/onboarding", "--outcome", "revenue", "--bootstrap", "2"}, exitData, `"revenue"`},
		{"missing study", []string{"priority", "../../testdata/nope"}, exitData, "nope"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := runCmd(t, tc.args...)
			assert.Equal(t, tc.code, code, errs)
			assert.True(t, strings.Contains(errs, tc.stderr), "stderr %q lacks %q", errs, tc.stderr)
		})
	}
}
