package driver_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/touchpoint-cx/touchpoint/driver"
)

// The benchmarks of this file measure the speed targets of the package
// (see BENCHMARKS.md at the repository root and scripts/bench, which runs
// them and prints the targets beside the figures). Every input is
// generated from a fixed seed outside the timed loop.

// p30 reports whether the 30-driver exact benchmark should run (about 20 s
// per iteration): only when TOUCHPOINT_BENCH_P30 is set.
func p30() bool { return os.Getenv("TOUCHPOINT_BENCH_P30") != "" }

// BenchmarkTargetLMGExact times exact lmg (general dominance) of p drivers
// from raw rows, n = 5000: one pass into Moments, the full regression from
// the moments and the enumeration of all 2^p subsets, on GOMAXPROCS
// goroutines. Targets: p = 20 in 0.25 s, p = 25 in 10 s, p = 30 in 10 min
// (run with TOUCHPOINT_BENCH_P30=1).
func BenchmarkTargetLMGExact(b *testing.B) {
	for _, p := range []int{20, 25, 30} {
		b.Run(fmt.Sprintf("p=%d/n=5000", p), func(b *testing.B) {
			if p == 30 && !p30() {
				b.Skip("set TOUCHPOINT_BENCH_P30=1 to run (about 20 s)")
			}
			x, y := randomData(5000, p, 2)
			opts := driver.Options{Methods: driver.MethodsOf(driver.LMG)}
			b.ReportAllocs()
			b.ResetTimer()
			c0 := cpuSeconds()
			for b.Loop() {
				if _, err := driver.Analyze(x, y, nil, opts); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric((cpuSeconds()-c0)/float64(b.N), "cpu-s/op")
		})
	}
}

// BenchmarkTargetLMGSampled times lmg estimated by Monte Carlo sampling
// (Options.Sampling) beyond the exact reach, from raw rows (n = 5000), with
// 2000 orderings; the largest standard error is reported as max-SE.
func BenchmarkTargetLMGSampled(b *testing.B) {
	for _, p := range []int{30, 50, 100} {
		b.Run(fmt.Sprintf("p=%d/n=5000/perms=2000", p), func(b *testing.B) {
			x, y := randomData(5000, p, 3)
			opts := driver.Options{Methods: driver.MethodsOf(driver.LMG), Sampling: driver.Sampling{Permutations: 2000, Seed: 1}}
			b.ReportAllocs()
			b.ResetTimer()
			var res *driver.Result
			for b.Loop() {
				var err error
				if res, err = driver.Analyze(x, y, nil, opts); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(res.Sampling.MaxSE, "max-SE")
			b.ReportMetric(res.R2, "R2")
		})
	}
}

// BenchmarkTargetBootstrapLMG times Bootstrap with 1000 replicates of
// exact lmg with 10 drivers, percentile intervals, on GOMAXPROCS
// goroutines. A replicate costs one pass over the n rows into moments
// (O(n p²)) plus the analysis of its moments (O(2^p), fixed): n = 5000 is
// the target, n = 50000 shows how the cost grows with n.
func BenchmarkTargetBootstrapLMG(b *testing.B) {
	const p, reps = 10, 1000
	for _, n := range []int{5000, 50000} {
		b.Run(fmt.Sprintf("B=1000/p=10/n=%d", n), func(b *testing.B) {
			x, y := randomData(n, p, 6)
			opts := driver.Options{Methods: driver.MethodsOf(driver.LMG)}
			b.ReportAllocs()
			b.ResetTimer()
			c0 := cpuSeconds()
			for b.Loop() {
				if _, err := driver.Bootstrap(context.Background(), x, y, nil, opts, driver.BootOptions{N: reps, Seed: 1}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric((cpuSeconds()-c0)/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/reps, "ns/resample")
		})
	}
}

// wideRows holds a block of rows of an outcome and p drivers (a common
// factor, ratings-like values around 5), which the 1,000,000-row
// benchmarks feed again and again: generating 2·10⁸ values would cost more
// than the pass it feeds.
func wideRows(rows, p int, seed uint64) [][]float64 {
	rng := rand.New(rand.NewPCG(seed, 77))
	out := make([][]float64, rows)
	wt := make([]float64, p)
	for j := range wt {
		wt[j] = rng.Float64() / float64(p)
	}
	for r := range out {
		f := rng.NormFloat64()
		row := make([]float64, p+1)
		var s float64
		for j := 1; j <= p; j++ {
			row[j] = 5 + 1.5*(0.6*f+0.8*rng.NormFloat64())
			s += wt[j-1] * row[j]
		}
		row[0] = s + 0.5*rng.NormFloat64()
		out[r] = row
	}
	return out
}

// BenchmarkTargetMoments200 times the one pass of 1,000,000 rows of an
// outcome and 200 drivers into Moments, by MomentsBuilder (blocked,
// shifted two-pass) and by Moments.Add (row by row, Welford). The rows
// are not held (1.6 GB): a block of 4096 generated rows is fed 244 times
// and a bit. This pass is the cost of the relative weights and the OLS fit
// of 200 drivers and 1,000,000 respondents, which are computed from the
// moments (BenchmarkTargetFromMoments200).
func BenchmarkTargetMoments200(b *testing.B) {
	const n, p = 1_000_000, 200
	block := wideRows(4096, p, 8)
	names := make([]string, p+1)
	for j := range names {
		names[j] = fmt.Sprintf("v%d", j)
	}
	b.Run("p=200/n=1e6/builder", func(b *testing.B) {
		b.ReportAllocs()
		c0 := cpuSeconds()
		for b.Loop() {
			mb := driver.NewMomentsBuilder(names)
			for r := range n {
				if err := mb.Add(block[r%len(block)], 1); err != nil {
					b.Fatal(err)
				}
			}
			if mb.Moments().N() != n {
				b.Fatal("rows lost")
			}
		}
		b.ReportMetric((cpuSeconds()-c0)/float64(b.N), "cpu-s/op")
	})
	b.Run("p=200/n=1e6/welford", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			m := driver.NewMoments(names)
			for r := range n {
				if err := m.Add(block[r%len(block)], 1); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// BenchmarkTargetFromMoments200 times Johnson's relative weights and the
// OLS fit of 200 drivers from the Moments of 1,000,000 rows (built once,
// outside the timer). Add BenchmarkTargetMoments200 for the whole task.
func BenchmarkTargetFromMoments200(b *testing.B) {
	const n, p = 1_000_000, 200
	block := wideRows(4096, p, 8)
	names := make([]string, p+1)
	for j := range names {
		names[j] = fmt.Sprintf("v%d", j)
	}
	mb := driver.NewMomentsBuilder(names)
	for r := range n {
		if err := mb.Add(block[r%len(block)], 1); err != nil {
			b.Fatal(err)
		}
	}
	m := mb.Moments()
	b.Run("p=200/n=1e6/rw", func(b *testing.B) {
		opts := driver.Options{Methods: driver.MethodsOf(driver.RW)}
		b.ReportAllocs()
		c0 := cpuSeconds()
		for b.Loop() {
			if _, err := driver.AnalyzeMoments(m, opts); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric((cpuSeconds()-c0)/float64(b.N), "cpu-s/op")
	})
	b.Run("p=200/n=1e6/ols", func(b *testing.B) {
		b.ReportAllocs()
		c0 := cpuSeconds()
		for b.Loop() {
			if _, err := driver.OLSMoments(m, driver.OLSOptions{}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric((cpuSeconds()-c0)/float64(b.N), "cpu-s/op")
	})
}
