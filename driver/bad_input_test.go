package driver_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/touchpoint-cx/touchpoint/driver"
)

// TestNoCompleteRows checks that an analysis with no complete row says
// why, naming a variable that has no value at all.
func TestNoCompleteRows(t *testing.T) {
	nan := math.NaN()
	x := mat.NewDense(4, 2, []float64{1, nan, 2, nan, 3, nan, 4, nan})
	y := []float64{1, 2, 3, 4}
	for _, tc := range []struct {
		name string
		x    *mat.Dense
		y, w []float64
		opts driver.Options
		want string
	}{
		{"empty driver", x, y, nil, driver.Options{Names: []string{"form", "mail"}},
			`driver: too few complete rows: 0 of 4; no value at all for "mail"`},
		{"empty driver, logistic", x, []float64{0, 1, 0, 1}, nil, driver.Options{Names: []string{"form", "mail"}, Logistic: true},
			`driver: too few complete rows: 0 of 4; no value at all for "mail"`},
		{"empty outcome", mat.NewDense(3, 1, []float64{1, 2, 3}), []float64{nan, nan, nan}, nil, driver.Options{Outcome: "overall"},
			`driver: too few complete rows: 0 of 3; no value at all for "overall"`},
		{"zero weights", mat.NewDense(3, 1, []float64{1, 2, 3}), []float64{1, 2, 3}, []float64{0, 0, 0}, driver.Options{},
			`driver: too few complete rows: 0 of 3; no row has a positive weight`},
		{"scattered", mat.NewDense(2, 2, []float64{1, nan, nan, 2}), []float64{1, 2}, nil, driver.Options{},
			`driver: too few complete rows: 0 of 2; each row misses the outcome, a driver or its weight`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := driver.Analyze(tc.x, tc.y, tc.w, tc.opts)
			require.ErrorIs(t, err, driver.ErrFewRows)
			assert.Equal(t, tc.want, err.Error())
		})
	}
}

// TestHugeValues checks that values whose squares overflow are named with
// the reason, rather than as an "infinite value" the data do not hold.
func TestHugeValues(t *testing.T) {
	x := mat.NewDense(6, 2, []float64{1, 2, 2, 1, 3, 5, 4, 1e300, 5, 3, 6, 4})
	y := []float64{1, 3, 2, 5, 4, 6}
	_, err := driver.Analyze(x, y, nil, driver.Options{Names: []string{"form", "visit"}})
	require.ErrorIs(t, err, driver.ErrNonFinite)
	assert.Contains(t, err.Error(), "variance of visit is +Inf: its values or their squares exceed the range of double precision")
}
