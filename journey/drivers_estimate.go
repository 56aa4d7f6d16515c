package journey

import (
	"encoding/json"
	"math"
)

// Estimate is a point estimate with its bootstrap confidence interval
// [Lo, Hi]. Lo and Hi are NaN (null in JSON) when no interval was computed:
// without a bootstrap, or for a quantity that is not bootstrapped.
type Estimate struct {
	Value float64
	Lo    float64
	Hi    float64
}

func point(v float64) Estimate { return Estimate{Value: v, Lo: math.NaN(), Hi: math.NaN()} }

// Excludes reports whether the interval lies entirely on one side of x
// (false without an interval).
func (e Estimate) Excludes(x float64) bool {
	return !math.IsNaN(e.Lo) && !math.IsNaN(e.Hi) && (e.Lo > x || e.Hi < x)
}

type estimateJSON struct {
	Value *float64 `json:"value"`
	Lo    *float64 `json:"lo"`
	Hi    *float64 `json:"hi"`
}

func finitePtr(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

func orNaN(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

// MarshalJSON writes e as {"value": v, "lo": lo, "hi": hi}, with null for
// NaN.
func (e Estimate) MarshalJSON() ([]byte, error) {
	return json.Marshal(estimateJSON{finitePtr(e.Value), finitePtr(e.Lo), finitePtr(e.Hi)})
}

// UnmarshalJSON reads e as written by MarshalJSON, null as NaN.
func (e *Estimate) UnmarshalJSON(b []byte) error {
	var j estimateJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*e = Estimate{orNaN(j.Value), orNaN(j.Lo), orNaN(j.Hi)}
	return nil
}
