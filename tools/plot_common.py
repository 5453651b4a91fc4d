"""Code shared by the dcflow plot scripts (plot_run.py, plot_compare.py,
plot_sweep.py).

Not a script of its own: each plot script imports it as `import plot_common`
from the folder it lives in. Every problem the user can fix is raised as
PlotError; run_main() reports it as "<script>: error: <what>" on stderr and
exits 2, without a traceback.

Needs only the standard library; matplotlib is imported by import_pyplot(),
once the inputs have been read.
"""

import csv
import json
import math
import pathlib
import sys


class PlotError(Exception):
    """A user-facing error: reported as '<script>: error: ...', exit 2."""


def run_main(prog, main):
    """Run main() as a script named prog: exit with its return value; on a
    PlotError print 'prog: error: <what>' to stderr and exit 2; on Ctrl-C
    exit 130."""
    try:
        sys.exit(main())
    except PlotError as e:
        print(f"{prog}: error: {e}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)


# --------------------------------------------------------------------------
# Input
# --------------------------------------------------------------------------

def is_number(value):
    """True for a JSON number (int or float, but not a bool)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_finite_number(value):
    return is_number(value) and math.isfinite(value)


def input_dir(arg):
    """The path of the input folder given on the command line, which must exist."""
    path = pathlib.Path(arg)
    if not path.is_dir():
        raise PlotError(f"no such directory: {path}")
    return path


def load_json_object(path, missing_hint=""):
    """The JSON object in the file at path. missing_hint is appended to the
    'missing file' message (for example which command writes the file)."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError:
        raise PlotError(f"missing file {path}{missing_hint}")
    except (OSError, UnicodeDecodeError) as e:
        raise PlotError(f"cannot read {path}: {e}")
    except json.JSONDecodeError as e:
        raise PlotError(f"malformed JSON in {path}: {e}")
    if not isinstance(data, dict):
        raise PlotError(f"{path}: top level must be a JSON object")
    return data


def check_mean_ci(stats, where):
    """A metric's summary over seeds in compare.json or sweep.json (where names
    it in messages): 'mean' and 'ci95_half_width', when present, must each be
    a finite number or null."""
    for key in ("mean", "ci95_half_width"):
        value = stats.get(key)
        if value is not None and not is_finite_number(value):
            raise PlotError(f"{where}.{key} must be a number or null")


def csv_rows(path, encoding="utf-8", skip_blank=False):
    """Read a CSV file lazily. The first item yielded is the header row, its
    names stripped of surrounding blanks; then (line number, fields) for each
    data row. Empty rows are skipped, and with skip_blank also rows whose
    fields are all blank; any other row must have as many fields as the header.
    A missing, unreadable, empty or malformed file raises PlotError."""
    try:
        f = open(path, newline="", encoding=encoding)
    except FileNotFoundError:
        raise PlotError(f"missing file {path}")
    except OSError as e:
        raise PlotError(f"cannot read {path}: {e}")
    try:
        with f:
            reader = csv.reader(f)
            header = next(reader, None)
            if header is None:
                raise PlotError(f"{path}: empty file (no header row)")
            yield [h.strip() for h in header]
            for record in reader:
                line = reader.line_num
                if not record or (skip_blank and all(not v.strip() for v in record)):
                    continue
                if len(record) != len(header):
                    raise PlotError(
                        f"{path}:{line}: expected {len(header)} fields, "
                        f"got {len(record)}")
                yield line, record
    except csv.Error as e:
        raise PlotError(f"{path}: malformed CSV: {e}")
    except UnicodeDecodeError as e:
        raise PlotError(f"{path}: not valid UTF-8: {e}")


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------

def import_pyplot():
    """matplotlib.pyplot with the Agg backend (no display needed)."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as e:
        raise PlotError(f"matplotlib is not available to {sys.executable} ({e}); "
                        "run with /usr/bin/python3 and python3-matplotlib")
    return plt


def cdf_x_range(ax, values):
    """x limits (left, right) for an empirical CDF of values (not empty),
    padded around them. When the positive values span more than two decades,
    switches ax to a log x axis over at most five decades below the largest:
    smaller values and 0 (jobs that did not wait) are then the CDF's jump at
    the left edge, which finish_cdf_axes() states in the axis label."""
    lo, hi = min(values), max(values)
    positive = [v for v in values if v > 0]
    use_log = lo >= 0 and positive and hi / min(positive) > 100.0  # > 2 decades
    if use_log:
        ax.set_xscale("log")
        # At most five decades: shorter waits (and waits of 0) are drawn at the left edge, as the label says.
        left, right = max(min(positive) / 2, hi / 1e5), hi * 1.5
        ax.dcflow_left_edge = left if lo < left else None
    else:
        span = hi - lo
        pad = 0.05 * span if span > 0 else max(1.0, 0.1 * abs(hi))
        left, right = lo - pad, hi + pad
    return left, right


def time_unit(values):
    """(divisor, unit) to show durations given in seconds: hours when the
    largest is above 3 hours, minutes above 3 minutes, else seconds (the
    README's tables use s for the services and h for the batch log)."""
    hi = max((abs(v) for v in values if v is not None and math.isfinite(v)), default=0)
    if hi > 3 * 3600:
        return 3600.0, "h"
    if hi > 180:
        return 60.0, "min"
    return 1.0, "s"


def short_label(text, limit=14):
    """A tick label that fits: a path's file name without its extension
    ('platforms/gpu/dgx_h100_16.xml' -> 'dgx_h100_16'); a long snake_case name
    broken at its underscores onto two lines ('conservative_backfilling' ->
    'conservative\nbackfilling')."""
    text = str(text)
    if "/" in text:
        text = pathlib.PurePath(text).stem
    if len(text) > limit and "_" in text:
        words = text.split("_")
        half, best = len(text) / 2, None
        for i in range(1, len(words)):
            first = "_".join(words[:i])
            if best is None or abs(len(first) - half) < abs(len(best[0]) - half):
                best = (first, "_".join(words[i:]))
        text = best[0] + "_\n" + best[1]
    return text


def cdf_steps(s, left, right):
    """(xs, ys) to draw the empirical CDF of the sorted, non-empty values s as
    a post-step line from left to right."""
    n = len(s)
    xs = [left, s[0]] + s + [right]
    ys = [0.0, 0.0] + [(i + 1) / n for i in range(n)] + [1.0]
    return xs, ys


def finish_cdf_axes(ax, x_range, xlabel):
    """Finish the axes of an empirical CDF plot: x_range is (left, right) from
    cdf_x_range(), or None when there was nothing to plot."""
    if x_range:
        ax.set_xlim(*x_range)
        ax.legend(loc="best", fontsize=9)
    else:
        ax.text(0.5, 0.5, "no completed jobs", ha="center", va="center",
                transform=ax.transAxes, color="gray")
    ax.set_ylim(-0.02, 1.02)
    log = x_range and ax.get_xscale() == "log"
    edge = getattr(ax, "dcflow_left_edge", None) if log else None
    ax.set_xlabel(xlabel + (", log scale" if log else "") +
                  (f"; shorter than {edge:.2g} (0 included) at the left edge" if edge else ""))
    ax.set_ylabel("fraction of completed jobs \u2264 x")
    ax.grid(True, alpha=0.3, which="both")


def save_figure(plt, fig, out_path):
    """Lay out fig, write it to out_path as a PNG at 110 dpi, and close it."""
    fig.tight_layout()
    fig.savefig(out_path, dpi=110)
    plt.close(fig)


def make_output_dir(out_dir):
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise PlotError(f"cannot create output directory {out_dir}: {e}")


def load_sweep(path):
    """A sweep.json as a dict, its parameters, points and their metrics checked (PlotError otherwise)."""
    data = load_json_object(
        path, missing_hint=" (is this a 'dcflow sweep' output folder?)")
    params = data.get("parameters")
    if not isinstance(params, list) or not params or not all(isinstance(p, str) for p in params):
        raise PlotError(f"{path}: 'parameters' must be a non-empty list of names")
    points = data.get("points")
    if not isinstance(points, list) or not points:
        raise PlotError(f"{path}: 'points' must be a non-empty list")
    for i, point in enumerate(points):
        where = f"{path}: points[{i}]"
        if not isinstance(point, dict):
            raise PlotError(f"{where} must be an object")
        values = point.get("params")
        if not isinstance(values, dict) or any(not isinstance(values.get(p), str) for p in params):
            raise PlotError(f"{where}: 'params' must give a string value for each of {', '.join(params)}")
        metrics = point.get("metrics")
        if not isinstance(metrics, dict):
            raise PlotError(f"{where}: missing object 'metrics'")
        for name, m in metrics.items():
            if not isinstance(m, dict):
                raise PlotError(f"{where}.metrics.{name} must be an object")
            check_mean_ci(m, f"{where}.metrics.{name}")
    return data
