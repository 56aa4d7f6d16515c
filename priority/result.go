package priority

import (
	"github.com/touchpoint-cx/touchpoint/journey"
	"github.com/touchpoint-cx/touchpoint/survey"
)

// The quadrants of the importance-performance grid, as JSON writes them
// (the names package internal/chart uses).
const (
	FixFirst    = "fix_first"    // important, performing below the split
	KeepItUp    = "keep_it_up"   // important, performing at or above the split
	Overkill    = "overkill"     // less important, performing at or above the split
	LowPriority = "low_priority" // less important, performing below the split
)

// Result is the prioritisation of a study: per process the steps, ideas,
// targets, funnel and tracking, and the ranking of the processes.
type Result struct {
	Outcome    string         `json:"outcome"`    // the outcome the steps drive
	Goal       Goal           `json:"goal"`       // the goal weighing the priority index
	Confidence float64        `json:"confidence"` // level of the intervals
	B          int            `json:"bootstrap"`  // bootstrap replicates of the intervals
	Weights    ProcessWeights `json:"process_weights"`
	Processes  []Process      `json:"processes"`
	// Ranking orders the processes by Score (which process first).
	Ranking  []ProcessRank `json:"ranking"`
	Warnings []string      `json:"warnings"`
}

// Process is the prioritisation of one process.
type Process struct {
	Process     string `json:"process"`
	Label       string `json:"label"`
	Respondents int    `json:"respondents"`
	// N is the number of respondents in the driver model (those who
	// answered the outcome); R2 its R².
	N       int    `json:"n"`
	Outcome string `json:"outcome"`
	Measure string `json:"measure"` // the outcome's measure: "mean", "nps" or "percent"
	R2      Float  `json:"r2"`
	// PassingImportance is the lmg share of R² of the passing indicators
	// together (what going through a step or not explains).
	PassingImportance Float        `json:"passing_importance"`
	Model             string       `json:"model"` // how the driver model treats steps not passed
	Steps             []Step       `json:"steps"` // in journey order
	Splits            Splits       `json:"splits"`
	Ideas             []Idea       `json:"ideas"` // ranked by impact per unit of effort
	WhatIf            []WhatIf     `json:"what_if"`
	Funnel            []FunnelStep `json:"funnel"`
	// Tracking holds the changes of the process KPIs and step scores
	// between consecutive waves, with their significance.
	Tracking []journey.Change `json:"tracking"`
	Warnings []string         `json:"warnings"`
}

// Splits are the values that split the quadrant and the impact-effort
// matrix, and where they come from ("median" or "user").
type Splits struct {
	Importance       Float  `json:"importance"`
	Performance      Float  `json:"performance"`
	QuadrantSource   string `json:"quadrant_source"`
	Impact           Float  `json:"impact"`
	Effort           Float  `json:"effort"`
	ImpactSource     string `json:"impact_effort_source"`
	PerformanceShown string `json:"performance_measure"` // "mean" or "top2"
}

// Step is the priority of one step.
type Step struct {
	Step    string       `json:"step"`
	Label   string       `json:"label"`
	Phase   string       `json:"phase"`
	Channel string       `json:"channel"`
	Scale   survey.Scale `json:"scale"`
	// Analysed reports whether the step is in the driver model (a step
	// with fewer than 10 scores is not; its importance is then null).
	Analysed bool `json:"analysed"`
	// Passed counts the respondents with a score; PassShare is their
	// weighted share of the respondents with a score for any step.
	Passed    int   `json:"passed"`
	PassShare Float `json:"pass_share"`

	// Importance is the step's lmg share of R² with its bootstrap
	// percentile interval.
	Importance   Float `json:"importance"`
	ImportanceLo Float `json:"importance_lo"`
	ImportanceHi Float `json:"importance_hi"`
	// Effect is the step's coefficient in the driver model: the change of
	// the outcome per scale point of the step, for those who pass it.
	Effect   Float `json:"effect"`
	EffectLo Float `json:"effect_lo"`
	EffectHi Float `json:"effect_hi"`
	// LatentEffect is β_j of the latent model of the outcome (outcome
	// latent sd per step latent sd) and GapShift = δ_j(gap), the latent
	// shift that closes the step's gap (see the package documentation):
	// the what-if of the step alone moves the outcome's latent mean by
	// LatentEffect · PassShare · GapShift.
	LatentEffect Float `json:"latent_effect"`
	GapShift     Float `json:"gap_shift"`

	// Mean and Top2 are the step's weighted mean and top-2 box (in
	// percent);
	// Performance is the one Options.Performance selects, with its t
	// (mean) or Wilson (top-2) interval.
	Mean          Float `json:"mean"`
	Top2          Float `json:"top2"`
	Performance   Float `json:"performance"`
	PerformanceLo Float `json:"performance_lo"`
	PerformanceHi Float `json:"performance_hi"`

	// Quadrant is FixFirst, KeepItUp, Overkill or LowPriority ("" when not
	// analysed); QuadrantRank ranks the step within its quadrant
	// (1 = first).
	Quadrant     string `json:"quadrant"`
	QuadrantRank int    `json:"quadrant_rank"`

	// Target is the target score of the step (null when the study sets
	// none) and Gap = max(0, Target − Mean).
	Target Float `json:"target"`
	Gap    Float `json:"gap"`

	// Management holds the step's management figures (nil without).
	Management *Management `json:"management"`

	// Index is the priority index 0-100 for the goal, IndexRank its rank
	// in the process (1 = first) and IndexParts the normalised criteria
	// it weighs.
	Index      Float      `json:"index"`
	IndexRank  int        `json:"index_rank"`
	IndexParts IndexParts `json:"index_parts"`
}

// Management are the management figures of a step: the whole-step row of
// management.csv, or the sums of its channel rows where it has none.
type Management struct {
	Department      string `json:"department"`
	ContactVolume   Float  `json:"contact_volume"`
	CostPerContact  Float  `json:"cost_per_contact"`
	ContactCost     Float  `json:"contact_cost"` // ContactVolume × CostPerContact
	FTE             Float  `json:"fte"`
	Complaints      Float  `json:"complaints"`
	FailureContacts Float  `json:"failure_contacts"`
	FailureCost     Float  `json:"failure_cost"` // FailureContacts × CostPerContact
}

// IndexParts are the criteria of the priority index, each divided by its
// largest value over the process's steps (0-1); null when the study lacks
// the figure for every step.
type IndexParts struct {
	Importance  Float `json:"importance"`
	Gap         Float `json:"gap"`
	Complaints  Float `json:"complaints"`
	ContactCost Float `json:"contact_cost"`
	FailureCost Float `json:"failure_cost"`
	DropOff     Float `json:"drop_off"`
}

// Idea is an improvement idea with its expected impact.
type Idea struct {
	Idea   string   `json:"idea"`
	Steps  []string `json:"steps"`
	Uplift Float    `json:"uplift"` // as given, or null
	Target Float    `json:"target"` // as given, or null
	Effort Float    `json:"effort"`
	Cost   Float    `json:"cost"`
	// Impact is the expected change of the outcome, with its bootstrap
	// interval; ImpactPerEffort = Impact / Effort.
	// Shift is Δ = Σ_j β_j · δ_j(u_j) · π_j, the move of the outcome's
	// latent mean; Impact = m_Y(Δ) − m_Y(0) in the outcome's measure.
	Shift           Float `json:"latent_shift"`
	Impact          Float `json:"impact"`
	ImpactLo        Float `json:"impact_lo"`
	ImpactHi        Float `json:"impact_hi"`
	ImpactPerEffort Float `json:"impact_per_effort"`
	// Cell is 1 (much impact, little effort), 2 (much impact, much
	// effort), 3 (little impact, little effort) or 4 (little impact, much
	// effort); Rank orders the ideas by ImpactPerEffort (1 = first).
	Cell int `json:"cell"`
	Rank int `json:"rank"`
	// FailureReduction is the expected fall of failure contacts per year
	// and its value in money (null without management figures).
	FailureReduction     Float `json:"failure_reduction"`
	FailureReductionCost Float `json:"failure_reduction_cost"`
}

// WhatIf is the predicted outcome when the gaps to the target journey are
// closed, step by step and all together.
type WhatIf struct {
	Outcome string `json:"outcome"`
	// Measure is "mean" (the outcome's mean), "nps" (NPS points) or
	// "percent" (percent of 1s of a binary outcome).
	Measure string `json:"measure"`
	Current Float  `json:"current"`
	// All closes every gap: Change with its interval, and Predicted =
	// Current + Change with its interval.
	All   WhatIfChange   `json:"all"`
	Steps []WhatIfChange `json:"steps"` // one per step with a gap
}

// WhatIfChange is the predicted change of an outcome.
type WhatIfChange struct {
	Step        string `json:"step,omitempty"` // "" for all steps together
	Gap         Float  `json:"gap,omitempty"`
	Change      Float  `json:"change"`
	ChangeLo    Float  `json:"change_lo"`
	ChangeHi    Float  `json:"change_hi"`
	Predicted   Float  `json:"predicted"`
	PredictedLo Float  `json:"predicted_lo"`
	PredictedHi Float  `json:"predicted_hi"`
}

// ProcessRank is a process's place in the order of which process first.
type ProcessRank struct {
	Process string `json:"process"`
	Label   string `json:"label"`
	// The criteria as measured: Importance is the weighted correlation of
	// the process's outcome with the relationship score; Frequency the
	// customers per year (processes.csv) or else the respondents; Gap the
	// importance-weighted mean gap as a share of the scale; ImageRisk
	// 0-1 (null when not given).
	Relationship string `json:"relationship"`
	Importance   Float  `json:"importance"`
	Frequency    Float  `json:"frequency"`
	FrequencyOf  string `json:"frequency_source"` // "volume" or "respondents"
	Gap          Float  `json:"gap"`
	ImageRisk    Float  `json:"image_risk"`
	// Score is the weighted mean of the criteria divided by their largest
	// value over the processes (0-1); Rank orders by Score (1 = first).
	Score Float `json:"score"`
	Rank  int   `json:"rank"`
}
