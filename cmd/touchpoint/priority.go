package main

import (
	"flag"
	"io"
	"strconv"
	"strings"

	"github.com/touchpoint-cx/touchpoint/internal/i18n"
	"github.com/touchpoint-cx/touchpoint/internal/render"
	"github.com/touchpoint-cx/touchpoint/priority"
	"github.com/touchpoint-cx/touchpoint/report"
	"github.com/touchpoint-cx/touchpoint/survey"
)

func init() {
	register(&command{
		name:    "priority",
		summary: "what to fix first: quadrants, ideas by impact and effort, target gaps, funnel, failure demand, tracking",
		usage:   "priority [flags] STUDY [--goal satisfaction|cost|sales] [--outcome COL] [--format text|markdown|json|csv]",
		example: `touchpoint priority testdata/onboarding
touchpoint priority testdata/repair --goal cost --lang nl
touchpoint priority testdata/onboarding --format json --out priority.json`,
		setup: setupPriority,
	})
}

// priorityDoc is the JSON document of the priority command.
type priorityDoc struct {
	SchemaVersion string `json:"schema_version"`
	Study         string `json:"study"`
	Source        string `json:"source"`
	*priority.Result
}

func setupPriority(fs *flag.FlagSet, e *env) func(args []string) error {
	format := formatFlag(fs, render.Text, render.Markdown, render.JSON, render.CSV)
	lang := fs.String("lang", "en", "`language` of texts and numbers: "+joinCodes())
	out := fs.String("out", "", "write the output to `FILE` instead of standard output")
	goal := fs.String("goal", "satisfaction", "`goal` weighing the priority index: satisfaction, cost or sales")
	outcome := fs.String("outcome", "", "outcome `column` the steps drive (default: overall)")
	perf := fs.String("performance", "mean", "step `performance`: mean or top2")
	boot := fs.Int("bootstrap", priority.DefaultB, "bootstrap `replicates` of the intervals")
	seed := fs.Uint64("seed", 0, "`seed` of the bootstrap")
	confidence := fs.Float64("confidence", 0.95, "confidence `level` of intervals and tests")
	unweighted := fs.Bool("unweighted", false, "ignore the survey weights")
	impSplit := fs.Float64("importance-split", 0, "importance `share` (0-1) splitting the quadrants (default: the median)")
	perfSplit := fs.Float64("performance-split", 0, "`performance` splitting the quadrants (default: the median)")
	impactSplit := fs.Float64("impact-split", 0, "`impact` splitting the impact-effort cells (default: the median)")
	effortSplit := fs.Float64("effort-split", 0, "`effort` splitting the impact-effort cells (default: the median)")
	relationship := fs.String("relationship", "", "outcome `column` of the relationship score the processes are ranked on (default: brand, else nps)")
	weights := fs.String("weights", "", "`weights` of the process ranking: importance,frequency,gap,image_risk (default 1,1,1,1)")
	imageRisk := fs.String("image-risk", "", "image risk per process, `PROCESS=RISK,...` (0-1; default: processes.csv)")
	return func(args []string) error {
		if len(args) != 1 {
			return usagef("want one study folder, got %d arguments", len(args))
		}
		l, err := i18n.Get(*lang)
		if err != nil {
			return usagef("%v", err)
		}
		opts := priority.Options{Outcome: strings.ToLower(strings.TrimSpace(*outcome)), B: *boot, Seed: *seed,
			Confidence: *confidence, Unweighted: *unweighted, ImportanceSplit: *impSplit, PerformanceSplit: *perfSplit,
			ImpactSplit: *impactSplit, EffortSplit: *effortSplit, Relationship: strings.ToLower(strings.TrimSpace(*relationship))}
		if opts.Goal, err = priority.ParseGoal(*goal); err != nil {
			return usagef("--goal %q: want satisfaction, cost or sales", *goal)
		}
		switch *perf {
		case "mean":
		case "top2":
			opts.Performance = priority.TopBox
		default:
			return usagef("--performance %q: want mean or top2", *perf)
		}
		if !(*confidence > 0 && *confidence < 1) {
			return usagef("--confidence %v: want a level between 0 and 1, such as 0.95", *confidence)
		}
		if *boot < 2 {
			return usagef("--bootstrap %d: want at least 2 replicates", *boot)
		}
		if *weights != "" {
			parts := strings.Split(*weights, ",")
			if len(parts) != 4 {
				return usagef("--weights %q: want four numbers importance,frequency,gap,image_risk", *weights)
			}
			var v [4]float64
			for i, s := range parts {
				if v[i], err = strconv.ParseFloat(strings.TrimSpace(s), 64); err != nil || v[i] < 0 {
					return usagef("--weights %q: %q is not a number >= 0", *weights, s)
				}
			}
			opts.ProcessWeights = priority.ProcessWeights{Importance: v[0], Frequency: v[1], Gap: v[2], ImageRisk: v[3]}
		}
		if *imageRisk != "" {
			opts.ImageRisk = map[string]float64{}
			for _, kv := range strings.Split(*imageRisk, ",") {
				k, v, ok := strings.Cut(kv, "=")
				r, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if !ok || err != nil || r < 0 || r > 1 {
					return usagef("--image-risk %q: want PROCESS=RISK with a risk 0-1", kv)
				}
				opts.ImageRisk[strings.TrimSpace(k)] = r
			}
		}
		st, rep, err := survey.Load(args[0], survey.Options{Limits: e.limits})
		if err != nil {
			return loadError(err, rep)
		}
		for p := range opts.ImageRisk {
			if st.Process(p) == nil {
				return usagef("--image-risk: the study has no process %q", p)
			}
		}
		res, err := priority.Analyze(st, opts)
		if err != nil {
			return err
		}
		return writeOut(e, *out, func(w io.Writer) error {
			switch format.f {
			case render.JSON:
				return render.WriteJSON(w, priorityDoc{SchemaVersion: render.SchemaVersion, Study: st.Name, Source: args[0], Result: res})
			case render.CSV:
				return report.WritePriorityCSV(w, res)
			case render.Markdown:
				return report.WriteSections(w, report.PrioritySections(res, l), true)
			default:
				return report.WriteSections(w, report.PrioritySections(res, l), false)
			}
		})
	}
}
