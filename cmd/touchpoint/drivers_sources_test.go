package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/touchpoint-cx/touchpoint/internal/testutil"
	"github.com/touchpoint-cx/touchpoint/sqlmoments"
)

// relaimpoOverall is R's relaimpo on the small oracle survey (calc.relimp,
// rela = FALSE): R² and lmg of overall satisfaction on the six steps.
func relaimpoOverall(t *testing.T) (float64, map[string]float64) {
	var oracle struct {
		Rela struct {
			R2  float64            `json:"R2"`
			LMG map[string]float64 `json:"lmg"`
		} `json:"relaimpo_rela_false"`
	}
	testutil.LoadJSON(t, testutil.Oracle("expected", "survey_small", "relaimpo_overall.json"), &oracle)
	return oracle.Rela.R2, oracle.Rela.LMG
}

// checkOracleJSON checks the single-analysis JSON out against relaimpo.
func checkOracleJSON(t *testing.T, out string) {
	t.Helper()
	r2, lmg := relaimpoOverall(t)
	var doc struct {
		Version string  `json:"schema_version"`
		R2      float64 `json:"r2"`
		N       int     `json:"n"`
		Drivers []struct {
			Name string  `json:"name"`
			LMG  float64 `json:"lmg"`
		} `json:"drivers"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.Equal(t, "1", doc.Version)
	testutil.AssertClose(t, "r2", doc.R2, r2, 0, 1e-9)
	require.Len(t, doc.Drivers, len(lmg))
	for _, d := range doc.Drivers {
		testutil.AssertClose(t, "lmg "+d.Name, d.LMG, lmg[d.Name], 0, 1e-9)
	}
}

// TestDriversBy checks --by on a CSV file: each group's analysis equals the
// analysis of a file holding only that group's rows.
func TestDriversBy(t *testing.T) {
	b, err := os.ReadFile(smallCSV)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	header := strings.Split(lines[0], ",")
	col := -1
	for j, h := range header {
		if h == "retained_12m" {
			col = j
		}
	}
	require.GreaterOrEqual(t, col, 0)
	dir := t.TempDir()
	parts := map[string][]string{}
	for _, l := range lines[1:] {
		v := strings.Split(l, ",")[col]
		parts[v] = append(parts[v], l)
	}
	require.Len(t, parts, 2)

	args := []string{"drivers", "--in", smallCSV, "--outcome", "overall", "--drivers", smallSteps, "--methods", "lmg,pratt", "--format", "json"}
	code, out, errs := runCmd(t, append(args, "--by", "retained_12m")...)
	require.Equal(t, exitOK, code, errs)
	var doc struct {
		Version string   `json:"schema_version"`
		By      []string `json:"by"`
		Groups  []struct {
			By      map[string]*string `json:"by"`
			Rows    int                `json:"rows"`
			N       int                `json:"n"`
			R2      float64            `json:"r2"`
			Drivers []struct {
				Name  string  `json:"name"`
				LMG   float64 `json:"lmg"`
				Pratt float64 `json:"pratt"`
			} `json:"drivers"`
		} `json:"groups"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.Equal(t, "1", doc.Version)
	assert.Equal(t, []string{"retained_12m"}, doc.By)
	require.Len(t, doc.Groups, 2)
	for i, v := range []string{"0", "1"} {
		g := doc.Groups[i]
		require.NotNil(t, g.By["retained_12m"])
		assert.Equal(t, v, *g.By["retained_12m"])
		assert.Equal(t, len(parts[v]), g.Rows)
		file := filepath.Join(dir, v+".csv")
		require.NoError(t, os.WriteFile(file, []byte(lines[0]+"\n"+strings.Join(parts[v], "\n")+"\n"), 0o644))
		code, one, errs := runCmd(t, "drivers", "--in", file, "--outcome", "overall", "--drivers", smallSteps, "--methods", "lmg,pratt", "--format", "json")
		require.Equal(t, exitOK, code, errs)
		var want struct {
			N       int     `json:"n"`
			R2      float64 `json:"r2"`
			Drivers []struct {
				Name  string  `json:"name"`
				LMG   float64 `json:"lmg"`
				Pratt float64 `json:"pratt"`
			} `json:"drivers"`
		}
		require.NoError(t, json.Unmarshal([]byte(one), &want))
		assert.Equal(t, want.N, g.N)
		assert.Equal(t, want.R2, g.R2)
		assert.Equal(t, want.Drivers, g.Drivers)
	}

	code, out, errs = runCmd(t, "drivers", "--in", smallCSV, "--outcome", "overall", "--drivers", smallSteps, "--methods", "lmg", "--by", "retained_12m", "--format", "csv")
	require.Equal(t, exitOK, code, errs)
	rows := strings.Split(strings.TrimSpace(out), "\n")
	assert.Equal(t, "retained_12m,driver,coef,se,std_coef,vif,lmg,importance,share,rank", rows[0])
	assert.Len(t, rows, 1+2*6)

	code, out, errs = runCmd(t, "drivers", "--in", smallCSV, "--outcome", "overall", "--drivers", smallSteps, "--by", "segment")
	assert.Equal(t, exitData, code)
	assert.Empty(t, out)
	assert.Contains(t, errs, `no column "segment" for --by`)
}

// TestDriversMomentsFile analyses moments saved as JSON (the file
// `touchpoint sql --moments-out` writes) and checks them against relaimpo.
func TestDriversMomentsFile(t *testing.T) {
	code, out, errs := runCmd(t, "drivers", "--moments", filepath.Join("testdata", "moments-small.json"), "--format", "json")
	require.Equal(t, exitOK, code, errs)
	checkOracleJSON(t, out)

	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"--moments", "m.json", "--outcome", "overall"}, "--outcome does not go with --moments"},
		{[]string{"--moments", "m.json", "--in", smallCSV}, "--in excludes --postgres and --moments"},
		{[]string{"--moments", "m.json", "--logistic"}, "--logistic needs the rows (--in)"},
		{[]string{"--moments", "m.json", "--postgres", "host=x"}, "--postgres and --moments exclude each other"},
		{[]string{"--in", smallCSV, "--outcome", "overall", "--drivers", "a", "--table", "t"}, "--table needs --postgres"},
		{[]string{"--postgres", "host=x", "--outcome", "overall", "--drivers", "a"}, "--table is required"},
	} {
		code, out, errs := runCmd(t, append([]string{"drivers"}, c.args...)...)
		assert.Equal(t, exitUsage, code, c.args)
		assert.Empty(t, out)
		assert.Contains(t, errs, c.msg)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"groups": 3}`), 0o644))
	code, _, errs = runCmd(t, "drivers", "--moments", bad)
	assert.Equal(t, exitData, code)
	assert.Contains(t, errs, bad+": ")
}

// TestDriversPostgres loads the small oracle survey into the test server
// named by $TOUCHPOINT_TEST_POSTGRES and checks that `drivers --postgres`
// gives relaimpo's numbers, and that --by gives, per group, the numbers of
// the CSV path with --by.
func TestDriversPostgres(t *testing.T) {
	dsn := os.Getenv("TOUCHPOINT_TEST_POSTGRES")
	if dsn == "" {
		t.Skip(`skipped: no PostgreSQL server for the database tests ($TOUCHPOINT_TEST_POSTGRES is not set; ` +
			`start one with eval "$(scripts/postgres/start.sh)", as .ci/run does)`)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := sqlmoments.Open(ctx, dsn)
	require.NoError(t, err)
	defer db.Close()
	var b [6]byte
	_, err = rand.Read(b[:])
	require.NoError(t, err)
	schema := "tp_drv_" + hex.EncodeToString(b[:])
	_, err = db.ExecContext(ctx, "CREATE SCHEMA "+schema)
	require.NoError(t, err)
	defer db.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
	copyTable(t, ctx, db, schema+".r", smallCSV)

	code, out, errs := runCmd(t, "drivers", "--postgres", dsn, "--table", schema+".r", "--outcome", "overall", "--drivers", smallSteps, "--format", "json")
	require.Equal(t, exitOK, code, errs)
	checkOracleJSON(t, out)

	base := []string{"--outcome", "overall", "--drivers", smallSteps, "--methods", "lmg,rw", "--by", "retained_12m", "--format", "json"}
	code, fromDB, errs := runCmd(t, append([]string{"drivers", "--postgres", dsn, "--table", schema + ".r"}, base...)...)
	require.Equal(t, exitOK, code, errs)
	code, fromCSV, errs := runCmd(t, append([]string{"drivers", "--in", smallCSV}, base...)...)
	require.Equal(t, exitOK, code, errs)
	type group struct {
		By      map[string]*string `json:"by"`
		N       int                `json:"n"`
		R2      float64            `json:"r2"`
		Drivers []struct {
			Name string  `json:"name"`
			LMG  float64 `json:"lmg"`
			RW   float64 `json:"rw"`
		} `json:"drivers"`
	}
	var db1, csv1 struct {
		Groups []group `json:"groups"`
	}
	require.NoError(t, json.Unmarshal([]byte(fromDB), &db1))
	require.NoError(t, json.Unmarshal([]byte(fromCSV), &csv1))
	require.Len(t, db1.Groups, 2)
	require.Len(t, csv1.Groups, 2)
	for i := range db1.Groups {
		g, w := db1.Groups[i], csv1.Groups[i]
		require.NotNil(t, g.By["retained_12m"])
		// PostgreSQL writes the double 0 as "0", like the file.
		assert.Equal(t, *w.By["retained_12m"], *g.By["retained_12m"])
		assert.Equal(t, w.N, g.N)
		testutil.AssertClose(t, "r2", g.R2, w.R2, 0, 1e-9)
		for k := range g.Drivers {
			assert.Equal(t, w.Drivers[k].Name, g.Drivers[k].Name)
			testutil.AssertClose(t, "lmg "+g.Drivers[k].Name, g.Drivers[k].LMG, w.Drivers[k].LMG, 0, 1e-9)
			testutil.AssertClose(t, "rw "+g.Drivers[k].Name, g.Drivers[k].RW, w.Drivers[k].RW, 0, 1e-9)
		}
	}

	code, out, errs = runCmd(t, "drivers", "--postgres", dsn, "--table", schema+".r", "--outcome", "overall", "--drivers", "orientation_site,nope")
	assert.Equal(t, exitData, code)
	assert.Empty(t, out)
	assert.Contains(t, errs, `table "`+schema+`.r": column "nope" does not exist`)

	// Pairwise moments from the database against pairwise correlations of
	// the rows: two estimators of the same correlations, not one. The
	// database's is the pairwise covariance (pair-specific means, each
	// variable's variance over all rows where it is present, see
	// sqlmoments.PairMoments), the rows' path correlates each pair over
	// the rows where both are present. With 5% of the answers missing at
	// random they agree to about 1e-3 in R² units (measured: at most
	// 8.6e-4); a gross mistake in either (a wrong pair, a wrong weight,
	// listwise instead of pairwise) moves them by more than 2e-3.
	copyTable(t, ctx, db, schema+".m", mediumCSV)
	args := []string{"--outcome", "overall", "--drivers", mediumSteps, "--methods", "lmg,rw", "--missing", "pairwise", "--format", "json"}
	code, fromDB, errs = runCmd(t, append([]string{"drivers", "--postgres", dsn, "--table", schema + ".m"}, args...)...)
	require.Equal(t, exitOK, code, errs)
	code, fromCSV, errs = runCmd(t, append([]string{"drivers", "--in", mediumCSV}, args...)...)
	require.Equal(t, exitOK, code, errs)
	var dbp, csvp group
	require.NoError(t, json.Unmarshal([]byte(fromDB), &dbp))
	require.NoError(t, json.Unmarshal([]byte(fromCSV), &csvp))
	testutil.AssertClose(t, "pairwise r2", dbp.R2, csvp.R2, 2e-3, 0)
	require.Len(t, dbp.Drivers, 10)
	for k := range dbp.Drivers {
		testutil.AssertClose(t, "pairwise lmg "+dbp.Drivers[k].Name, dbp.Drivers[k].LMG, csvp.Drivers[k].LMG, 2e-3, 0)
		testutil.AssertClose(t, "pairwise rw "+dbp.Drivers[k].Name, dbp.Drivers[k].RW, csvp.Drivers[k].RW, 2e-3, 0)
	}
}

// copyTable creates table with a double precision column per column of the
// CSV file path and copies the file into it (empty fields are NULL).
func copyTable(t *testing.T, ctx context.Context, db *sql.DB, table, path string) {
	t.Helper()
	header, err := os.ReadFile(path)
	require.NoError(t, err)
	cols := strings.Split(strings.TrimSpace(strings.SplitN(string(header), "\n", 2)[0]), ",")
	defs := make([]string, len(cols))
	for i, c := range cols {
		defs[i] = pgx.Identifier{c}.Sanitize() + " double precision"
	}
	_, err = db.ExecContext(ctx, "CREATE TABLE "+table+" ("+strings.Join(defs, ", ")+")")
	require.NoError(t, err)
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	conn, err := db.Conn(ctx)
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.Raw(func(dc any) error {
		_, err := dc.(*stdlib.Conn).Conn().PgConn().CopyFrom(ctx, f, "COPY "+table+" FROM STDIN WITH (FORMAT csv, HEADER true)")
		return err
	}))
}

const mediumSteps = "report_fault,phone_triage,schedule_visit,appointment_reminder,technician_arrival," +
	"technician_visit,repair_quality,self_service_instructions,invoice,follow_up"

var mediumCSV = testutil.Oracle("data", "survey_medium_repair_missing.csv")

// TestDriversSample checks --sample: lmg from random orderings lies within
// 4 of its standard errors of relaimpo's exact lmg, the output says it was
// sampled, and the flags' mistakes are usage errors.
func TestDriversSample(t *testing.T) {
	_, lmg := relaimpoOverall(t)
	code, out, errs := runCmd(t, "drivers", "--in", smallCSV, "--outcome", "overall", "--drivers", smallSteps,
		"--methods", "lmg", "--sample", "2000", "--seed", "11", "--format", "json")
	require.Equal(t, exitOK, code, errs)
	var doc struct {
		Estimation string `json:"estimation"`
		Sampling   struct {
			Permutations int    `json:"permutations"`
			Seed         uint64 `json:"seed"`
		} `json:"sampling"`
		Drivers []struct {
			Name  string  `json:"name"`
			LMG   float64 `json:"lmg"`
			LMGSE float64 `json:"lmg_se"`
		} `json:"drivers"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.Equal(t, "sampled", doc.Estimation)
	assert.Equal(t, 2000, doc.Sampling.Permutations)
	assert.Equal(t, uint64(11), doc.Sampling.Seed)
	require.Len(t, doc.Drivers, 6)
	for _, d := range doc.Drivers {
		require.Greater(t, d.LMGSE, 0.0, d.Name)
		assert.InDelta(t, lmg[d.Name], d.LMG, 4*d.LMGSE, d.Name)
	}
	code, again, _ := runCmd(t, "drivers", "--in", smallCSV, "--outcome", "overall", "--drivers", smallSteps,
		"--methods", "lmg", "--sample", "2000", "--seed", "11", "--format", "json")
	require.Equal(t, exitOK, code)
	assert.Equal(t, out, again, "same seed, same output")

	code, out, errs = runCmd(t, "drivers", "--in", smallCSV, "--outcome", "overall", "--drivers", smallSteps,
		"--methods", "lmg", "--sample", "1000")
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "lmg_se")
	assert.Contains(t, out, "lmg estimated from 1000 random orderings")

	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"--sample", "-1"}, "--sample and --sample-tolerance must be at least 0"},
		{[]string{"--sample-tolerance", "0.001"}, "--sample-tolerance needs --sample N"},
		{[]string{"--sample", "100", "--bootstrap", "50"}, "--sample and --bootstrap exclude each other"},
	} {
		code, out, errs := runCmd(t, append([]string{"drivers", "--in", smallCSV, "--outcome", "overall", "--drivers", smallSteps}, c.args...)...)
		assert.Equal(t, exitUsage, code, c.args)
		assert.Empty(t, out)
		assert.Contains(t, errs, c.msg)
	}
	code, _, errs = runCmd(t, "drivers", "--moments", "m.json", "--missing", "pairwise")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "--missing does not go with --moments")
	code, _, errs = runCmd(t, "drivers", "--postgres", "host=x", "--table", "t", "--outcome", "y", "--drivers", "a", "--missing", "dummy")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "--missing dummy needs the rows")
}
