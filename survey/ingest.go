package survey

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode/utf8"
)

// labelSet interns segment, wave or channel labels.
type labelSet struct {
	declared bool
	index    map[string]int32
	names    []string
}

func newLabelSet(declared []string) *labelSet {
	l := &labelSet{index: map[string]int32{}}
	if declared != nil {
		l.declared = true
		for _, n := range declared {
			l.index[n] = int32(len(l.names))
			l.names = append(l.names, n)
		}
	}
	return l
}

// code returns the code of label s (trimmed by the caller), adding it when
// the set is open; ok is false for an undeclared label. Small sets, the
// usual case, are searched without hashing.
func (l *labelSet) code(s string) (int32, bool) {
	if len(l.names) <= 8 {
		for c, n := range l.names {
			if n == s {
				return int32(c), true
			}
		}
	} else if c, ok := l.index[s]; ok {
		return c, true
	}
	if l.declared {
		return -1, false
	}
	c := int32(len(l.names))
	s = strings.Clone(s)
	l.index[s] = c
	l.names = append(l.names, s)
	return c, true
}

// final returns the labels of the study and the map from the codes used
// while reading to their final codes (-1 for labels no kept respondent
// has): declared labels keep their order; others are those of the kept
// respondents, sorted.
func (l *labelSet) final(procs []*pbuild, codes func(*Process) []int32) ([]int32, []string) {
	if l.declared {
		return nil, nonNil(l.names)
	}
	used := make([]bool, len(l.names))
	for _, b := range procs {
		for _, c := range codes(b.p) {
			if c >= 0 {
				used[c] = true
			}
		}
	}
	var order []int
	for c, u := range used {
		if u {
			order = append(order, c)
		}
	}
	sort.Slice(order, func(a, b int) bool { return l.names[order[a]] < l.names[order[b]] })
	remap := make([]int32, len(l.names))
	for c := range remap {
		remap[c] = -1
	}
	names := make([]string, len(order))
	for newc, oldc := range order {
		remap[oldc] = int32(newc)
		names[newc] = l.names[oldc]
	}
	return remap, names
}

// outcomeCol is an outcome column of the study being read.
type outcomeCol struct {
	name     string
	def      OutcomeDef
	declared bool  // typed by the settings or a fixed answer
	check    Scale // values must be on this scale (when checkOn)
	checkOn  bool
}

// fileState accounts for the kept rows of one file by respondent, so that
// rows of respondents excluded later are moved to ErrExcludedRespondent.
type fileState struct {
	rep  *FileReport
	kept []int32 // global respondent of each kept row tied to a respondent
}

// pbuild is a process being built.
type pbuild struct {
	p       *Process
	unknown map[string]bool // ids with step rows but no outcome row
	room    int             // the length of the answer columns (>= p.Len())

	// direct is set when the file being read writes every answer column
	// of every row of the process (a wide file with all effort columns),
	// so that new rows need not be filled with NaN first.
	direct bool
}

// ingest holds the state shared by every reader while it builds a Study.
type ingest struct {
	cfg      config
	j        *Journey
	settings *Settings
	rep      *Report

	procs     []*pbuild
	procIndex map[string]int
	steps     map[string][2]int // step id → process, index

	segs, waves, chans *labelSet

	outcomes     []outcomeCol
	outcomeIndex map[string]int
	weighted     bool

	// Respondents, numbered globally in the order they are defined.
	index    *idIndex
	gID      []string
	gProc    []int32 // -1: the respondent's process is unknown
	gRow     []int32
	gLine    []int32
	excluded map[int32]error
	defFile  *FileReport            // the file defining respondents (outcomes, wide or memory)
	stepRep  map[[2]int]*FileReport // the file of each step read from its own file

	files     []*fileState
	normIndex map[string]int32 // built lazily: normalized id → first respondent
	ids       idArena

	// estimate, when not nil, estimates the rows of process k at the end
	// of the file being read, from its size.
	estimate func(k int) int
}

// newIngest starts reading the answers of a study defined by j, adding to
// rep (nil: a new Report).
func newIngest(j *Journey, cfg config, format string, rep *Report) *ingest {
	if rep == nil {
		rep = &Report{Study: j.Settings.Name}
	}
	rep.Format = format
	if rep.Files == nil {
		rep.Files = []*FileReport{}
	}
	rep.Processes, rep.Outcomes = []*ProcessReport{}, []Outcome{}
	in := &ingest{
		cfg:          cfg,
		j:            j,
		settings:     &j.Settings,
		rep:          rep,
		procIndex:    map[string]int{},
		steps:        map[string][2]int{},
		segs:         newLabelSet(j.Settings.Segments),
		waves:        newLabelSet(j.Settings.Waves),
		chans:        newLabelSet(nil),
		outcomeIndex: map[string]int{},
		excluded:     map[int32]error{},
	}
	in.index = newIDIndex(&in.gID)
	for k := range j.Processes {
		def := j.Processes[k]
		p := &Process{ProcessDef: def}
		n := len(def.Steps)
		p.scores = make([][]float64, n)
		p.effort = make([][]float64, n)
		p.channel = make([][]int32, n)
		for i, st := range def.Steps {
			if !st.Effort.IsZero() {
				p.effort[i] = []float64{}
			}
		}
		in.procs = append(in.procs, &pbuild{p: p, unknown: map[string]bool{}})
		in.procIndex[def.ID] = k
		for i, s := range def.Steps {
			in.steps[s.ID] = [2]int{k, i}
		}
	}
	return in
}

// file starts the accounting of a file.
func (in *ingest) file(name string) *fileState {
	fs := &fileState{rep: newFileReport(name, in.cfg.maxProblems)}
	in.files = append(in.files, fs)
	in.rep.Files = append(in.rep.Files, fs.rep)
	return fs
}

// addOutcome declares an outcome column; it returns its index.
func (in *ingest) addOutcome(name string) int {
	if k, ok := in.outcomeIndex[name]; ok {
		return k
	}
	col := outcomeCol{name: name}
	switch name {
	case Overall:
		col.def = OutcomeDef{Name: name, Type: Rating, Scale: in.settings.overallScale()}
	case NPS:
		col.def = OutcomeDef{Name: name, Type: Rating, Scale: NPSScale}
	case CES:
		col.def = OutcomeDef{Name: name, Type: Rating, Scale: in.settings.cesScale()}
	case CSAT:
		col.def = OutcomeDef{Name: name, Type: Rating, Scale: in.settings.csatScale()}
	default:
		col.def = OutcomeDef{Name: name, Type: Numeric}
		for _, d := range in.settings.Outcomes {
			if d.Name == name {
				col.def = d
				col.declared = true
			}
		}
	}
	if reservedColumns[name] {
		col.declared = true
	}
	switch col.def.Type {
	case Rating:
		col.check, col.checkOn = col.def.Scale, true
	case Binary:
		col.def.Scale = Scale{Min: 0, Max: 1, Integer: true}
		col.check, col.checkOn = col.def.Scale, true
	}
	k := len(in.outcomes)
	in.outcomes = append(in.outcomes, col)
	in.outcomeIndex[name] = k
	for _, b := range in.procs {
		b.p.outcomes = append(b.p.outcomes, nanColumn(b.room))
	}
	return k
}

// checkOutcome checks the value v of outcome k; it returns nil or the
// cause and expectation.
func (in *ingest) checkOutcome(k int, v float64) (expected string, err error) {
	c := &in.outcomes[k]
	if !c.checkOn {
		return "", nil
	}
	if c.def.Type == Binary && v != 0 && v != 1 {
		return "0 or 1 (" + c.name + " is binary)", ErrOutOfRange
	}
	return c.check.check(v)
}

// newRespondent registers respondent id of process k (-1 when unknown),
// defined at line. When the id exists already, it returns the earlier
// respondent and dup = true.
func (in *ingest) newRespondent(id string, k int, line int) (g int32, dup bool) {
	var (
		h    uint64
		slot int
	)
	isNew := in.index.isNew(id)
	if !isNew {
		in.index.build()
		var found bool
		g, found, h, slot = in.index.find(id)
		if found {
			return g, true
		}
	}
	id = in.ids.clone(id)
	g = int32(len(in.gID))
	in.gID = push(in.gID, id)
	if isNew {
		in.index.max = id // the clone, not the record's memory
	} else {
		in.index.insert(id, g, h, slot)
	}
	in.gProc = push(in.gProc, int32(k))
	in.gLine = push(in.gLine, int32(line))
	row := int32(-1)
	if k >= 0 {
		row = int32(in.grow(k, id))
	}
	in.gRow = push(in.gRow, row)
	return g, false
}

// reserve makes room for n respondents in all, of which n_k in process k.
func (in *ingest) reserve(n int, perProcess []int) {
	in.index.reserve(n)
	in.gID = reserveCap(in.gID, n)
	in.gProc = reserveCap(in.gProc, n)
	in.gLine = reserveCap(in.gLine, n)
	in.gRow = reserveCap(in.gRow, n)
	for k, b := range in.procs {
		b.p.ids = reserveCap(b.p.ids, perProcess[k])
		in.extend(k, perProcess[k])
	}
}

func reserveCap[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s
	}
	t := make([]T, len(s), n)
	copy(t, s)
	return t
}

// grow appends respondent id to process k with every answer missing, and
// returns its row. The answer columns grow by blocks, filled with "no
// answer" (NaN, or -1 for labels), so that a row costs no append per
// column; finish trims them to the respondents.
func (in *ingest) grow(k int, id string) int {
	b := in.procs[k]
	r := len(b.p.ids)
	b.p.ids = push(b.p.ids, id)
	if r == b.room {
		n := max(2*b.room, 1024)
		if in.estimate != nil {
			// Near the end of a file of known size, a new estimate of
			// the rows left avoids doubling every column.
			if est := in.estimate(k); est > r {
				n = min(n, max(est, r+1024))
			}
		}
		in.extend(k, n)
	}
	return r
}

// extend makes the answer columns of process k n rows long.
func (in *ingest) extend(k, n int) {
	b := in.procs[k]
	if n <= b.room {
		return
	}
	p, fill := b.p, !b.direct
	for i := range p.scores {
		p.scores[i] = extendFloats(p.scores[i], n, fill)
		if p.effort[i] != nil {
			p.effort[i] = extendFloats(p.effort[i], n, fill)
		}
		if p.channel[i] != nil {
			p.channel[i] = extendCodes(p.channel[i], n)
		}
	}
	if p.segment != nil {
		p.segment = extendCodes(p.segment, n)
	}
	if p.wave != nil {
		p.wave = extendCodes(p.wave, n)
	}
	if in.weighted {
		p.weights = extendFloats(p.weights, n, fill)
	}
	for o := range p.outcomes {
		p.outcomes[o] = extendFloats(p.outcomes[o], n, fill)
	}
	b.room = n
}

// extendFloats makes s n long, filling new elements with NaN if fill is
// set (else they are 0, to be written).
func extendFloats(s []float64, n int, fill bool) []float64 {
	old := len(s)
	if cap(s) < n {
		t := make([]float64, n)
		copy(t, s)
		s = t
	} else {
		s = s[:n]
		if !fill {
			clear(s[old:])
		}
	}
	if fill {
		nan := math.NaN()
		for i := old; i < n; i++ {
			s[i] = nan
		}
	}
	return s
}

func extendCodes(s []int32, n int) []int32 {
	old := len(s)
	if cap(s) < n {
		t := make([]int32, n)
		copy(t, s)
		s = t
	} else {
		s = s[:n]
	}
	for i := old; i < n; i++ {
		s[i] = -1
	}
	return s
}

// trim cuts the answer columns of every process to its respondents.
func (in *ingest) trim() {
	for _, b := range in.procs {
		p := b.p
		n := len(p.ids)
		if p.ids == nil {
			p.ids = []string{}
		}
		cut := func(s []float64) []float64 {
			if s == nil {
				return []float64{}
			}
			if cap(s) > n+n/4+1024 {
				return append([]float64(nil), s[:n]...)
			}
			return s[:n:n]
		}
		cutCodes := func(s []int32) []int32 {
			if s == nil {
				return nil
			}
			return s[:n:n]
		}
		for i := range p.scores {
			p.scores[i] = cut(p.scores[i])
			if !p.Steps[i].Effort.IsZero() {
				p.effort[i] = cut(p.effort[i])
			}
			p.channel[i] = cutCodes(p.channel[i])
		}
		p.segment, p.wave = cutCodes(p.segment), cutCodes(p.wave)
		if in.weighted {
			p.weights = cut(p.weights)
		}
		for o := range p.outcomes {
			p.outcomes[o] = cut(p.outcomes[o])
		}
		b.room = n
	}
}

// idArena copies respondent ids into shared blocks, so that a file of a
// million respondents costs a few hundred allocations for its ids rather
// than a million. It uses strings.Builder, whose String shares the
// builder's memory; a block is never written again once full.
type idArena struct {
	b strings.Builder
}

const idBlock = 64 << 10

func (a *idArena) clone(s string) string {
	if len(s) > idBlock/8 {
		return strings.Clone(s)
	}
	if a.b.Len()+len(s) > a.b.Cap() {
		a.b = strings.Builder{}
		a.b.Grow(idBlock)
	}
	start := a.b.Len()
	a.b.WriteString(s)
	return a.b.String()[start:]
}

// push appends v to s, doubling the capacity when s is full: the columns
// of a large file grow with half the copying of append's growth.
func push[T any](s []T, v T) []T {
	if len(s) == cap(s) {
		t := make([]T, len(s), max(2*cap(s), 256))
		copy(t, s)
		s = t
	}
	return append(s, v)
}

// setCode sets codes[r] = c, allocating codes (filled with -1, n rows
// long: the room of the process) on first use.
func setCode(codes *[]int32, r int, c int32, n int) {
	if *codes == nil {
		*codes = make([]int32, n)
		for i := range *codes {
			(*codes)[i] = -1
		}
	}
	(*codes)[r] = c
}

// exclude marks respondent g excluded for reason, unless it already is.
func (in *ingest) exclude(g int32, reason error) {
	if _, ok := in.excluded[g]; !ok {
		in.excluded[g] = reason
	}
}

// similar returns an id that differs from id only in case or surrounding
// spaces, or "".
func (in *ingest) similar(id string) string {
	if in.normIndex == nil {
		in.normIndex = make(map[string]int32, len(in.gID))
		for g, s := range in.gID {
			k := normID(s)
			if _, ok := in.normIndex[k]; !ok {
				in.normIndex[k] = int32(g)
			}
		}
	}
	if g, ok := in.normIndex[normID(id)]; ok && in.gID[g] != id {
		return in.gID[g]
	}
	return ""
}

func normID(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// canonicalID reports whether normID(s) == s, without allocating for ASCII.
func canonicalID(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[0] == '\t' || s[len(s)-1] == ' ' || s[len(s)-1] == '\t' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return normID(s) == s
		}
		if c >= 'A' && c <= 'Z' {
			return false
		}
	}
	return true
}

// warnSimilar warns of respondent ids that differ only in case or spacing.
func (in *ingest) warnSimilar() {
	if in.defFile == nil || !mayBeSimilar(in.gID) {
		return
	}
	firstOf := map[string]int32{}
	for g, id := range in.gID {
		if canonicalID(id) {
			continue
		}
		key := normID(id)
		other := int32(-1)
		if h, ok := in.index.get(key); ok {
			other = h
		} else if h, ok := firstOf[key]; ok {
			other = h
		} else {
			firstOf[key] = int32(g)
			continue
		}
		a, b := other, int32(g)
		if a > b {
			a, b = b, a
		}
		in.defFile.warn(&ParseError{File: in.defFile.File, Line: in.lineOf(b), Field: "respondent", Value: in.gID[b],
			Respondent: respondentOf(in.defFile.File, in.gID[b]), Err: ErrSimilarID,
			Expected: fmt.Sprintf("distinct ids (%q at %s)", in.gID[a], in.where(a))})
	}
}

// mayBeSimilar reports whether two of ids might differ only in case or
// spacing: not when every id is ASCII without surrounding spaces and no two
// ids could differ in case, because none has an upper-case letter or none
// has a lower-case one (ids such as R0001 or r0001).
func mayBeSimilar(ids []string) bool {
	upper, lower := false, false
	for _, s := range ids {
		if s == "" {
			continue
		}
		if s[0] == ' ' || s[0] == '\t' || s[len(s)-1] == ' ' || s[len(s)-1] == '\t' {
			return true
		}
		for i := 0; i < len(s); i++ {
			switch c := s[i]; {
			case c >= utf8.RuneSelf:
				return true
			case c >= 'A' && c <= 'Z':
				upper = true
			case c >= 'a' && c <= 'z':
				lower = true
			}
		}
		if upper && lower {
			return true
		}
	}
	return false
}

// lineOf returns the line defining respondent g, or 0 for data in memory.
func (in *ingest) lineOf(g int32) int {
	if in.defFile == nil || in.defFile.File == "" {
		return 0
	}
	return int(in.gLine[g])
}

// where describes where respondent g is defined.
func (in *ingest) where(g int32) string {
	if in.defFile == nil || in.defFile.File == "" {
		return fmt.Sprintf("respondents[%d]", in.gLine[g]-1)
	}
	return fmt.Sprintf("line %d", in.gLine[g])
}

func respondentOf(file, id string) string {
	if file == "" {
		return id
	}
	return ""
}

// fatal records fatal problems in the report and returns them as one error.
func (in *ingest) fatal(errs ...error) (*Study, *Report, error) {
	return nil, in.rep, fatalReport(in.rep, in.cfg.maxProblems, errs)
}

// fatalReport fills r.Fatal with errs, flattened into *ParseErrors, and
// returns them joined.
func fatalReport(r *Report, max int, errs []error) error {
	var flat []*ParseError
	var walk func(error)
	walk = func(err error) {
		var pe *ParseError
		switch {
		case err == nil:
		case errors.As(err, &pe) && err == error(pe):
			flat = append(flat, pe)
		default:
			if parts := unjoin(err); len(parts) > 1 || parts[0] != err {
				for _, p := range parts {
					walk(p)
				}
				return
			}
			flat = append(flat, &ParseError{Err: err})
		}
	}
	for _, e := range errs {
		walk(e)
	}
	if len(flat) == 0 {
		return nil
	}
	joined := make([]error, 0, len(flat))
	for i, p := range flat {
		if i < max {
			r.Fatal = append(r.Fatal, p)
			joined = append(joined, p)
		} else {
			r.MoreFatal++
		}
	}
	if r.MoreFatal > 0 {
		joined = append(joined, fmt.Errorf("survey: %d more problems", r.MoreFatal))
	}
	return errors.Join(joined...)
}

// finish builds the Study once every file is read.
func (in *ingest) finish() (*Study, *Report, error) {
	in.trim()
	// Rows of excluded respondents.
	for _, f := range in.files {
		n := 0
		for _, g := range f.kept {
			if _, ok := in.excluded[g]; ok {
				n++
			}
		}
		f.rep.unkeep(ErrExcludedRespondent, n)
	}
	in.warnSimilar()

	s := &Study{
		Name:     in.settings.Name,
		Settings: *in.settings,
		Ideas:    in.j.Ideas,
	}
	prs := make([]*ProcessReport, len(in.procs))
	for k, b := range in.procs {
		prs[k] = &ProcessReport{Process: b.p.ID, Weighted: in.weighted, Excluded: []ReasonCount{}, Steps: []StepReport{}}
	}
	// Respondents excluded, per process and reason.
	keep := make([][]int, len(in.procs))
	drop := make([]int, len(in.procs))
	for g, k := range in.gProc {
		if k < 0 {
			continue
		}
		if reason, ok := in.excluded[int32(g)]; ok {
			prs[k].Excluded = addCount(prs[k].Excluded, reason, 1)
			drop[k]++
		}
	}
	for k, b := range in.procs {
		if n := len(b.unknown); n > 0 {
			prs[k].Excluded = addCount(prs[k].Excluded, ErrNoOutcomeRow, n)
		}
		if drop[k] == 0 {
			continue
		}
		rows := make([]int, 0, len(b.p.ids)-drop[k])
		for r, id := range b.p.ids {
			if g, _ := in.index.get(id); in.excluded[g] == nil {
				rows = append(rows, r)
			}
		}
		keep[k] = rows
	}
	for k, b := range in.procs {
		p := b.p
		if !in.weighted {
			p.weights = nil
		}
		if keep[k] != nil {
			*p = *p.subset(keep[k])
		}
	}
	// Labels: declared ones as declared, others as found in the kept
	// respondents, sorted.
	segMap, segNames := in.segs.final(in.procs, func(p *Process) []int32 { return p.segment })
	waveMap, waveNames := in.waves.final(in.procs, func(p *Process) []int32 { return p.wave })
	s.Segments, s.Waves = segNames, waveNames
	for _, b := range in.procs {
		p := b.p
		p.segments, p.waves, p.channels = segNames, waveNames, in.chans.names
		recode(p.segment, segMap)
		recode(p.wave, waveMap)
		if allNegative(p.segment) {
			p.segment = nil
		}
		if allNegative(p.wave) {
			p.wave = nil
		}
	}
	// Outcome types.
	s.Outcomes = in.outcomeList()
	for _, b := range in.procs {
		b.p.Outcomes = s.Outcomes
		b.p.outcomes = in.orderOutcomes(b.p.outcomes)
	}
	for _, d := range in.settings.Outcomes {
		if _, ok := in.outcomeIndex[d.Name]; !ok && in.defFile != nil {
			in.defFile.warn(&ParseError{File: in.defFile.File, Field: "outcome." + d.Name, Err: ErrUnusedSetting,
				Expected: "a column " + d.Name + " (declared in study.csv)"})
		}
	}
	// Respondents without step answers, and per-step counts.
	for k, b := range in.procs {
		p := b.p
		pr := prs[k]
		pr.Respondents = p.Len()
		counts, answered := stepCounts(p)
		for r := range p.ids {
			if !answered[r] {
				pr.NoStepAnswers++
				if in.defFile != nil {
					g, _ := in.index.get(p.ids[r])
					in.defFile.warn(&ParseError{File: in.defFile.File, Line: in.lineOf(g), Field: "respondent",
						Value: p.ids[r], Respondent: respondentOf(in.defFile.File, p.ids[r]), Err: ErrNoStepAnswers,
						Expected: "answers to steps of process " + p.ID + " (the respondent is kept)"})
				}
			}
		}
		for i, st := range p.Steps {
			pr.Steps = append(pr.Steps, StepReport{Step: st.ID, Label: st.label(), Phase: st.Phase, Channel: st.Channel, Scale: st.Scale, Respondents: counts[i]})
			if counts[i] == 0 && p.Len() > 0 {
				in.warnNoAnswers(k, i, p)
			}
		}
		s.Processes = append(s.Processes, p)
	}
	in.rep.Processes = prs
	in.rep.Outcomes = s.Outcomes
	if in.rep.Study == "" {
		in.rep.Study = s.Name
	}
	return s, in.rep, nil
}

// warnNoAnswers warns that step i of process k has no score from any kept
// respondent of process p: in the step's own file, or else in the file
// defining the respondents.
func (in *ingest) warnNoAnswers(k, i int, p *Process) {
	rep := in.stepRep[[2]int{k, i}]
	if rep == nil {
		rep = in.defFile
		if in.rep.Format == "long" && len(in.files) > 0 {
			rep = in.files[len(in.files)-1].rep
		}
	}
	if rep == nil {
		return
	}
	rep.warn(&ParseError{File: rep.File, Value: p.Steps[i].ID, Err: ErrNoAnswers,
		Expected: fmt.Sprintf("a score from at least one of the %d respondents kept in process %s", p.Len(), p.ID)})
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func recode(codes []int32, remap []int32) {
	if remap == nil {
		return
	}
	for i, c := range codes {
		if c >= 0 {
			codes[i] = remap[c]
		}
	}
}

func allNegative(codes []int32) bool {
	for _, c := range codes {
		if c >= 0 {
			return false
		}
	}
	return true
}

// stepCounts returns the number of scores of each step of p and whether
// each respondent answered a step (a score or an effort score), reading
// column by column.
func stepCounts(p *Process) (counts []int, answered []bool) {
	counts = make([]int, len(p.Steps))
	answered = make([]bool, len(p.ids))
	for i := range p.scores {
		n := 0
		for r, v := range p.scores[i] {
			if v == v {
				n++
				answered[r] = true
			}
		}
		counts[i] = n
		for r, v := range p.effort[i] {
			if v == v {
				answered[r] = true
			}
		}
	}
	return counts, answered
}

// outcomeList returns the outcome descriptions in the canonical order:
// overall, nps, ces, csat, then business outcomes by name. Undeclared
// business outcomes are Binary when they have answers, all 0 or 1.
func (in *ingest) outcomeList() []Outcome {
	out := []Outcome{}
	for _, k := range in.outcomeOrder() {
		c := in.outcomes[k]
		o := Outcome{Name: c.name, Type: c.def.Type, Scale: c.def.Scale}
		if !c.declared {
			o.Inferred = true
			n, binary := 0, true
			for _, b := range in.procs {
				for _, v := range b.p.outcomes[k] {
					if math.IsNaN(v) {
						continue
					}
					n++
					if v != 0 && v != 1 {
						binary = false
					}
				}
			}
			if n > 0 && binary {
				o.Type, o.Scale = Binary, Scale{Min: 0, Max: 1, Integer: true}
			}
		}
		out = append(out, o)
	}
	return out
}

func (in *ingest) outcomeOrder() []int {
	var order []int
	for _, n := range []string{Overall, NPS, CES, CSAT} {
		if k, ok := in.outcomeIndex[n]; ok {
			order = append(order, k)
		}
	}
	var rest []string
	for _, c := range in.outcomes {
		if !reservedColumns[c.name] {
			rest = append(rest, c.name)
		}
	}
	sort.Strings(rest)
	for _, n := range rest {
		order = append(order, in.outcomeIndex[n])
	}
	return order
}

func (in *ingest) orderOutcomes(cols [][]float64) [][]float64 {
	out := make([][]float64, 0, len(cols))
	for _, k := range in.outcomeOrder() {
		out = append(out, cols[k])
	}
	return out
}

// nanColumn returns a new column of n NaNs.
func nanColumn(n int) []float64 {
	c := make([]float64, n)
	for i := range c {
		c[i] = math.NaN()
	}
	return c
}
