package survey

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Names of the files of a study folder.
const (
	SettingsFile   = "study.csv"
	JourneyFile    = "journey.csv"
	ProcessesFile  = "processes.csv"
	OutcomesFile   = "outcomes.csv"
	ManagementFile = "management.csv"
	IdeasFile      = "ideas.csv"
	WideFile       = "responses.csv"
	LongFile       = "responses_long.csv"
	StepsDir       = "steps"
)

// Load reads the study in the folder dir, in the format described in the
// README's section "The study format": study.csv (optional), journey.csv,
// processes.csv, management.csv and ideas.csv (optional), and the answers in
// one of three forms: steps/ with one file per step plus outcomes.csv;
// responses.csv (wide); or responses_long.csv (long) plus outcomes.csv.
// File names in errors and in the report start with dir.
//
// Load returns an error only when the study cannot be read at all; the
// Report then lists the problems in Report.Fatal (and the error joins
// them). Fatal are:
//   - a missing or unreadable required file (journey.csv, outcomes.csv, a
//     step file), or no form of answers, or more than one;
//   - any problem in study.csv, journey.csv or processes.csv, which define
//     the study;
//   - problems with the header of any file: an empty file, a missing
//     required column, a duplicate column, an unknown column (in files
//     whose columns are fixed), a column limit;
//   - a file in steps/ that belongs to no step;
//   - any exceeded limit (Options.Limits).
//
// Everything else is a problem with a row, which excludes the row (and its
// respondent, see Report) and is listed in the report, with the counts of
// rows and respondents excluded per reason. The Study then holds what was
// kept.
func Load(dir string, opts Options) (*Study, *Report, error) {
	if dir == "" {
		// Not the current folder: an empty name is a mistake, such as an
		// unset variable in a script.
		rep := &Report{Format: "folder", Files: []*FileReport{}}
		err := &ParseError{Err: ErrMissingFile, Expected: "the name of a study folder, not an empty one"}
		return nil, rep, fatalReport(rep, opts.config(nil).maxProblems, []error{err})
	}
	name := filepath.Base(dir)
	if abs, err := filepath.Abs(dir); err == nil {
		name = filepath.Base(abs)
	}
	return load(os.DirFS(dir), ".", filepath.ToSlash(filepath.Clean(dir)), name, opts)
}

// LoadFS is Load for the study in the folder dir of fsys (use "." for the
// root of fsys). File names in errors and in the report are paths in fsys.
func LoadFS(fsys fs.FS, dir string, opts Options) (*Study, *Report, error) {
	name := path.Base(dir)
	if dir == "." || dir == "" {
		name = ""
	}
	return load(fsys, path.Clean(dir), path.Clean(dir), name, opts)
}

// loader reads the files of a study folder.
type loader struct {
	fsys    fs.FS
	root    string // the folder in fsys
	display string // the folder as shown in names
	rep     *Report
	cfg     config
}

func (l *loader) rel(name string) string   { return path.Join(l.root, name) }
func (l *loader) shown(name string) string { return path.Join(l.display, name) }
func (l *loader) exists(name string) bool {
	_, err := fs.Stat(l.fsys, l.rel(name))
	return err == nil
}

// open opens a file of the study; a missing file is an error wrapping
// ErrMissingFile (and fs.ErrNotExist).
func (l *loader) open(name string) (fs.File, error) {
	f, err := l.fsys.Open(l.rel(name))
	if err != nil {
		kind := ErrMissingFile
		if !errors.Is(err, fs.ErrNotExist) {
			kind = errRead
		}
		return nil, &ParseError{File: l.shown(name), Err: &cause{kind: kind, detail: err, text: errText(err)}}
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		return nil, &ParseError{File: l.shown(name), Err: errRead, Expected: "a file, not a folder"}
	}
	return f, nil
}

// errRead is the cause of I/O errors.
var errRead = errors.New("cannot read file")

func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func (l *loader) fileReport(name string) *FileReport {
	r := newFileReport(l.shown(name), l.cfg.maxProblems)
	l.rep.Files = append(l.rep.Files, r)
	return r
}

func load(fsys fs.FS, root, display, name string, opts Options) (*Study, *Report, error) {
	l := &loader{fsys: fsys, root: root, display: display, rep: &Report{Study: name, Format: "folder"}, cfg: opts.config(nil)}
	if display == "." {
		l.display = ""
	}
	fail := func(errs ...error) (*Study, *Report, error) {
		return nil, l.rep, fatalReport(l.rep, l.cfg.maxProblems, errs)
	}

	// Settings.
	var settings Settings
	if l.exists(SettingsFile) {
		f, err := l.open(SettingsFile)
		if err != nil {
			return fail(err)
		}
		var probs []error
		settings, probs = readSettings(f, l.shown(SettingsFile), &l.cfg, l.fileReport(SettingsFile))
		f.Close()
		if len(probs) > 0 {
			return fail(probs...)
		}
	}
	if settings.Name == "" {
		settings.Name = name
	}
	l.rep.Study = settings.Name
	l.cfg = opts.config(&settings)

	// The journey and the other definitions.
	f, err := l.open(JourneyFile)
	if err != nil {
		return fail(err)
	}
	j, probs := readJourney(f, l.shown(JourneyFile), &l.cfg, l.fileReport(JourneyFile))
	f.Close()
	if len(probs) > 0 {
		return fail(probs...)
	}
	j.Settings = settings
	if l.exists(ProcessesFile) {
		f, err := l.open(ProcessesFile)
		if err != nil {
			return fail(err)
		}
		probs := readProcesses(f, l.shown(ProcessesFile), &l.cfg, l.fileReport(ProcessesFile), j)
		f.Close()
		if len(probs) > 0 {
			return fail(probs...)
		}
	}
	if probs := validateDefs(j); len(probs) > 0 {
		sortProblems(probs)
		return fail(probs...)
	}
	for _, d := range []struct {
		name string
		read func(io.Reader, string, *config, *FileReport, *Journey) error
	}{{ManagementFile, readManagement}, {IdeasFile, readIdeas}} {
		if !l.exists(d.name) {
			continue
		}
		f, err := l.open(d.name)
		if err != nil {
			return fail(err)
		}
		err = d.read(f, l.shown(d.name), &l.cfg, l.fileReport(d.name), j)
		f.Close()
		if err != nil {
			return fail(err)
		}
	}

	// The answers.
	in := newIngest(j, l.cfg, "folder", l.rep)
	var forms []string
	hasSteps := l.exists(StepsDir)
	if !hasSteps {
		for _, b := range in.procs {
			for i := range b.p.Steps {
				if l.exists(b.p.Steps[i].file()) {
					hasSteps = true
				}
			}
		}
	}
	if hasSteps {
		forms = append(forms, StepsDir+"/")
	}
	if l.exists(WideFile) {
		forms = append(forms, WideFile)
	}
	if l.exists(LongFile) {
		forms = append(forms, LongFile)
	}
	if len(forms) != 1 {
		exp := "one of steps/ (with outcomes.csv), responses.csv, or responses_long.csv (with outcomes.csv)"
		if len(forms) > 1 {
			exp += "; found " + strings.Join(forms, ", ")
		}
		return fail(&ParseError{File: l.display, Err: ErrAmbiguousFormat, Expected: exp})
	}
	switch forms[0] {
	case WideFile:
		in.rep.Format = "wide"
		if l.exists(OutcomesFile) {
			return fail(&ParseError{File: l.shown(OutcomesFile), Err: ErrAmbiguousFormat,
				Expected: "the process-level answers in responses.csv only (remove outcomes.csv)"})
		}
		if err := l.readWith(in, WideFile, func(cf *csvFile, fs *fileState) error { return in.readRespondents(cf, fs, true) }); err != nil {
			return fail(err)
		}
	case LongFile:
		in.rep.Format = "long"
		if err := l.readWith(in, OutcomesFile, func(cf *csvFile, fs *fileState) error { return in.readRespondents(cf, fs, false) }); err != nil {
			return fail(err)
		}
		if err := l.readWith(in, LongFile, in.readLong); err != nil {
			return fail(err)
		}
	default:
		if err := l.readWith(in, OutcomesFile, func(cf *csvFile, fs *fileState) error { return in.readRespondents(cf, fs, false) }); err != nil {
			return fail(err)
		}
		var errs []error
		for k, b := range in.procs {
			for i := range b.p.Steps {
				err := l.readWith(in, b.p.Steps[i].file(), func(cf *csvFile, fs *fileState) error { return in.readStepFile(cf, fs, k, i) })
				if err != nil {
					if errors.Is(err, ErrLimit) {
						return fail(err)
					}
					errs = append(errs, err)
				}
			}
		}
		errs = append(errs, l.strayStepFiles(in)...)
		if len(errs) > 0 {
			return fail(errs...)
		}
	}
	return in.finish()
}

// readWith opens the study file name and reads it with read.
func (l *loader) readWith(in *ingest, name string, read func(*csvFile, *fileState) error) error {
	f, err := l.open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	fs := in.file(l.shown(name))
	cf, err := openCSV(f, l.shown(name), &l.cfg)
	if err != nil {
		return err
	}
	return read(cf, fs)
}

// strayStepFiles reports CSV files in steps/ that belong to no step.
func (l *loader) strayStepFiles(in *ingest) []error {
	entries, err := fs.ReadDir(l.fsys, l.rel(StepsDir))
	if err != nil {
		return nil
	}
	known := in.stepFiles()
	var names []string
	for _, e := range entries {
		n := StepsDir + "/" + e.Name()
		if e.IsDir() || !strings.EqualFold(path.Ext(n), ".csv") || known[strings.ToLower(n)] {
			continue
		}
		names = append(names, n)
	}
	sort.Strings(names)
	var errs []error
	for _, n := range names {
		errs = append(errs, &ParseError{File: l.shown(n), Err: ErrUnknownStep,
			Expected: "a file of a step of journey.csv (remove or rename it, or add the step)"})
	}
	return errs
}

// ReadWide reads the answers of a study from one wide CSV file, r (named
// name in errors): one row per respondent, with the columns of outcomes.csv
// plus one column per step (Step.Column, default the step id) and, for steps
// with an effort question, an effort column (Step.EffortColumn, default
// ID_effort). j defines the study; it is validated first (see
// Journey.Validate) and not modified. Errors and the report are as for
// Load.
func ReadWide(r io.Reader, name string, j *Journey, opts Options) (*Study, *Report, error) {
	in, err := startRead(j, opts, "wide")
	if err != nil {
		return nil, in.rep, err
	}
	fs := in.file(name)
	f, err := openCSV(r, name, &in.cfg)
	if err == nil {
		err = in.readRespondents(f, fs, true)
	}
	if err != nil {
		return in.fatal(err)
	}
	return in.finish()
}

// ReadLong reads the answers of a study from a long (tidy) CSV file, long
// (named longName in errors), with one row per answer (columns respondent,
// process, step, score and optionally effort and channel), and the
// process-level answers from outcomes (named outcomesName), in the format
// of outcomes.csv. j defines the study; it is validated first (see
// Journey.Validate) and not modified. Errors and the report are as for
// Load.
func ReadLong(long io.Reader, longName string, outcomes io.Reader, outcomesName string, j *Journey, opts Options) (*Study, *Report, error) {
	in, err := startRead(j, opts, "long")
	if err != nil {
		return nil, in.rep, err
	}
	fs := in.file(outcomesName)
	f, err := openCSV(outcomes, outcomesName, &in.cfg)
	if err == nil {
		err = in.readRespondents(f, fs, false)
	}
	if err != nil {
		return in.fatal(err)
	}
	fs = in.file(longName)
	f, err = openCSV(long, longName, &in.cfg)
	if err == nil {
		err = in.readLong(f, fs)
	}
	if err != nil {
		return in.fatal(err)
	}
	return in.finish()
}

// startRead validates j and starts an ingest.
func startRead(j *Journey, opts Options, format string) (*ingest, error) {
	if j == nil {
		j = &Journey{}
	}
	in := newIngest(j, opts.config(&j.Settings), format, nil)
	if err := j.Validate(); err != nil {
		_, _, err = in.fatal(err)
		return in, err
	}
	return in, nil
}
