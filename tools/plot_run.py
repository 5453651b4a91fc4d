#!/usr/bin/python3
"""Plot the outputs of one dcflow run.

Usage: /usr/bin/python3 tools/plot_run.py DIR [--out OUTDIR]

DIR holds one run's outputs (results.json, jobs.csv, timeseries.csv).
Writes into OUTDIR (default: DIR):
  utilization.png  compute/network/storage utilisation over simulated time (network: the
                   run's busiest link, and the mean over the links used),
                   with queue length and running jobs in a second panel
  wait_cdf.png     empirical CDFs of wait time and turnaround time of the
                   completed jobs

Prints "wrote PATH" for each file written and exits 0. On any error prints
"plot_run.py: error: <what>" to stderr and exits 2.

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

PROG = "plot_run.py"

JOBS_COLUMNS = ("id", "class", "submit", "start", "end", "wait",
                "hosts", "bytes", "flops", "status")
JOB_STATUSES = ("completed", "failed", "not_started")
TIMESERIES_COLUMNS = ("time_s", "queue_length", "running_jobs", "active_hosts",
                      "compute_util", "network_util", "storage_util",
                      "busiest_link_util", "network_util_mean")


# --------------------------------------------------------------------------
# Input
# --------------------------------------------------------------------------

def load_results(path):
    data = plot_common.load_json_object(path)
    for key in ("scenario", "policy"):
        if key not in data:
            raise PlotError(f"{path}: missing key '{key}'")
        if not isinstance(data[key], str):
            raise PlotError(f"{path}: '{key}' must be a string")

    # Optional for plotting, but must be well-formed when present.
    sim_t = data.get("simulated_time_s")
    if sim_t is not None and not plot_common.is_finite_number(sim_t):
        raise PlotError(f"{path}: 'simulated_time_s' must be a finite number")
    jobs = data.get("jobs")
    if jobs is not None:
        if not isinstance(jobs, dict):
            raise PlotError(f"{path}: 'jobs' must be an object")
        for key in ("submitted", "completed", "failed"):
            if key in jobs and not plot_common.is_number(jobs[key]):
                raise PlotError(f"{path}: 'jobs.{key}' must be a number")
    return data


def read_csv(path, required):
    """Return a list of (line number, row) with rows as dicts restricted to the
    required columns (extra columns ignored, any order accepted; blank lines
    skipped)."""
    records = plot_common.csv_rows(path, encoding="utf-8-sig", skip_blank=True)
    header = next(records)
    index = {}
    for i, name in enumerate(header):
        index.setdefault(name, i)
    missing = [c for c in required if c not in index]
    if missing:
        raise PlotError(f"{path}: missing column(s) {', '.join(missing)}")
    return [(line, {c: record[index[c]].strip() for c in required})
            for line, record in records]


def parse_number(path, line, column, text):
    try:
        value = float(text)
    except ValueError:
        raise PlotError(f"{path}:{line}: column '{column}': "
                        f"expected a number, got {text!r}")
    if not math.isfinite(value):
        raise PlotError(f"{path}:{line}: column '{column}': "
                        f"non-finite value {text!r}")
    return value


def load_jobs(path):
    """Return (waits, turnarounds) of completed jobs, plus status counts."""
    waits, turnarounds = [], []
    counts = {s: 0 for s in JOB_STATUSES}
    for line, row in read_csv(path, JOBS_COLUMNS):
        status = row["status"]
        if status not in JOB_STATUSES:
            raise PlotError(f"{path}:{line}: unknown status {status!r} "
                            f"(expected one of {', '.join(JOB_STATUSES)})")
        counts[status] += 1
        submit = parse_number(path, line, "submit", row["submit"])
        if status != "completed":
            continue
        for col in ("start", "end", "wait"):
            if row[col] == "":
                raise PlotError(f"{path}:{line}: completed job has empty '{col}'")
        end = parse_number(path, line, "end", row["end"])
        wait = parse_number(path, line, "wait", row["wait"])
        parse_number(path, line, "start", row["start"])
        waits.append(wait)
        turnarounds.append(end - submit)
    return waits, turnarounds, counts


def load_timeseries(path):
    series = {c: [] for c in TIMESERIES_COLUMNS}
    parsed = []
    for line, row in read_csv(path, TIMESERIES_COLUMNS):
        parsed.append([parse_number(path, line, c, row[c]) for c in TIMESERIES_COLUMNS])
    parsed.sort(key=lambda r: r[0])
    for values in parsed:
        for c, v in zip(TIMESERIES_COLUMNS, values):
            series[c].append(v)
    return series


# --------------------------------------------------------------------------
# Plotting
# --------------------------------------------------------------------------

def title_for(results):
    return f"{results['scenario']} \u2014 policy: {results['policy']}"


def subtitle_for(results, counts):
    jobs = results.get("jobs")
    if isinstance(jobs, dict) and all(k in jobs for k in ("submitted", "completed", "failed")):
        sub = (f"jobs: {jobs['submitted']:g} submitted, {jobs['completed']:g} completed, "
               f"{jobs['failed']:g} failed")
    else:
        sub = (f"jobs: {sum(counts.values())} in jobs.csv, {counts['completed']} completed, "
               f"{counts['failed']} failed")
    sim_t = results.get("simulated_time_s")
    if sim_t is not None:
        sub += f"; simulated time {sim_t:g} s"
    return sub


def step_extent(times, sim_t):
    """End time of the last bin, so the last bin's value is drawn too."""
    last = times[-1]
    width = times[-1] - times[-2] if len(times) >= 2 else 0.0
    end = last + width
    if sim_t is not None and last < sim_t and (width <= 0 or sim_t <= end):
        end = sim_t  # a final partial bin
    if end <= last:
        end = last + 1.0
    return end


def plot_utilization(plt, series, results, counts, out_path):
    fig, (ax_u, ax_q) = plt.subplots(2, 1, sharex=True, figsize=(10, 7),
                                     gridspec_kw={"height_ratios": [3, 2]})
    fig.suptitle(f"Utilisation \u2014 {title_for(results)}\n"
                 f"{subtitle_for(results, counts)}", fontsize=11)
    times = series["time_s"]
    if times:
        t_end = step_extent(times, results.get("simulated_time_s"))
        xs = times + [t_end]

        def ext(values):
            return values + [values[-1]]

        # The network curve is the run's busiest link, the link results.json's utilization.network
        # names, so that its average is that figure; the dashed one is the mean over the links used.
        for col, label, color, style in (
                ("compute_util", "compute", "tab:blue", "-"),
                ("busiest_link_util", "network (busiest link of the run)", "tab:orange", "-"),
                ("network_util_mean", "network (mean over links used)", "tab:orange", "--"),
                ("storage_util", "storage", "tab:green", "-")):
            ax_u.step(xs, ext(series[col]), where="post", label=label,
                      color=color, linewidth=1.4, linestyle=style)
        ax_q.step(xs, ext(series["queue_length"]), where="post",
                  label="queue length (jobs waiting)", color="tab:red", linewidth=1.4)
        ax_q.step(xs, ext(series["running_jobs"]), where="post",
                  label="running jobs", color="tab:purple", linewidth=1.4)
        ax_q.set_xlim(times[0], t_end)
        ax_u.legend(loc="upper right", fontsize=9)
        ax_q.legend(loc="upper right", fontsize=9)
    else:
        for ax in (ax_u, ax_q):
            ax.text(0.5, 0.5, "no data in timeseries.csv", ha="center",
                    va="center", transform=ax.transAxes, color="gray")
    ax_u.set_ylim(-0.02, 1.02)
    ax_u.set_ylabel("utilisation (fraction, 0\u20131)")
    ax_u.set_title("resource utilisation (bin averages)", fontsize=10)
    ax_u.grid(True, alpha=0.3)
    ax_q.set_ylim(bottom=0)
    ax_q.set_ylabel("jobs (bin average)")
    ax_q.set_xlabel("simulated time (s)")
    ax_q.set_title("queue length and running jobs", fontsize=10)
    ax_q.grid(True, alpha=0.3)
    plot_common.save_figure(plt, fig, out_path)


def _median(values):
    s = sorted(values)
    n = len(s)
    mid = n // 2
    return s[mid] if n % 2 else 0.5 * (s[mid - 1] + s[mid])


def plot_wait_cdf(plt, waits, turnarounds, results, counts, out_path):
    fig, ax = plt.subplots(figsize=(9, 5.5))
    fig.suptitle(f"Job wait and turnaround CDF \u2014 {title_for(results)}\n"
                 f"{subtitle_for(results, counts)}", fontsize=11)
    ax.set_title("completed jobs only", fontsize=10)
    everything = waits + turnarounds
    x_range = None
    if everything:
        x_range = left, right = plot_common.cdf_x_range(ax, everything)
        for values, label, color in ((waits, "wait time", "tab:blue"),
                                     (turnarounds, "turnaround time (end \u2212 submit)",
                                      "tab:orange")):
            s = sorted(values)
            n = len(s)
            xs, ys = plot_common.cdf_steps(s, left, right)
            ax.step(xs, ys, where="post", color=color, linewidth=1.6,
                    label=f"{label} (n={n}, median {_median(s):.3g} s)")
    plot_common.finish_cdf_axes(ax, x_range, "time (s)")
    plot_common.save_figure(plt, fig, out_path)


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def main(argv=None):
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Plot utilisation over time and job wait/turnaround CDFs "
                    "for one dcflow run.")
    parser.add_argument("dir", metavar="DIR", help="directory with one run's outputs "
                        "(results.json, jobs.csv, timeseries.csv)")
    parser.add_argument("--out", metavar="OUTDIR",
                        help="directory for the PNG files (default: DIR)")
    args = parser.parse_args(argv)  # usage errors: argparse prints PROG: error:, exit 2

    run_dir = plot_common.input_dir(args.dir)
    out_dir = pathlib.Path(args.out) if args.out else run_dir

    results = load_results(run_dir / "results.json")
    waits, turnarounds, counts = load_jobs(run_dir / "jobs.csv")
    series = load_timeseries(run_dir / "timeseries.csv")

    plt = plot_common.import_pyplot()
    plot_common.make_output_dir(out_dir)

    util_path = out_dir / "utilization.png"
    cdf_path = out_dir / "wait_cdf.png"
    try:
        plot_utilization(plt, series, results, counts, util_path)
        print(f"wrote {util_path}", flush=True)
        plot_wait_cdf(plt, waits, turnarounds, results, counts, cdf_path)
        print(f"wrote {cdf_path}", flush=True)
    except OSError as e:
        raise PlotError(f"cannot write output: {e}")
    return 0


if __name__ == "__main__":
    plot_common.run_main(PROG, main)
