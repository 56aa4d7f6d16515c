package driver_test

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/touchpoint-cx/touchpoint/driver"
)

// Bootstrap intervals for the importance of each step, its rank, and the
// ratio of the importance of two steps.
func ExampleBootstrap() {
	br, err := driver.Bootstrap(context.Background(), exampleX, exampleY, nil,
		driver.Options{Names: exampleSteps, Methods: driver.MethodsOf(driver.LMG)},
		driver.BootOptions{N: 500, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, d := range br.Drivers {
		ci, rk := d.CI[driver.MetricShare], d.CI[driver.MetricRank]
		fmt.Printf("%-9s %4.1f%% of R² (95%% CI %4.1f-%4.1f), rank %d (%.0f-%.0f)\n", d.Name,
			100*br.Result.Drivers[i].Share, 100*ci.Lo, 100*ci.Hi, br.Result.Drivers[i].Rank, rk.Lo, rk.Hi)
	}
	r, err := br.Ratio(driver.MetricImportance, [2]string{"ordering", "support"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("ordering matters %.1fx as much as support (95%% CI %.1f-%.1f)\n", r[0].Estimate, r[0].CI.Lo, r[0].CI.Hi)
	// Output:
	// ordering  44.0% of R² (95% CI 28.2-54.9), rank 1 (1-2)
	// delivery  38.3% of R² (95% CI 20.8-59.3), rank 2 (1-3)
	// support   17.7% of R² (95% CI  7.6-31.8), rank 3 (2-3)
	// ordering matters 2.5x as much as support (95% CI 1.2-5.5)
}

// Customers who skipped a step: a technician visit or self-service
// instructions, never both. Dummy-variable adjustment fills the missing
// ratings and adds one indicator for the path, whose importance and
// coefficient say what taking it does to the outcome.
func ExampleMissing() {
	nan := math.NaN()
	x := mat.NewDense(12, 3, []float64{
		4, 5, nan,
		3, nan, 4,
		5, 4, nan,
		2, nan, 2,
		4, 3, nan,
		3, nan, 3,
		5, 5, nan,
		1, nan, 2,
		4, 4, nan,
		2, nan, 4,
		3, 2, nan,
		4, nan, 5,
	})
	y := []float64{9, 5, 8, 3, 7, 5, 9, 2, 8, 5, 5, 6}
	res, err := driver.Analyze(x, y, nil, driver.Options{
		Names:   []string{"report", "technician", "self_service"},
		Missing: driver.MissingDummy,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	md := res.MissingReport
	fmt.Printf("%s: %d of %d rows used\n", md.Strategy, md.RowsUsed, md.RowsRead)
	for _, in := range md.Indicators {
		fmt.Printf("%s: 1 for %v, 0 for %v\n", in.Name, in.Same, in.Opposite)
	}
	for _, d := range res.Drivers {
		fmt.Printf("%-17s coef %+.2f  %4.1f%% of R²\n", d.Name, d.Coef, 100*d.Share)
	}
	// Output:
	// dummy: 12 of 12 rows used
	// passed:technician: 1 for [technician], 0 for [self_service]
	// report            coef +0.47  42.3% of R²
	// technician        coef +1.05  13.6% of R²
	// self_service      coef +0.81   9.9% of R²
	// passed:technician coef +2.54  34.3% of R²
}
