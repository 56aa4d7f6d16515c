package survey

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
)

// StreamSpec selects the answers that StreamWide passes on: the outcome
// and the step scores of one process.
type StreamSpec struct {
	// Process is the id of the process whose steps are the drivers; ""
	// means the study's only process.
	Process string

	// Outcome names the outcome column of the wide file: overall, nps,
	// ces, csat or a business outcome (in any case).
	Outcome string
}

// StreamReport accounts for the rows of a file read by StreamWide or
// StreamColumns. File counts every data row as ReadWide does: kept (no
// problem) or excluded per reason, with the problems listed. Passed is
// the number of rows given to the callback, and OtherProcess the kept
// rows of other processes (StreamWide), which are not passed on; Passed +
// OtherProcess = File.RowsKept.
type StreamReport struct {
	File         *FileReport `json:"file"`
	Passed       int         `json:"passed"`
	OtherProcess int         `json:"other_process"`
}

// StreamWide reads a wide response file (responses.csv; see ReadWide)
// from r, named name in errors, one row at a time, keeping no rows: for
// each row of a respondent of spec.Process it calls fn with row holding
// the outcome spec.Outcome followed by the scores of the process's steps
// in journey order (NaN for a missing answer), and the respondent's
// weight (1 when the file has no weight column). row is reused by the
// next call; fn must copy what it keeps. Memory does not grow with the
// number of rows, so a file of any length can be summarised, for example
// into driver.Moments through a driver.MomentsBuilder for a driver
// analysis without bootstrap:
//
//	b := driver.NewMomentsBuilder(names)
//	rep, err := survey.StreamWide(f, "responses.csv", j, survey.Options{}, spec, b.Add)
//
// Every row is checked as ReadWide checks it (the process, the id being
// present, the scales of scores, effort and ratings, declared segments
// and waves, positive weights, numbers in the file's decimal style and
// missing codes); a row with a problem is excluded and listed in the
// report, never passed on. Unlike ReadWide, StreamWide does not check
// that respondent ids are unique (that needs memory growing with the
// rows), and business outcomes are not typed by inference (a business
// outcome column is passed on as read, checked only when study.csv
// declares its type). The row and cell limits (Limits.MaxRows,
// Limits.MaxCells) bound memory in the other readers; here their zero
// values mean no limit.
//
// Errors: a fatal *ParseError (header problems joined into one error, as
// ReadWide; limits; read errors), an error wrapping ErrUnknownProcess or
// ErrMissingColumn for a spec naming no process or no column of the file,
// and the first error returned by fn, which stops the reading.
func StreamWide(r io.Reader, name string, j *Journey, opts Options, spec StreamSpec, fn func(row []float64, weight float64) error) (*StreamReport, error) {
	if j == nil || len(j.Processes) == 0 {
		return nil, fmt.Errorf("survey: %w: the journey has no process", ErrUnknownProcess)
	}
	in, err := startRead(j, streamOptions(opts), "wide")
	if err != nil {
		return nil, err
	}
	kp := 0
	if spec.Process != "" || len(in.procs) > 1 {
		var ok bool
		if kp, ok = in.procIndex[spec.Process]; !ok {
			return nil, fmt.Errorf("survey: %w: %q (the journey has %s)", ErrUnknownProcess, spec.Process, in.j.processList())
		}
	}
	fs := in.file(name)
	rep := &StreamReport{File: fs.rep}
	f, err := openCSV(r, name, &in.cfg)
	if err != nil {
		return rep, err
	}
	cols, probs := in.respondentHeader(f, true)
	if len(probs) > 0 {
		return rep, errors.Join(probs...)
	}
	fs.rep.Delimiter = f.delim
	outName := strings.ToLower(strings.TrimSpace(spec.Outcome))
	ko, ok := in.outcomeIndex[outName]
	if !ok {
		return rep, fmt.Errorf("survey: %w: %q: no outcome column of that name in %s", ErrMissingColumn, spec.Outcome, name)
	}
	p := in.procs[kp].p
	nSteps := len(p.Steps)
	// dest[j] is the position in row of column j, or -1.
	dest := make([]int, len(cols))
	idCol, procCol := -1, -1
	for j, c := range cols {
		dest[j] = -1
		switch {
		case c.kind == colRespondent:
			idCol = j
		case c.kind == colProcess:
			procCol = j
		case c.kind == colOutcome && c.k == ko:
			dest[j] = 0
		case c.kind == colScore && c.k == kp:
			dest[j] = 1 + c.i
		}
	}
	row := make([]float64, 1+nSteps)
	rc := rowCheck{rep: fs.rep}
	for {
		rec, prob, err := f.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return rep, err
		}
		if prob != nil {
			fs.rep.problem(prob)
			fs.rep.exclude(reasonOf(prob.Err))
			continue
		}
		rc.first = nil
		line, _ := f.r.FieldPos(0)
		k := 0
		if procCol >= 0 {
			pid := trimSpace(rec[procCol])
			if k, ok = in.procIndex[pid]; !ok {
				k = -1
				switch {
				case pid == "":
					rc.add(f.errAt(procCol, rec[procCol], ErrMissing, "a process id"))
				case f.text(rec, procCol) != nil:
					rc.add(f.text(rec, procCol))
				default:
					rc.add(f.errAt(procCol, rec[procCol], ErrUnknownProcess, "a process of journey.csv ("+in.j.processList()+")"))
				}
			}
		}
		switch id := rec[idCol]; {
		case trimSpace(id) == "":
			rc.add(f.errAt(idCol, id, ErrMissing, "a respondent id"))
		case f.text(rec, idCol) != nil:
			rc.add(f.text(rec, idCol))
		}
		weight := 1.0
		for j := range rec {
			c := &cols[j]
			s := rec[j]
			switch c.kind {
			case colScore, colEffort, colOutcome:
				v, missing, small := parseSmall(s)
				var err error
				if !small || len(f.num.codes) > 0 {
					v, missing, err = f.num.parse(s, line)
				}
				switch {
				case missing:
					v = math.NaN()
				case err != nil:
					exp := c.exp
					if c.kind == colOutcome {
						exp = in.expectOutcome(c.k)
					}
					rc.add(f.numError(j, s, err, exp))
				case c.kind == colOutcome:
					if exp, bad := in.checkOutcome(c.k, v); bad != nil {
						rc.add(f.errAt(j, s, bad, exp))
					}
				case v < c.sc.Min || v > c.sc.Max:
					exp, bad := c.sc.check(v)
					rc.add(f.errAt(j, s, bad, exp))
				case k >= 0 && c.k != k:
					b := in.procs[c.k].p
					rc.add(f.errAt(j, s, ErrWrongProcess, "no answer: "+b.Steps[c.i].ID+" is a step of process "+b.ID+", the respondent's process is "+in.procs[k].p.ID))
				}
				if d := dest[j]; d >= 0 {
					row[d] = v
				}
			case colSegment, colWave:
				if _, _, bad := in.labelCell(f, rec, j, c.kind); bad != nil {
					rc.add(bad)
				}
			case colWeight:
				v, bad := weightCell(f, s, j, line)
				if bad != nil {
					rc.add(bad)
				}
				weight = v
			}
		}
		if rc.first != nil {
			fs.rep.exclude(rc.first)
			continue
		}
		fs.rep.keep()
		if k != kp {
			rep.OtherProcess++
			continue
		}
		rep.Passed++
		if err := fn(row, weight); err != nil {
			fs.rep.Decimal = f.num.dec
			return rep, err
		}
	}
	fs.rep.Decimal = f.num.dec
	return rep, nil
}

// StreamColumns reads a plain CSV file from r, named name in errors, one
// row at a time, keeping no rows: for each data row it calls fn with the
// values of the columns named in columns (matched case-insensitively
// after trimming), in that order, NaN for a missing value (empty, NA,
// N/A, -, or a missing code of opts). row is reused by the next call; fn
// must copy what it keeps. Other columns are not read. The file follows
// the rules of the study format for delimiters, decimals, byte-order
// marks and limits (whose row and cell limits default to none here, as in
// StreamWide).
//
// A row with a field that is not a number (or not UTF-8) is excluded and
// listed in the report, never passed on; a row of empty fields is skipped
// and counted (ErrEmptyRow). Errors: as StreamWide; a *ParseError
// wrapping ErrMissingColumn for each column not in the header.
func StreamColumns(r io.Reader, name string, columns []string, opts Options, fn func(row []float64) error) (*StreamReport, error) {
	c := streamOptions(opts).config(nil)
	c.table = true
	rep := &StreamReport{File: newFileReport(name, c.maxProblems)}
	f, err := openCSV(r, name, &c)
	if err != nil {
		return rep, err
	}
	rep.File.Delimiter = f.delim
	idx := f.columns()
	src := make([]int, len(columns))
	var probs []error
	for i, col := range columns {
		h := strings.ToLower(strings.TrimSpace(col))
		j, ok := idx[h]
		if !ok || h == "" {
			probs = append(probs, f.missingColumn(col, "a column "+col))
			continue
		}
		src[i] = j
	}
	if len(probs) > 0 {
		return rep, errors.Join(probs...)
	}
	row := make([]float64, len(columns))
	for {
		rec, prob, err := f.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return rep, err
		}
		if prob != nil {
			rep.File.problem(prob)
			rep.File.exclude(reasonOf(prob.Err))
			continue
		}
		line, _ := f.r.FieldPos(0)
		var bad *ParseError
		for i, j := range src {
			s := rec[j]
			v, missing, small := parseSmall(s)
			var err error
			if !small || len(f.num.codes) > 0 {
				v, missing, err = f.num.parse(s, line)
			}
			switch {
			case missing:
				v = math.NaN()
			case err != nil && bad == nil:
				bad = f.numError(j, s, err, "a number")
			}
			row[i] = v
		}
		if bad != nil {
			rep.File.problem(bad)
			rep.File.exclude(reasonOf(bad.Err))
			continue
		}
		rep.File.keep()
		rep.Passed++
		if err := fn(row); err != nil {
			rep.File.Decimal = f.num.dec
			return rep, err
		}
	}
	rep.File.Decimal = f.num.dec
	return rep, nil
}

// streamOptions lifts the row and cell limits, which bound the memory of
// the readers that keep rows, unless they are set.
func streamOptions(opts Options) Options {
	if opts.Limits.MaxRows == 0 {
		opts.Limits.MaxRows = -1
	}
	if opts.Limits.MaxCells == 0 {
		opts.Limits.MaxCells = -1
	}
	return opts
}
