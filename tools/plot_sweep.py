#!/usr/bin/python3
"""Plot the outputs of `dcflow sweep`: one metric against one swept parameter.

Usage: /usr/bin/python3 tools/plot_sweep.py DIR [--x PARAM] [--metric NAME] [--out OUTDIR]
                                           [--reference NAME] [--logy] [--hline Y[:LABEL] ...]
                                           [--xscale auto|linear|log]

DIR is a sweep output folder (sweep.json). The x axis is PARAM (default: the
first --param of the sweep); the y axis is NAME (default: throughput_GBps), the
mean over seeds, with the Student-t 95% interval as error bars. With several
swept parameters, each combination of the other parameters' values is one line.
Numeric parameter values are placed by value, others in the order swept.
Numeric x values spanning a factor of 16 or more are drawn on a log2 axis
unless --xscale linear (--xscale log forces it). --hline draws a horizontal reference line at Y (for example MLPerf Storage's
0.90 pass line for accelerator_utilization), labelled LABEL; it may be repeated.

Writes OUTDIR/sweep_<NAME>_vs_<PARAM>.png (default OUTDIR: DIR). Prints
"wrote PATH" and exits 0. On any error prints "plot_sweep.py: error: <what>"
to stderr and exits 2.

Needs only the standard library and matplotlib (Agg backend); run it with
Debian's /usr/bin/python3 and python3-matplotlib.
"""

import argparse
import math
import pathlib
import re
import sys

# plot_common.py lives next to this script; python3 -P or -I leaves this folder off sys.path.
_TOOLS = str(pathlib.Path(__file__).resolve().parent)
if _TOOLS not in sys.path:
    sys.path.insert(0, _TOOLS)
import plot_common  # noqa: E402

PlotError = plot_common.PlotError

PROG = "plot_sweep.py"

LABELS = {
    "throughput_GBps": "end-to-end throughput (GB/s)",
    "simulated_time_s": "simulated time (s)",
    "wait_mean_s": "mean wait (s)",
    "wait_p95_s": "p95 wait (s)",
    "turnaround_mean_s": "mean turnaround (s)",
    "efficiency_scheduling": "scheduling efficiency (S_sched, measured)",
    "utilization_compute": "compute utilisation (fraction)",
    "model_transfer_GBps": "document model M*v_transfer (GB/s)",
    "training_samples_per_s": "training throughput (samples/s)",
    "training_iteration_s": "mean iteration time (s)",
    "accelerator_utilization": "accelerator utilisation (AU: compute time / run time)",
    "data_stall_fraction": "GPU data-stall fraction",
    "exposed_comm_fraction": "exposed communication fraction",
    "checkpoint_stall_fraction": "checkpoint stall fraction",
    "allreduce_busbw_GBps": "all-reduce bus bandwidth (GB/s)",
    "ttft_p95_s": "p95 time to first token (s)",
    "tpot_mean_s": "mean time per output token (s)",
    "e2e_p95_s": "p95 end-to-end latency (s)",
    "goodput": "goodput (fraction of requests within the objectives)",
    "tokens_per_s": "output tokens/s",
    "requests_per_s": "requests/s served",
    "rejected": "requests rejected",
    "gpu_hours": "GPU-hours powered",
    "energy_kWh": "energy (kWh)",
    "energy_per_job_J": "energy per job (J)",
    "cost_total": "cost (scenario currency)",
    "failure_goodput": "goodput (useful work / work done, failures)",
    "jobs_failed": "jobs failed",
    "lost_work_host_s": "work lost to failures (host-s)",
    "storage_bytes_lost": "bytes no live replica holds at the end",
    "re_replicated_bytes": "bytes re-replicated after data nodes died",
}


def parse_hline(text):
    """--hline Y[:LABEL] -> (y, label or None); Y must be a finite number."""
    value, _, label = text.partition(":")
    y = as_number(value.strip())
    if y is None:
        raise PlotError(f"--hline {text}: expected Y or Y:LABEL with Y a finite number")
    return y, (label.strip() or None)


def as_number(text):
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def plot(plt, data, x_param, metric, out_path, reference=None, logy=False, hlines=(), xscale="auto", labels=None):
    """Draws the figure from `data`, the sweep.json dict (also what dcflow.load_batch(DIR).attrs["summary"]
    holds, so a notebook can call this after loading a sweep with the package). labels: value -> short text
    shown instead of the value (a platform path -> '10 Gb/s, 64 cores'); hlines: (y, label) reference lines;
    xscale: auto, linear or log for numeric x values."""
    labels = labels or {}

    def show(v, limit=14):
        return labels.get(v) or plot_common.short_label(v, limit=limit)

    params = data["parameters"]
    others = [p for p in params if p != x_param]
    # x positions: by value when every value is a number, else in the order swept.
    x_values = []
    for point in data["points"]:
        v = point["params"][x_param]
        if v not in x_values:
            x_values.append(v)
    numeric = all(as_number(v) is not None for v in x_values)
    position = {v: (as_number(v) if numeric else i) for i, v in enumerate(x_values)}

    lines = {}  # other parameters' values -> [(x, mean, half width)]
    for point in data["points"]:
        key = tuple(point["params"][p] for p in others)
        m = point["metrics"].get(metric, {})
        if m.get("mean") is None:
            continue  # no successful run at this point
        lines.setdefault(key, []).append((position[point["params"][x_param]], m["mean"],
                                          m.get("ci95_half_width") or 0.0))

    ref_lines = {}  # same keys: the reference metric (for example the document model's M*v), dashed
    if reference:
        for point in data["points"]:
            key = tuple(point["params"][p] for p in others)
            m = point["metrics"].get(reference, {})
            if m.get("mean") is not None:
                ref_lines.setdefault(key, []).append((position[point["params"][x_param]], m["mean"]))

    fig, ax = plt.subplots(figsize=(9, 5.5))
    seeds = data.get("seeds")
    seeds_text = ""
    if isinstance(seeds, list) and seeds:
        seeds_text = f", seed {seeds[0]}" if len(seeds) == 1 else f", {len(seeds)} seeds"
    fig.suptitle(f"{metric} against {x_param} \u2014 {data.get('scenario', '?')}{seeds_text}\n"
                 "mean over seeds; error bars: Student-t 95% interval", fontsize=11)
    if lines:
        for key, pts in lines.items():
            pts.sort()
            label = (", ".join(f"{p.split('.')[-1]} = {show(v, limit=40)}"
                               for p, v in zip(others, key)) if others else metric)
            bars = ax.errorbar([p[0] for p in pts], [p[1] for p in pts], yerr=[p[2] for p in pts],
                               marker="o", capsize=4, linewidth=1.5, label=label)
            ref = sorted(ref_lines.get(key, []))
            if ref:
                ax.plot([p[0] for p in ref], [p[1] for p in ref], linestyle="--", color=bars.lines[0].get_color(),
                        label=f"{label}: {reference}")
        for y, label in hlines:
            ax.axhline(y, color="black", linestyle=":", linewidth=1.2, label=label or f"y = {y:g}")
        if others or ref_lines or hlines:
            ax.legend(fontsize=9)
        means = [p[1] for pts in lines.values() for p in pts]
        if not logy and min(means) > 0 and max(means) / min(means) >= 30:
            logy = True  # the means span decades: a linear axis would squash the small ones
        if logy:
            ax.set_yscale("log")
    else:
        ax.text(0.5, 0.5, "no successful run", ha="center", va="center",
                transform=ax.transAxes, color="gray")
    if not numeric:
        ax.set_xticks(list(range(len(x_values))))
        ax.set_xticklabels([show(v) for v in x_values])
    elif xscale != "linear" and len(x_values) >= 3:
        xs = sorted(position.values())
        # values such as 1,2,4,8,16 read best on a log axis
        if xs[0] > 0 and (xscale == "log" or xs[-1] / xs[0] >= 16):
            ax.set_xscale("log", base=2)
            ax.set_xticks(xs)
            ax.set_xticklabels([f"{x:g}" for x in xs])
    elif xscale == "linear":
        ax.set_xticks(sorted(position.values()))
    ax.set_xlabel(x_param)
    ax.set_ylabel(LABELS.get(metric, metric) + (", log scale" if ax.get_yscale() == "log" else ""))
    ax.grid(True, alpha=0.3, which="both")
    plot_common.save_figure(plt, fig, out_path)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog=PROG, description="Plot a metric against a swept parameter from a 'dcflow sweep' output folder.")
    parser.add_argument("dir", metavar="DIR", help="sweep output folder (sweep.json)")
    parser.add_argument("--x", metavar="PARAM", help="parameter on the x axis (default: the first swept)")
    parser.add_argument("--metric", metavar="NAME", default="throughput_GBps",
                        help="metric on the y axis (default: throughput_GBps); one of " + ", ".join(LABELS))
    parser.add_argument("--out", metavar="OUTDIR", help="directory for the PNG file (default: DIR)")
    parser.add_argument("--reference", metavar="NAME",
                        help="a second metric drawn dashed for comparison, e.g. model_transfer_GBps (M*v)")
    parser.add_argument("--logy", action="store_true", help="logarithmic y axis")
    parser.add_argument("--hline", metavar="Y[:LABEL]", action="append", default=[],
                        help="a horizontal reference line at Y, labelled LABEL (repeatable), "
                             "e.g. --hline '0.9:MLPerf pass line'")
    parser.add_argument("--xscale", choices=("auto", "linear", "log"), default="auto",
                        help="x axis of numeric values: log2 when they span a factor of 16 or more (auto, "
                             "the default), or always linear, or always log2")
    parser.add_argument("--label", metavar="VALUE=TEXT", action="append", default=[],
                        help="show a swept value as TEXT, repeatable; e.g. "
                             "--label '../platforms/wan_two_sites_10g.xml=10 Gb/s, 64 cores'")
    args = parser.parse_args(argv)  # usage errors: argparse prints PROG: error:, exit 2
    hlines = [parse_hline(h) for h in args.hline]

    run_dir = plot_common.input_dir(args.dir)
    data = plot_common.load_sweep(run_dir / "sweep.json")
    params = data["parameters"]
    x_param = args.x if args.x is not None else params[0]
    if x_param not in params:
        raise PlotError(f"--x {x_param}: not a swept parameter; expected one of {', '.join(params)}")
    known = list(data.get("metrics", {})) if isinstance(data.get("metrics"), dict) else list(LABELS)
    if args.metric not in known:
        raise PlotError(f"--metric {args.metric}: unknown metric; expected one of {', '.join(known)}")
    if args.reference and args.reference not in known:
        raise PlotError(f"--reference {args.reference}: unknown metric; expected one of {', '.join(known)}")
    out_dir = pathlib.Path(args.out) if args.out else run_dir
    labels = {}
    for item in args.label:
        value, sep, text = item.partition("=")
        if not sep or not value or not text:
            raise PlotError(f"--label {item}: expected VALUE=TEXT")
        labels[value] = text

    plt = plot_common.import_pyplot()
    plot_common.make_output_dir(out_dir)

    safe = re.sub(r"[^A-Za-z0-9.+-]", "_", x_param)
    out_path = out_dir / f"sweep_{args.metric}_vs_{safe}.png"
    try:
        plot(plt, data, x_param, args.metric, out_path, args.reference, args.logy, hlines, args.xscale, labels)
    except OSError as e:
        raise PlotError(f"cannot write output: {e}")
    print(f"wrote {out_path}", flush=True)
    return 0


if __name__ == "__main__":
    plot_common.run_main(PROG, main)
