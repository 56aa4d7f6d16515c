package driver_test

import (
	"fmt"
	"math"
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/touchpoint-cx/touchpoint/driver"
	"github.com/touchpoint-cx/touchpoint/internal/testutil"
)

// baselineLMG is the straightforward computation of lmg that relaimpo's
// calc.relimp makes: one least-squares fit per subset S of the drivers,
// from the correlation matrix R (outcome first),
//
//	R²(S) = r_Sᵀ β_S,   R_SS β_S = r_S   (Cholesky of R_SS),
//
// stored in a table of all 2^p values, then
//
//	lmg_j = Σ_{S ∌ j} |S|! (p−|S|−1)! / p! · [R²(S ∪ j) − R²(S)].
//
// It is the yardstick of BenchmarkLMGBaseline, and shares no code with the
// package's enumeration.
func baselineLMG(r *mat.SymDense) []float64 {
	p := r.SymmetricDim() - 1
	table := make([]float64, 1<<p)
	idx := make([]int, 0, p)
	for mask := 1; mask < 1<<p; mask++ {
		idx = idx[:0]
		for j := range p {
			if mask&(1<<j) != 0 {
				idx = append(idx, j+1)
			}
		}
		k := len(idx)
		rss := mat.NewSymDense(k, nil)
		rs := mat.NewVecDense(k, nil)
		for a, ia := range idx {
			rs.SetVec(a, r.At(0, ia))
			for c := a; c < k; c++ {
				rss.SetSym(a, c, r.At(ia, idx[c]))
			}
		}
		var ch mat.Cholesky
		if !ch.Factorize(rss) {
			panic("baseline: not positive definite")
		}
		var beta mat.VecDense
		if err := ch.SolveVecTo(&beta, rs); err != nil {
			panic(err)
		}
		table[mask] = mat.Dot(rs, &beta)
	}
	// weights |S|! (p−|S|−1)! / p! by size
	w := make([]float64, p)
	for s := range p {
		f := new(big.Rat).SetFrac(new(big.Int).Mul(fact(s), fact(p-s-1)), fact(p))
		w[s], _ = f.Float64()
	}
	lmg := make([]float64, p)
	for mask := 0; mask < 1<<p; mask++ {
		s := popcount(mask)
		for j := range p {
			if mask&(1<<j) == 0 {
				lmg[j] += w[s] * (table[mask|1<<j] - table[mask])
			}
		}
	}
	return lmg
}

func fact(n int) *big.Int { return new(big.Int).MulRange(1, int64(max(n, 1))) }

func popcount(m int) int {
	c := 0
	for ; m != 0; m &= m - 1 {
		c++
	}
	return c
}

// corrOf returns the correlation matrix of the outcome and the drivers.
func corrOf(x *mat.Dense, y []float64) *mat.SymDense {
	m, err := driver.MomentsOf(x, y, nil, nil)
	if err != nil {
		panic(err)
	}
	var r mat.SymDense
	m.CorrTo(&r)
	return &r
}

// TestBaselineLMG checks that the baseline computes lmg: it agrees with
// relaimpo 2.2.7 on the oracle's survey_small study (testdata/oracle/
// expected/survey_small/relaimpo_overall.json, calc.relimp(overall ~ .,
// type = "lmg")), so the ratio of BenchmarkLMGBaseline compares two
// computations of the same numbers.
func TestBaselineLMG(t *testing.T) {
	c := oracleCases[3]
	require.Equal(t, "survey_small/overall", c.name)
	x, y, preds := c.load(t)
	var rf relaimpoFile
	testutil.LoadJSON(t, c.expected("relaimpo_overall.json"), &rf)
	lmg := baselineLMG(corrOf(x, y))
	for j, p := range preds {
		testutil.AssertClose(t, p+" baseline lmg [relaimpo]", lmg[j], rf.RelaFalse.LMG[p], 1e-14, 1e-9)
	}
}

// BenchmarkLMGBaseline times exact lmg from the Moments of n = 5000 rows
// by the package (AnalyzeMoments: the fit from the moments and the
// enumeration of all subsets) and by the baseline (the correlation matrix,
// then one Cholesky fit per subset, as relaimpo), for p = 12..16, where the
// baseline takes at most seconds; scripts/bench prints the ratio
// baseline/package. Both start from the same Moments, so the ratio is that
// of the all-subsets work.
func BenchmarkLMGBaseline(b *testing.B) {
	for _, p := range []int{12, 14, 16} {
		x, y := randomData(5000, p, 9)
		m, err := driver.MomentsOf(x, y, nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("p=%d/n=5000/package", p), func(b *testing.B) {
			opts := driver.Options{Methods: driver.MethodsOf(driver.LMG)}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := driver.AnalyzeMoments(m, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("p=%d/n=5000/baseline", p), func(b *testing.B) {
			b.ReportAllocs()
			var lmg []float64
			for b.Loop() {
				var r mat.SymDense
				m.CorrTo(&r)
				lmg = baselineLMG(&r)
			}
			if math.IsNaN(lmg[0]) {
				b.Fatal("NaN")
			}
		})
	}
}
