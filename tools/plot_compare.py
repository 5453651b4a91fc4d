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
import csv
import json
import math
import pathlib
import sys

PROG = "plot_compare.py"

# (compare.json metric, axis label)
BAR_METRICS = (
    ("throughput_GBps", "end-to-end throughput (GB/s)"),
    ("wait_mean_s", "mean wait (s)"),
    ("wait_p95_s", "p95 wait (s)"),
    ("turnaround_mean_s", "mean turnaround (s)"),
)
# Shown instead of throughput when the workload moves no bytes (compute-only jobs, trace replays).
NO_BYTES_METRIC = ("efficiency_scheduling", "scheduling efficiency (allocated / powered)")


class PlotError(Exception):
    """A user-facing error: reported as 'plot_compare.py: error: ...', exit 2."""


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def load_compare(path):
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError:
        raise PlotError(f"missing file {path} (is this a 'dcflow compare' output folder?)")
    except (OSError, UnicodeDecodeError) as e:
        raise PlotError(f"cannot read {path}: {e}")
    except json.JSONDecodeError as e:
        raise PlotError(f"malformed JSON in {path}: {e}")
    if not isinstance(data, dict):
        raise PlotError(f"{path}: top level must be a JSON object")
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
            for key in ("mean", "ci95_half_width"):
                value = m.get(key)
                if value is not None and (not _is_number(value) or not math.isfinite(value)):
                    raise PlotError(f"{where}.metrics.{metric}.{key} must be a number or null")
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
    try:
        f = open(path, newline="", encoding="utf-8")
    except FileNotFoundError:
        raise PlotError(f"missing file {path}")
    except OSError as e:
        raise PlotError(f"cannot read {path}: {e}")
    waits = []
    try:
        with f:
            reader = csv.reader(f)
            header = next(reader, None)
            if header is None:
                raise PlotError(f"{path}: empty file (no header row)")
            header = [h.strip() for h in header]
            for column in ("wait", "status"):
                if column not in header:
                    raise PlotError(f"{path}: missing column '{column}'")
            i_wait, i_status = header.index("wait"), header.index("status")
            for record in reader:
                if not record:
                    continue
                if len(record) != len(header):
                    raise PlotError(f"{path}:{reader.line_num}: expected {len(header)} fields, "
                                    f"got {len(record)}")
                if record[i_status].strip() != "completed":
                    continue
                try:
                    wait = float(record[i_wait])
                except ValueError:
                    raise PlotError(f"{path}:{reader.line_num}: column 'wait': expected a number, "
                                    f"got {record[i_wait]!r}")
                if not math.isfinite(wait):
                    raise PlotError(f"{path}:{reader.line_num}: column 'wait': non-finite value")
                waits.append(wait)
    except csv.Error as e:
        raise PlotError(f"{path}: malformed CSV: {e}")
    except UnicodeDecodeError as e:
        raise PlotError(f"{path}: not valid UTF-8: {e}")
    return waits


def title_for(data):
    seeds = data.get("seeds")
    seeds_text = ""
    if isinstance(seeds, list) and seeds:
        seeds_text = (f", seed {seeds[0]}" if len(seeds) == 1
                      else f", {len(seeds)} seeds ({seeds[0]}\u2013{seeds[-1]})")
    return f"{data.get('scenario', '?')}{seeds_text}"


def plot_metrics(plt, data, out_path):
    policies = list(data["policies"])
    fig, axes = plt.subplots(2, 2, figsize=(max(9, 1.4 * len(policies) + 5), 7.5))
    fig.suptitle(f"Policies compared \u2014 {title_for(data)}\n"
                 "bars: mean over seeds; error bars: Student-t 95% interval", fontsize=11)
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    panels = list(BAR_METRICS)
    moved_bytes = any((data["policies"][name]["metrics"]["throughput_GBps"]["mean"] or 0) > 0 for name in policies)
    if not moved_bytes and NO_BYTES_METRIC[0] in next(iter(data["policies"].values()))["metrics"]:
        panels[0] = NO_BYTES_METRIC
    for ax, (metric, label) in zip(axes.flat, panels):
        means, errors, xs = [], [], []
        for i, name in enumerate(policies):
            m = data["policies"][name]["metrics"][metric]
            means.append(m["mean"] if m["mean"] is not None else 0.0)
            errors.append(m["ci95_half_width"] if m["ci95_half_width"] is not None else 0.0)
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
        ax.set_xticklabels(policies, rotation=20 if len(policies) > 4 else 0, ha="right"
                           if len(policies) > 4 else "center")
        ax.set_ylabel(label)
        ax.set_ylim(bottom=0)
        ax.grid(True, axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(out_path, dpi=110)
    plt.close(fig)


def plot_wait_cdf(plt, data, run_dir, out_path):
    fig, ax = plt.subplots(figsize=(9, 5.5))
    fig.suptitle(f"Job wait-time CDF per policy \u2014 {title_for(data)}\n"
                 "completed jobs, pooled over the successful runs", fontsize=11)
    pooled = {}
    for name, entry in data["policies"].items():
        waits = []
        for run in entry["runs"]:
            if run["status"] == "ok":
                waits += load_waits(run_dir / run["folder"] / "jobs.csv")
        pooled[name] = sorted(waits)
    everything = [w for ws in pooled.values() for w in ws]
    if everything:
        lo, hi = min(everything), max(everything)
        use_log = lo > 0 and hi / lo > 100.0  # > 2 decades, all positive
        if use_log:
            ax.set_xscale("log")
            left, right = lo / 1.5, hi * 1.5
        else:
            span = hi - lo
            pad = 0.05 * span if span > 0 else max(1.0, 0.1 * abs(hi))
            left, right = lo - pad, hi + pad
        for name, s in pooled.items():
            if not s:
                continue
            n = len(s)
            xs = [left, s[0]] + s + [right]
            ys = [0.0, 0.0] + [(i + 1) / n for i in range(n)] + [1.0]
            ax.step(xs, ys, where="post", linewidth=1.6, label=f"{name} (n={n})")
        ax.set_xlim(left, right)
        ax.legend(loc="lower right", fontsize=9)
    else:
        ax.text(0.5, 0.5, "no completed jobs", ha="center", va="center",
                transform=ax.transAxes, color="gray")
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("wait time (s)" + (", log scale" if everything and ax.get_xscale() == "log" else ""))
    ax.set_ylabel("fraction of completed jobs \u2264 x")
    ax.grid(True, alpha=0.3, which="both")
    fig.tight_layout()
    fig.savefig(out_path, dpi=110)
    plt.close(fig)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Plot per-policy metrics with 95% intervals and wait-time CDFs "
                    "from a 'dcflow compare' output folder.")
    parser.add_argument("dir", metavar="DIR", help="compare output folder (compare.json, run folders)")
    parser.add_argument("--out", metavar="OUTDIR", help="directory for the PNG files (default: DIR)")
    args = parser.parse_args(argv)  # usage errors: argparse prints PROG: error:, exit 2

    run_dir = pathlib.Path(args.dir)
    if not run_dir.is_dir():
        raise PlotError(f"no such directory: {run_dir}")
    out_dir = pathlib.Path(args.out) if args.out else run_dir
    data = load_compare(run_dir / "compare.json")

    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as e:
        raise PlotError(f"matplotlib is not available to {sys.executable} ({e}); "
                        "run with /usr/bin/python3 and python3-matplotlib")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise PlotError(f"cannot create output directory {out_dir}: {e}")

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
    try:
        sys.exit(main())
    except PlotError as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
