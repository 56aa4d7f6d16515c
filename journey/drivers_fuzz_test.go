package journey_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/touchpoint-cx/touchpoint/journey"
	"github.com/touchpoint-cx/touchpoint/survey"
)

// FuzzDrivers builds small studies from the fuzzer's bytes (three steps
// of a 1-5 scale with blanks, overall 1-10, NPS, a 0/1 outcome, two
// segments and two waves) and checks that the driver analysis returns a
// result or an error, never a panic, and that a result has finite
// importances.
func FuzzDrivers(f *testing.F) {
	f.Add([]byte("\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x20"), uint8(0))
	f.Add([]byte("same same same same same same same same same same same"), uint8(1))
	f.Add(make([]byte, 64), uint8(2))
	// 100 respondents of varied answers, for each mode.
	rnd := make([]byte, 600)
	x := uint32(1)
	for i := range rnd {
		x = x*1664525 + 1013904223
		rnd[i] = byte(x >> 24)
	}
	for mode := range uint8(6) {
		f.Add(rnd, mode)
	}
	steps := []string{"s1", "s2", "s3"}
	var defs []survey.Step
	for _, s := range steps {
		defs = append(defs, survey.Step{ID: s, Phase: "p" + s[1:2], Channel: "web", Scale: survey.Scale{Min: 1, Max: 5}, Target: math.NaN()})
	}
	j := &survey.Journey{Processes: []survey.ProcessDef{{ID: "p", Volume: math.NaN(), ImageRisk: math.NaN(), Steps: defs}}}
	f.Fuzz(func(t *testing.T, data []byte, mode uint8) {
		const width = 6
		if len(data) > 600 {
			data = data[:600]
		}
		var rs []survey.Respondent
		for i := 0; i+width <= len(data); i += width {
			row := data[i : i+width]
			r := survey.Respondent{ID: fmt.Sprint(i), Segment: []string{"a", "b"}[row[0]&1], Wave: []string{"w1", "w2"}[row[0]>>1&1],
				Scores: map[string]float64{}, Outcomes: map[string]float64{}}
			for k, s := range steps {
				if v := row[1+k] % 6; v > 0 {
					r.Scores[s] = float64(v)
				}
			}
			r.Outcomes["overall"] = float64(1 + row[4]%10)
			r.Outcomes["nps"] = float64(row[5] % 11)
			r.Outcomes["retained"] = float64(row[5] >> 7)
			rs = append(rs, r)
		}
		st, _, err := survey.Build(j, rs, survey.Options{})
		if err != nil {
			return
		}
		opts := journey.DriverOptions{Missing: journey.Missing(mode % 3), Bootstrap: int(mode/3%3) * 2, Seed: 1, Workers: 1}
		pd, err := journey.Drivers(st, st.Processes[0], opts)
		if err != nil {
			return
		}
		for _, s := range pd.Steps {
			if math.IsInf(s.Importance.Value, 0) || math.IsInf(s.Coef.Value, 0) {
				t.Fatalf("step %s: infinite estimate %+v", s.Step, s)
			}
		}
	})
}
