package priority_test

import (
	"fmt"

	"github.com/touchpoint-cx/touchpoint/priority"
	"github.com/touchpoint-cx/touchpoint/survey"
)

// The steps of the onboarding example study in their quadrants, and the
// idea with the most impact per unit of effort.
func ExampleAnalyze() {
	st, _, err := survey.Load("../testdata/onboarding", survey.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := priority.Analyze(st, priority.Options{B: 20})
	if err != nil {
		fmt.Println(err)
		return
	}
	p := res.Processes[0]
	for _, s := range p.Steps {
		fmt.Printf("%-20s %-13s importance %4.1f%%\n", s.Step, s.Quadrant, 100*s.Importance)
	}
	best := p.Ideas[0]
	fmt.Printf("first idea: %s (cell %d)\n", best.Idea, best.Cell)
	// Output:
	// orientation          low_priority  importance  4.1%
	// application_form     fix_first     importance 41.3%
	// confirmation_mail    overkill      importance  8.5%
	// account_activation   keep_it_up    importance 16.3%
	// product_delivery     keep_it_up    importance 23.6%
	// welcome_gift         low_priority  importance  5.9%
	// first idea: Remove optional fields from the application form (cell 1)
}
