package survey_test

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/touchpoint-cx/touchpoint/driver"
	"github.com/touchpoint-cx/touchpoint/survey"
)

// genWide is an io.Reader that generates a wide response file of n
// respondents of benchJourney (20 steps on 1-5, about 8% missing, a
// weight, four outcomes) row by row, so that files of any length can be
// read without being stored.
type genWide struct {
	n, r int
	rng  *rand.Rand
	buf  []byte
	off  int
}

func newGenWide(n int, seed uint64) *genWide {
	g := &genWide{n: n, rng: rand.New(rand.NewPCG(seed, 7))}
	g.buf = append(g.buf, "respondent,segment,wave,weight"...)
	for i := range benchSteps {
		g.buf = fmt.Appendf(g.buf, ",s%02d", i)
	}
	g.buf = append(g.buf, ",overall,nps,ces,retained_12m\n"...)
	return g
}

func (g *genWide) Read(p []byte) (int, error) {
	for g.off == len(g.buf) {
		if g.r == g.n {
			return 0, io.EOF
		}
		g.buf, g.off = g.buf[:0], 0
		rng := g.rng
		g.buf = append(g.buf, 'R')
		g.buf = strconv.AppendInt(g.buf, int64(g.r), 10)
		g.buf = append(g.buf, ",seg"...)
		g.buf = strconv.AppendInt(g.buf, int64(rng.IntN(4)), 10)
		g.buf = append(g.buf, ",2024-Q"...)
		g.buf = strconv.AppendInt(g.buf, int64(1+rng.IntN(4)), 10)
		g.buf = append(g.buf, ',')
		g.buf = strconv.AppendFloat(g.buf, 0.5+float64(rng.IntN(1000))/1000, 'f', 3, 64)
		common := rng.IntN(3)
		for range benchSteps {
			g.buf = append(g.buf, ',')
			if rng.IntN(12) == 0 {
				continue
			}
			g.buf = strconv.AppendInt(g.buf, int64(min(5, 1+common+rng.IntN(3))), 10)
		}
		for _, v := range [4]int{1 + 2*common + rng.IntN(5), rng.IntN(11), 1 + rng.IntN(7), rng.IntN(2)} {
			g.buf = append(g.buf, ',')
			g.buf = strconv.AppendInt(g.buf, int64(v), 10)
		}
		g.buf = append(g.buf, '\n')
		g.r++
	}
	n := copy(p, g.buf[g.off:])
	g.off += n
	return n, nil
}

// TestStreamWideSameAsReadWide streams the small wide study (semicolons,
// decimal commas, a byte-order mark, a missing code, two processes) and
// checks that the rows passed on are exactly the answers that Load keeps
// for the process, in file order, with their weights.
func TestStreamWideSameAsReadWide(t *testing.T) {
	study, _, err := survey.Load("testdata/small_wide", survey.Options{})
	require.NoError(t, err)
	j := loadSmallJourney(t, "testdata/small_wide")
	for _, c := range []struct{ process, outcome string }{
		{"onboarding", "overall"}, {"repair", "NPS"}, {"repair", "brand"},
	} {
		t.Run(c.process+"/"+c.outcome, func(t *testing.T) {
			f, err := os.Open("testdata/small_wide/responses.csv")
			require.NoError(t, err)
			defer f.Close()
			var rows [][]float64
			var ws []float64
			rep, err := survey.StreamWide(f, "responses.csv", j, survey.Options{},
				survey.StreamSpec{Process: c.process, Outcome: c.outcome},
				func(row []float64, w float64) error {
					rows = append(rows, append([]float64(nil), row...))
					ws = append(ws, w)
					return nil
				})
			require.NoError(t, err)
			p := study.Process(c.process)
			require.NotNil(t, p)
			require.Len(t, rows, p.Len())
			assert.Equal(t, p.Len(), rep.Passed)
			assert.Equal(t, 7, rep.File.RowsRead)
			assert.Equal(t, 7, rep.File.RowsKept)
			assert.Equal(t, 7-p.Len(), rep.OtherProcess)
			assert.Equal(t, survey.DecimalComma, rep.File.Decimal)
			assert.Equal(t, survey.Semicolon, rep.File.Delimiter)
			out := p.OutcomeColumn(strings.ToLower(c.outcome))
			for r := range rows {
				assertSameFloat(t, out[r], rows[r][0], "outcome row %d", r)
				for i := range p.Steps {
					assertSameFloat(t, p.StepColumn(i)[r], rows[r][1+i], "step %d row %d", i, r)
				}
				assert.Equal(t, p.Weights()[r], ws[r])
			}
		})
	}
}

func assertSameFloat(t *testing.T, want, got float64, msg string, args ...any) {
	t.Helper()
	if math.IsNaN(want) {
		assert.True(t, math.IsNaN(got), fmt.Sprintf(msg, args...))
		return
	}
	assert.Equal(t, want, got, fmt.Sprintf(msg, args...))
}

// TestStreamWideProblems checks that rows with problems are excluded and
// reported with their positions, never passed on, as ReadWide does.
func TestStreamWideProblems(t *testing.T) {
	j := benchJourney()
	j.Processes[0].Steps = j.Processes[0].Steps[:2]
	const file = "respondent,weight,s00,s01,overall\n" +
		"a,1,1,2,7\n" + // line 2: kept
		"b,1,9,2,7\n" + // line 3: s00 out of range
		",1,1,2,7\n" + // line 4: no id
		"d,0,1,2,7\n" + // line 5: weight 0
		"e,1,x,2,7\n" + // line 6: not a number
		"f,1,,2,11\n" + // line 7: overall out of 1-10
		"g,2,5,,3\n" // line 8: kept, s01 missing
	var rows [][]float64
	rep, err := survey.StreamWide(strings.NewReader(file), "r.csv", j, survey.Options{}, survey.StreamSpec{Outcome: "overall"},
		func(row []float64, w float64) error {
			rows = append(rows, append([]float64{w}, row...))
			return nil
		})
	require.NoError(t, err)
	require.Len(t, rows, 2)
	assert.Equal(t, []float64{1, 7, 1, 2}, rows[0])
	assert.Equal(t, 2.0, rows[1][0])
	assert.True(t, math.IsNaN(rows[1][3]))
	assert.Equal(t, 7, rep.File.RowsRead)
	assert.Equal(t, 2, rep.File.RowsKept)
	assert.Equal(t, 5, rep.File.RowsExcluded)
	require.Len(t, rep.File.Problems, 5)
	want := []struct {
		line, col int
		field     string
		err       error
	}{
		{3, 5, "s00", survey.ErrOutOfRange},
		{4, 1, "respondent", survey.ErrMissing},
		{5, 3, "weight", survey.ErrBadWeight},
		{6, 5, "s00", survey.ErrNotNumber},
		{7, 8, "overall", survey.ErrOutOfRange},
	}
	for i, w := range want {
		p := rep.File.Problems[i]
		assert.Equal(t, w.line, p.Line, "problem %d: %v", i, p)
		assert.Equal(t, w.col, p.Column, "problem %d: %v", i, p)
		assert.Equal(t, w.field, p.Field, "problem %d", i)
		assert.ErrorIs(t, p, w.err, "problem %d", i)
	}
	// The same file through ReadWide excludes the same rows.
	_, wrep, err := survey.ReadWide(strings.NewReader(file), "r.csv", j, survey.Options{})
	require.NoError(t, err)
	assert.Equal(t, wrep.Files[0].RowsExcluded, rep.File.RowsExcluded)
	assert.Equal(t, wrep.Files[0].RowsKept, rep.File.RowsKept)
}

func TestStreamErrors(t *testing.T) {
	j := benchJourney()
	nop := func([]float64, float64) error { return nil }
	_, err := survey.StreamWide(strings.NewReader("respondent,overall\n"), "r.csv", j, survey.Options{}, survey.StreamSpec{Outcome: "overall"}, nop)
	var pe *survey.ParseError
	require.ErrorAs(t, err, &pe, "step columns missing")
	assert.ErrorIs(t, err, survey.ErrMissingColumn)

	hdr := "respondent,weight,overall"
	for i := range benchSteps {
		hdr += fmt.Sprintf(",s%02d", i)
	}
	_, err = survey.StreamWide(strings.NewReader(hdr+"\n"), "r.csv", j, survey.Options{}, survey.StreamSpec{Outcome: "nps"}, nop)
	require.ErrorIs(t, err, survey.ErrMissingColumn)
	_, err = survey.StreamWide(strings.NewReader(hdr+"\n"), "r.csv", j, survey.Options{}, survey.StreamSpec{Process: "repair", Outcome: "overall"}, nop)
	require.ErrorIs(t, err, survey.ErrUnknownProcess)
	_, err = survey.StreamWide(strings.NewReader(hdr+"\n"), "r.csv", nil, survey.Options{}, survey.StreamSpec{Outcome: "overall"}, nop)
	require.ErrorIs(t, err, survey.ErrUnknownProcess)

	stop := errors.New("stop")
	n := 0
	rep, err := survey.StreamWide(newGenWide(100, 1), "gen.csv", j, survey.Options{}, survey.StreamSpec{Outcome: "overall"},
		func([]float64, float64) error {
			n++
			if n == 10 {
				return stop
			}
			return nil
		})
	require.ErrorIs(t, err, stop)
	assert.Equal(t, 10, rep.Passed)

	_, err = survey.StreamColumns(strings.NewReader("a,b\n1,2\n"), "c.csv", []string{"a", "c", "d"}, survey.Options{}, func([]float64) error { return nil })
	require.ErrorAs(t, err, &pe)
	assert.ErrorIs(t, err, survey.ErrMissingColumn)
	assert.Contains(t, err.Error(), `"c"`)
	assert.Contains(t, err.Error(), `"d"`)
}

// TestStreamColumns reads a plain CSV with a byte-order mark, CRLF, a
// quoted multi-line field in an unused column, missing values and a bad
// number.
func TestStreamColumns(t *testing.T) {
	const file = "\ufeffid;Y;note;X\r\n" +
		"1;3,5;\"two\r\nlines\";10\r\n" +
		"2;NA;;11\r\n" +
		"3;4;;1x\r\n" +
		";;;\r\n" +
		"5;-2,25;;12\r\n"
	var rows [][]float64
	rep, err := survey.StreamColumns(strings.NewReader(file), "c.csv", []string{"y", " x "}, survey.Options{}, func(row []float64) error {
		rows = append(rows, append([]float64(nil), row...))
		return nil
	})
	require.NoError(t, err)
	require.Len(t, rows, 3)
	assert.Equal(t, []float64{3.5, 10}, rows[0])
	assert.True(t, math.IsNaN(rows[1][0]))
	assert.Equal(t, 11.0, rows[1][1])
	assert.Equal(t, []float64{-2.25, 12}, rows[2])
	assert.Equal(t, 5, rep.File.RowsRead)
	assert.Equal(t, 3, rep.File.RowsKept)
	require.Len(t, rep.File.Problems, 1, "the empty row is counted, not listed")
	p := rep.File.Problems[0]
	assert.Equal(t, 5, p.Line)
	assert.Equal(t, "X", p.Field)
	assert.Equal(t, "1x", p.Value)
	assert.Equal(t, survey.DecimalComma, rep.File.Decimal)
}

// TestStreamMomentsLargeMeans streams columns with large means (a Unix
// time around 1.7e9 s with a spread of seconds, an amount around 1e6)
// into a driver.MomentsBuilder and checks the moments against the
// two-pass formulas evaluated in 256-bit arithmetic on the same numbers.
func TestStreamMomentsLargeMeans(t *testing.T) {
	const n = 5000
	rng := rand.New(rand.NewPCG(5, 5))
	var sb strings.Builder
	sb.WriteString("t,amount,score\n")
	vals := make([][3]float64, n)
	for i := range vals {
		f := rng.NormFloat64()
		vals[i] = [3]float64{
			1.7e9 + math.Round(100*(f+rng.NormFloat64()))/100,
			1e6 + math.Round(1000*(0.5*f+rng.NormFloat64()))/1000,
			float64(1 + rng.IntN(5)),
		}
		fmt.Fprintf(&sb, "%s,%s,%s\n", strconv.FormatFloat(vals[i][0], 'f', -1, 64),
			strconv.FormatFloat(vals[i][1], 'f', -1, 64), strconv.FormatFloat(vals[i][2], 'f', -1, 64))
	}
	b := driver.NewMomentsBuilder([]string{"score", "t", "amount"})
	_, err := survey.StreamColumns(strings.NewReader(sb.String()), "big.csv", []string{"score", "t", "amount"}, survey.Options{},
		func(row []float64) error { return b.Add(row, 1) })
	require.NoError(t, err)
	m := b.Moments()
	require.Equal(t, n, m.N())
	var c mat.SymDense
	m.CoMomentTo(&c)
	order := [3]int{2, 0, 1}
	const prec = 256
	means := make([]*big.Float, 3)
	for a := range 3 {
		s := new(big.Float).SetPrec(prec)
		for _, v := range vals {
			s.Add(s, new(big.Float).SetPrec(prec).SetFloat64(v[order[a]]))
		}
		means[a] = s.Quo(s, new(big.Float).SetPrec(prec).SetInt64(n))
		want, _ := means[a].Float64()
		assert.InDelta(t, want, m.Mean(nil)[a], 1e-15*math.Abs(want), "mean %d", a)
	}
	for a := range 3 {
		for bb := a; bb < 3; bb++ {
			s := new(big.Float).SetPrec(prec)
			for _, v := range vals {
				da := new(big.Float).SetPrec(prec).Sub(new(big.Float).SetPrec(prec).SetFloat64(v[order[a]]), means[a])
				db := new(big.Float).SetPrec(prec).Sub(new(big.Float).SetPrec(prec).SetFloat64(v[order[bb]]), means[bb])
				s.Add(s, da.Mul(da, db))
			}
			want, _ := s.Float64()
			scale := math.Sqrt(c.At(a, a) * c.At(bb, bb))
			assert.LessOrEqual(t, math.Abs(c.At(a, bb)-want)/scale, 1e-13, "co-moment %d,%d: got %.17g want %.17g", a, bb, c.At(a, bb), want)
		}
	}
}

// TestStreamMemory checks that streaming does not hold rows: the live
// heap, measured after a collection every 10,000 rows, stays the same
// whether 20,000 or 200,000 generated respondents are read into a
// MomentsBuilder. (encoding/csv allocates one string per record, garbage
// at once: the bytes allocated grow with the rows, those kept do not.)
func TestStreamMemory(t *testing.T) {
	j := benchJourney()
	names := []string{"overall"}
	for i := range benchSteps {
		names = append(names, fmt.Sprintf("s%02d", i))
	}
	live := func(n int) (peak uint64, m *driver.Moments) {
		gen := newGenWide(n, 3)
		b := driver.NewMomentsBuilder(names)
		var ms runtime.MemStats
		rows := 0
		rep, err := survey.StreamWide(gen, "gen.csv", j, survey.Options{}, survey.StreamSpec{Outcome: "overall"},
			func(row []float64, w float64) error {
				if rows++; rows%10_000 == 0 {
					runtime.GC()
					runtime.ReadMemStats(&ms)
					peak = max(peak, ms.HeapAlloc)
				}
				return b.Add(row, w)
			})
		require.NoError(t, err)
		require.Equal(t, n, rep.Passed)
		return peak, b.Moments()
	}
	small, ms := live(20_000)
	large, ml := live(200_000)
	t.Logf("largest live heap: %d bytes reading 20,000 rows, %d bytes reading 200,000", small, large)
	assert.Less(t, float64(large)-float64(small), float64(64<<10))
	assert.Greater(t, ms.Missing(), 0, "rows with a missing answer are counted")
	assert.Equal(t, 200_000, ml.N()+ml.Missing())
}

// FuzzStreamColumns checks that no input makes StreamColumns or
// StreamWide panic, that fatal errors are *ParseErrors with a line, and
// that every row read is accounted for.
func FuzzStreamColumns(f *testing.F) {
	f.Add("a,b\n1,2\n3,x\n")
	f.Add("\ufeffa;b\r\n1,5;2\r\n\"3\n\";4\r\n")
	f.Add("respondent,s00,overall\nr1,3,7\n,,\n")
	f.Add("a\tb\n1\t\n")
	j := benchJourney()
	j.Processes[0].Steps = j.Processes[0].Steps[:1]
	f.Fuzz(func(t *testing.T, data string) {
		rep, err := survey.StreamColumns(strings.NewReader(data), "f.csv", []string{"a", "b"}, survey.Options{},
			func(row []float64) error {
				if len(row) != 2 {
					t.Fatalf("row of %d values", len(row))
				}
				return nil
			})
		check := func(rep *survey.StreamReport, err error) {
			if err != nil {
				var pe *survey.ParseError
				if errors.As(err, &pe) && pe.Line < 1 && !errors.Is(err, survey.ErrEmptyFile) {
					t.Fatalf("error without a line: %v", err)
				}
				return
			}
			fr := rep.File
			if fr.RowsRead != fr.RowsKept+fr.RowsExcluded {
				t.Fatalf("rows read %d, kept %d, excluded %d", fr.RowsRead, fr.RowsKept, fr.RowsExcluded)
			}
			if rep.Passed+rep.OtherProcess != fr.RowsKept {
				t.Fatalf("passed %d + other %d != kept %d", rep.Passed, rep.OtherProcess, fr.RowsKept)
			}
		}
		check(rep, err)
		rep, err = survey.StreamWide(strings.NewReader(data), "w.csv", j, survey.Options{}, survey.StreamSpec{Outcome: "overall"},
			func([]float64, float64) error { return nil })
		check(rep, err)
	})
}

// ExampleStreamWide reads the wide file of a study row by row into the
// moments of a driver analysis, without keeping the rows.
func ExampleStreamWide() {
	open := func(name string) *os.File {
		f, err := os.Open("testdata/small_wide/" + name)
		if err != nil {
			panic(err)
		}
		return f
	}
	sf, jf, rf := open("study.csv"), open("journey.csv"), open("responses.csv")
	defer sf.Close()
	defer jf.Close()
	defer rf.Close()
	settings, err := survey.ReadSettings(sf, "study.csv", survey.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	j, err := survey.ReadJourney(jf, "journey.csv", survey.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	j.Settings = settings
	b := driver.NewMomentsBuilder([]string{"overall", "report", "visit"})
	rep, err := survey.StreamWide(rf, "responses.csv", j, survey.Options{},
		survey.StreamSpec{Process: "repair", Outcome: "overall"}, b.Add)
	if err != nil {
		fmt.Println(err)
		return
	}
	m := b.Moments()
	fmt.Printf("rows read %d, of other processes %d, passed %d\n", rep.File.RowsRead, rep.OtherProcess, rep.Passed)
	fmt.Printf("moments of %d rows, sum of weights %.1f, mean overall %.3f\n", m.N(), m.SumWeights(), m.Mean(nil)[0])
	// Output:
	// rows read 7, of other processes 4, passed 3
	// moments of 3 rows, sum of weights 3.5, mean overall 6.429
}
