package journey

import (
	"encoding/json"
	"math"
)

// jsonFloat is a float64 written as null in JSON when it is NaN or
// infinite (a mean of no answers, the interval of a single answer, the
// test of a change where a wave has one answer), and read back from null as
// NaN.
type jsonFloat float64

func (f jsonFloat) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(v)
}

func (f *jsonFloat) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*f = jsonFloat(math.NaN())
		return nil
	}
	var v float64
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*f = jsonFloat(v)
	return nil
}

// meanJSON is MeanResult with its figures as jsonFloat.
type meanJSON struct {
	N    int       `json:"n"`
	NEff jsonFloat `json:"n_eff"`
	Mean jsonFloat `json:"mean"`
	SD   jsonFloat `json:"sd"`
	SE   jsonFloat `json:"se"`
	Lo   jsonFloat `json:"lo"`
	Hi   jsonFloat `json:"hi"`
}

// MarshalJSON encodes m with NaN (undefined) figures as null.
func (m MeanResult) MarshalJSON() ([]byte, error) {
	return json.Marshal(meanJSON{m.N, jsonFloat(m.NEff), jsonFloat(m.Mean), jsonFloat(m.SD), jsonFloat(m.SE), jsonFloat(m.Lo), jsonFloat(m.Hi)})
}

// UnmarshalJSON decodes m, reading null as NaN.
func (m *MeanResult) UnmarshalJSON(b []byte) error {
	var j meanJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*m = MeanResult{j.N, float64(j.NEff), float64(j.Mean), float64(j.SD), float64(j.SE), float64(j.Lo), float64(j.Hi)}
	return nil
}

// changeJSON is Change with its figures as jsonFloat.
type changeJSON struct {
	KPI         string    `json:"kpi"`
	Step        string    `json:"step,omitempty"`
	Measure     string    `json:"measure"`
	From        string    `json:"from"`
	To          string    `json:"to"`
	Before      jsonFloat `json:"before"`
	After       jsonFloat `json:"after"`
	Diff        jsonFloat `json:"diff"`
	SE          jsonFloat `json:"se"`
	Lo          jsonFloat `json:"lo"`
	Hi          jsonFloat `json:"hi"`
	P           jsonFloat `json:"p"`
	Test        string    `json:"test"`
	Significant bool      `json:"significant"`
}

// MarshalJSON encodes c with NaN (undefined) figures as null.
func (c Change) MarshalJSON() ([]byte, error) {
	return json.Marshal(changeJSON{c.KPI, c.Step, c.Measure, c.From, c.To, jsonFloat(c.Before), jsonFloat(c.After),
		jsonFloat(c.Diff), jsonFloat(c.SE), jsonFloat(c.Lo), jsonFloat(c.Hi), jsonFloat(c.P), c.Test, c.Significant})
}

// UnmarshalJSON decodes c, reading null as NaN.
func (c *Change) UnmarshalJSON(b []byte) error {
	var j changeJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*c = Change{j.KPI, j.Step, j.Measure, j.From, j.To, float64(j.Before), float64(j.After), float64(j.Diff),
		float64(j.SE), float64(j.Lo), float64(j.Hi), float64(j.P), j.Test, j.Significant}
	return nil
}
