package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/touchpoint-cx/touchpoint/internal/testutil"
)

const smallSteps = "orientation_site,application_form,confirmation_mail,account_activation,product_delivery,welcome_gift"

// TestDriversJSONContract checks the field names of `drivers --format json`
// that other programs parse, and lmg against R's relaimpo
// (testdata/oracle/expected/survey_small/relaimpo_overall.json, calc.relimp
// rela = FALSE).
func TestDriversJSONContract(t *testing.T) {
	code, out, errs := runCmd(t, "drivers", "--in", smallCSV, "--outcome", "overall", "--drivers", smallSteps, "--format", "json")
	require.Equal(t, exitOK, code, errs)
	var doc map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	for _, k := range []string{"schema_version", "n", "r2", "model", "drivers", "dominance", "warnings"} {
		assert.Contains(t, doc, k)
	}
	var drivers []map[string]any
	require.NoError(t, json.Unmarshal(doc["drivers"], &drivers))
	require.Len(t, drivers, 6)
	for _, d := range drivers {
		for _, k := range []string{"name", "coef", "se", "std_coef", "vif", "lmg", "first", "last", "betasq", "pratt", "genizi", "car", "rw", "share"} {
			assert.Contains(t, d, k)
		}
	}
	var dom struct {
		Complete    [][]*float64 `json:"complete"`
		Conditional [][]float64  `json:"conditional"`
	}
	require.NoError(t, json.Unmarshal(doc["dominance"], &dom))
	require.Len(t, dom.Complete, 6)
	require.Len(t, dom.Conditional, 6)
	assert.Nil(t, dom.Complete[0][0], "diagonal is null")

	var oracle struct {
		Rela struct {
			R2  float64            `json:"R2"`
			LMG map[string]float64 `json:"lmg"`
		} `json:"relaimpo_rela_false"`
	}
	testutil.LoadJSON(t, testutil.Oracle("expected", "survey_small", "relaimpo_overall.json"), &oracle)
	var r2 float64
	require.NoError(t, json.Unmarshal(doc["r2"], &r2))
	testutil.AssertClose(t, "r2", r2, oracle.Rela.R2, 0, 1e-9)
	for _, d := range drivers {
		name := d["name"].(string)
		testutil.AssertClose(t, "lmg "+name, d["lmg"].(float64), oracle.Rela.LMG[name], 0, 1e-9)
	}
}

func TestDriversGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"linear.txt", nil},
		{"linear.csv", []string{"--format", "csv"}},
		{"linear.md", []string{"--format", "markdown"}},
		{"groups.txt", []string{"--group", "early=orientation_site+application_form", "--methods", "lmg,first,last"}},
		{"logistic.txt", []string{"--logistic"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			outcome := "overall"
			if tc.name == "logistic.txt" {
				outcome = "retained_12m"
			}
			args := append([]string{"drivers", "--in", smallCSV, "--outcome", outcome, "--drivers", smallSteps}, tc.args...)
			code, out, errs := runCmd(t, args...)
			require.Equal(t, exitOK, code, errs)
			golden(t, "drivers-small."+tc.name, out)
		})
	}
}

func TestDriversErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	require.NoError(t, os.WriteFile(bad, []byte("y,a,b,w\n1,2,x,1\n2,3,4,-1\n"), 0o644))
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"required", []string{"drivers", "--in", bad}, exitUsage, "--outcome and --drivers are required"},
		{"bad method", []string{"drivers", "--in", bad, "--outcome", "y", "--drivers", "a", "--methods", "nope"}, exitUsage, "--methods"},
		{"bad group", []string{"drivers", "--group", "x"}, exitUsage, "want NAME=COL+COL"},
		{"no column", []string{"drivers", "--in", bad, "--outcome", "y", "--drivers", "a,c"}, exitData, `no column "c"`},
		{"not a number", []string{"drivers", "--in", bad, "--outcome", "y", "--drivers", "a,b"}, exitData, `bad.csv:2:5: field "b": "x"`},
		{"bad weight", []string{"drivers", "--in", bad, "--outcome", "y", "--drivers", "a", "--weight", "w"}, exitData, `field "w"`},
		{"twice", []string{"drivers", "--in", bad, "--outcome", "y", "--drivers", "a,a"}, exitData, "named twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := runCmd(t, tc.args...)
			assert.Equal(t, tc.code, code, errs)
			assert.Contains(t, errs, tc.stderr)
		})
	}
}

// missingCSV is the oracle's repair survey with blank step answers
// (testdata/oracle/README.md: about 5% of the step cells blank).
const missingCSV = "../../testdata/oracle/data/survey_medium_repair_missing.csv"

// TestDriversInferenceGolden checks the rendering of --missing and
// --bootstrap (the statistics themselves are tested in the driver
// package).
func TestDriversInferenceGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"small.bootstrap.txt", []string{"--in", smallCSV, "--outcome", "overall", "--drivers", smallSteps, "--methods", "lmg", "--bootstrap", "200", "--seed", "3",
			"--compare", "application_form,orientation_site", "--compare", "account_activation,product_delivery"}},
		{"small.bootstrap.csv", []string{"--in", smallCSV, "--outcome", "overall", "--drivers", smallSteps, "--methods", "lmg,pratt", "--bootstrap", "200", "--seed", "3", "--format", "csv"}},
		{"small.bootstrap-bca.md", []string{"--in", smallCSV, "--outcome", "overall", "--drivers", smallSteps, "--methods", "lmg", "--bootstrap", "100", "--seed", "3", "--ci", "bca", "--level", "0.9", "--format", "markdown"}},
		{"repair.dummy.txt", []string{"--in", missingCSV, "--outcome", "overall", "--drivers", "report_fault,technician_visit,self_service_instructions,follow_up", "--methods", "lmg", "--missing", "dummy"}},
		{"repair.pairwise.txt", []string{"--in", missingCSV, "--outcome", "overall", "--drivers", "report_fault,technician_visit,self_service_instructions,follow_up", "--methods", "lmg,pratt", "--missing", "pairwise"}},
		{"repair.listwise.txt", []string{"--in", missingCSV, "--outcome", "overall", "--drivers", "report_fault,technician_visit,self_service_instructions,follow_up", "--methods", "lmg"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runCmd(t, append([]string{"drivers"}, tc.args...)...)
			require.Equal(t, exitOK, code, errs)
			assert.Empty(t, errs, "no progress unless standard error is a terminal")
			golden(t, "drivers-"+tc.name, out)
		})
	}
}

// TestDriversBootstrapJSON checks the JSON of --bootstrap: per driver
// "ci": {"lmg": [lo, hi], ...} for each computed metric and the rank, the
// "bootstrap" block, the same for every group of --by, the missing-data
// report, and identical output whatever GOMAXPROCS.
func TestDriversBootstrapJSON(t *testing.T) {
	args := []string{"drivers", "--in", smallCSV, "--outcome", "overall", "--drivers", smallSteps, "--methods", "lmg,pratt",
		"--bootstrap", "100", "--seed", "9", "--compare", "application_form,welcome_gift", "--format", "json"}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	runtime.GOMAXPROCS(1)
	code, out, errs := runCmd(t, args...)
	require.Equal(t, exitOK, code, errs)
	runtime.GOMAXPROCS(4)
	_, out4, _ := runCmd(t, args...)
	require.Equal(t, out, out4, "same seed, other GOMAXPROCS")

	type drv struct {
		Name  string                `json:"name"`
		LMG   float64               `json:"lmg"`
		Pratt float64               `json:"pratt"`
		CI    map[string][2]float64 `json:"ci"`
	}
	type doc struct {
		Drivers   []drv `json:"drivers"`
		Bootstrap struct {
			N      int        `json:"n"`
			Seed   uint64     `json:"seed"`
			Level  float64    `json:"level"`
			Method string     `json:"ci_method"`
			R2     [2]float64 `json:"r2"`
			Comp   []struct {
				A, B, Kind string
				Estimate   float64
				CI         [2]float64
			} `json:"comparisons"`
		} `json:"bootstrap"`
		Missing struct {
			Strategy string `json:"strategy"`
			RowsRead int    `json:"rows_read"`
			RowsUsed int    `json:"rows_used"`
		} `json:"missing_data"`
		R2 float64 `json:"r2"`
	}
	check := func(t *testing.T, d doc) {
		assert.Equal(t, 100, d.Bootstrap.N)
		assert.Equal(t, uint64(9), d.Bootstrap.Seed)
		assert.Equal(t, 0.95, d.Bootstrap.Level)
		assert.Equal(t, "perc", d.Bootstrap.Method)
		assert.Less(t, d.Bootstrap.R2[0], d.R2)
		assert.Greater(t, d.Bootstrap.R2[1], d.R2)
		assert.Equal(t, "listwise", d.Missing.Strategy)
		require.Len(t, d.Bootstrap.Comp, 2)
		assert.Equal(t, "difference", d.Bootstrap.Comp[0].Kind)
		assert.Equal(t, "ratio", d.Bootstrap.Comp[1].Kind)
		assert.Equal(t, "application_form", d.Bootstrap.Comp[1].A)
		assert.Less(t, d.Bootstrap.Comp[1].CI[0], d.Bootstrap.Comp[1].Estimate)
		require.Len(t, d.Drivers, 6)
		for _, dr := range d.Drivers {
			for _, k := range []string{"lmg", "pratt", "importance", "share", "rank"} {
				ci, ok := dr.CI[k]
				require.True(t, ok, "%s: ci of %s", dr.Name, k)
				assert.LessOrEqual(t, ci[0], ci[1])
			}
			assert.NotContains(t, dr.CI, "betasq", "not computed")
			assert.True(t, dr.CI["lmg"][0] <= dr.LMG && dr.LMG <= dr.CI["lmg"][1], dr.Name)
		}
	}
	var d doc
	require.NoError(t, json.Unmarshal([]byte(out), &d))
	check(t, d)
	assert.Equal(t, 300, d.Missing.RowsRead)

	code, out, errs = runCmd(t, append(args, "--by", "retained_12m")...)
	require.Equal(t, exitOK, code, errs)
	var groups struct {
		By     []string `json:"by"`
		Groups []doc    `json:"groups"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &groups))
	require.Len(t, groups.Groups, 2)
	total := 0
	for _, g := range groups.Groups {
		check(t, g)
		total += g.Missing.RowsRead
	}
	assert.Equal(t, 300, total)
}

func TestDriversInferenceErrors(t *testing.T) {
	base := []string{"drivers", "--in", smallCSV, "--outcome", "overall", "--drivers", smallSteps}
	for _, tc := range []struct {
		name   string
		args   []string
		stderr string
	}{
		{"missing", []string{"--missing", "mean"}, "--missing"},
		{"one replicate", []string{"--bootstrap", "1"}, "at least 2 replicates"},
		{"level", []string{"--bootstrap", "10", "--level", "95"}, "--level 95"},
		{"ci", []string{"--bootstrap", "10", "--ci", "normal"}, "--ci"},
		{"seed alone", []string{"--seed", "4"}, "--seed needs --bootstrap"},
		{"compare alone", []string{"--compare", "a,b"}, "--compare needs --bootstrap"},
		{"compare one", []string{"--bootstrap", "10", "--compare", "a"}, "want two drivers"},
		{"moments", []string{"--moments", "m.json", "--missing", "dummy"}, "--missing does not go with --moments"},
		{"moments bootstrap", []string{"--moments", "m.json", "--bootstrap", "10"}, "--bootstrap needs the rows (--in)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append(append([]string{}, base...), tc.args...)
			if tc.name == "moments" || tc.name == "moments bootstrap" {
				args = append([]string{"drivers"}, tc.args...)
			}
			code, _, errs := runCmd(t, args...)
			assert.Equal(t, exitUsage, code, errs)
			assert.Contains(t, errs, tc.stderr)
		})
	}
}
