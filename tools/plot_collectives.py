#!/usr/bin/python3
"""Plot a collectives sweep the way nccl-tests reports it: bus bandwidth against message size.

Usage: /usr/bin/python3 tools/plot_collectives.py DIR [--size PARAM] [--bytes-per-parameter B]
                                                  [--metric NAME] [--hline GBPS[:LABEL] ...] [--out OUTDIR]

DIR is a `dcflow sweep` output folder (sweep.json) of a training job that only all-reduces, such as
scenarios/collectives.yaml. The x axis is the message size in bytes: the swept parameter PARAM (default: the
one whose path ends in `model.parameters`) times B bytes per parameter (default 2, the training block's
default `weight_bytes`), on a log axis. The y axis is NAME (default allreduce_busbw_GBps), the mean over
seeds, on a log axis. Each combination of the other swept parameters' values (algorithm, GPUs) is one line.
Each --hline draws a dashed horizontal reference line at GBPS (a closed-form bound, say), labelled LABEL.

Writes OUTDIR/collectives_<NAME>.png (default OUTDIR: DIR). Prints "wrote PATH" and exits 0. On any error
prints "plot_collectives.py: error: <what>" to stderr and exits 2.

Needs only the standard library and matplotlib (Agg backend); run it with Debian's /usr/bin/python3 and
python3-matplotlib.
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

PROG = "plot_collectives.py"

LABELS = {
    "allreduce_busbw_GBps": "all-reduce bus bandwidth (GB/s)",
    "training_iteration_s": "iteration time (s)",
}

SHORT = {"algorithm": "", "hosts": "GPUs"}


def parse_hline(text):
    value, _, label = text.partition(":")
    try:
        gbps = float(value)
    except ValueError:
        raise PlotError(f"--hline {text}: '{value}' is not a number (GB/s)") from None
    if not math.isfinite(gbps) or gbps <= 0:
        raise PlotError(f"--hline {text}: the value must be a positive number of GB/s")
    return gbps, label or f"{gbps:g} GB/s"


def size_label(nbytes):
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if nbytes >= scale:
            return f"{nbytes / scale:g} {unit}"
    return f"{nbytes:g} B"


def line_label(params, size_param, values):
    parts = []
    for p in params:
        if p == size_param:
            continue
        leaf = p.rsplit(".", 1)[-1]
        unit = SHORT.get(leaf, leaf)
        parts.append(f"{values[p]} {unit}".strip() if leaf in SHORT else f"{leaf}={values[p]}")
    return ", ".join(parts) or "all-reduce"


def main():
    parser = argparse.ArgumentParser(prog=PROG, description="Bus bandwidth against message size (nccl-tests' view).")
    parser.add_argument("dir", help="a 'dcflow sweep' output folder")
    parser.add_argument("--size", help="the swept parameter that sets the message size (default: *model.parameters)")
    parser.add_argument("--bytes-per-parameter", type=float, default=2.0,
                        help="message bytes per unit of --size (default 2: BF16 gradients)")
    parser.add_argument("--metric", default="allreduce_busbw_GBps", help="the y metric (default allreduce_busbw_GBps)")
    parser.add_argument("--hline", action="append", default=[], metavar="GBPS[:LABEL]",
                        help="a dashed reference line (repeatable)")
    parser.add_argument("--out", help="output folder (default: DIR)")
    args = parser.parse_args()

    folder = plot_common.input_dir(args.dir)
    data = plot_common.load_sweep(folder / "sweep.json")
    params = data["parameters"]
    if args.size is None:
        candidates = [p for p in params if p.endswith("model.parameters")]
        if len(candidates) != 1:
            raise PlotError("no swept parameter ends in 'model.parameters'; name the size parameter with --size"
                            f" (swept: {', '.join(params)})")
        size_param = candidates[0]
    else:
        if args.size not in params:
            raise PlotError(f"--size {args.size}: not a swept parameter (swept: {', '.join(params)})")
        size_param = args.size
    if not math.isfinite(args.bytes_per_parameter) or args.bytes_per_parameter <= 0:
        raise PlotError("--bytes-per-parameter must be a positive number")
    hlines = [parse_hline(h) for h in args.hline]

    lines = {}  # other parameters' values -> [(bytes, mean)]
    for point in data["points"]:
        values = point["params"]
        try:
            size = float(values[size_param]) * args.bytes_per_parameter
        except ValueError:
            raise PlotError(f"{size_param}={values[size_param]}: not a number") from None
        m = point["metrics"].get(args.metric)
        if m is None:
            raise PlotError(f"no metric '{args.metric}' in sweep.json (known: {', '.join(point['metrics'])})")
        if m["mean"] is None or m["mean"] <= 0:
            continue  # a failed run, or a zero that a log axis cannot show
        key = tuple((p, values[p]) for p in params if p != size_param)
        lines.setdefault(key, []).append((size, m["mean"]))
    if not any(len(v) for v in lines.values()):
        raise PlotError(f"no run has a positive '{args.metric}' to plot")

    plt = plot_common.import_pyplot()
    fig, ax = plt.subplots(figsize=(8, 5))
    # One colour per value of the first other parameter (the algorithm), one line style per value of the rest.
    firsts, rests = [], []
    for key in lines:
        first, rest = key[:1], key[1:]
        if first not in firsts:
            firsts.append(first)
        if rest not in rests:
            rests.append(rest)
    styles = ["-", "--", ":", "-."]
    for key, pts in lines.items():
        pts.sort()
        ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", markersize=4,
                color=f"C{firsts.index(key[:1]) % 10}", linestyle=styles[rests.index(key[1:]) % len(styles)],
                label=line_label(params, size_param, dict(key)))
    for gbps, label in hlines:
        ax.axhline(gbps, linestyle="--", linewidth=1, color="grey")
        ax.annotate(label, xy=(0.01, gbps), xycoords=("axes fraction", "data"), fontsize=8, color="dimgrey",
                    va="bottom")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    sizes = sorted({p[0] for pts in lines.values() for p in pts})
    ticks = sizes if len(sizes) <= 12 else sizes[:: math.ceil(len(sizes) / 12)]
    ax.set_xticks(ticks)
    ax.set_xticklabels([size_label(s) for s in ticks], rotation=30)
    ax.set_xlabel("message size S (bytes per GPU)")
    ax.set_ylabel(LABELS.get(args.metric, args.metric))
    ax.set_title(f"{data.get('scenario', 'sweep')}: {LABELS.get(args.metric, args.metric)}")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    out_dir = pathlib.Path(args.out) if args.out else folder
    plot_common.make_output_dir(out_dir)
    out = out_dir / f"collectives_{args.metric}.png"
    plot_common.save_figure(plt, fig, out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    plot_common.run_main(PROG, main)
