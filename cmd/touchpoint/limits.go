package main

import (
	"errors"
	"flag"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/touchpoint-cx/touchpoint/survey"
)

// limitsFlag collects repeated --limit NAME=N flags into survey.Limits.
type limitsFlag struct{ l *survey.Limits }

// limitNames maps the names of --limit to the fields of survey.Limits.
var limitNames = map[string]func(l *survey.Limits) *int{
	"field-bytes":  func(l *survey.Limits) *int { return &l.MaxFieldBytes },
	"record-bytes": func(l *survey.Limits) *int { return &l.MaxRecordBytes },
	"columns":      func(l *survey.Limits) *int { return &l.MaxColumns },
	"rows":         func(l *survey.Limits) *int { return &l.MaxRows },
	"cells":        func(l *survey.Limits) *int { return &l.MaxCells },
}

func limitList() string {
	names := make([]string, 0, len(limitNames))
	for n := range limitNames {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func (f limitsFlag) String() string { return "" }

func (f limitsFlag) Set(s string) error {
	name, v, ok := strings.Cut(s, "=")
	field, known := limitNames[strings.TrimSpace(name)]
	if !ok || !known {
		return fmt.Errorf("%q: want NAME=N with NAME one of %s", s, limitList())
	}
	v = strings.TrimSpace(v)
	if v == "none" {
		*field(f.l) = -1
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		return fmt.Errorf("%q: want a positive whole number or none", s)
	}
	*field(f.l) = n
	return nil
}

// readsFiles lists the commands that read study folders or CSV files, which
// take --limit.
var readsFiles = map[string]bool{"report": true, "priority": true, "scores": true, "drivers": true}

// addLimitFlag declares --limit on the flags of a command that reads files.
func addLimitFlag(fs *flag.FlagSet, name string, e *env) {
	if readsFiles[name] {
		fs.Var(limitsFlag{&e.limits}, "limit", "raise or lower a size limit of the input, `NAME=N` or NAME=none (repeatable): "+
			limitList()+" (defaults: 64 KiB fields, 1 MiB records, 4096 columns, 5,000,000 rows, 100,000,000 cells per file)")
	}
}

// limitHint adds to an error of a size limit the flag that changes it.
func limitHint(err error) error {
	if err != nil && errors.Is(err, survey.ErrLimit) {
		return fmt.Errorf("%w\n(raise the limit with --limit NAME=N, NAME one of %s)", err, limitList())
	}
	return err
}
