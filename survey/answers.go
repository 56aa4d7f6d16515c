package survey

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// answerCols are the columns of a step file or long file.
type answerCols struct {
	respondent, process, step, score, effort, channel int
}

// answer is one step answer being read from a step file, a long file or
// memory.
type answer struct {
	id        string
	k, i      int // process and step
	score     float64
	effort    float64
	hasScore  bool
	hasEffort bool
	channel   string
	line      int
	lineSeen  []int32 // per row of process k: line of the respondent's earlier answer to step i, 0 if none
	duplicate error   // the cause for a second answer
	idField   func(err error, expected string) *ParseError
}

// store checks the respondent of a step answer and stores the answer. It
// reports problems through rc and returns the respondent (-1 if unknown).
func (in *ingest) store(a *answer, rc *rowCheck) int32 {
	b := in.procs[a.k]
	g, ok := in.index.get(a.id)
	if !ok {
		exp := "a respondent with a row in the outcomes"
		if in.defFile != nil && in.defFile.File != "" {
			exp = "a respondent with a row in " + in.defFile.File
		}
		if s := in.similar(a.id); s != "" {
			exp += fmt.Sprintf(" (%q differs only in case or spacing)", s)
		}
		rc.add(a.idField(ErrNoOutcomeRow, exp))
		b.unknown[strings.Clone(a.id)] = true
		return -1
	}
	if k := in.gProc[g]; k >= 0 && int(k) != a.k {
		rc.add(a.idField(ErrWrongProcess, fmt.Sprintf("a respondent of process %s (the respondent's process is %s)", b.p.ID, in.procs[k].p.ID)))
		in.exclude(g, ErrWrongProcess)
		return g
	}
	if in.gProc[g] < 0 || rc.first != nil {
		if rc.first != nil {
			in.exclude(g, rc.first)
		}
		return g
	}
	row := in.gRow[g]
	if first := a.lineSeen[row]; first != 0 {
		rc.add(a.idField(a.duplicate, fmt.Sprintf("one answer per respondent and step (first at line %d)", first)))
		in.exclude(g, a.duplicate)
		return g
	}
	a.lineSeen[row] = int32(max(a.line, 1))
	p := b.p
	if a.hasScore {
		p.scores[a.i][row] = a.score
	}
	if a.hasEffort {
		p.effort[a.i][row] = a.effort
	}
	if a.channel != "" {
		c, _ := in.chans.code(a.channel)
		setCode(&p.channel[a.i], int(row), c, b.room)
	}
	return g
}

// readStepFile reads the step file of step i of process k.
func (in *ingest) readStepFile(f *csvFile, fs *fileState, k, i int) error {
	st := &in.procs[k].p.Steps[i]
	cols, err := in.answerHeader(f, st)
	if err != nil {
		return err
	}
	fs.rep.Delimiter = f.delim
	if in.stepRep == nil {
		in.stepRep = map[[2]int]*FileReport{}
	}
	in.stepRep[[2]int{k, i}] = fs.rep
	seen := make([]int32, len(in.procs[k].p.ids))
	return in.readAnswers(f, fs, cols, func(rec []string) (int, int, []int32, *ParseError) {
		return k, i, seen, nil
	}, ErrDuplicateRespondent)
}

// answerHeader classifies the header of a step file (st != nil) or a long
// file.
func (in *ingest) answerHeader(f *csvFile, st *Step) (answerCols, error) {
	c := answerCols{-1, -1, -1, -1, -1, -1}
	allowed := "respondent, score, effort, channel"
	if st == nil {
		allowed = "respondent, process, step, score, effort, channel"
	}
	var probs []error
	for j, h := range f.header {
		switch {
		case h == "":
		case h == "respondent":
			c.respondent = j
		case h == "score":
			c.score = j
		case h == "channel":
			c.channel = j
		case h == "effort":
			if st != nil && st.Effort.IsZero() {
				probs = append(probs, f.headerError(j, ErrUnknownColumn, "an effort scale (effort_min, effort_max) for step "+st.ID+" in journey.csv"))
			}
			c.effort = j
		case h == "process" && st == nil:
			c.process = j
		case h == "step" && st == nil:
			c.step = j
		default:
			probs = append(probs, f.headerError(j, ErrUnknownColumn, "one of "+allowed))
		}
	}
	need := []struct {
		name string
		j    int
	}{{"respondent", c.respondent}, {"score", c.score}}
	if st == nil {
		need = append(need, struct {
			name string
			j    int
		}{"step", c.step})
		if len(in.procs) > 1 {
			need = append(need, struct {
				name string
				j    int
			}{"process", c.process})
		}
	}
	for _, n := range need {
		if n.j < 0 {
			probs = append(probs, f.missingColumn(n.name, "a column "+n.name))
		}
	}
	return c, errors.Join(probs...)
}

// readAnswers reads the rows of a step file or a long file. locate returns
// the process and step of a row and the duplicate tracker of that step, or
// the problem when the row names no valid step.
func (in *ingest) readAnswers(f *csvFile, fs *fileState, cols answerCols,
	locate func(rec []string) (k, i int, seen []int32, prob *ParseError), duplicate error) error {
	rc := rowCheck{rep: fs.rep}
	for {
		rec, prob, err := f.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if prob != nil {
			fs.rep.problem(prob)
			fs.rep.exclude(reasonOf(prob.Err))
			continue
		}
		for _, j := range [...]int{cols.respondent, cols.step, cols.process, cols.channel} {
			if j >= 0 && prob == nil {
				prob = f.text(rec, j)
			}
		}
		if prob != nil {
			fs.rep.problem(prob)
			fs.rep.exclude(reasonOf(prob.Err))
			continue
		}
		rc.first = nil
		line, _ := f.r.FieldPos(0)
		k, i, seen, lp := locate(rec)
		if lp != nil {
			rc.add(lp)
			if g, ok := in.index.get(rec[cols.respondent]); ok {
				in.exclude(g, rc.first)
			}
			fs.rep.exclude(rc.first)
			continue
		}
		st := &in.procs[k].p.Steps[i]
		a := answer{k: k, i: i, line: line, lineSeen: seen, duplicate: duplicate}
		a.id = rec[cols.respondent]
		a.idField = func(err error, expected string) *ParseError {
			return f.errAt(cols.respondent, rec[cols.respondent], err, expected)
		}
		if trimSpace(a.id) == "" {
			rc.add(a.idField(ErrMissing, "a respondent id"))
			fs.rep.exclude(rc.first)
			continue
		}
		s := rec[cols.score]
		v, missing, err := f.num.parse(s, line)
		switch {
		case missing:
		case err != nil:
			rc.add(f.numError(cols.score, s, err, "a number on the scale "+st.Scale.String()))
		default:
			if exp, bad := st.Scale.check(v); bad != nil {
				rc.add(f.errAt(cols.score, s, bad, exp))
			} else {
				a.score, a.hasScore = v, true
			}
		}
		if cols.effort >= 0 {
			s := rec[cols.effort]
			v, missing, err := f.num.parse(s, line)
			switch {
			case missing:
			case st.Effort.IsZero():
				rc.add(f.errAt(cols.effort, s, ErrBadValue, "no effort answer (step "+st.ID+" has no effort question)"))
			case err != nil:
				rc.add(f.numError(cols.effort, s, err, "a number on the scale "+st.Effort.String()))
			default:
				if exp, bad := st.Effort.check(v); bad != nil {
					rc.add(f.errAt(cols.effort, s, bad, exp))
				} else {
					a.effort, a.hasEffort = v, true
				}
			}
		}
		if cols.channel >= 0 {
			if t := trimSpace(rec[cols.channel]); !f.num.isMissing(t) {
				a.channel = t
			}
		}
		g := in.store(&a, &rc)
		if rc.first != nil {
			fs.rep.exclude(rc.first)
			continue
		}
		fs.rep.keep()
		fs.kept = push(fs.kept, g)
	}
	fs.rep.Decimal = f.num.dec
	return nil
}

// readLong reads a long file: one row per answer.
func (in *ingest) readLong(f *csvFile, fs *fileState) error {
	cols, err := in.answerHeader(f, nil)
	if err != nil {
		return err
	}
	fs.rep.Delimiter = f.delim
	seen := make([][][]int32, len(in.procs))
	for k, b := range in.procs {
		seen[k] = make([][]int32, len(b.p.Steps))
	}
	return in.readAnswers(f, fs, cols, func(rec []string) (int, int, []int32, *ParseError) {
		sid := trimSpace(rec[cols.step])
		ref, ok := in.steps[sid]
		fail := func(j int, err error, expected string) (int, int, []int32, *ParseError) {
			return 0, 0, nil, f.errAt(j, rec[j], err, expected)
		}
		switch {
		case sid == "":
			return fail(cols.step, ErrMissing, "a step id")
		case !ok:
			return fail(cols.step, ErrUnknownStep, "a step of journey.csv")
		}
		k, i := ref[0], ref[1]
		if cols.process >= 0 {
			pid := trimSpace(rec[cols.process])
			if _, known := in.procIndex[pid]; !known {
				if pid == "" {
					return fail(cols.process, ErrMissing, "a process id")
				}
				return fail(cols.process, ErrUnknownProcess, "a process of journey.csv ("+in.j.processList()+")")
			}
			if pid != in.procs[k].p.ID {
				return fail(cols.step, ErrWrongProcess, "a step of process "+pid+" ("+sid+" is a step of "+in.procs[k].p.ID+")")
			}
		}
		if seen[k][i] == nil {
			seen[k][i] = make([]int32, len(in.procs[k].p.ids))
		}
		return k, i, seen[k][i], nil
	}, ErrDuplicateAnswer)
}

// stepFiles returns the step files of the journey, in lower case, for
// spotting files in steps/ that belong to no step.
func (in *ingest) stepFiles() map[string]bool {
	m := map[string]bool{}
	for _, b := range in.procs {
		for i := range b.p.Steps {
			m[strings.ToLower(b.p.Steps[i].file())] = true
		}
	}
	return m
}
