// Package priority turns driver analysis into decisions: importance-performance
// quadrants, impact-effort matrices, target-journey gaps and tracking.
//
// [Analyze] takes a study and returns a [Result]: per process the steps
// with their importance, performance, quadrant, management figures and
// priority index; the improvement ideas with their expected impact and
// impact-effort cell; the predicted outcome when the gaps to the target
// journey are closed; the funnel with its channel mix and failure demand;
// the changes between waves; and the order in which to improve the
// processes. Every number below is a formula of the study's data, written
// out so that it can be traced.
//
// Notation: for process P with respondents i, survey weights w_i (1 when
// the study has none, or with Options.Unweighted), y_i the outcome
// (Options.Outcome, default overall satisfaction), x_ij the score of step
// j (NaN when respondent i has none), d_ij = 1 when x_ij is present.
//
// # Importance
//
// The driver model of the outcome on the step scores is fitted by
// driver.Analyze with dummy-variable adjustment (driver.MissingDummy): a
// missing step score is filled with the step's weighted mean, and an
// indicator "passed:<step>" enters as a driver of its own (one per set of
// steps passed together or either-or), over the respondents with the
// outcome and a score for some step. The importance of step j is its lmg share of R²,
//
//	importance_j = lmg_j / R²
//
// (Lindeman, Merenda & Gold [1]; Grömping [2]); the indicators' shares
// together are Process.PassingImportance. The effect of step j is its
// coefficient b_j: the change of the outcome per scale point of the step
// among those who pass it.
//
// # Performance and the quadrants
//
// The performance of step j is its weighted mean score m_j (or, with
// Options.Performance = TopBox, its top-2 box), with the t (Wilson)
// interval of package csat. The quadrant splits are the medians of
// importance and performance over the process's analysed steps, or
// Options.ImportanceSplit / PerformanceSplit; a value at a split counts
// as high (as package internal/chart draws it):
//
//	fix_first     importance ≥ split, performance < split
//	keep_it_up    importance ≥ split, performance ≥ split
//	overkill      importance < split, performance ≥ split
//	low_priority  importance < split, performance < split
//
// Within a quadrant steps are ranked by importance, highest first (ties:
// lower performance first). This is the importance-performance analysis
// of Martilla & James [3].
//
// # The latent model: uplifts, targets and what-if
//
// A rise of a step's mean score moves a bounded, ordinal answer: near the
// top of the scale each further tenth of a point takes more. Impact and
// what-if therefore go through an ordinal-probit model of each step and
// of the outcome. Step j's scores v_1 < … < v_K are cuts of a latent
// standard normal z_j at the thresholds
//
//	τ_c = Φ⁻¹(P_c),   P_c the weighted share of scores ≤ v_c,
//
// and each answer is replaced by its normal score
// E[z | τ_{c−1} < z ≤ τ_c] = (φ(τ_{c−1}) − φ(τ_c)) / (P_c − P_{c−1})
// (Olsson [4]); an ordinal outcome (a rating, NPS coded −100/0/+100 for
// detractors, passives and promoters, a 0/1 outcome coded 0/100) is
// treated the same way, a numeric outcome is kept as is. The latent
// model regresses the outcome's normal score on the steps' normal scores
// (missing: the step's mean normal score) and the passing indicators of
// the driver model, over the same respondents, by weighted least squares
// from moments (driver.OLSMoments). The normal scores of an
// ordinal outcome keep the share V = Σ_c p_c score_c² of its latent
// variance, and under joint normality their covariances with the steps
// are V times the latent ones, so the coefficients are divided by V,
// giving the latent effect β_j (outcome latent sd per step latent sd;
// the polyserial correction, Olsson, Drasgow & Dorans [5]). Raising step j's mean score by u is a latent shift δ_j(u) ≥ 0,
// found by bisection from
//
//	m_j(δ) = Σ_c v_c [Φ(τ_c − δ) − Φ(τ_{c−1} − δ)] = m_j + u
//
// (at most 8 standard deviations, for a target at the top of the scale),
// and moves the outcome's latent mean by
//
//	Δ = Σ_j β_j · π_j · δ_j(u_j),
//
// with π_j the share of customers passing step j: the weighted share, of
// the respondents with a score for some step, of those with a score for
// step j. The outcome's measure then changes by
//
//	change = m_Y(Δ) − m_Y(0),   m_Y(Δ) = Σ_c y_c [Φ(τ_c − Δ) − Φ(τ_{c−1} − Δ)]
//
// for an ordinal outcome (mean score, NPS points or percent of 1s, as
// m_Y(0) is exactly the sample's mean, NPS or percent), and by Δ for a
// numeric one. For two steps with a shift each, their Δs add before m_Y.
//
// # Ideas: impact and effort
//
// An idea of ideas.csv raises the scores of its steps by its uplift u, or
// to its target T (u_j = max(0, T − m_j)). Its impact is the change of
// the outcome's measure for
//
//	Δ = Σ_{j ∈ idea} β_j · δ_j(u_j) · π_j
//
// (the step's effect × the uplift × the share of customers passing the
// step, on the latent scale). The impact-effort splits are the medians of
// the process's ideas' impact and effort, or Options.ImpactSplit /
// EffortSplit, a value at a split counting as high:
//
//	cell 1  impact ≥ split, effort < split   much impact, little effort
//	cell 2  impact ≥ split, effort ≥ split   much impact, much effort
//	cell 3  impact < split, effort < split   little impact, little effort
//	cell 4  impact < split, effort ≥ split   little impact, much effort
//
// Ideas are ranked by impact per unit of effort, impact / effort.
//
// # Targets, gaps and what-if
//
// The gap of step j is gap_j = max(0, T_j − m_j), T_j its target of
// journey.csv. The what-if closes the gaps, u_j = gap_j: each step alone
// (Δ of that step only) and all together (Δ of all), for the main outcome,
// NPS and every binary outcome (such as % retained). Predicted = current
// + change.
//
// # Intervals
//
// Importance, effect, idea impacts and what-if changes have percentile
// bootstrap intervals (package internal/boot; B = Options.B, default
// 200, seeded by Options.Seed): respondents are resampled with
// replacement, and everything above (fills, shares π, thresholds, both
// models) is recomputed on each replicate. Replicates analyse the
// dummy-adjusted design from its moments (driver.AnalyzeMoments), which
// reproduces driver.Analyze on the full sample to 1e-9. The what-if
// interval of the predicted outcome is that of current + change.
//
// # Management figures and the priority index
//
// A step's figures are its whole-step row of management.csv; a figure that
// row lacks is the sum over the step's channel rows (cost per contact:
// their volume-weighted mean). Contact cost = contact volume × cost per
// contact; failure cost = failure contacts × cost per contact.
//
// The priority index of step j for the goal (Options.Goal) weighs six
// criteria x_kj, each divided by its largest value over the process's
// steps:
//
//	c_kj  = x_kj / max_j x_kj
//	index = 100 · Σ_k w_k c_kj / Σ_k w_k
//
// over the criteria some step has (a step lacking one counts 0):
// importance (negative as 0), gap / (scale max − min), complaints,
// contact cost, failure cost (failure contacts without a cost), and
// drop-off (funnel). The weights w_k ([GoalWeights]):
//
//	goal          importance  gap  complaints  contact cost  failure cost  drop-off
//	satisfaction  0.5         0.3  0.2         0             0             0
//	cost          0.1         0.1  0           0.4           0.4           0
//	sales         0.3         0.2  0           0             0             0.5
//
// # Funnel, channels and failure demand
//
// Started and completed per step come from the step's whole-step row of
// management.csv when it gives both (customers per year, source
// "management"); otherwise from the survey (source "survey"): started =
// respondents with a score for the step, completed = those of them with a
// score for a later step (the last step: completed = started).
// Conversion = completed / started, drop-off = 1 − conversion, reach =
// started / started of the first step.
//
// The channel mix of a step joins the channels respondents used (their
// number, weighted share, and mean score with its t interval) with the
// channel rows of management.csv (volume, its share, cost per contact and
// cost = volume × cost per contact).
//
// Failure demand is the failure contacts of management.csv: contacts that
// signal a step did not work, such as calls about a step meant to be
// self-service (main channel web or app). They are taken as proportional
// to the step's distance from the top M of its scale, so a rise u of the
// step's mean m saves
//
//	ΔF = F · min(1, u / (M − m))
//
// contacts per year, worth ΔF × cost per contact: for the step reaching
// its target (u = gap) in the funnel, for an idea's uplift in the ideas.
//
// # Which process first
//
// Processes are ranked on four criteria, each divided by its largest
// value over the processes, weighted by Options.ProcessWeights (equal by
// default) and averaged over the criteria some process has:
//
//	importance  weighted Pearson correlation of the process's outcome with
//	            the relationship score (Options.Relationship; default
//	            brand, else nps) over its respondents (negative as 0)
//	frequency   customers per year (processes.csv volume), else respondents
//	gap         Σ_j importance_j · gap_j / (max_j − min_j)
//	image risk  Options.ImageRisk, else processes.csv image_risk (0-1)
//
// With one process every criterion it has scores 1.
//
// # Tracking
//
// Process.Tracking is journey.ProcessScore's Changes: per KPI and per step
// the change between consecutive waves with its interval, p-value and
// significance at 1 − Options.Confidence.
//
// # References
//
// [1] Lindeman RH, Merenda PF, Gold RZ (1980). Introduction to Bivariate and Multivariate Analysis. Scott, Foresman, Glenview IL.
// [2] Grömping U (2006). Relative importance for linear regression in R: the package relaimpo. Journal of Statistical Software 17(1):1-27.
// [3] Martilla JA, James JC (1977). Importance-performance analysis. Journal of Marketing 41(1):77-79.
// [4] Olsson U (1979). Maximum likelihood estimation of the polychoric correlation coefficient. Psychometrika 44(4):443-460.
// [5] Olsson U, Drasgow F, Dorans NJ (1982). The polyserial correlation coefficient. Psychometrika 47(3):337-347.
//
// # Concurrency
//
// Analyze reads the study and never modifies it: it may run on several
// goroutines at once on the same study. Its bootstrap runs on
// Options.Workers goroutines of its own.
package priority
