package journey

import (
	"context"
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/touchpoint-cx/touchpoint/driver"
	"github.com/touchpoint-cx/touchpoint/internal/boot"
	"github.com/touchpoint-cx/touchpoint/survey"
)

// ProcessLevelOptions configures [ProcessLevel]. The zero value links
// overall satisfaction with each process to NPS, without intervals.
type ProcessLevelOptions struct {
	// Outcome is the relationship outcome; "" means NPS (survey.NPS),
	// modelled as t = 100·([nps ≥ 9] − [nps ≤ 6]) so that effects are in
	// NPS points (see [Goal]).
	Outcome string
	// Driver is the process-level satisfaction; "" means survey.Overall.
	Driver string
	// Bootstrap, Seed, Level, BCa, Workers, Progress and Unweighted are
	// as in DriverOptions.
	Bootstrap  int
	Seed       uint64
	Level      float64
	BCa        bool
	Workers    int
	Progress   func(done, total int)
	Unweighted bool
}

// ProcessLevelResult tells which process matters most for a relationship
// outcome such as NPS.
//
// Every respondent belongs to one process. The model is the regression,
// over all respondents, of the outcome on process indicators (always in
// the model) and one term per process,
//
//	t_i = a_p(i) + b_p(i)·(x_i − x̄_p(i)) + e_i,
//
// x the process satisfaction and x̄_p its weighted mean in process p.
// Slope is b_p (outcome units, NPS points for NPS, per point of
// satisfaction with process p); Importance is the lmg of p's term (its
// Shapley share of the R² left by the process indicators; relaimpo's
// always variables); Impact is Share·b_p, the change of the outcome over
// all customers when satisfaction with process p rises one point, Share
// being the process's share of the customers (the processes' Volume when
// every process has one, else their share of the weighted respondents).
type ProcessLevelResult struct {
	Outcome   string          `json:"outcome"`
	Driver    string          `json:"driver"`
	Unit      string          `json:"unit"` // "nps_points" or "points"
	N         int             `json:"n"`
	R2        Estimate        `json:"r2"`
	Processes []ProcessImpact `json:"processes"`
	Bootstrap *BootstrapInfo  `json:"bootstrap"`
	Warnings  []string        `json:"warnings"`
}

// ProcessImpact is one process's link to the relationship outcome (see
// ProcessLevelResult).
type ProcessImpact struct {
	Process      string   `json:"process"`
	Label        string   `json:"label"`
	N            int      `json:"n"`
	Share        float64  `json:"share"`
	Satisfaction Estimate `json:"satisfaction"`
	Slope        Estimate `json:"slope"`
	Importance   Estimate `json:"importance"`
	Impact       Estimate `json:"impact"`
	Rank         int      `json:"rank"` // by Impact, 1 = largest
}

type processAnalysis struct {
	procs []*survey.Process
	t, x  [][]float64 // per process: outcome (as modelled), driver
	w     [][]float64 // per process: base weights, 0 = left out
	share []float64
}

// ProcessLevel computes which process of study st matters most for a
// relationship outcome (see [ProcessLevelResult]); the study needs at
// least two processes with respondents who answered both the outcome and
// the process satisfaction. With opts.Bootstrap > 0 every estimate gets a
// bootstrap interval from resampling all respondents of the study (as
// [DriversContext]).
func ProcessLevel(ctx context.Context, st *survey.Study, opts ProcessLevelOptions) (*ProcessLevelResult, error) {
	out, drv := opts.Outcome, opts.Driver
	if out == "" {
		out = survey.NPS
	}
	if drv == "" {
		drv = survey.Overall
	}
	lvl := DriverOptions{Level: opts.Level}.level()
	if !(lvl > 0 && lvl < 1) {
		return nil, fmt.Errorf("journey: confidence level %v outside (0, 1)", opts.Level)
	}
	if opts.Bootstrap < 0 || opts.Bootstrap == 1 {
		return nil, fmt.Errorf("journey: %d bootstrap replicates: want 0 or at least 2", opts.Bootstrap)
	}
	a := &processAnalysis{}
	res := &ProcessLevelResult{Outcome: out, Driver: drv, Unit: "points"}
	if out == survey.NPS {
		res.Unit = "nps_points"
	}
	volumes := true
	var vsum, wsum float64
	for _, p := range st.Processes {
		y, x := p.OutcomeColumn(out), p.OutcomeColumn(drv)
		if y == nil || x == nil {
			return nil, fmt.Errorf("journey: process %s lacks the column %q or %q", p.ID, out, drv)
		}
		t := y
		if out == survey.NPS {
			t = npsCoded(y)
		}
		w := make([]float64, len(y))
		pw := p.Weights()
		n := 0
		for r := range w {
			if math.IsNaN(t[r]) || math.IsNaN(x[r]) {
				continue
			}
			w[r] = 1
			if pw != nil && !opts.Unweighted {
				w[r] = pw[r]
			}
			n++
		}
		if n < 3 {
			res.Warnings = append(res.Warnings, fmt.Sprintf("process %s left out: %d respondents with both answers", p.ID, n))
			continue
		}
		a.procs = append(a.procs, p)
		a.t, a.x, a.w = append(a.t, t), append(a.x, x), append(a.w, w)
		var sw float64
		for _, v := range w {
			sw += v
		}
		a.share = append(a.share, sw)
		wsum += sw
		if math.IsNaN(p.Volume) || p.Volume <= 0 {
			volumes = false
		}
		vsum += p.Volume
		res.N += n
	}
	if len(a.procs) < 2 {
		return nil, fmt.Errorf("journey: process-level drivers need at least two processes with answers, found %d", len(a.procs))
	}
	for i, p := range a.procs {
		if volumes {
			a.share[i] = p.Volume / vsum
		} else {
			a.share[i] /= wsum
		}
	}
	est, err := a.compute(a.w, opts.Workers)
	if err != nil {
		return nil, err
	}
	for i, p := range a.procs {
		est[i].Process, est[i].Label, est[i].Share = p.ID, p.Label, a.share[i]
		for _, v := range a.w[i] {
			if v > 0 {
				est[i].N++
			}
		}
	}
	res.R2 = est[len(est)-1].Satisfaction
	res.Processes = est[:len(est)-1]
	for i := range res.Processes {
		res.Processes[i].Rank = 1
		for j := range res.Processes {
			if res.Processes[j].Impact.Value > res.Processes[i].Impact.Value {
				res.Processes[i].Rank++
			}
		}
	}
	if opts.Bootstrap == 0 {
		return res, nil
	}
	ests := res.estimates()
	d := len(ests)
	var units []int32
	type ref struct{ p, r int }
	var refs []ref
	for i, w := range a.w {
		for r, v := range w {
			if v > 0 {
				refs = append(refs, ref{i, r})
				units = append(units, 1)
			}
		}
	}
	stat := func(counts []int32, out []float64) error {
		w := make([][]float64, len(a.w))
		for i := range w {
			w[i] = make([]float64, len(a.w[i]))
		}
		for k, rf := range refs {
			w[rf.p][rf.r] = a.w[rf.p][rf.r] * float64(counts[k])
		}
		e, err := a.compute(w, 1)
		if err != nil {
			return err
		}
		rr := &ProcessLevelResult{R2: e[len(e)-1].Satisfaction, Processes: e[:len(e)-1]}
		for i, p := range rr.estimates() {
			out[i] = p.Value
		}
		return nil
	}
	br, err := boot.RunUnits(ctx, units, d, boot.Shared(stat), boot.Options{
		B: opts.Bootstrap, Seed: opts.Seed, Confidence: lvl, Workers: opts.Workers,
		Progress: opts.Progress, BCa: opts.BCa,
	})
	switch {
	case errors.Is(err, boot.ErrTooManyFailures):
		res.Warnings = append(res.Warnings, "no intervals: bootstrap: "+err.Error())
		return res, nil
	case err != nil:
		return nil, fmt.Errorf("journey: process-level drivers: bootstrap: %w", err)
	}
	iv, method := br.Percentile, "percentile"
	if opts.BCa {
		iv, method = br.BCa, "bca"
	}
	for i, e := range ests {
		e.Lo, e.Hi = iv[i].Lo, iv[i].Hi
	}
	res.Bootstrap = &BootstrapInfo{B: br.B, Failed: br.Failed, Seed: opts.Seed, Level: lvl, Method: method}
	for _, w := range br.Warnings {
		res.Warnings = append(res.Warnings, "bootstrap: "+w.Error())
	}
	return res, nil
}

func (r *ProcessLevelResult) estimates() []*Estimate {
	out := []*Estimate{&r.R2}
	for i := range r.Processes {
		p := &r.Processes[i]
		out = append(out, &p.Satisfaction, &p.Slope, &p.Importance, &p.Impact)
	}
	return out
}

// compute returns one ProcessImpact per process and, last, an entry whose
// Satisfaction holds R².
func (a *processAnalysis) compute(w [][]float64, workers int) ([]ProcessImpact, error) {
	k := len(a.procs)
	nc := 2*k - 1 // k centred terms, k−1 process indicators
	var raw, t, ww []float64
	out := make([]ProcessImpact, k+1)
	for i := range a.procs {
		m := weightedMeanOf(a.x[i], w[i])
		if math.IsNaN(m) {
			return nil, fmt.Errorf("journey: process %s has no respondents", a.procs[i].ID)
		}
		out[i].Satisfaction = point(m)
		for r, v := range w[i] {
			if v <= 0 {
				continue
			}
			row := make([]float64, nc)
			row[i] = a.x[i][r] - m
			if i > 0 {
				row[k+i-1] = 1
			}
			raw = append(raw, row...)
			t = append(t, a.t[i][r])
			ww = append(ww, v)
		}
	}
	names := make([]string, nc)
	var always []string
	for i, p := range a.procs {
		names[i] = p.ID
		if i > 0 {
			names[k+i-1] = "process:" + p.ID
			always = append(always, names[k+i-1])
		}
	}
	x := mat.NewDense(len(t), nc, raw)
	res, err := driver.Analyze(x, t, ww, driver.Options{Names: names, Always: always,
		Methods: driver.MethodsOf(driver.LMG), Workers: workers})
	if err != nil {
		return nil, fmt.Errorf("journey: process-level drivers: %w", err)
	}
	imp := map[string]float64{}
	for _, d := range res.Drivers {
		imp[d.Name] = d.Importance
	}
	for i, p := range a.procs {
		b := res.Regression.Coef[i]
		out[i].Slope = point(b)
		out[i].Importance = point(imp[p.ID])
		out[i].Impact = point(a.share[i] * b)
	}
	out[k].Satisfaction = point(res.R2)
	return out, nil
}

// npsCoded returns 100·([v ≥ 9] − [v ≤ 6]) for every answer, NaN kept.
func npsCoded(y []float64) []float64 {
	t := make([]float64, len(y))
	for r, v := range y {
		switch {
		case math.IsNaN(v):
			t[r] = math.NaN()
		case v >= 9:
			t[r] = 100
		case v <= 6:
			t[r] = -100
		}
	}
	return t
}
