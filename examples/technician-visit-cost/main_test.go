package main

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/touchpoint-cx/touchpoint/internal/studygen"
)

// trueNPS returns the NPS of each path of the repair study's generating
// model (studygen.Repair, documented in testdata/repair/TRUTH.md), in the
// whole population and per segment, estimated from n simulated respondents
// (Monte Carlo standard error about 100·sqrt(0.6/n_path) points).
func trueNPS(t *testing.T, n int) (all [2]float64, bySegment map[string][2]float64) {
	t.Helper()
	cfg := studygen.Repair()
	rs, err := studygen.Simulate(cfg, n, 7)
	if err != nil {
		t.Fatal(err)
	}
	type tally struct{ n, pro, det float64 }
	var tot [2]tally
	seg := map[string]*[2]tally{}
	for _, s := range cfg.Segments {
		seg[s.Name] = new([2]tally)
	}
	for _, r := range rs {
		v := r.Outcome[studygen.NPS]
		if math.IsNaN(v) {
			continue
		}
		q := 0 // technician
		if cfg.Paths[r.Path].Name != "technician" {
			q = 1
		}
		for _, tl := range []*tally{&tot[q], &seg[cfg.Segments[r.Segment].Name][q]} {
			tl.n++
			if v >= 9 {
				tl.pro++
			} else if v <= 6 {
				tl.det++
			}
		}
	}
	score := func(tl tally) float64 { return 100 * (tl.pro - tl.det) / tl.n }
	bySegment = map[string][2]float64{}
	for name, s := range seg {
		bySegment[name] = [2]float64{score(s[0]), score(s[1])}
	}
	return [2]float64{score(tot[0]), score(tot[1])}, bySegment
}

// pathEffectNPS returns the NPS points that the self-service path's own
// effect γ adds for its customers in the repair study's generating model:
// their NPS drawn with γ minus their NPS from the same draws with γ = 0.
func pathEffectNPS(t *testing.T, n int) float64 {
	t.Helper()
	cfg := studygen.Repair()
	none := studygen.Repair()
	none.Paths = append([]studygen.Path(nil), cfg.Paths...)
	self := -1
	for i, p := range none.Paths {
		if p.Name != "technician" {
			none.Paths[i].Effect = 0
			self = i
		}
	}
	if self < 0 || cfg.Paths[self].Effect <= 0 {
		t.Fatalf("the repair model has no self-service path with a positive effect: %+v", cfg.Paths)
	}
	with, err := studygen.Simulate(cfg, n, 11)
	if err != nil {
		t.Fatal(err)
	}
	without, err := studygen.Simulate(none, n, 11)
	if err != nil {
		t.Fatal(err)
	}
	score := func(rs []studygen.Respondent) float64 {
		var k, pro, det float64
		for _, r := range rs {
			v := r.Outcome[studygen.NPS]
			if r.Path != self || math.IsNaN(v) {
				continue
			}
			k++
			if v >= 9 {
				pro++
			} else if v <= 6 {
				det++
			}
		}
		return 100 * (pro - det) / k
	}
	return score(with) - score(without)
}

// TestTechnicianVisitCost checks the story against the truth of the repair
// study (testdata/repair/TRUTH.md): self-service customers are more
// satisfied (path effect +0.5 on the latent overall satisfaction, E[S]
// higher on the self-service path in every segment and wave), so the NPS of
// the technician path is significantly lower, and the 95% interval of the
// difference covers the difference of the model's NPS of the two paths.
func TestTechnicianVisitCost(t *testing.T) {
	f, err := analyze("../../testdata/repair")
	if err != nil {
		t.Fatal(err)
	}
	// TRUTH.md, "The realised sample": 2500 respondents, of whom 19
	// answered no step question and so show no path.
	if f.Technician+f.SelfService+f.NoPath != 2500 || f.NoPath != 19 {
		t.Errorf("paths: technician %d, self-service %d, none %d; want 2500 in all with 19 unknown", f.Technician, f.SelfService, f.NoPath)
	}
	if !(f.All.Diff.Diff < 0 && f.All.Diff.P < 0.05) {
		t.Errorf("difference %+.1f points, p %.4f; want a significant drop on the technician path", f.All.Diff.Diff, f.All.Diff.P)
	}
	all, seg := trueNPS(t, 200000)
	want := all[0] - all[1]
	if !(want < 0) {
		t.Fatalf("model difference %+.1f: the truth has self-service ahead", want)
	}
	if d := f.All.Diff; !(d.Lo <= want && want <= d.Hi) {
		t.Errorf("95%% interval [%.1f, %.1f] misses the model's difference %.1f", d.Lo, d.Hi, want)
	}
	for _, c := range f.Segments {
		w := seg[c.Group][0] - seg[c.Group][1]
		if !(c.Diff.Diff < 0 && w < 0) {
			t.Errorf("%s: difference %+.1f, model %+.1f; want both negative", c.Group, c.Diff.Diff, w)
		}
		if !(c.Diff.Lo <= w && w <= c.Diff.Hi) {
			t.Errorf("%s: 95%% interval [%.1f, %.1f] misses the model's difference %.1f", c.Group, c.Diff.Lo, c.Diff.Hi, w)
		}
	}
	t.Logf("model NPS: technician %.1f, self-service %.1f; per segment %v", all[0], all[1], seg)

	// The path's own effect: the generator adds γ = 0.5 to the latent
	// overall satisfaction of the self-service path (TRUTH.md, "Segments,
	// waves, paths"), and nothing to the technician path. Its worth in NPS
	// points is the NPS of the self-service customers drawn with and
	// without it (the same draws, γ set to 0).
	effect := pathEffectNPS(t, 100000)
	if !(f.PathHi < 0) {
		t.Errorf("technician path effect %.1f [%.1f, %.1f]: want a significant loss", f.Path, f.PathLo, f.PathHi)
	}
	if !(f.PathLo <= -effect && -effect <= f.PathHi) {
		t.Errorf("95%% interval of the path effect [%.1f, %.1f] misses the model's %.1f", f.PathLo, f.PathHi, -effect)
	}
	t.Logf("path effect %.1f [%.1f, %.1f]; model %.1f", f.Path, f.PathLo, f.PathHi, -effect)
	var b bytes.Buffer
	if err := f.tell(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "points lower than those who") {
		t.Errorf("story:\n%s", b.String())
	}
}
