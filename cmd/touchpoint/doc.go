// Touchpoint analyses customer-journey surveys: it reads a study (a folder of
// CSV files, see the README's section "The study format") or a flat CSV file,
// and reports scores with honest error bars, the importance of each step for
// an outcome, and what to fix first.
//
// Usage:
//
//	touchpoint COMMAND [arguments and flags]
//
// Flags may come before, between or after the arguments; "--" ends the flags.
// Every command prints its usage, flags and examples with -h:
//
//	$ touchpoint help
//	$ touchpoint help report
//	$ touchpoint drivers -h
//
// The commands are:
//
//	report     the study report: what was ingested, the journey, scores, drivers and priorities
//	priority   what to fix first: quadrants, ideas by impact and effort, target gaps, funnel, tracking
//	scores     NPS, CES and CSAT of any flat CSV file, overall and per group
//	drivers    key-driver analysis of any flat CSV file: regression, relative importance, dominance
//	sql        print (or run) the SQL that computes driver-analysis moments inside PostgreSQL
//
// The examples below run from the root of the repository, on the example
// studies testdata/onboarding and testdata/repair and on the reference data
// of testdata/oracle. A test runs every example marked "$" and checks that
// it succeeds and writes something, and that docs/json.md documents every
// field of its JSON.
//
// # Output formats
//
// --format selects the output: text (aligned tables, the default), markdown,
// json or csv; report also writes html. --lang nl writes texts and numbers of text and Markdown output
// in Dutch (decimal comma); JSON and CSV never change with the language.
//
//   - JSON documents carry "schema_version" (now "1"); it changes only when a
//     documented field changes meaning or is removed, and fields may be added
//     without changing it. Every field of every command's JSON is documented
//     in docs/json.md. Numbers are written in full precision; a figure that is
//     undefined (NaN) is null, never 0.
//   - CSV is tidy: one row per entity (a score of a group, a driver), one
//     column per figure, a header row, numbers in full precision with a
//     decimal point, an empty cell where a figure does not apply. A cell that
//     a spreadsheet would run as a formula (starting with =, +, -, @, a tab or
//     a carriage return, other than a number) is prefixed with a single quote.
//   - text and markdown round numbers for reading and add notes (warnings,
//     rows left out, the interval method) below the table.
//   - html (report only) is one self-contained page to mail around: the
//     summary first ("fix first: ..."), then per process the journey,
//     scores, drivers, phases, segments, priorities and tracking, with the
//     charts inline as SVG; it loads nothing from the network,
//     and every text from the data is escaped.
//
// Exit status: 0 on success, 1 when the data cannot be read or analysed,
// 2 for a mistake on the command line. Errors go to standard error and name
// the file, line, column and field of a problem in the data, as in
//
//	onboarding/steps/form.csv:41:3: field "score": "11" is outside the scale 1-5
//
// # report: the study report
//
//	touchpoint report [flags] STUDY
//
// report reads the study folder STUDY and prints what was ingested (rows read,
// kept and excluded per file, with every exclusion and its reason), then per
// process:
//
//   - the journey: the steps in order with phase, channel, scale, target and
//     respondents;
//   - the scores: NPS, CES, CSAT, overall satisfaction and the business
//     outcomes of the process, the satisfaction (and effort) of every step,
//     the same per segment and per wave, and the change of each between
//     consecutive waves with its interval, p-value and significance;
//   - the drivers: the importance of each step and phase for overall
//     satisfaction (LMG share of R², with bootstrap intervals), the step's
//     coefficient and sign, what going through a step or not does, the same
//     per segment and wave with their differences, and the links of the
//     steps to NPS and the business outcomes;
//   - the priorities, as the priority command gives them;
//
// and, for a study with several processes, which process to improve first.
//
// Flags:
//
//	--format text|markdown|json|csv|html   output format (default text)
//	--lang en|nl                           language of texts and numbers (default en)
//	--out FILE                             write to FILE instead of standard output
//	--chart DIR                            also write the charts as SVG and PNG into DIR
//	--unweighted                           ignore the survey weights
//	--confidence LEVEL                     level of intervals and tests (default 0.95)
//	--bootstrap N                          bootstrap replicates of the intervals of the drivers and priorities (default 100)
//	--seed N                               seed of the bootstrap: the same seed gives the same intervals (default 0)
//	--limit NAME=N                         raise (or lower) a size limit of the input files, NAME one of field-bytes
//	                                       (64 KiB), record-bytes (1 MiB), columns (4096), rows (5,000,000) and
//	                                       cells (100,000,000 per file); N may be none. Also for priority, scores
//	                                       and drivers. A file over a limit is refused with the flag to raise it.
//
// The charts of --chart are, per process, the step scores in journey order
// with their intervals (PROCESS-steps), the journey map (PROCESS-journey-map)
// and the change between waves (PROCESS-changes), and the steps and journey
// map of every segment (PROCESS-segment-SEGMENT-...), each as .svg and .png.
//
// Examples:
//
//	$ touchpoint report testdata/onboarding
//	$ touchpoint report testdata/onboarding --format html --out report.html
//	$ touchpoint report testdata/repair --lang nl --format markdown --chart charts --bootstrap 20
//	$ touchpoint report testdata/repair --format json --out report.json --bootstrap 20 --seed 7
//
// The bootstrap is the long part of a report; with standard error on a
// terminal its progress shows there. A few replicates (--bootstrap 20) give
// a quick draft; 1000 give stable interval limits for the report you send.
//
// The other formats go the same way: --format csv gives every figure as a
// row of a tidy table (see docs/json.md for its columns).
//
// Weighted estimates use the respondents' survey weights, with standard
// errors from the Kish effective sample size. NPS intervals are adjusted
// Wald intervals (Rocks, 2016); means have t intervals; shares Wilson
// intervals. A change is significant when its p-value is below
// 1 − confidence. The bootstrap of the drivers and priorities resamples
// respondents; with the same --seed the same study gives the same report,
// whatever the number of processors.
//
// # priority: what to fix first
//
//	touchpoint priority [flags] STUDY
//
// priority turns the driver analysis of a study into decisions, per process:
// the importance-performance quadrant of every step (fix first, keep it up,
// overkill, low priority), the priority index of the steps for a goal
// (satisfaction, cost or sales; it weighs importance, the gap to the target,
// complaints, contact and failure cost and drop-off), the improvement ideas
// of ideas.csv by impact and effort (cell 1: the quick wins), what closing the
// gaps to the target journey would do to the outcome, NPS and the binary
// outcomes, the funnel with its channels and failure demand, the changes
// between waves, and the order in which to improve the processes. Impacts,
// importances and what-ifs carry bootstrap intervals. The formulas are in
// the documentation of package priority.
//
// Flags:
//
//	--goal satisfaction|cost|sales        goal weighing the priority index (default satisfaction)
//	--outcome COL                         outcome the steps drive (default overall)
//	--performance mean|top2               step performance of the quadrants (default mean)
//	--bootstrap N                         bootstrap replicates of the intervals (default 200)
//	--seed N                              seed of the bootstrap (default 0)
//	--confidence LEVEL                    level of intervals and tests (default 0.95)
//	--unweighted                          ignore the survey weights
//	--importance-split S, --performance-split P
//	                                      split the quadrants there instead of at the medians
//	--impact-split I, --effort-split E    split the impact-effort cells there instead of at the medians
//	--relationship COL                    relationship score the processes are ranked on (default brand, else nps)
//	--weights I,F,G,R                     weights of importance, frequency, gap and image risk in the process ranking (default 1,1,1,1)
//	--image-risk PROCESS=RISK,...         image risk per process, 0-1 (default: processes.csv)
//	--format, --lang, --out               as for report
//
// Examples:
//
//	$ touchpoint priority testdata/onboarding
//	$ touchpoint priority testdata/repair --goal cost --lang nl --bootstrap 50
//	$ touchpoint priority testdata/onboarding --performance top2 --format json --out priority.json --bootstrap 50
//	$ touchpoint priority testdata/repair --format csv --bootstrap 50 --seed 7
//
// # scores: NPS, CES and CSAT of a flat file
//
//	touchpoint scores --in FILE.csv [flags]
//
// scores reads one CSV file (comma, semicolon or tab; decimal point or comma)
// and scores the columns named nps, ces and csat, or those given with --nps,
// --ces and --csat, for the whole file and per group of --by columns.
//
// Flags:
//
//	--in FILE              the CSV file (required)
//	--nps COL              0-10 likelihood to recommend (default: the column nps)
//	--ces COL              customer effort score (default: the column ces)
//	--csat COL             CSAT (default: the column csat)
//	--ces-scale 1-7|1-5    CES 2.0 (1-7, higher is easier; default) or the older 1-5 effort scale (lower is better)
//	--csat-scale MIN-MAX   scale of CSAT (default 1-5); the top box is its top two points
//	--by COL,COL           score each group of rows sharing these columns' values
//	--weight COL           survey weights (positive)
//	--confidence LEVEL     level of the intervals (default 0.95)
//	--wald                 plain Wald NPS intervals instead of adjusted Wald
//	--format, --lang       as for report
//
// Examples:
//
//	$ touchpoint scores --in testdata/oracle/data/survey_small_onboarding.csv
//	$ touchpoint scores --in testdata/onboarding/outcomes.csv --by wave --weight weight
//	$ touchpoint scores --in testdata/onboarding/outcomes.csv --by segment,wave --weight weight --format json
//	$ touchpoint scores --in testdata/oracle/data/survey_medium_repair_missing.csv --ces-scale 1-7 --wald --format csv
//
// # drivers: key-driver analysis
//
//	touchpoint drivers --in FILE.csv --outcome COL --drivers COL,COL,... [flags]
//	touchpoint drivers --postgres DSN --table T --outcome COL --drivers COL,... [flags]
//	touchpoint drivers --moments FILE.json [flags]
//
// drivers regresses an outcome (overall satisfaction, NPS, retention) on the
// drivers (the step scores) and reports the full model (coefficients, standard
// errors, standardized coefficients, VIF) and the relative importance of each
// driver: LMG (the Shapley value of R², the default ranking), first, last,
// betasq, pratt, genizi, car, Johnson's relative weights (rw) and the
// dominance analysis. Rows with a missing value are left out (listwise) and
// counted, unless --missing says otherwise (steps that not every customer
// goes through, such as alternative paths, call for --missing dummy). With
// --logistic a 0/1 outcome gets a logistic regression, and importance is
// the dominance analysis of a pseudo-R². --bootstrap resamples the rows and
// gives every figure an interval; its progress shows on a terminal.
//
// Flags:
//
//	--in FILE                the CSV file (or --postgres, or --moments)
//	--outcome COL            the outcome column
//	--drivers COL,...        the driver columns
//	--methods LIST           metrics: lmg, first, last, betasq, pratt, genizi, car, rw, dominance (default: all defined)
//	--logistic               logistic regression of a 0/1 outcome
//	--pseudo-r2 NAME         mcfadden (default), estrella, cox-snell or nagelkerke
//	--weight COL             survey weights (case weights; a row with an empty or zero weight is left out and counted)
//	--group NAME=COL+COL     drivers treated as one, e.g. the steps of a phase (repeatable)
//	--always COL,...         controls in every submodel; their R² is not decomposed
//	--by COL,...             one analysis per group of rows sharing these columns' values
//	--missing MODE           skipped steps (missing driver values): listwise (complete rows, the default),
//	                         pairwise (each correlation from the rows with both), or dummy (mean fill
//	                         plus an indicator passed:STEP that enters as a driver)
//	--bootstrap N            bootstrap intervals of every metric, importance, share, rank and R² from N replicates
//	--seed S                 with --bootstrap: the seed; the same seed gives the same intervals (default 1)
//	--level L                with --bootstrap: the confidence level (default 0.95)
//	--ci perc|bca            with --bootstrap: percentile (default) or bias-corrected and accelerated intervals
//	--sample N               estimate lmg from up to N random orderings (Monte Carlo, seeded by --seed) with a
//	                         standard error per driver, for more drivers than the exact analysis reaches
//	--sample-tolerance SE    with --sample: stop once every driver's lmg standard error is at most SE
//	--sample N               lmg from up to N random orderings of the drivers (Monte Carlo, seeded by --seed), with a
//	                         standard error per driver (lmg_se), for more drivers than the exact enumeration reaches
//	--sample-tolerance SE    with --sample: stop once every lmg standard error is at most SE
//	--postgres DSN           compute the moments in PostgreSQL (with --table) instead of reading --in
//	--table T                with --postgres: the table or view, optionally schema.table
//	--timeout D              with --postgres: give up after D (default 1m); --missing listwise or pairwise
//	                         (pairwise: the database's pairwise covariances, see sql)
//	--moments FILE           analyse moments saved by 'touchpoint sql --moments-out'
//	--format, --lang         as for report
//
// Examples:
//
//	$ touchpoint drivers --in testdata/oracle/data/survey_small_onboarding.csv --outcome overall --drivers orientation_site,application_form,confirmation_mail,account_activation,product_delivery,welcome_gift
//	$ touchpoint drivers --in testdata/oracle/data/survey_small_onboarding.csv --outcome overall --drivers orientation_site,application_form,confirmation_mail,account_activation,product_delivery,welcome_gift --group before=orientation_site --group during=application_form+confirmation_mail+account_activation --group after=product_delivery+welcome_gift
//	$ touchpoint drivers --in testdata/oracle/data/survey_small_onboarding.csv --outcome retained_12m --drivers application_form,account_activation,product_delivery --logistic --format json
//	$ touchpoint drivers --in testdata/oracle/data/survey_medium_repair_missing.csv --outcome overall --drivers report_fault,schedule_visit,technician_visit,repair_quality --methods lmg,dominance --format csv
//	$ touchpoint drivers --in testdata/oracle/data/survey_medium_repair_missing.csv --outcome overall --drivers report_fault,schedule_visit,technician_visit,self_service_instructions --missing dummy --bootstrap 200 --seed 7
//	$ touchpoint drivers --in testdata/oracle/data/survey_small_onboarding.csv --outcome overall --drivers application_form,account_activation,product_delivery --bootstrap 200 --ci bca --level 0.9 --format json
//	$ touchpoint drivers --in testdata/oracle/data/mtcars.csv --outcome mpg --drivers wt,hp,qsec --by am --format json
//	$ touchpoint drivers --in testdata/oracle/data/survey_small_onboarding.csv --outcome overall --drivers orientation_site,application_form,confirmation_mail,account_activation,product_delivery,welcome_gift --sample 2000 --sample-tolerance 0.002 --format json
//	$ touchpoint drivers --moments cmd/touchpoint/testdata/moments-small.json --format json
//	$ touchpoint drivers --in testdata/oracle/data/survey_medium_repair_missing.csv --outcome overall --drivers report_fault,phone_triage,schedule_visit,appointment_reminder,technician_arrival,technician_visit,repair_quality,self_service_instructions,invoice,follow_up --methods lmg --sample 4000 --sample-tolerance 0.001 --seed 3
//
// With --postgres the pass over the rows runs in the database: see sql.
//
// # sql: driver analysis inside a database
//
//	touchpoint sql --table T --outcome COL --drivers COL,... [flags]
//
// sql prints the PostgreSQL statement that computes, per group of the --by
// columns, the moments a driver analysis needs (counts, weighted means and
// centred cross-products, in two passes over the rows in double precision).
// With --postgres DSN it runs the statement and writes the moments as JSON
// (to --moments-out FILE, or standard output), which 'touchpoint drivers
// --moments FILE' analyses. Pass the password in PGPASSWORD or ~/.pgpass, not
// in the DSN.
//
// Flags:
//
//	--table T                      the table or view, optionally schema.table (required)
//	--outcome COL                  the outcome column (required)
//	--drivers COL,...              the driver columns (required)
//	--by COL,...                   grouping columns (one result per group)
//	--weight COL                   the weight column (default: unweighted)
//	--missing listwise|pairwise    complete cases (default), or each covariance from the rows where both are present
//	--postgres DSN                 run the statement on this server
//	--moments-out FILE             with --postgres: write the moments to FILE
//	--timeout D                    with --postgres: give up after D (default 1m)
//
// Examples:
//
//	$ touchpoint sql --table survey.responses --outcome overall --drivers orientation,application_form,confirmation_mail --by segment --weight weight
//	$ touchpoint sql --table survey.responses --outcome nps --drivers report_fault,technician_visit --missing pairwise
//
// With a server (not run by the manual's test):
//
//	PGPASSWORD=... touchpoint sql --postgres postgres://cx@db.example/survey --table survey.responses \
//	    --outcome overall --drivers orientation,application_form,confirmation_mail --by segment --moments-out moments.json
//	touchpoint drivers --moments moments.json
//
// # See also
//
// The README (the study format, driver analysis in a database, the Go API),
// docs/json.md (the JSON outputs field by field), the programs in examples/
// (go run ./examples/which-step-first, did-wave-2-work, technician-visit-cost,
// phases-vs-steps) and the notebook in notebooks/.
package main
