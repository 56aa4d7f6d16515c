package survey

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
)

// colKind is the role of a column in a file of respondents.
type colKind uint8

const (
	colOutcome colKind = iota
	colRespondent
	colProcess
	colSegment
	colWave
	colWeight
	colScore
	colEffort
	colBlank // a column without a name
)

type colSpec struct {
	kind colKind
	k    int    // outcome index; process of a step column
	i    int    // step index of a step column
	sc   Scale  // the scale of a step column
	exp  string // what a step column expects
}

// rowCheck collects the problems of one row.
type rowCheck struct {
	rep   *FileReport
	first error
}

func (rc *rowCheck) add(p *ParseError) {
	rc.rep.problem(p)
	if rc.first == nil {
		rc.first = reasonOf(p.Err)
	}
}

// respondentHeader classifies the columns of outcomes.csv or, with wide,
// of responses.csv. Problems are fatal.
func (in *ingest) respondentHeader(f *csvFile, wide bool) ([]colSpec, []error) {
	var probs []error
	cols := make([]colSpec, len(f.header))
	type stepCol struct {
		k, i   int
		effort bool
	}
	stepCols := map[string]stepCol{}
	noEffort := map[string]string{}
	if wide {
		for k, b := range in.procs {
			for i := range b.p.Steps {
				s := &b.p.Steps[i]
				stepCols[s.column()] = stepCol{k, i, false}
				if !s.Effort.IsZero() {
					stepCols[s.effortColumn()] = stepCol{k, i, true}
				} else {
					noEffort[strings.ToLower(s.ID)+"_effort"] = s.ID
				}
			}
		}
	}
	seen := map[string]bool{}
	for j, h := range f.header {
		seen[h] = true
		switch h {
		case "":
			cols[j] = colSpec{kind: colBlank}
		case "respondent":
			cols[j] = colSpec{kind: colRespondent}
		case "process":
			cols[j] = colSpec{kind: colProcess}
		case "segment":
			cols[j] = colSpec{kind: colSegment}
		case "wave":
			cols[j] = colSpec{kind: colWave}
		case "weight":
			cols[j] = colSpec{kind: colWeight}
			in.weighted = true
		default:
			if sc, ok := stepCols[h]; ok {
				st := &in.procs[sc.k].p.Steps[sc.i]
				c := colSpec{kind: colScore, k: sc.k, i: sc.i, sc: st.Scale}
				if sc.effort {
					c.kind, c.sc = colEffort, st.Effort
				}
				c.exp = "a number on the scale " + c.sc.String()
				cols[j] = c
				continue
			}
			if sid, ok := noEffort[h]; ok {
				probs = append(probs, f.headerError(j, ErrUnknownColumn,
					"an effort scale (effort_min, effort_max) for step "+sid+" in journey.csv"))
				continue
			}
			cols[j] = colSpec{kind: colOutcome, k: in.addOutcome(h)}
		}
	}
	if !seen["respondent"] {
		probs = append(probs, f.missingColumn("respondent", "a column respondent"))
	}
	if !seen["process"] && len(in.procs) > 1 {
		probs = append(probs, f.missingColumn("process", "a column process (the study has more than one process)"))
	}
	if wide {
		for _, b := range in.procs {
			b.direct = true
			for i := range b.p.Steps {
				st := &b.p.Steps[i]
				if c := st.column(); !seen[c] {
					probs = append(probs, f.missingColumn(c, "a column for step "+st.ID))
				}
				if !st.Effort.IsZero() && !seen[st.effortColumn()] {
					b.direct = false
				}
			}
		}
	}
	return cols, probs
}

// readRespondents reads the rows of outcomes.csv or, with wide, of
// responses.csv: one row per respondent.
func (in *ingest) readRespondents(f *csvFile, fs *fileState, wide bool) error {
	cols, probs := in.respondentHeader(f, wide)
	if len(probs) > 0 {
		return errors.Join(probs...)
	}
	in.defFile = fs.rep
	fs.rep.Delimiter = f.delim
	idCol, procCol := -1, -1
	for j, c := range cols {
		switch c.kind {
		case colRespondent:
			idCol = j
		case colProcess:
			procCol = j
		}
	}
	rc := rowCheck{rep: fs.rep}
	reserved := false
	for {
		rec, prob, err := f.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if !reserved && f.rows >= 64 {
			reserved = true
			in.reserveFor(f)
		}
		if prob != nil {
			fs.rep.problem(prob)
			fs.rep.exclude(reasonOf(prob.Err))
			continue
		}
		rc.first = nil
		line, _ := f.r.FieldPos(0)
		// The process.
		k := 0
		if procCol >= 0 {
			pid := trimSpace(rec[procCol])
			var ok bool
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
		// The respondent.
		g, row := int32(-1), -1
		id := rec[idCol]
		switch {
		case trimSpace(id) == "":
			rc.add(f.errAt(idCol, id, ErrMissing, "a respondent id"))
		case f.text(rec, idCol) != nil:
			rc.add(f.text(rec, idCol))
		default:
			var dup bool
			g, dup = in.newRespondent(id, k, line)
			if dup {
				rc.add(f.errAt(idCol, id, ErrDuplicateRespondent, fmt.Sprintf("a unique id (first at line %d)", in.gLine[g])))
				in.exclude(g, ErrDuplicateRespondent)
				fs.rep.exclude(ErrDuplicateRespondent)
				continue
			}
			row = int(in.gRow[g])
		}
		store := row >= 0 && k >= 0
		var p *Process
		if k >= 0 {
			p = in.procs[k].p
		}
		// Every answer column of the respondent's process is written, NaN
		// when there is no answer or a problem (see pbuild.direct).
		nan := math.NaN()
		for j := range rec {
			c := &cols[j]
			s := rec[j]
			switch c.kind {
			case colScore, colEffort:
				v, missing, small := parseSmall(s)
				var err error
				if !small || len(f.num.codes) > 0 {
					v, missing, err = f.num.parse(s, line)
				}
				switch {
				case missing:
					v = nan
				case err != nil:
					rc.add(f.numError(j, s, err, c.exp))
					v = nan
				case v < c.sc.Min || v > c.sc.Max:
					exp, bad := c.sc.check(v)
					rc.add(f.errAt(j, s, bad, exp))
					v = nan
				case k >= 0 && c.k != k:
					b := in.procs[c.k].p
					rc.add(f.errAt(j, s, ErrWrongProcess, "no answer: "+b.Steps[c.i].ID+" is a step of process "+b.ID+", the respondent's process is "+p.ID))
				}
				if !store || c.k != k {
					continue
				}
				if c.kind == colScore {
					p.scores[c.i][row] = v
				} else {
					p.effort[c.i][row] = v
				}
			case colOutcome:
				v, missing, small := parseSmall(s)
				var err error
				if !small || len(f.num.codes) > 0 {
					v, missing, err = f.num.parse(s, line)
				}
				switch {
				case missing:
					v = nan
				case err != nil:
					rc.add(f.numError(j, s, err, in.expectOutcome(c.k)))
					v = nan
				default:
					if exp, bad := in.checkOutcome(c.k, v); bad != nil {
						rc.add(f.errAt(j, s, bad, exp))
						v = nan
					}
				}
				if store {
					p.outcomes[c.k][row] = v
				}
			case colSegment, colWave:
				code, ok, bad := in.labelCell(f, rec, j, c.kind)
				if bad != nil {
					rc.add(bad)
				}
				if !ok || !store {
					continue
				}
				if c.kind == colSegment {
					setCode(&p.segment, row, code, in.procs[k].room)
				} else {
					setCode(&p.wave, row, code, in.procs[k].room)
				}
			case colWeight:
				v, bad := weightCell(f, s, j, line)
				if bad != nil {
					rc.add(bad)
				}
				if store {
					p.weights[row] = v
				}
			}
		}
		if rc.first != nil {
			fs.rep.exclude(rc.first)
			if g >= 0 {
				in.exclude(g, rc.first)
			}
			continue
		}
		fs.rep.keep()
		fs.kept = push(fs.kept, g)
	}
	in.estimate = nil
	for _, b := range in.procs {
		b.direct = false
	}
	fs.rep.Decimal = f.num.dec
	return nil
}

// reserveFor makes room for the respondents that file f, which defines
// respondents, will hold by the estimate of its size, and sets the
// estimate used when the room runs out.
func (in *ingest) reserveFor(f *csvFile) {
	perProcess := func(k int) int {
		est := f.estimateRows()
		seen := max(len(in.gID), 1)
		return int(float64(est)*float64(len(in.procs[k].p.ids))/float64(seen)*1.01) + 16
	}
	est := f.estimateRows()
	if est <= len(in.gID) {
		return
	}
	in.estimate = perProcess
	per := make([]int, len(in.procs))
	for k := range in.procs {
		per[k] = perProcess(k)
	}
	in.reserve(est, per)
}

// expectOutcome describes the answers expected in outcome column k.
func (in *ingest) expectOutcome(k int) string {
	c := &in.outcomes[k]
	switch {
	case c.def.Type == Binary:
		return "0 or 1"
	case c.checkOn:
		return "a number on the scale " + c.check.String()
	}
	return "a number"
}

// labelCell checks the segment or wave label (kind) in field j of record
// rec: it returns the label's code and true, or false with the problem
// (nil for a missing label, which is allowed).
func (in *ingest) labelCell(f *csvFile, rec []string, j int, kind colKind) (int32, bool, *ParseError) {
	s := rec[j]
	t := trimSpace(s)
	if f.num.isMissing(t) {
		return 0, false, nil
	}
	if bad := f.text(rec, j); bad != nil {
		return 0, false, bad
	}
	set, what := in.segs, "segments"
	if kind == colWave {
		set, what = in.waves, "waves"
	}
	code, ok := set.code(t)
	if !ok {
		return 0, false, f.errAt(j, s, ErrUnknownLabel, "one of the "+what+" declared in study.csv ("+strings.Join(set.names, ";")+")")
	}
	return code, true, nil
}

// weightCell parses the weight s in field j of line: a number > 0, or NaN
// with the problem.
func weightCell(f *csvFile, s string, j, line int) (float64, *ParseError) {
	v, missing, err := f.num.parse(s, line)
	switch {
	case missing:
		return math.NaN(), f.errAt(j, s, ErrBadWeight, "a weight > 0 (the file has a weight column)")
	case err != nil:
		pe := f.numError(j, s, err, "a number > 0")
		if reasonOf(pe.Err) != ErrNotUTF8 {
			pe.Err = &cause{kind: ErrBadWeight, detail: err, text: err.Error()}
		}
		return math.NaN(), pe
	case !(v > 0):
		return math.NaN(), f.errAt(j, s, ErrBadWeight, "a number > 0")
	}
	return v, nil
}
