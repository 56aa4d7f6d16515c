package driver

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// TestNearestCorrelation checks nearestCorrelation on the example of
// Higham (2002), IMA J. Numer. Anal. 22(3):329-343, section 4: the nearest
// correlation matrix to A = [1 1 0; 1 1 1; 0 1 1] is, to the four
// decimals printed there, [1 .7607 .1573; .7607 1 .7607; .1573 .7607 1].
func TestNearestCorrelation(t *testing.T) {
	a := mat.NewSymDense(3, []float64{1, 1, 0, 1, 1, 1, 0, 1, 1})
	want := mat.NewSymDense(3, []float64{1, .7607, .1573, .7607, 1, .7607, .1573, .7607, 1})
	for _, delta := range []float64{0, PairwiseMinEigen} {
		got, err := nearestCorrelation(a, delta)
		require.NoError(t, err)
		for i := 0; i < 3; i++ {
			for j := 0; j < 3; j++ {
				if d := math.Abs(got.At(i, j) - want.At(i, j)); d > 0.5e-4+2*delta {
					t.Errorf("delta %g: X[%d,%d] = %.6f, want %.4f", delta, i, j, got.At(i, j), want.At(i, j))
				}
			}
		}
		var eig mat.EigenSym
		require.True(t, eig.Factorize(got, false))
		lam := eig.Values(nil)
		require.GreaterOrEqual(t, lam[0], delta*(1-1e-6)-1e-14, "smallest eigenvalue")
	}
	// A correlation matrix is its own nearest one.
	c := mat.NewSymDense(3, []float64{1, .5, .2, .5, 1, .3, .2, .3, 1})
	got, err := nearestCorrelation(c, PairwiseMinEigen)
	require.NoError(t, err)
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			require.InDelta(t, c.At(i, j), got.At(i, j), 1e-12)
		}
	}
}
