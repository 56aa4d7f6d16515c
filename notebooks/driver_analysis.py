# %% [markdown]
# # Driver analysis of a customer journey with touchpoint
#
# This notebook analyses the example study `testdata/onboarding` (becoming a
# customer, six steps) with the `touchpoint` command. Python does no
# statistics here: it calls the command, reads its JSON and CSV output with
# pandas, and plots with matplotlib (the plots are skipped when matplotlib is
# not installed). The same content is in `driver_analysis.py`, a plain script:
#
#     python3 notebooks/driver_analysis.py
#
# Requirements: Go 1.26 or later (the command runs with `go run`), Python 3
# with pandas (Debian: `apt-get install python3-pandas python3-matplotlib`).
# Set `TOUCHPOINT` to a built binary to skip `go run`, and `TOUCHPOINT_OUT` to
# the folder for the files written (default: a folder in the temporary
# directory). The field names of the JSON are documented in `docs/json.md`.

# %%
import io
import json
import os
import shlex
import subprocess
import sys
import tempfile

import pandas as pd

try:
    import matplotlib

    if "ipykernel" not in sys.modules:
        matplotlib.use("Agg")  # a script writes files; a notebook shows the plots
    import matplotlib.pyplot as plt
except ImportError:
    plt = None
    print("matplotlib is not installed: the plots are skipped")


def find_root(start):
    """Return the repository root: the first folder up from start with go.mod."""
    d = os.path.abspath(start)
    while not os.path.exists(os.path.join(d, "go.mod")):
        parent = os.path.dirname(d)
        if parent == d:
            sys.exit("run this from inside the touchpoint repository")
        d = parent
    return d


ROOT = find_root(os.environ.get("TOUCHPOINT_ROOT", os.getcwd()))
COMMAND = shlex.split(os.environ.get("TOUCHPOINT", "go run ./cmd/touchpoint"))
OUT = os.environ.get("TOUCHPOINT_OUT", os.path.join(tempfile.gettempdir(), "touchpoint-notebook"))
os.makedirs(OUT, exist_ok=True)
STUDY = "testdata/onboarding"


def touchpoint(*args):
    """Run touchpoint with args from the repository root and return its output."""
    p = subprocess.run(COMMAND + list(args), cwd=ROOT, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("touchpoint %s failed (exit status %d):\n%s" % (" ".join(args), p.returncode, p.stderr))
    return p.stdout


pd.set_option("display.width", 120)
pd.set_option("display.max_columns", 20)

# %% [markdown]
# ## The study report as JSON
#
# `touchpoint report STUDY --format json` holds the ingest report, the
# journey, every score, the driver analysis and the priorities. `--bootstrap
# 50` keeps the bootstrap of the driver intervals short for this notebook
# (the default is 100). The satisfaction of each step, in journey order, with
# its 95% interval and its target:

# %%
report = json.loads(touchpoint("report", STUDY, "--format", "json", "--bootstrap", "50"))
print("schema_version", report["schema_version"], "- study", report["study"])
process = report["processes"][0]
targets = {s["step"]: s["target"] for s in process["journey"]}
steps = pd.DataFrame(
    [
        {
            "step": s["step"],
            "label": s["label"],
            "phase": s["phase"],
            "passed": s["passed"],
            "mean": s["satisfaction"]["mean"],
            "lo": s["satisfaction"]["lo"],
            "hi": s["satisfaction"]["hi"],
            "top2": s["satisfaction"]["top2"],
            "target": targets[s["step"]],
        }
        for s in process["scores"]["all"]["steps"]
    ]
)
steps["gap"] = (steps["target"] - steps["mean"]).clip(lower=0)
print(steps.round(3).to_string(index=False))

# %% [markdown]
# ## What changed between the waves?
#
# The report compares consecutive waves: the difference, its interval, the
# p-value and whether the change is significant at the 95% level.

# %%
changes = pd.DataFrame(process["scores"]["changes"])
changes["name"] = changes["step"].fillna("").where(changes["kpi"] == "step", changes["kpi"])
print(changes[["name", "measure", "from", "to", "before", "after", "diff", "lo", "hi", "p", "significant"]].round(3).to_string(index=False))
moved = changes[changes["significant"] & (changes["kpi"] == "step")]
print("\nsteps that changed significantly:", ", ".join(moved["name"]) or "none")

# %% [markdown]
# ## The report's driver analysis
#
# The report weighs every step for overall satisfaction: its share of the
# explained variance (LMG) with a bootstrap interval, its coefficient, and its
# rank. Respondents who did not go through a step are kept (dummy-variable
# adjustment).

# %%
d = process["drivers"]
print("n = %d respondents, R² = %.3f [%.3f, %.3f], %s" % (d["n"], d["r2"]["value"], d["r2"]["lo"], d["r2"]["hi"], d["missing"]))
report_drivers = pd.DataFrame(
    [
        {
            "step": s["step"],
            "share": s["share"]["value"],
            "share_lo": s["share"]["lo"],
            "share_hi": s["share"]["hi"],
            "coef": s["coef"]["value"],
            "rank": s["rank"],
        }
        for s in d["steps"]
    ]
)
print(report_drivers.sort_values("rank").round(3).to_string(index=False))

# %% [markdown]
# ## Scores as tidy CSV
#
# `--format csv` gives one row per group and one column per figure. Here
# `touchpoint scores` scores NPS, CES and CSAT of `outcomes.csv` per wave,
# with the survey weights.

# %%
tidy = pd.read_csv(io.StringIO(touchpoint("scores", "--in", STUDY + "/outcomes.csv", "--by", "wave", "--weight", "weight", "--format", "csv")))
tidy["wave"] = tidy["wave"].fillna("(all)")
print(tidy[["wave", "n", "nps", "nps_lo", "nps_hi", "ces", "csat"]].round(2).to_string(index=False))

# %% [markdown]
# ## Driver analysis
#
# `touchpoint drivers` analyses a flat file: one row per respondent, with the
# survey weight, the outcome and one column per step. pandas builds it from
# the study's files (`outcomes.csv` and one file per step; a Dutch export
# would need
# `sep=";", decimal=","`). Respondents who skipped a step have an empty cell;
# the command leaves them out (listwise) and says how many, so the shares
# differ a little from the report's, which keeps them.

# %%
outcomes = pd.read_csv(os.path.join(ROOT, STUDY, "outcomes.csv"))
wide = outcomes[["respondent", "weight", "overall"]]
for step in steps["step"]:
    answers = pd.read_csv(os.path.join(ROOT, STUDY, "steps", step + ".csv"))
    wide = wide.merge(answers[["respondent", "score"]].rename(columns={"score": step}), on="respondent", how="left")
flat = os.path.join(OUT, "onboarding_wide.csv")
wide.to_csv(flat, index=False)

result = json.loads(
    touchpoint("drivers", "--in", flat, "--outcome", "overall", "--drivers", ",".join(steps["step"]), "--weight", "weight", "--format", "json")
)
print("n = %d respondents, %d left out for a missing answer, R² = %.3f" % (result["n"], result["missing"], result["r2"]))
drivers = pd.DataFrame(
    [
        {"step": d["name"], "coef": d["coef"], "std_coef": d["std_coef"], "lmg": d["lmg"], "share": d["share"], "rank": d["rank"]}
        for d in result["drivers"]
    ]
)
print(drivers.sort_values("rank").round(3).to_string(index=False))

# %% [markdown]
# ## Importance against performance
#
# Importance is the share of the explained variance (LMG), performance the
# mean score. Steps above the median importance and below the median
# performance are the ones to fix first; among them, the larger the gap to
# the target, the more urgent.

# %%
ipa = steps.merge(drivers, on="step")
important = ipa["share"] > ipa["share"].median()
strong = ipa["mean"] > ipa["mean"].median()
ipa["quadrant"] = "overkill"
ipa.loc[important & strong, "quadrant"] = "keep it up"
ipa.loc[important & ~strong, "quadrant"] = "fix first"
ipa.loc[~important & ~strong, "quadrant"] = "low priority"
ipa["priority"] = ipa["share"] * ipa["gap"]
ipa = ipa.sort_values("priority", ascending=False)
print(ipa[["label", "share", "mean", "target", "gap", "quadrant", "priority"]].round(3).to_string(index=False))
first = ipa.iloc[0]
print("\nfix first: %s (%.0f%% of the explained variance, mean %.2f, target %.2f)" % (first["label"], 100 * first["share"], first["mean"], first["target"]))

# %% [markdown]
# ## What to fix first, from the priority command
#
# `touchpoint priority` makes the same analysis with bootstrap intervals, the
# priority index (importance, gap to the target and the management figures)
# and the improvement ideas of `ideas.csv` in the impact-effort matrix (cell
# 1: much impact for little effort, the quick wins).

# %%
prio = json.loads(touchpoint("priority", STUDY, "--format", "json", "--bootstrap", "50"))["processes"][0]
ranked = pd.DataFrame(prio["steps"]).sort_values("index_rank")
print(ranked[["label", "importance", "importance_lo", "importance_hi", "mean", "quadrant", "index"]].round(3).to_string(index=False))
ideas = pd.DataFrame(prio["ideas"]).sort_values("rank")
print()
print(ideas[["idea", "effort", "impact", "impact_lo", "impact_hi", "cell"]].round(3).to_string(index=False))
quick = ideas[ideas["cell"] == 1]
print("\nquick win:", quick.iloc[0]["idea"] if len(quick) else "none")

# %% [markdown]
# ## Plots
#
# Step scores in journey order with their intervals, importance, and the
# importance-performance map. They are written as PNG files to `OUT`.

# %%
if plt is not None:
    fig, ax = plt.subplots(figsize=(7, 3.5))
    ax.errorbar(steps["label"], steps["mean"], yerr=[steps["mean"] - steps["lo"], steps["hi"] - steps["mean"]], fmt="o", capsize=4, label="mean, 95% interval")
    ax.scatter(steps["label"], steps["target"], marker="_", s=300, color="grey", label="target")
    ax.set_ylabel("satisfaction (1-5)")
    ax.set_title("Step scores in journey order")
    ax.tick_params(axis="x", labelrotation=30)
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(OUT, "step_scores.png"), dpi=100)

    order = drivers.sort_values("share")
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.barh(order["step"], 100 * order["share"])
    ax.set_xlabel("share of explained variance (%, LMG)")
    ax.set_title("Importance for overall satisfaction")
    fig.tight_layout()
    fig.savefig(os.path.join(OUT, "importance.png"), dpi=100)

    fig, ax = plt.subplots(figsize=(6, 4.5))
    ax.scatter(ipa["mean"], 100 * ipa["share"])
    for _, r in ipa.iterrows():
        ax.annotate(r["label"], (r["mean"], 100 * r["share"]), textcoords="offset points", xytext=(4, 4), fontsize=8)
    ax.axvline(ipa["mean"].median(), color="grey", linewidth=0.8)
    ax.axhline(100 * ipa["share"].median(), color="grey", linewidth=0.8)
    ax.margins(x=0.2, y=0.1)
    ax.set_xlabel("performance: mean score")
    ax.set_ylabel("importance (%)")
    ax.set_title("Importance against performance")
    fig.tight_layout()
    fig.savefig(os.path.join(OUT, "importance_performance.png"), dpi=100)
    if "ipykernel" in sys.modules:
        plt.show()
    print("plots written to", OUT)
