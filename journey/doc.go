// Package journey analyses a study as a CX team reads it: per process, the
// scores of the process and of every step in journey order, per segment and
// per survey wave, and the changes between waves that show whether an
// improvement moved the numbers.
//
// It joins the journey model of package survey to the score packages nps,
// ces and csat (and, for driver analysis, to package driver); those packages
// know nothing of journeys and work on plain slices.
//
// # Scores
//
// [Scores] computes, for every process of a study:
//
//   - the process-level KPIs: NPS (0-10 likelihood to recommend; see package
//     nps), CES (package ces, on the study's CES scale), CSAT (package csat, on
//     the study's CSAT scale), overall satisfaction (mean and top-2 box on its
//     scale, as csat) and every business outcome (binary outcomes as the share
//     of 1s with a Wilson interval; rated outcomes as mean and top-2 box;
//     numeric outcomes as a mean with a t interval);
//   - per step, in journey order, the satisfaction (mean and top-2 box on the
//     step's scale) and, where it is asked, the effort, over the respondents
//     who went through the step;
//   - the same per segment and per wave; and
//   - for each pair of consecutive waves (in the study's wave order), the
//     change of every KPI and step score with its standard error, interval and
//     p-value: NPS by the z-test of [nps.Diff], means by Welch's t-test and
//     shares by the two-proportion z-test ([csat.Compare], [ces.Compare]).
//     A change is significant when its p-value is below 1 − Confidence.
//
// Weights: unless ScoreOptions.Unweighted is set, every estimate uses the
// respondents' survey weights, and standard errors use the Kish effective
// sample size (see package nps). A group without answers has no score: the
// field is nil and a note says why, never a 0 that reads as a score.
//
// # Concurrency
//
// The functions of this package read the study and never modify it: they
// may run on several goroutines at once on the same study. The bootstrap
// of Drivers runs on DriverOptions.Workers goroutines of its own, and its
// Progress callback is called from one goroutine at a time.
package journey
