package driver_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/touchpoint-cx/touchpoint/driver"
)

// BenchmarkBootstrap times Bootstrap with 1000 replicates of 5000 rows
// and 10 drivers: lmg only, every metric, and the missing-data strategies
// (10% of the driver values blanked for pairwise and dummy), on all cores.
func BenchmarkBootstrap(b *testing.B) {
	const n, p = 5000, 10
	x, y := randomData(n, p, 1)
	xm, _ := randomData(n, p, 1)
	rng := rand.New(rand.NewPCG(2, 0x5eed))
	for i := 0; i < n; i++ {
		for j := 0; j < p; j++ {
			if rng.Float64() < 0.1 {
				xm.Set(i, j, math.NaN())
			}
		}
	}
	for _, tc := range []struct {
		name string
		miss bool
		opts driver.Options
		bo   driver.BootOptions
	}{
		{"lmg", false, driver.Options{Methods: driver.MethodsOf(driver.LMG)}, driver.BootOptions{}},
		{"all", false, driver.Options{}, driver.BootOptions{}},
		{"lmg/bca", false, driver.Options{Methods: driver.MethodsOf(driver.LMG)}, driver.BootOptions{CI: driver.CIBCa}},
		{"lmg/pairwise", true, driver.Options{Methods: driver.MethodsOf(driver.LMG), Missing: driver.MissingPairwise}, driver.BootOptions{}},
		{"lmg/dummy", true, driver.Options{Methods: driver.MethodsOf(driver.LMG), Missing: driver.MissingDummy}, driver.BootOptions{}},
	} {
		b.Run(fmt.Sprintf("%s/n=%d/p=%d/B=1000", tc.name, n, p), func(b *testing.B) {
			xx := x
			if tc.miss {
				xx = xm
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := driver.Bootstrap(context.Background(), xx, y, nil, tc.opts, tc.bo); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
