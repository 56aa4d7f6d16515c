package driver

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// TestRegressionJSONNames checks the snake_case names of the regression
// results and that a model without intercept (NaN intercept figures)
// encodes, with null, and decodes back.
func TestRegressionJSONNames(t *testing.T) {
	x := mat.NewDense(6, 2, []float64{1, 2, 2, 1, 3, 5, 4, 3, 5, 6, 6, 4})
	y := []float64{3, 4, 8, 7, 11, 10}
	res, err := OLS(x, y, nil, OLSOptions{NoIntercept: true})
	require.NoError(t, err)
	b, err := json.Marshal(res)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	for _, k := range []string{"n", "names", "intercept", "intercept_coef", "coef", "se", "t", "p", "lo", "hi",
		"confidence", "std_coef", "r2", "adj_r2", "sigma", "f", "f_p", "df_residual", "rss", "tss", "cond", "vif", "warnings"} {
		assert.Contains(t, m, k)
	}
	assert.Nil(t, m["intercept_coef"])
	var back OLSResult
	require.NoError(t, json.Unmarshal(b, &back))
	assert.True(t, math.IsNaN(back.InterceptCoef))
	assert.Equal(t, res.Coef, back.Coef)
	assert.Equal(t, res.DFResidual, back.DFResidual)

	yb := []float64{0, 1, 0, 1, 1, 0}
	lr, err := Logistic(x, yb, nil, LogisticOptions{})
	require.NoError(t, err)
	b, err = json.Marshal(lr)
	require.NoError(t, err)
	m = nil
	require.NoError(t, json.Unmarshal(b, &m))
	for _, k := range []string{"n", "coef", "se", "z", "p", "deviance", "null_deviance", "loglik", "aic", "mcfadden", "nagelkerke", "iterations", "converged"} {
		assert.Contains(t, m, k)
	}
}
