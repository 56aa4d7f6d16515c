package driver_test

import (
	"encoding/json"
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

// FuzzResultJSON decodes a Result as JSON (as `touchpoint drivers --format
// json` writes it, null for NaN): no input may panic, and what decodes
// encodes to JSON that decodes and encodes the same.
func FuzzResultJSON(f *testing.F) {
	x, y := randomData(40, 3, 7)
	res, err := driver.Analyze(x, y, nil, driver.Options{})
	if err != nil {
		f.Fatal(err)
	}
	b, err := json.Marshal(res)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`{"n":1,"drivers":[{"name":"a","lmg":null,"shares":{"lmg":null}}],"dominance":{"names":["a"],"general":[null],"conditional":[[null]],"complete":[[null]]}}`))
	f.Add([]byte(`{"regression":{"coef":[1e308,null]},"logistic":{"se":[null]},"warnings":["x"]}`))
	f.Add([]byte(`{"dominance":{"complete":[[1,2],[3]]},"methods":["lmg","bogus"]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var r driver.Result
		if err := json.Unmarshal(b, &r); err != nil {
			return
		}
		out, err := json.Marshal(&r)
		if err != nil {
			return // a value JSON cannot hold, such as a warning that is not text
		}
		var back driver.Result
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("decoding what was encoded: %v\n%s", err, out)
		}
		again, err := json.Marshal(&back)
		if err != nil {
			t.Fatal(err)
		}
		if string(again) != string(out) {
			t.Fatalf("round trip changed\n%s\nto\n%s", out, again)
		}
	})
}

// FuzzParseNames parses the names of the options of the drivers command
// (--methods is FuzzParseMethods'): the pseudo-R², the interval method and
// the treatment of missing values. What parses must print as a name that
// parses to the same value.
func FuzzParseNames(f *testing.F) {
	for _, s := range []string{"mcfadden", "cox_snell", "Nagelkerke", "perc", "BCa", "listwise", "pairwise", "dummy", "", " x "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if p, err := driver.ParsePseudoR2(s); err == nil {
			if back, err := driver.ParsePseudoR2(p.String()); err != nil || back != p {
				t.Fatalf("pseudo-R² %q: %v prints as %q, which parses to %v, %v", s, p, p.String(), back, err)
			}
		}
		if m, err := driver.ParseCIMethod(s); err == nil {
			if back, err := driver.ParseCIMethod(m.String()); err != nil || back != m {
				t.Fatalf("interval method %q: %v prints as %q, which parses to %v, %v", s, m, m.String(), back, err)
			}
		}
		if m, err := driver.ParseMissing(s); err == nil {
			if back, err := driver.ParseMissing(m.String()); err != nil || back != m {
				t.Fatalf("missing %q: %v prints as %q, which parses to %v, %v", s, m, m.String(), back, err)
			}
		}
	})
}
