package driver_test

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/touchpoint-cx/touchpoint/driver"
)

// FuzzParseMissing checks that ParseMissing and ParseCIMethod never panic
// and that what they accept round-trips through MarshalText.
func FuzzParseMissing(f *testing.F) {
	for _, s := range []string{"listwise", "pairwise", "dummy", " DUMMY ", "perc", "bca", "percentile", "", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if m, err := driver.ParseMissing(s); err == nil {
			b, err := m.MarshalText()
			if err != nil {
				t.Fatal(err)
			}
			back, err := driver.ParseMissing(string(b))
			if err != nil || back != m {
				t.Fatalf("%q: round trip gave %v, %v", s, back, err)
			}
		}
		if m, err := driver.ParseCIMethod(s); err == nil {
			b, err := m.MarshalText()
			if err != nil {
				t.Fatal(err)
			}
			back, err := driver.ParseCIMethod(string(b))
			if err != nil || back != m {
				t.Fatalf("%q: round trip gave %v, %v", s, back, err)
			}
		}
	})
}

// FuzzAnalyzeMissing checks that no data reach a panic under the three
// strategies for missing values: each byte gives a value of a 3-driver
// table (255 = missing, 254 = +Inf, else the byte / 16), the last column
// of a row being the outcome; a second byte string gives weights.
func FuzzAnalyzeMissing(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 255, 7, 8, 9, 10, 11, 12, 13, 14, 255, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28}, []byte{1, 2, 0, 3})
	f.Add([]byte{255, 255, 255, 1, 255, 255, 255, 2, 3, 4, 5, 6, 254, 1, 2, 3}, []byte{})
	f.Fuzz(func(t *testing.T, data, wb []byte) {
		const c = 4
		n := len(data) / c
		if n == 0 || n > 200 {
			return
		}
		val := func(b byte) float64 {
			switch b {
			case 255:
				return math.NaN()
			case 254:
				return math.Inf(1)
			}
			return float64(b) / 16
		}
		x := mat.NewDense(n, c-1, nil)
		y := make([]float64, n)
		for i := 0; i < n; i++ {
			for j := 0; j < c-1; j++ {
				x.Set(i, j, val(data[i*c+j]))
			}
			y[i] = val(data[i*c+c-1])
		}
		var w []float64
		if len(wb) > 0 {
			w = make([]float64, n)
			for i := range w {
				w[i] = val(wb[i%len(wb)])
			}
		}
		for _, s := range []driver.Missing{driver.MissingListwise, driver.MissingPairwise, driver.MissingDummy} {
			res, err := driver.Analyze(x, y, w, driver.Options{Missing: s})
			if err == nil && res.MissingReport == nil {
				t.Fatalf("%v: no missing-data report", s)
			}
		}
	})
}
