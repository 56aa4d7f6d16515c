package priority_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/touchpoint-cx/touchpoint/priority"
	"github.com/touchpoint-cx/touchpoint/survey"
)

// fuzzStudy builds a small study from the bytes of b: 1-4 steps on a
// 1-5 scale with or without targets and management figures, 0-40
// respondents with scores (or none) and an overall score, and an idea.
func fuzzStudy(b []byte) *survey.Study {
	next := func() int {
		if len(b) == 0 {
			return 0
		}
		v := int(b[0])
		b = b[1:]
		return v
	}
	scale := survey.Scale{Min: 1, Max: 5}
	ns := 1 + next()%4
	pd := survey.ProcessDef{ID: "p", Volume: math.NaN(), ImageRisk: math.NaN()}
	for j := range ns {
		s := survey.Step{ID: fmt.Sprint("s", j), Phase: "x", Channel: []string{"web", "phone", "app"}[next()%3],
			Scale: scale, Target: math.NaN()}
		if t := next() % 6; t > 0 {
			s.Target = float64(t)
		}
		if next()%2 == 0 {
			nan := math.NaN()
			s.Management = []survey.Management{{ContactVolume: float64(next()), CostPerContact: float64(next() % 10),
				FTE: nan, Complaints: float64(next()), FailureContacts: float64(next()), Started: nan, Completed: nan}}
		}
		pd.Steps = append(pd.Steps, s)
	}
	j := &survey.Journey{Processes: []survey.ProcessDef{pd}}
	if next()%2 == 0 {
		j.Ideas = []survey.Idea{{Name: "idea", Process: "p", Steps: []string{"s0"}, Uplift: float64(1+next()%3) / 2,
			Target: math.NaN(), Effort: float64(1 + next()%5), Cost: 0}}
	}
	n := next() % 41
	var rs []survey.Respondent
	for i := range n {
		r := survey.Respondent{ID: fmt.Sprint("r", i), Scores: map[string]float64{}, Outcomes: map[string]float64{}}
		for k := range ns {
			if v := next() % 6; v > 0 {
				r.Scores[fmt.Sprint("s", k)] = float64(v)
			}
		}
		if v := next() % 11; v > 0 {
			r.Outcomes["overall"] = float64(v)
		} else {
			r.Outcomes["overall"] = math.NaN()
		}
		rs = append(rs, r)
	}
	if len(rs) == 0 {
		rs = append(rs, survey.Respondent{ID: "r", Outcomes: map[string]float64{"overall": 5}})
	}
	st, _, err := survey.Build(j, rs, survey.Options{})
	if err != nil {
		return nil
	}
	return st
}

// FuzzAnalyze checks that no study makes Analyze panic: it returns a
// result or an error.
func FuzzAnalyze(f *testing.F) {
	f.Add([]byte{3, 0, 4, 0, 1, 2, 3, 4, 1, 0, 1, 1, 3, 30, 1, 2, 3, 7, 4, 5, 1, 9, 2, 2, 2, 5})
	f.Add([]byte{1, 1, 0, 1})
	f.Add([]byte{0, 2, 5, 1, 0, 0, 0, 40, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5})
	f.Fuzz(func(t *testing.T, b []byte) {
		st := fuzzStudy(b)
		if st == nil {
			return
		}
		res, err := priority.Analyze(st, priority.Options{B: 3, Workers: 1})
		if err != nil {
			return
		}
		for _, p := range res.Processes {
			for _, s := range p.Steps {
				if s.Quadrant != "" && s.QuadrantRank < 1 {
					t.Fatalf("step %s in %s without a rank", s.Step, s.Quadrant)
				}
			}
		}
	})
}
