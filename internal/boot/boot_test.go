package boot_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/touchpoint-cx/touchpoint/internal/boot"
)

// weightedMean is the statistic Σ c_k w_k x_k / Σ c_k w_k over units with
// values x and weights w (nil = unweighted).
func weightedMean(x, w []float64) boot.Statistic {
	return func(c []int32, out []float64) error {
		var sw, swx float64
		for k, ck := range c {
			wk := float64(ck)
			if w != nil {
				wk *= w[k]
			}
			sw += wk
			swx += wk * x[k]
		}
		out[0] = swx / sw
		return nil
	}
}

// momentsStat returns (mean, sd with divisor Σc - 1, mean/sd) of the
// unit values x: three statistics of different shapes.
func momentsStat(x []float64) boot.Statistic {
	return func(c []int32, out []float64) error {
		var n, s float64
		for k, ck := range c {
			n += float64(ck)
			s += float64(ck) * x[k]
		}
		m := s / n
		var ss float64
		for k, ck := range c {
			u := x[k] - m
			ss += float64(ck) * u * u
		}
		sd := math.Sqrt(ss / (n - 1))
		out[0], out[1], out[2] = m, sd, m/sd
		return nil
	}
}

// normalData returns n draws of N(mu, sigma²) from a fixed PCG stream.
func normalData(seed uint64, n int, mu, sigma float64) []float64 {
	r := rand.New(rand.NewPCG(seed, 7))
	x := make([]float64, n)
	for i := range x {
		x[i] = mu + sigma*r.NormFloat64()
	}
	return x
}

// skewedData returns n draws of an exponential with mean 1.
func skewedData(seed uint64, n int) []float64 {
	r := rand.New(rand.NewPCG(seed, 11))
	x := make([]float64, n)
	for i := range x {
		x[i] = r.ExpFloat64()
	}
	return x
}

func sameBits(t *testing.T, name string, got, want []float64) {
	t.Helper()
	require.Equal(t, len(want), len(got), "%s: length", name)
	for i := range want {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
			t.Fatalf("%s[%d] = %v, want %v (bit-identical)", name, i, got[i], want[i])
		}
	}
}

func sameResult(t *testing.T, got, want *boot.Result) {
	t.Helper()
	sameBits(t, "Estimate", got.Estimate, want.Estimate)
	sameBits(t, "Replicates", got.Replicates, want.Replicates)
	sameBits(t, "Jackknife", got.Jackknife, want.Jackknife)
	sameBits(t, "SE", got.SE, want.SE)
	sameBits(t, "Bias", got.Bias, want.Bias)
	require.Equal(t, want.Percentile, got.Percentile)
	require.Equal(t, want.BCa, got.BCa)
	require.Equal(t, want.Failed, got.Failed)
}

// TestReproducible runs the same seeds with 1, 2, 4 and 7 workers and under
// GOMAXPROCS 1, 2 and 4 (Workers = 0), for both resampling methods, and
// requires bit-identical results.
func TestReproducible(t *testing.T) {
	x := skewedData(1, 400)
	// Compressed: 25 distinct values with multiplicities (n = 2000).
	vals := make([]float64, 25)
	units := make([]int32, 25)
	for k := range vals {
		vals[k] = float64(k * k)
		units[k] = int32(20 + 5*(k%13))
	}
	cases := []struct {
		name   string
		method boot.Method
		run    func(opts boot.Options) (*boot.Result, error)
	}{
		{"cases", boot.Indices, func(opts boot.Options) (*boot.Result, error) {
			return boot.Run(context.Background(), len(x), 3, boot.Shared(momentsStat(x)), opts)
		}},
		{"units", boot.Multinomial, func(opts boot.Options) (*boot.Result, error) {
			return boot.RunUnits(context.Background(), units, 3, boot.Shared(momentsStat(vals)), opts)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			opts := boot.Options{B: 300, Seed: 42, BCa: true, Workers: 1}
			ref, err := c.run(opts)
			require.NoError(t, err)
			require.Equal(t, c.method, ref.Method)
			for _, w := range []int{2, 4, 7} {
				opts.Workers = w
				got, err := c.run(opts)
				require.NoError(t, err)
				sameResult(t, got, ref)
			}
			prev := runtime.GOMAXPROCS(0)
			defer runtime.GOMAXPROCS(prev)
			for _, p := range []int{1, 2, 4} {
				runtime.GOMAXPROCS(p)
				opts.Workers = 0
				got, err := c.run(opts)
				require.NoError(t, err)
				sameResult(t, got, ref)
			}
			// Another seed gives other replicates.
			opts.Seed = 43
			other, err := c.run(opts)
			require.NoError(t, err)
			require.NotEqual(t, ref.Replicates[:3], other.Replicates[:3])
		})
	}
}

func TestOptionErrors(t *testing.T) {
	ctx := context.Background()
	stat := boot.Shared(weightedMean([]float64{1, 2, 3}, nil))
	for _, c := range []struct {
		name string
		opts boot.Options
	}{
		{"B=1", boot.Options{B: 1}},
		{"B<0", boot.Options{B: -5}},
		{"confidence 1", boot.Options{Confidence: 1}},
		{"confidence NaN", boot.Options{Confidence: math.NaN()}},
		{"workers<0", boot.Options{Workers: -1}},
		{"fail fraction>1", boot.Options{MaxFailFraction: 1.5}},
		{"fail fraction NaN", boot.Options{MaxFailFraction: math.NaN()}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := boot.Run(ctx, 3, 1, stat, c.opts)
			require.ErrorIs(t, err, boot.ErrOption)
		})
	}
	for _, c := range []struct {
		name  string
		units []int32
	}{
		{"nil", nil},
		{"one case", []int32{1}},
		{"zeros", []int32{0, 0, 1}},
		{"negative", []int32{3, -1, 4}},
		{"too many cases", []int32{math.MaxInt32, 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := boot.RunUnits(ctx, c.units, 1, stat, boot.Options{})
			require.ErrorIs(t, err, boot.ErrUnits)
		})
	}
	_, err := boot.Run(ctx, 1, 1, stat, boot.Options{})
	require.ErrorIs(t, err, boot.ErrUnits)
	require.Panics(t, func() { _, _ = boot.Run(ctx, 3, 0, stat, boot.Options{}) })
	require.Panics(t, func() { _, _ = boot.Run(ctx, 3, 1, nil, boot.Options{}) })
	require.Panics(t, func() {
		_, _ = boot.Run(ctx, 3, 1, func() boot.Statistic { return nil }, boot.Options{})
	})
}

func TestDefaults(t *testing.T) {
	x := normalData(3, 50, 0, 1)
	r, err := boot.Run(context.Background(), len(x), 1, boot.Shared(weightedMean(x, nil)), boot.Options{})
	require.NoError(t, err)
	require.Equal(t, boot.DefaultB, r.B)
	require.Equal(t, boot.DefaultConfidence, r.Confidence)
	require.Nil(t, r.BCa)
	require.Nil(t, r.Jackknife)
	require.Equal(t, 50, r.N)
	require.Equal(t, 50, r.K)
	require.Len(t, r.Replicates, boot.DefaultB)
	require.Empty(t, r.Warnings)
	// Zero-multiplicity units are allowed, never drawn, and not
	// jackknifed.
	r, err = boot.RunUnits(context.Background(), []int32{0, 5, 0, 7}, 1,
		boot.Shared(weightedMean([]float64{100, 1, 100, 2}, nil)), boot.Options{B: 200, BCa: true})
	require.NoError(t, err)
	for _, v := range r.Column(0) {
		require.True(t, v >= 1 && v <= 2, "replicate %v draws an empty unit", v)
	}
	require.True(t, math.IsNaN(r.Jackknife[0]) && math.IsNaN(r.Jackknife[2]))
	require.False(t, math.IsNaN(r.Jackknife[1]) || math.IsNaN(r.Jackknife[3]))
}

// errOdd is the failure of the test statistic below.
var errOdd = errors.New("unit 0 drawn 3 times or more")

// TestFailures checks the accounting of failed replicates: errors and
// NaN values both fail a replicate, failures are excluded from the
// summaries and reported, and too many of them fail the run.
func TestFailures(t *testing.T) {
	const n, B = 200, 400
	x := normalData(5, n, 10, 2)
	var calls, fails atomic.Int64
	// Fails (error or NaN, alternately by value) when case 0 is drawn 3
	// times or more: about P(Poisson(1) ≥ 3) = 8% of replicates.
	stat := func(c []int32, out []float64) error {
		var tot int32
		for _, ck := range c {
			tot += ck
		}
		if tot == n { // the estimate or a replicate (jackknife samples hold n-1 cases)
			calls.Add(1)
		}
		if c[0] >= 3 {
			if tot == n {
				fails.Add(1)
			}
			if c[0]%2 == 0 {
				out[0] = math.NaN()
				return nil
			}
			return errOdd
		}
		return weightedMean(x, nil)(c, out)
	}
	r, err := boot.Run(context.Background(), n, 1, boot.Shared(stat), boot.Options{B: B, Seed: 9, BCa: true})
	require.NoError(t, err)
	require.EqualValues(t, B+1, calls.Load())
	require.Positive(t, fails.Load())
	require.EqualValues(t, fails.Load(), r.Failed)
	require.Len(t, r.Column(0), B-r.Failed)

	// The failures are the NaN rows, and the summaries use the others.
	col := r.Column(0)
	var s float64
	for _, v := range col {
		s += v
	}
	mean := s / float64(len(col))
	var ss float64
	for _, v := range col {
		ss += (v - mean) * (v - mean)
	}
	require.InDelta(t, math.Sqrt(ss/float64(len(col)-1)), r.SE[0], 1e-12)
	require.InDelta(t, mean-r.Estimate[0], r.Bias[0], 1e-12)

	var fe *boot.FailureError
	require.Len(t, r.Warnings, 1)
	require.ErrorAs(t, r.Warnings[0], &fe)
	require.ErrorIs(t, r.Warnings[0], boot.ErrFailures)
	require.Equal(t, r.Failed, fe.Failed)
	require.Equal(t, B, fe.Total)
	require.True(t, errors.Is(fe, errOdd) || errors.Is(fe, boot.ErrNonFinite), "first failure: %v", fe.Err)

	// The first failure is the lowest failing replicate, whatever the
	// number of workers.
	for _, w := range []int{1, 3} {
		r2, err := boot.Run(context.Background(), n, 1, boot.Shared(stat), boot.Options{B: B, Seed: 9, Workers: w})
		require.NoError(t, err)
		var fe2 *boot.FailureError
		require.ErrorAs(t, r2.Warnings[0], &fe2)
		require.Equal(t, fe.Index, fe2.Index)
		require.True(t, math.IsNaN(r2.Replicate(fe.Index)[0]))
		for b := range fe.Index {
			require.False(t, math.IsNaN(r2.Replicate(b)[0]), "replicate %d failed before the first", b)
		}
	}

	// More failures than allowed.
	_, err = boot.Run(context.Background(), n, 1, boot.Shared(stat), boot.Options{B: B, Seed: 9, MaxFailFraction: 0.02})
	require.ErrorIs(t, err, boot.ErrTooManyFailures)
	require.ErrorAs(t, err, &fe)
	require.Equal(t, r.Failed, fe.Failed)
	require.Contains(t, err.Error(), "at most 2% allowed")
	// A negative fraction accepts no failure.
	_, err = boot.Run(context.Background(), n, 1, boot.Shared(stat), boot.Options{B: B, Seed: 9, MaxFailFraction: -1})
	require.ErrorIs(t, err, boot.ErrTooManyFailures)
	// A fraction of 1 accepts them all.
	_, err = boot.Run(context.Background(), n, 1, boot.Shared(stat), boot.Options{B: B, Seed: 9, MaxFailFraction: 1})
	require.NoError(t, err)
}

func TestEstimateFailure(t *testing.T) {
	errSingular := errors.New("singular")
	stat := func(c []int32, out []float64) error { return errSingular }
	_, err := boot.Run(context.Background(), 10, 2, boot.Shared(stat), boot.Options{})
	require.ErrorIs(t, err, boot.ErrEstimate)
	require.ErrorIs(t, err, errSingular)
	nan := func(c []int32, out []float64) error { out[0], out[1] = 1, math.Inf(1); return nil }
	_, err = boot.Run(context.Background(), 10, 2, boot.Shared(nan), boot.Options{})
	require.ErrorIs(t, err, boot.ErrEstimate)
	require.ErrorIs(t, err, boot.ErrNonFinite)
}

func TestPanic(t *testing.T) {
	var calls atomic.Int64
	stat := func(c []int32, out []float64) error {
		if calls.Add(1) == 50 {
			panic("index out of range in the statistic")
		}
		out[0] = float64(c[0])
		return nil
	}
	_, err := boot.Run(context.Background(), 10, 1, boot.Shared(stat), boot.Options{B: 200, Workers: 3})
	var pe *boot.PanicError
	require.ErrorAs(t, err, &pe)
	require.Equal(t, "index out of range in the statistic", pe.Value)
	require.Contains(t, string(pe.Stack), "boot_test.TestPanic")
}

// TestCancel cancels a run from inside the statistic and counts the
// evaluations started after the cancellation (the context already done when
// the statistic is entered): each worker may have checked the context just
// before, so at most one per worker. How many evaluations start between
// the call that cancels and the cancellation itself depends on the
// scheduler, so it is not bounded here.
func TestCancel(t *testing.T) {
	for _, workers := range []int{1, 2, 4} {
		t.Run(fmt.Sprint("workers=", workers), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var calls, after atomic.Int64
			stat := func(c []int32, out []float64) error {
				if ctx.Err() != nil {
					after.Add(1)
				}
				if calls.Add(1) == 100 {
					cancel()
				}
				out[0] = float64(c[0])
				return nil
			}
			r, err := boot.Run(ctx, 20, 1, boot.Shared(stat), boot.Options{B: 100000, Workers: workers, BCa: true})
			require.Nil(t, r)
			require.ErrorIs(t, err, context.Canceled)
			require.LessOrEqual(t, after.Load(), int64(workers), "evaluations started after cancellation")
			require.Less(t, calls.Load(), int64(100000), "the run stopped early")
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := boot.Run(ctx, 20, 1, boot.Shared(weightedMean(make([]float64, 20), nil)), boot.Options{})
	require.ErrorIs(t, err, context.Canceled)
}

// TestProgress checks the progress reports: never two at a time, done
// strictly increasing, at most about one per 1% of the work, and a last
// report at the total (B plus one jackknife sample per unit).
func TestProgress(t *testing.T) {
	for _, c := range []struct {
		name    string
		B       int
		bca     bool
		workers int
	}{
		{"B=1000", 1000, false, 4},
		{"B=1000 BCa", 1000, true, 3},
		{"B=37", 37, true, 2},
		{"serial", 500, false, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			const n = 60
			x := normalData(2, n, 0, 1)
			var mu sync.Mutex
			var inside atomic.Int32
			var got []int
			var totals []int
			progress := func(done, total int) {
				if inside.Add(1) != 1 {
					t.Error("concurrent progress calls")
				}
				defer inside.Add(-1)
				mu.Lock()
				got = append(got, done)
				totals = append(totals, total)
				mu.Unlock()
			}
			_, err := boot.Run(context.Background(), n, 1, boot.Shared(weightedMean(x, nil)),
				boot.Options{B: c.B, BCa: c.bca, Workers: c.workers, Progress: progress})
			require.NoError(t, err)
			total := c.B
			if c.bca {
				total += n
			}
			require.NotEmpty(t, got)
			require.Equal(t, total, got[len(got)-1])
			for i, v := range got {
				require.Equal(t, total, totals[i])
				if i > 0 {
					require.Greater(t, v, got[i-1], "progress not increasing: %v", got)
				}
			}
			// One report per step of ⌊total/100⌋ evaluations, plus the last.
			require.LessOrEqual(t, len(got), total/max(1, total/100)+1, "too many progress calls")
		})
	}
}

func TestReplicateAccess(t *testing.T) {
	x := normalData(4, 30, 0, 1)
	r, err := boot.Run(context.Background(), 30, 3, boot.Shared(momentsStat(x)), boot.Options{B: 50})
	require.NoError(t, err)
	require.Equal(t, r.Replicates[3*7:3*8], r.Replicate(7))
	require.Len(t, r.Column(2), 50)
	require.Equal(t, r.Replicates[3*9+2], r.Column(2)[9])
	require.Panics(t, func() { r.Replicate(50) })
	require.Panics(t, func() { r.Column(3) })
	require.True(t, slices.IsSorted([]float64{r.Percentile[0].Lo, r.Percentile[0].Hi}))
}
