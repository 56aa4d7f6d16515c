package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/touchpoint-cx/touchpoint/internal/i18n"
	"github.com/touchpoint-cx/touchpoint/internal/render"
	"github.com/touchpoint-cx/touchpoint/journey"
	"github.com/touchpoint-cx/touchpoint/priority"
	"github.com/touchpoint-cx/touchpoint/report"
	"github.com/touchpoint-cx/touchpoint/survey"
)

func init() {
	register(&command{
		name:    "report",
		summary: "the study report: per process the journey and its map, scores, drivers, priorities and funnel; text, Markdown, JSON, CSV or one HTML page",
		usage:   "report [flags] STUDY",
		example: `touchpoint report testdata/onboarding
touchpoint report testdata/repair --lang nl
touchpoint report testdata/onboarding --format json > report.json
touchpoint report testdata/onboarding --format html --out report.html
touchpoint report testdata/onboarding --lang nl --chart charts
touchpoint report testdata/repair --bootstrap 1000 --seed 7 --format json`,
		setup: setupReport,
	})
}

func setupReport(fs *flag.FlagSet, e *env) func(args []string) error {
	format := formatFlag(fs, render.Text, render.Markdown, render.JSON, render.CSV, render.HTML)
	lang := fs.String("lang", "en", "`language` of texts and numbers: "+joinCodes())
	out := fs.String("out", "", "write the report to `FILE` instead of standard output")
	unweighted := fs.Bool("unweighted", false, "ignore the survey weights")
	confidence := fs.Float64("confidence", 0.95, "confidence `level` of intervals and tests")
	chartDir := fs.String("chart", "", "also write the charts of every process and segment (journey map, step scores, importance, quadrant, impact-effort, wave change) as SVG and PNG into `DIR`")
	bootstrap := fs.Int("bootstrap", report.DefaultDriverBootstrap, "bootstrap `replicates` of the intervals of the drivers and priorities (at least 2)")
	seed := fs.Uint64("seed", 0, "`seed` of the bootstrap: the same seed gives the same intervals")
	return func(args []string) error {
		if len(args) != 1 {
			return usagef("want one study folder, got %d arguments", len(args))
		}
		l, err := i18n.Get(*lang)
		if err != nil {
			return usagef("%v", err)
		}
		if !(*confidence > 0 && *confidence < 1) {
			return usagef("--confidence %v: want a level between 0 and 1, such as 0.95", *confidence)
		}
		if *bootstrap < 2 {
			return usagef("--bootstrap %d: want at least 2 replicates, such as 100", *bootstrap)
		}
		st, rep, err := survey.Load(args[0], survey.Options{Limits: e.limits})
		if err != nil {
			return loadError(err, rep)
		}
		// A chart folder that cannot be made fails before the long work.
		if *chartDir != "" {
			if err := os.MkdirAll(*chartDir, 0o755); err != nil {
				return fmt.Errorf("--chart %s: %w", *chartDir, err)
			}
		}
		// The bootstrap of the drivers is the long part: its progress
		// shows on a terminal.
		progress, done := progressLine(e, "drivers: bootstrap")
		opts := report.Options{
			Scores:   journey.ScoreOptions{Confidence: *confidence, Unweighted: *unweighted},
			Priority: report.PriorityOptions{Options: priority.Options{B: *bootstrap, Seed: *seed}},
		}
		opts.Drivers.Bootstrap, opts.Drivers.Seed, opts.Drivers.Progress = *bootstrap, *seed, progress
		doc, err := report.Build(st, rep, args[0], opts)
		done()
		if err != nil {
			return err
		}
		if *chartDir != "" {
			if err := writeCharts(e, doc, *chartDir, l); err != nil {
				return err
			}
		}
		return writeOut(e, *out, func(w io.Writer) error {
			switch format.f {
			case render.HTML:
				return doc.WriteHTML(w, l)
			case render.JSON:
				return doc.WriteJSON(w)
			case render.CSV:
				return doc.WriteCSV(w)
			case render.Markdown:
				return doc.WriteMarkdown(w, l)
			default:
				return doc.WriteText(w, l)
			}
		})
	}
}

// writeCharts writes the report's charts into dir and says on standard
// error what it wrote; while it works, it shows its progress there when
// standard error is a terminal.
func writeCharts(e *env, doc *report.Doc, dir string, l *i18n.Lang) error {
	progress, done := progressLine(e, "charts")
	files, err := doc.WriteCharts(dir, l, nil, progress)
	done()
	if err != nil {
		return fmt.Errorf("--chart %s: %w", dir, err)
	}
	fmt.Fprintf(e.stderr, "wrote %d chart files to %s:\n", len(files), dir)
	for _, f := range files {
		fmt.Fprintf(e.stderr, "  %s\n", f)
	}
	return nil
}

// progressLine returns a progress callback that shows "what: done/total"
// on one line of standard error, rewritten in place, and a function that
// clears the line at the end. Both do nothing unless standard error is a
// terminal, so that progress never mixes with output that is piped or
// saved (JSON, CSV, HTML, or the messages a script reads).
func progressLine(e *env, what string) (progress func(done, total int), finish func()) {
	if !e.stderrTerminal {
		return nil, func() {}
	}
	shown := false
	progress = func(done, total int) {
		shown = true
		fmt.Fprintf(e.stderr, "\r%s: %d/%d", what, done, total)
	}
	finish = func() {
		if shown {
			fmt.Fprint(e.stderr, "\r\033[K")
		}
	}
	return progress, finish
}

// loadError describes a study that could not be read: the error and the
// problems the ingest report lists.
func loadError(err error, rep *survey.Report) error {
	if rep == nil || len(rep.Fatal) <= 1 {
		return err
	}
	msg := err.Error()
	for _, pe := range rep.Fatal[1:] {
		// The error may already list them (an errors.Join of the problems).
		if !strings.Contains(msg, pe.Error()) {
			msg += "\n  " + pe.Error()
		}
	}
	if rep.MoreFatal > 0 {
		msg += fmt.Sprintf("\n  ... and %d more", rep.MoreFatal)
	}
	return errors.New(msg)
}

// writeOut writes through fn to the file path, or to standard output when
// path is empty. The file is written only when fn succeeds.
func writeOut(e *env, path string, fn func(w io.Writer) error) error {
	if path == "" {
		return fn(e.stdout)
	}
	tmp, err := os.CreateTemp(dirOf(path), ".touchpoint-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := fn(tmp); err != nil {
		tmp.Close()
		return err
	}
	// A report is a document to share: readable by others, as a file
	// made by os.Create would be (CreateTemp makes it private).
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func dirOf(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if os.IsPathSeparator(path[i]) {
			return path[:i+1]
		}
	}
	return "."
}

func joinCodes() string {
	s := ""
	for i, c := range i18n.Codes() {
		if i > 0 {
			s += ", "
		}
		s += c
	}
	return s
}
