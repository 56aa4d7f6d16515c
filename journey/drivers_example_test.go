package journey_test

import (
	"context"
	"fmt"
	"math"
	"strings"

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

// The passing effects of the repair study, where customers either get a
// technician visit or follow self-service instructions: self-service is
// the other path than scheduling and getting the visit.
func ExampleDrivers_paths() {
	st, _, err := survey.Load(testutil.Testdata("repair"), survey.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	pd, err := journey.Drivers(st, st.Processes[0], journey.DriverOptions{Goals: []string{}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range pd.Steps {
		if s.PassEffect == nil {
			continue
		}
		fmt.Printf("%-16s %+.2f", s.Step, s.PassEffect.Value)
		if s.PassNote == "aliased" {
			fmt.Printf(" (the other path than %s)", strings.Join(s.AliasedWith, " and "))
		}
		fmt.Println()
	}
	// Output:
	// report_fault     +0.07
	// schedule_visit   -0.32
	// technician_visit -0.22
	// self_service     +0.54 (the other path than schedule_visit and technician_visit)
	// follow_up        +0.02
}

// Which process matters most for the relationship NPS: two processes of a
// study built in Go, billing (1,000 customers a year) and delivery
// (3,000). NPS follows satisfaction with billing twice as steeply, but
// delivery reaches three times as many customers.
func ExampleProcessLevel() {
	step := func(id string) []survey.Step {
		return []survey.Step{{ID: id, Phase: "closure", Channel: "web", Scale: survey.Scale{Min: 1, Max: 5}, Target: math.NaN()}}
	}
	j := &survey.Journey{Processes: []survey.ProcessDef{
		{ID: "billing", Label: "Billing", Volume: 1000, ImageRisk: math.NaN(), Steps: step("invoice")},
		{ID: "delivery", Label: "Delivery", Volume: 3000, ImageRisk: math.NaN(), Steps: step("parcel")},
	}}
	var rs []survey.Respondent
	for i := range 400 {
		overall := float64(1 + (i/2)%10)
		r := survey.Respondent{ID: fmt.Sprint(i), Process: "billing", Scores: map[string]float64{"invoice": 3},
			Outcomes: map[string]float64{"overall": overall, "nps": 3}}
		if overall >= 6 {
			r.Outcomes["nps"] = 10 // detractors up to 5, promoters from 6
		}
		if i%2 == 1 {
			r.Process, r.Scores = "delivery", map[string]float64{"parcel": 3}
			if overall >= 6 {
				r.Outcomes["nps"] = 8 // detractors up to 5, passives from 6
			}
		}
		rs = append(rs, r)
	}
	st, _, err := survey.Build(j, rs, survey.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := journey.ProcessLevel(context.Background(), st, journey.ProcessLevelOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range res.Processes {
		fmt.Printf("%-8s %3.0f%% of customers, %+5.1f NPS points per point, impact %+5.2f, rank %d\n",
			p.Label, 100*p.Share, p.Slope.Value, p.Impact.Value, p.Rank)
	}
	// Output:
	// Billing   25% of customers, +30.3 NPS points per point, impact +7.58, rank 2
	// Delivery  75% of customers, +15.2 NPS points per point, impact +11.36, rank 1
}
