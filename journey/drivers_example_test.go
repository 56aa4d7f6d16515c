package journey_test

import (
	"fmt"

	"github.com/touchpoint-cx/touchpoint/internal/testutil"
	"github.com/touchpoint-cx/touchpoint/journey"
	"github.com/touchpoint-cx/touchpoint/survey"
)

// The driver analysis of the example study: the importance of each step for
// overall satisfaction (its share of R²), the sign of its coefficient, and
// the effect of one more point on the step in NPS points.
func ExampleDrivers() {
	st, _, err := survey.Load(testutil.Testdata("onboarding"), survey.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	pd, err := journey.Drivers(st, st.Processes[0], journey.DriverOptions{Goals: []string{"nps"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("R² %.3f, %d respondents\n", pd.R2.Value, pd.N)
	nps := pd.Goals[0]
	for i, s := range pd.Steps {
		fmt.Printf("%-18s rank %d  share %4.1f%%  sign %+d  %+5.1f NPS points per point\n",
			s.Step, s.Rank, 100*s.Share.Value, s.Sign, nps.Steps[i].Effect.Value)
	}
	// Output:
	// R² 0.580, 2987 respondents
	// orientation        rank 6  share  4.2%  sign -1   -7.5 NPS points per point
	// application_form   rank 1  share 41.3%  sign +1  +28.7 NPS points per point
	// confirmation_mail  rank 4  share  8.6%  sign +1   +5.5 NPS points per point
	// account_activation rank 3  share 16.3%  sign +1  +15.4 NPS points per point
	// product_delivery   rank 2  share 23.8%  sign +1  +25.1 NPS points per point
	// welcome_gift       rank 5  share  5.9%  sign +1   +4.2 NPS points per point
}
