#!/usr/bin/python3
"""Plot the outputs of `dcflow compare`.

Usage: /usr/bin/python3 tools/plot_compare.py DIR [--out OUTDIR]

DIR is a compare output folder (compare.json, and one folder per run with its
jobs.csv). Writes into OUTDIR (default: DIR):
  compare_metrics.png   one bar chart per metric (throughput, mean wait, p95
                        wait, mean turnaround): the mean over seeds of each
                        policy, with its Student-t 95% interval as error bar
                        (no bar when a policy has one successful seed)
  compare_wait_cdf.png  empirical CDF of job wait time per policy, pooled over
                        the successful runs' completed jobs (jobs.csv)

Prints "wrote PATH" for each file written and exits 0. On any error prints
"plot_compare.py: error: <what>" to stderr and exits 2.

Needs only the standard library and matplotlib (Agg backend); run it with
Debian's /usr/bin/python3 and python3-matplotlib.
"""

import argparse
import math
import pathlib
import sys

# plot_common.py lives next to this script; python3 -P or -I leaves this folder off sys.path.
_TOOLS = str(pathlib.Path(__file__).resolve().parent)
if _TOOLS not in sys.path:
    sys.path.insert(0, _TOOLS)
import plot_common  # noqa: E402

PlotError = plot_common.PlotError

PROG = "plot_compare.py"

# (compare.json metric, axis label)
BAR_METRICS = (
    ("throughput_GBps", "end-to-end throughput (GB/s)"),
    ("wait_mean_s", "mean wait"),
    ("wait_p95_s", "p95 wait"),
    ("turnaround_mean_s", "mean turnaround"),
)
# Shown instead of throughput when the workload moves no bytes (compute-only jobs, trace replays).
NO_BYTES_METRIC = ("efficiency_scheduling", "scheduling efficiency (allocated / powered)")


def load_compare(path):
    data = plot_common.load_json_object(
        path, missing_hint=" (is this a 'dcflow compare' output folder?)")
    policies = data.get("policies")
    if not isinstance(policies, dict) or not policies:
        raise PlotError(f"{path}: 'policies' must be a non-empty object")
    for name, entry in policies.items():
        where = f"{path}: policies.{name}"
        if not isinstance(entry, dict):
            raise PlotError(f"{where} must be an object")
        metrics = entry.get("metrics")
        if not isinstance(metrics, dict):
            raise PlotError(f"{where}: missing object 'metrics'")
        for metric, _ in BAR_METRICS:
            m = metrics.get(metric)
            if not isinstance(m, dict):
                raise PlotError(f"{where}.metrics: missing '{metric}'")
            plot_common.check_mean_ci(m, f"{where}.metrics.{metric}")
        runs = entry.get("runs")
        if not isinstance(runs, list):
            raise PlotError(f"{where}: missing list 'runs'")
        for run in runs:
            if not isinstance(run, dict) or not isinstance(run.get("folder"), str) \
                    or not isinstance(run.get("status"), str):
                raise PlotError(f"{where}.runs: each run needs a 'folder' and a 'status'")
    return data


def load_waits(path):
    """Wait times of the completed jobs in one run's jobs.csv."""
    records = plot_common.csv_rows(path, encoding="utf-8")
    header = next(records)
    for column in ("wait", "status"):
        if column not in header:
            raise PlotError(f"{path}: missing column '{column}'")
    i_wait, i_status = header.index("wait"), header.index("status")
    waits = []
    for line, record in records:
        if record[i_status].strip() != "completed":
            continue
        try:
            wait = float(record[i_wait])
        except ValueError:
            raise PlotError(f"{path}:{line}: column 'wait': expected a number, "
                            f"got {record[i_wait]!r}")
        if not math.isfinite(wait):
            raise PlotError(f"{path}:{line}: column 'wait': non-finite value")
        waits.append(wait)
    return waits


def title_for(data):
    seeds = data.get("seeds")
    seeds_text = ""
    if isinstance(seeds, list) and seeds:
        seeds_text = (f", seed {seeds[0]}" if len(seeds) == 1
                      else f", {len(seeds)} seeds ({seeds[0]}\u2013{seeds[-1]})")
    return f"{data.get('scenario', '?')}{seeds_text}"


def plot_metrics(plt, data, out_path):
    """Bar panels of the compare summary `data`: compare.json as a dict, or what dcflow.load_batch(DIR)
    .attrs["summary"] holds (python/dcflow)."""
    policies = list(data["policies"])
    fig, axes = plt.subplots(2, 2, figsize=(max(9, 1.4 * len(policies) + 5), 7.5))
    fig.suptitle(f"Policies compared \u2014 {title_for(data)}\n"
                 "bars: mean over seeds; error bars: Student-t 95% interval", fontsize=11)
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    panels = list(BAR_METRICS)
    moved_bytes = any((data["policies"][name]["metrics"]["throughput_GBps"]["mean"] or 0) > 0 for name in policies)
    if not moved_bytes and NO_BYTES_METRIC[0] in next(iter(data["policies"].values()))["metrics"]:
        panels[0] = NO_BYTES_METRIC
    # Durations in one unit for every panel, the one the README's tables use for this range (s or h).
    durations = [data["policies"][name]["metrics"][metric]["mean"] for name in policies
                 for metric, _ in panels if metric.endswith("_s")]
    divisor, unit = plot_common.time_unit(durations)
    labels = [plot_common.short_label(name) for name in policies]
    crowded = sum(len(max(label.split("\n"), key=len)) for label in labels) > 45
    for ax, (metric, label) in zip(axes.flat, panels):
        scale = divisor if metric.endswith("_s") else 1.0
        if metric.endswith("_s"):
            label = f"{label} ({unit})"
        means, errors, xs = [], [], []
        for i, name in enumerate(policies):
            m = data["policies"][name]["metrics"][metric]
            means.append(m["mean"] / scale if m["mean"] is not None else 0.0)
            errors.append(m["ci95_half_width"] / scale if m["ci95_half_width"] is not None else 0.0)
            xs.append(i)
        ax.bar(xs, means, yerr=errors, capsize=5,
               color=[colors[i % len(colors)] for i in xs], alpha=0.85)
        for i, name in enumerate(policies):
            entry = data["policies"][name]
            if entry["metrics"][metric]["mean"] is None:
                ax.text(i, 0, "no data", ha="center", va="bottom", color="gray", fontsize=8)
            elif entry.get("runs_ok", 0) != entry.get("runs_total", 0):
                ax.text(i, 0, f"{entry.get('runs_ok')}/{entry.get('runs_total')} ok",
                        ha="center", va="bottom", color="tab:red", fontsize=8)
        ax.set_xticks(xs)
        ax.set_xticklabels(labels, rotation=30 if crowded else 0, ha="right" if crowded else "center",
                           rotation_mode="anchor", fontsize=9)
        ax.set_ylabel(label)
        ax.set_ylim(bottom=0)
        ax.grid(True, axis="y", alpha=0.3)
    plot_common.save_figure(plt, fig, out_path)


def plot_wait_cdf(plt, data, run_dir, out_path, waits=None):
    """CDF of the completed jobs' waits per policy. `waits` (policy -> wait times in s, e.g. from
    dcflow.load_run(folder).jobs["wait"] over a policy's runs) replaces reading the runs' jobs.csv under
    `run_dir`."""
    fig, ax = plt.subplots(figsize=(9, 5.5))
    fig.suptitle(f"Job wait-time CDF per policy \u2014 {title_for(data)}\n"
                 "completed jobs, pooled over the successful runs", fontsize=11)
    pooled = {}
    for name, entry in data["policies"].items():
        if waits is not None:
            pooled[name] = sorted(float(w) for w in waits.get(name, []) if w == w)  # NaN: not completed
            continue
        found = []
        for run in entry["runs"]:
            if run["status"] == "ok":
                found += load_waits(run_dir / run["folder"] / "jobs.csv")
        pooled[name] = sorted(found)
    divisor, unit = plot_common.time_unit([w for ws in pooled.values() for w in ws])
    pooled = {name: [w / divisor for w in ws] for name, ws in pooled.items()}
    everything = [w for ws in pooled.values() for w in ws]
    x_range = None
    if everything:
        x_range = left, right = plot_common.cdf_x_range(ax, everything)
        for name, s in pooled.items():
            if not s:
                continue
            n = len(s)
            xs, ys = plot_common.cdf_steps(s, left, right)
            ax.step(xs, ys, where="post", linewidth=1.6, label=f"{name} (n={n})")
    plot_common.finish_cdf_axes(ax, x_range, f"wait time ({unit})")
    plot_common.save_figure(plt, fig, out_path)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Plot per-policy metrics with 95% intervals and wait-time CDFs "
                    "from a 'dcflow compare' output folder.")
    parser.add_argument("dir", metavar="DIR", help="compare output folder (compare.json, run folders)")
    parser.add_argument("--out", metavar="OUTDIR", help="directory for the PNG files (default: DIR)")
    args = parser.parse_args(argv)  # usage errors: argparse prints PROG: error:, exit 2

    run_dir = plot_common.input_dir(args.dir)
    out_dir = pathlib.Path(args.out) if args.out else run_dir
    data = load_compare(run_dir / "compare.json")

    plt = plot_common.import_pyplot()
    plot_common.make_output_dir(out_dir)

    metrics_path = out_dir / "compare_metrics.png"
    cdf_path = out_dir / "compare_wait_cdf.png"
    try:
        plot_metrics(plt, data, metrics_path)
        print(f"wrote {metrics_path}", flush=True)
        plot_wait_cdf(plt, data, run_dir, cdf_path)
        print(f"wrote {cdf_path}", flush=True)
    except OSError as e:
        raise PlotError(f"cannot write output: {e}")
    return 0


if __name__ == "__main__":
    plot_common.run_main(PROG, main)
