// Package csat computes customer satisfaction (CSAT) scores, with standard
// errors, confidence intervals and tests of differences.
//
// # Scale and top box
//
// The default scale is 1 (very dissatisfied) to 5 (very satisfied), and the
// top-2 box, the share answering 4 or 5, is the usual CSAT percentage.
// Options sets another integer scale (e.g. 1-10 or 0-10) and another number
// of top points; the share is always of the top Options.TopBox points of
// the scale (the JSON name stays "top2").
//
// # Estimates
//
// [Score] returns the mean with its standard error and t interval, and the
// top-box share with its Wilson interval [1]. [Compare] tests the
// difference between two independent groups: Welch's t-test for the means
// [2] and the two-proportion z-test for the shares.
//
// # Weights, missing answers and errors
//
// Weights give weighted means and shares; standard errors use the Kish
// effective sample size n_eff = (Σ w)² / Σ w² in place of n [3] (see
// [Score] for the variance estimator). NaN answers are missing: skipped,
// counted in Result.Missing, their weights ignored. Answers that are not
// integers on the scale are errors naming the first bad index
// ([AnswerError]); so are zero, negative, infinite or NaN weights
// ([WeightError]). A group without answers returns [ErrEmpty] with a result
// whose estimates are NaN.
//
// # References
//
// [1] Wilson EB (1927). Probable inference, the law of succession, and
// statistical inference. J. Am. Stat. Assoc. 22(158):209-212.
//
// [2] Welch BL (1947). The generalization of "Student's" problem when
// several different population variances are involved. Biometrika
// 34(1-2):28-35.
//
// [3] Kish L (1965). Survey Sampling. New York: Wiley. Section 11.7.
//
// The functions of this package keep no state and do not modify their
// arguments: they are safe for concurrent use.
package csat
