// Package nps computes the Net Promoter Score from 0-10 likelihood-to-recommend
// answers, with standard errors, confidence intervals and tests of differences.
//
// # Definition
//
// Answers 9 and 10 are promoters, 7 and 8 passives, 0 to 6 detractors [1].
// With p_P and p_D the (weighted) shares of promoters and detractors,
//
//	NPS = 100 (p_P - p_D)
//
// in points from -100 to 100. [Score] returns it with the shares in percent,
// the standard error and a confidence interval; [Diff] compares two
// independent scores (two waves, two segments).
//
// # Intervals
//
// The standard error is the Wald (trinomial) one [2],
//
//	SE = 100 sqrt((p_P + p_D - (p_P - p_D)²) / n).
//
// The default interval is the adjusted Wald interval of Rocks (2016) [2],
// which adds 3/4 of a detractor, 3/2 of a passive and 3/4 of a promoter
// before computing a Wald interval around the adjusted score; it performed
// best in Rocks' evaluation and, unlike the Wald interval, keeps a positive
// width when every answer falls in one category. The plain Wald interval
// NPS ± z SE is available as [Wald].
//
// # Weights, missing answers and errors
//
// Weights give weighted shares, and standard errors use the Kish effective
// sample size n_eff = (Σ w)² / Σ w² in place of n [3]; see [Score]. NaN
// answers are missing: skipped, counted in Result.Missing, their weights
// ignored. Answers that are not integers in 0..10 are errors naming the
// first bad index ([AnswerError]); so are zero, negative, infinite or NaN
// weights ([WeightError]). A group without answers returns [ErrEmpty] with
// a result whose estimates are NaN.
//
// # References
//
// [1] Reichheld FF (2003). The one number you need to grow. Harv. Bus. Rev.
// 81(12):46-54.
//
// [2] Rocks B (2016). Interval estimation for the "Net Promoter Score". Am.
// Stat. 70(4):365-372.
//
// [3] Kish L (1965). Survey Sampling. New York: Wiley. Section 11.7.
//
// [4] Agresti A, Caffo B (2000). Simple and effective confidence intervals
// for proportions and differences of proportions result from adding two
// successes and two failures. Am. Stat. 54(4):280-288.
//
// The functions of this package keep no state and do not modify their
// arguments: they are safe for concurrent use.
package nps
