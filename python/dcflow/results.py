"""Loading dcflow's output files into pandas, with typed columns.

Units (the README's "Outputs" section is the reference):

jobs.csv (JOB_COLUMNS), one row per job in id order:
    id        int64     job id
    class     string    job class
    submit    float64   s, simulated time the job was submitted
    start     float64   s, when it started (NaN: never started)
    end       float64   s, when it ended (NaN: never started)
    wait      float64   s, start - submit (NaN: never started)
    hosts     object    list of host names (the CSV's `;`-separated field)
    bytes     float64   B, the job's input bytes
    flops     float64   flop, the job's compute work
    status    category  completed | failed | not_started
    retries   int64     times a failure sent it back to the queue
    cause     string    why it failed (<NA> unless status is failed)

timeseries.csv (TIMESERIES_COLUMNS), equal bins over the run, each value a time average over its bin:
    time_s                       float64  s, bin start
    queue_length, running_jobs   float64  jobs (averages, hence not integers)
    active_hosts                 float64  hosts
    compute_util, network_util, storage_util, busiest_link_util, network_util_mean
                                 float64  fractions 0..1
    kv_occupancy                 float64  fraction 0..1 (only when an inference class ran)
    resources_down               float64  hosts and links down (only when resources fail)
    failures_started             float64  outages that began in the bin (only when resources fail)

compare.csv / sweep.csv (load_batch), one row per run:
    policy (compare) or one column per swept parameter (sweep): int64 or float64 when every value of the
        column is a number ("8", "0.5"), else string ("tcp", "1Tf", "platforms/x.xml")
    seed         int64
    status       category  ok | failed
    exit_status  Int64     exit code, 128 + signal when killed, <NA> when the run never ran
    the metrics (BATCH_METRICS)  float64, units in their names (_GBps: GB/s, _s: seconds, the others
        fractions or counts per second); NaN for a failed run or a metric that does not apply
    folder       string    the run's folder, relative to the batch folder
"""

import json
import math
import pathlib

import pandas as pd

JOB_COLUMNS = {
    "id": "int64", "class": "string", "submit": "float64", "start": "float64", "end": "float64",
    "wait": "float64", "hosts": "object", "bytes": "float64", "flops": "float64", "status": "category",
    "retries": "int64", "cause": "string",
}
TIMESERIES_COLUMNS = {
    "time_s": "float64", "queue_length": "float64", "running_jobs": "float64", "active_hosts": "float64",
    "compute_util": "float64", "network_util": "float64", "storage_util": "float64",
    "busiest_link_util": "float64", "network_util_mean": "float64",
}
# Columns timeseries.csv has only when they apply, in this order after TIMESERIES_COLUMNS.
TIMESERIES_OPTIONAL = {"kv_occupancy": "float64", "resources_down": "float64", "failures_started": "float64"}
# compare.csv / sweep.csv metric columns, in file order (src/app/batch_summary.cpp, batch_metrics()).
BATCH_METRICS = [
    "throughput_GBps", "simulated_time_s", "wait_mean_s", "wait_p95_s", "turnaround_mean_s",
    "efficiency_scheduling", "utilization_compute", "model_transfer_GBps", "training_samples_per_s",
    "training_iteration_s", "accelerator_utilization", "data_stall_fraction", "exposed_comm_fraction",
    "checkpoint_stall_fraction", "allreduce_busbw_GBps", "ttft_p95_s", "tpot_mean_s", "e2e_p95_s", "goodput",
    "tokens_per_s", "requests_per_s", "rejected", "gpu_hours", "energy_kWh",
    "energy_per_job_J", "cost_total", "failure_goodput", "jobs_failed", "lost_work_host_s", "storage_bytes_lost",
    "re_replicated_bytes",
]
JOB_STATUSES = ["completed", "failed", "not_started"]
RUN_STATUSES = ["ok", "failed"]


class Run:
    """One `dcflow run` folder: results (dict from results.json), jobs and timeseries (DataFrames)."""

    def __init__(self, folder, results, jobs, timeseries):
        self.folder = folder
        self.results = results
        self.jobs = jobs
        self.timeseries = timeseries

    def __repr__(self):
        return (f"Run({str(self.folder)!r}: scenario {self.results.get('scenario')!r}, "
                f"{len(self.jobs)} jobs, {len(self.timeseries)} time bins)")


def _read_csv(path, columns, optional=None):
    """A dcflow CSV with exactly `columns` (name -> dtype), then any of `optional` in their order, every column
    typed."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    extra = [c for c in (optional or {}) if c in frame.columns]
    if list(frame.columns) != list(columns) + extra:
        raise ValueError(f"{path}: columns {list(frame.columns)}, expected {list(columns)}")
    columns = {**columns, **{c: optional[c] for c in extra}}
    for name, dtype in columns.items():
        text = frame[name]
        if dtype == "float64":
            # Python's float() is correctly rounded; pandas' fast parser is not (2.94032257e-15 gains a digit).
            frame[name] = pd.Series([float(t) if t else math.nan for t in text], index=frame.index, dtype="float64")
        elif dtype == "int64":
            frame[name] = pd.Series([int(t) for t in text], index=frame.index, dtype="int64")
        elif dtype == "Int64":
            frame[name] = pd.array([int(t) if t else None for t in text], dtype="Int64")
        elif dtype == "string":  # an empty cell (a job's cause when it did not fail) is <NA>
            frame[name] = pd.array([t if t else None for t in text], dtype="string")
    return frame


def load_run(folder):
    """Loads a `dcflow run` output folder (results.json, jobs.csv, timeseries.csv) into a Run; see the module
    docstring for the columns, their dtypes and units."""
    folder = pathlib.Path(folder)
    with open(folder / "results.json", encoding="utf-8") as f:
        results = json.load(f)
    jobs = _read_csv(folder / "jobs.csv", JOB_COLUMNS)
    jobs["hosts"] = [h.split(";") if h else [] for h in jobs["hosts"]]
    jobs["status"] = pd.Categorical(jobs["status"], categories=JOB_STATUSES)
    timeseries = _read_csv(folder / "timeseries.csv", TIMESERIES_COLUMNS, TIMESERIES_OPTIONAL)
    return Run(folder, results, jobs, timeseries)


def _batch_file(folder, ext):
    for command in ("sweep", "compare"):
        path = folder / f"{command}.{ext}"
        if path.is_file():
            return command, path
    raise FileNotFoundError(f"{folder}: neither sweep.{ext} nor compare.{ext} (written by dcflow sweep/compare)")


def _parameter_column(text):
    """A swept parameter's values: int64 or float64 when every value is a number, else string."""
    try:
        return pd.Series([int(t) for t in text], index=text.index, dtype="int64")
    except ValueError:
        pass
    try:
        return pd.Series([float(t) for t in text], index=text.index, dtype="float64")
    except ValueError:
        return text.astype("string")


def load_batch(folder):
    """The table of a `dcflow compare` or `dcflow sweep` folder (compare.csv or sweep.csv), one row per run,
    the parameters (or `policy`) as columns, every column typed (module docstring). The summary JSON is in
    the frame's attrs: attrs["command"] ("compare"|"sweep"), attrs["parameters"] (the key columns, in order),
    attrs["summary"] (compare.json / sweep.json as a dict)."""
    folder = pathlib.Path(folder)
    command, path = _batch_file(folder, "csv")
    header = list(pd.read_csv(path, nrows=0).columns)
    summary = load_batch_json(folder)
    # The metrics are the summary's (a newer dcflow may add some); BATCH_METRICS lists this version's.
    metrics = list(summary.get("metrics", BATCH_METRICS))
    fixed = ["seed", "status", "exit_status"] + metrics + ["folder"]
    keys = header[: len(header) - len(fixed)]
    if header[len(keys):] != fixed:
        raise ValueError(f"{path}: columns {header}, expected the parameters then {fixed}")
    columns = {k: "string" for k in keys}
    columns.update({"seed": "int64", "status": "string", "exit_status": "Int64", "folder": "string"})
    columns.update({m: "float64" for m in metrics})
    columns = {name: columns[name] for name in header}
    frame = _read_csv(path, columns)
    if command == "sweep":
        for k in keys:
            frame[k] = _parameter_column(frame[k])
    frame["status"] = pd.Categorical(frame["status"], categories=RUN_STATUSES)
    frame.attrs["command"] = command
    frame.attrs["parameters"] = keys
    frame.attrs["summary"] = summary
    return frame


def load_batch_json(folder):
    """compare.json or sweep.json of a batch folder, as a dict."""
    _, path = _batch_file(pathlib.Path(folder), "json")
    with open(path, encoding="utf-8") as f:
        return json.load(f)
