// Package ces computes the Customer Effort Score, with standard errors,
// confidence intervals and tests of differences.
//
// # Scales
//
// The default scale, [Scale7], is CES 2.0 [1]: agreement from 1 (strongly
// disagree) to 7 (strongly agree) with "The company made it easy for me to
// handle my issue". Higher is better, and answers 5-7 count as "easy".
//
// [Scale5Legacy] is the original effort question of Dixon, Freeman and
// Toman (2010) [2], "How much effort did you personally have to put forth
// to handle your request?", from 1 (very low effort) to 5 (very high
// effort). Lower is better, and answers 1-2 count as "easy". Every result
// on this scale says so: Result.LowerIsBetter is true, Result.Scale names
// the scale, and Result.String prints "lower is better".
//
// # Estimates
//
// [Score] returns the mean with its standard error and t interval, and the
// share of easy answers with its Wilson interval [3]. [Compare] tests the
// difference between two independent groups: Welch's t-test for the means
// [4] and the two-proportion z-test for the shares.
//
// # Weights, missing answers and errors
//
// Weights give weighted means and shares; standard errors use the Kish
// effective sample size n_eff = (Σ w)² / Σ w² in place of n [5] (see
// [Score] for the variance estimator). NaN answers are missing: skipped,
// counted in Result.Missing, their weights ignored. Answers that are not
// integers on the scale are errors naming the first bad index
// ([AnswerError]); so are zero, negative, infinite or NaN weights
// ([WeightError]). A group without answers returns [ErrEmpty] with a result
// whose estimates are NaN.
//
// # References
//
// [1] Dixon M, Toman N, DeLisi R (2013). The Effortless Experience:
// Conquering the New Battleground for Customer Loyalty. New York:
// Portfolio/Penguin.
//
// [2] Dixon M, Freeman K, Toman N (2010). Stop trying to delight your
// customers. Harv. Bus. Rev. 88(7/8):116-122.
//
// [3] Wilson EB (1927). Probable inference, the law of succession, and
// statistical inference. J. Am. Stat. Assoc. 22(158):209-212.
//
// [4] Welch BL (1947). The generalization of "Student's" problem when
// several different population variances are involved. Biometrika
// 34(1-2):28-35.
//
// [5] Kish L (1965). Survey Sampling. New York: Wiley. Section 11.7.
//
// The functions of this package keep no state and do not modify their
// arguments: they are safe for concurrent use.
package ces
