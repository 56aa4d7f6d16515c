package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLimitFlag checks --limit: a field over the default limit is refused
// with the flag to raise it, and is read once the limit is raised.
func TestLimitFlag(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	var b strings.Builder
	b.WriteString("y,a,note\n")
	for i := range 12 {
		note := "ok"
		if i == 3 {
			note = strings.Repeat("n", 70_000)
		}
		b.WriteString(strings.Join([]string{string(rune('1' + i%5)), string(rune('1' + (i*3)%5)), note}, ",") + "\n")
	}
	require.NoError(t, os.WriteFile(in, []byte(b.String()), 0o644))
	args := []string{"drivers", "--in", in, "--outcome", "y", "--drivers", "a", "--methods", "lmg"}
	code, out, errs := runCmd(t, args...)
	assert.Equal(t, exitData, code)
	assert.Empty(t, out)
	assert.Contains(t, errs, "size limit exceeded; want fields of at most 65536 bytes")
	assert.Contains(t, errs, "raise the limit with --limit NAME=N")

	code, out, errs = runCmd(t, append(args, "--limit", "field-bytes=100000")...)
	assert.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "linear model of y")
	code, _, errs = runCmd(t, append(args, "--limit", "field-bytes=none", "--limit", "rows=100")...)
	assert.Equal(t, exitOK, code, errs)

	code, _, errs = runCmd(t, append(args, "--limit", "rows=5")...)
	assert.Equal(t, exitData, code)
	assert.Contains(t, errs, "--limit")

	for _, bad := range []string{"rows", "rows=0", "rows=x", "bytes=5"} {
		code, _, errs := runCmd(t, append(args, "--limit", bad)...)
		assert.Equal(t, exitUsage, code, bad)
		assert.Contains(t, errs, "-limit", bad)
	}
	code, out, _ = runCmd(t, "report", "-h")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "-limit NAME=N")
	code, out, _ = runCmd(t, "sql", "-h")
	assert.Equal(t, exitOK, code)
	assert.NotContains(t, out, "-limit")
}
