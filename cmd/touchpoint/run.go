package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/touchpoint-cx/touchpoint/internal/render"
	"github.com/touchpoint-cx/touchpoint/survey"
)

// Exit statuses.
const (
	exitOK    = 0
	exitData  = 1 // the data could not be read or analysed
	exitUsage = 2 // the command line is wrong
)

// A command is one of touchpoint's subcommands.
type command struct {
	name    string
	summary string // one line for `touchpoint help`
	usage   string // the synopsis line(s), without "usage: "
	example string // example invocations, one per line
	// setup declares the command's flags and returns the function that runs
	// it with the positional arguments.
	setup func(fs *flag.FlagSet, e *env) func(args []string) error
}

// env is what a command may use of its surroundings.
type env struct {
	stdout, stderr io.Writer
	// stderrTerminal reports whether standard error is a terminal (progress
	// is shown only then).
	stderrTerminal bool
	// limits are the size limits of the input files (--limit).
	limits survey.Limits
}

// usageError is a mistake on the command line (exit status 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

var commands = map[string]*command{}

func register(c *command) { commands[c.name] = c }

// run runs touchpoint with the command-line arguments args (without the
// program name) and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr, stderrTerminal: isTerminal(stderr)}
	if len(args) == 0 {
		writeHelp(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && name == "help" {
			c, ok := commands[args[1]]
			if !ok {
				fmt.Fprintf(stderr, "touchpoint: unknown command %q\n", args[1])
				return exitUsage
			}
			writeCommandHelp(stdout, c, nil)
			return exitOK
		}
		writeHelp(stdout)
		return exitOK
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "touchpoint: unknown command %q (run 'touchpoint help')\n", name)
		return exitUsage
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	runFn := c.setup(fs, e)
	addLimitFlag(fs, name, e)
	pos, err := parseInterspersed(fs, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		writeCommandHelp(stdout, c, fs)
		return exitOK
	}
	if err == nil {
		err = runFn(pos)
	}
	if err == nil {
		return exitOK
	}
	var ue *usageError
	if errors.As(err, &ue) || isFlagError(err) {
		fmt.Fprintf(stderr, "touchpoint %s: %v\n", name, err)
		fmt.Fprintf(stderr, "usage: touchpoint %s\nrun 'touchpoint %s -h' for help\n", c.usage, name)
		return exitUsage
	}
	fmt.Fprintf(stderr, "touchpoint %s: %v\n", name, limitHint(err))
	return exitData
}

// flagError marks errors from the flag package.
type flagError struct{ err error }

func (e *flagError) Error() string { return e.err.Error() }
func (e *flagError) Unwrap() error { return e.err }

func isFlagError(err error) bool {
	var fe *flagError
	return errors.As(err, &fe)
}

// parseInterspersed parses flags that may come before, between or after the
// positional arguments ("report STUDY --format json"); "--" ends the flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, &flagError{err}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		// fs.Parse stops at the first positional argument, or after "--".
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func writeHelp(w io.Writer) {
	fmt.Fprint(w, "touchpoint analyses customer-journey surveys: scores, drivers and priorities.\n\n")
	fmt.Fprint(w, "usage: touchpoint COMMAND [arguments]\n\ncommands:\n")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprint(w, `
examples (from the root of the touchpoint repository):
  touchpoint report testdata/onboarding
  touchpoint report testdata/onboarding --format html --out report.html
  touchpoint scores --in testdata/onboarding/outcomes.csv --by wave --weight weight
  touchpoint priority testdata/onboarding
  touchpoint drivers --in testdata/oracle/data/survey_small_onboarding.csv --outcome overall \
    --drivers orientation_site,application_form,confirmation_mail,account_activation,product_delivery,welcome_gift

every command writes --format text (the default), markdown, json or csv; JSON carries
"schema_version" and its fields are documented in docs/json.md.
exit status: 0 on success, 1 on a data error, 2 on a usage error.

run 'touchpoint help COMMAND' or 'touchpoint COMMAND -h' for a command's flags and examples;
the manual: go doc github.com/touchpoint-cx/touchpoint/cmd/touchpoint
`)
}

func writeCommandHelp(w io.Writer, c *command, fs *flag.FlagSet) {
	if fs == nil {
		fs = flag.NewFlagSet(c.name, flag.ContinueOnError)
		e := &env{stdout: io.Discard, stderr: io.Discard}
		c.setup(fs, e)
		addLimitFlag(fs, c.name, e)
	}
	fmt.Fprintf(w, "usage: touchpoint %s\n\n%s\n", c.usage, c.summary)
	var b strings.Builder
	fs.SetOutput(&b)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	if b.Len() > 0 {
		fmt.Fprintf(w, "\nflags:\n%s", b.String())
	}
	if c.example != "" {
		fmt.Fprintf(w, "\nexamples:\n")
		for _, l := range strings.Split(strings.TrimSpace(c.example), "\n") {
			fmt.Fprintf(w, "  %s\n", l)
		}
	}
	fmt.Fprint(w, "\nthe JSON fields are documented in docs/json.md; the manual: go doc github.com/touchpoint-cx/touchpoint/cmd/touchpoint\n")
}

// formatFlag declares the --format flag with the formats a command supports.
func formatFlag(fs *flag.FlagSet, allowed ...render.Format) *formatValue {
	v := &formatValue{f: render.Text, allowed: allowed}
	names := make([]string, len(allowed))
	for i, f := range allowed {
		names[i] = f.String()
	}
	fs.Var(v, "format", "output `format`: "+strings.Join(names, ", "))
	return v
}

type formatValue struct {
	f       render.Format
	allowed []render.Format
}

func (v *formatValue) String() string {
	if v == nil {
		return ""
	}
	return v.f.String()
}

func (v *formatValue) Set(s string) error {
	f, err := render.ParseFormat(s)
	if err != nil {
		return err
	}
	for _, a := range v.allowed {
		if a == f {
			v.f = f
			return nil
		}
	}
	return fmt.Errorf("format %s is not available for this command", f)
}

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	if err != nil {
		return false
	}
	return st.Mode()&os.ModeCharDevice != 0
}
