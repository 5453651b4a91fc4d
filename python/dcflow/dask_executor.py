"""`dcflow compare` and `dcflow sweep` on a Dask cluster.

    /usr/bin/python3 -m dcflow sweep|compare SCENARIO [dcflow's options] [--scheduler tcp://HOST:8786]
        [--workers N] [--dcflow PATH] [--workdir DIR] [--retries N]

1. `dcflow sweep|compare SCENARIO ... --plan` lists the runs (the same grid, folders, seeds and `dcflow run`
   command lines as the local command; src/app/batch.hpp).
2. Each run is one Dask task (worker_task.run_on_worker): it starts `dcflow run` on a worker, in a private
   temporary folder, and returns the run's output files and exit status. Workers need not share a file
   system with the client: they need the dcflow binary (--dcflow, default the client's own, at the same path)
   and the scenario's files at the paths its command line names, relative to --workdir (default: the
   client's current folder, absolute) - e.g. a checkout of this repository at the same path, or a shared one.
3. The client writes each run's files into its folder as the task ends (the folder layout of the local
   command), and prints progress: runs done / total and the time left.
4. `dcflow sweep|compare ... --summarize OUTCOMES` then prints the table and writes sweep.csv/compare.csv and
   .json with dcflow's own code, so the summaries are byte for byte those the local command writes.

A run that fails (non-zero exit, killed) is reported as by the local command. A worker that dies mid-run
loses only its running tasks, which the scheduler gives to another worker (distributed's
`distributed.scheduler.allowed-failures`, 3 by default); each run's files are written once, from the one
result the client receives. A task that raises (the binary missing on a worker) is retried --retries times,
then reported as a failed run.

Exit status: dcflow's: 0 all runs succeeded, 1 some failed, 2 bad input (nothing ran).
"""

import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

from . import worker_task

REPO = pathlib.Path(__file__).resolve().parents[2]
RUN_FILES = ["results.json", "jobs.csv", "timeseries.csv", "run.log"]


def default_dcflow():
    """$DCFLOW, else this repository's build/src/dcflow, else `dcflow` on the PATH."""
    if os.environ.get("DCFLOW"):
        return os.path.abspath(os.environ["DCFLOW"])
    built = REPO / "build" / "src" / "dcflow"
    if built.is_file():
        return str(built)
    found = shutil.which("dcflow")
    return os.path.abspath(found) if found else None


def time_left(elapsed_s, done, total):
    """'; about 12 s left', as the local command prints it (src/app/batch.cpp, time_left)."""
    if done == 0 or done >= total:
        return ""
    left = elapsed_s / done * (total - done)
    if left < 90:
        return f"; about {left:.0f} s left"
    if left < 5400:
        return f"; about {left / 60:.0f} min left"
    return f"; about {left / 3600:.1f} h left"


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python3 -m dcflow", allow_abbrev=False,
        description="Run `dcflow compare` or `dcflow sweep` on a Dask cluster; every other option is dcflow's "
                    "(see `dcflow sweep --help`).",
        epilog="Example: python3 -m dcflow sweep scenarios/wan_pipes.yaml --param transfer.pipes=1,8,64 "
               "--seeds 3 --scheduler tcp://10.0.0.1:8786 --out results/pipes")
    parser.add_argument("command", choices=["compare", "sweep"])
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="Dask scheduler, e.g. tcp://HOST:8786 (default: a LocalCluster on this machine)")
    parser.add_argument("--workers", type=int, metavar="N",
                        help="LocalCluster only: worker processes, one thread each (default: CPU count)")
    parser.add_argument("--dcflow", metavar="PATH", default=default_dcflow(),
                        help="the dcflow binary, on the client and at the same path on every worker "
                             "(default: $DCFLOW, else this repository's build/src/dcflow, else the PATH's)")
    parser.add_argument("--workdir", metavar="DIR", default=os.getcwd(),
                        help="folder the runs start in on the workers; the command line's relative paths "
                             "are from there (default: the current folder)")
    parser.add_argument("--retries", type=int, default=2, metavar="N",
                        help="retries of a task that raises on a worker (default 2); a worker that dies is "
                             "handled by the scheduler's allowed-failures")
    args, dcflow_args = parser.parse_known_args(argv)
    for word in ("-j", "--jobs", "--plan", "--summarize"):
        if any(a == word or a.startswith(word + "=") for a in dcflow_args):
            parser.error(f"{word} is the local command's; the cluster decides how many runs go at once")
    if not args.dcflow:
        parser.error("no dcflow binary: build it (build/src/dcflow), put it on the PATH or pass --dcflow")
    return args, dcflow_args


def get_plan(args, dcflow_args):
    """The runs, from `dcflow ... --plan`; None after printing dcflow's error."""
    plan = subprocess.run([args.dcflow, args.command, *dcflow_args, "--plan"], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)
    if plan.returncode != 0:
        sys.stderr.write(plan.stderr)
        return None, plan.returncode
    return json.loads(plan.stdout), 0


def prepare_folders(plan):
    """As the local command: every run folder exists and holds nothing from a previous batch."""
    for run in plan["runs"]:
        folder = pathlib.Path(run["folder"])
        folder.mkdir(parents=True, exist_ok=True)
        for name in RUN_FILES:
            (folder / name).unlink(missing_ok=True)


def write_atomic(path, data):
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def connect(args):
    import distributed

    if args.scheduler:
        return distributed.Client(args.scheduler), None
    cluster = distributed.LocalCluster(n_workers=args.workers or os.cpu_count() or 1, threads_per_worker=1,
                                       processes=True, dashboard_address=None)
    return distributed.Client(cluster), cluster


def run_plan(client, args, plan):
    """Runs every run of the plan as a task; writes each run's files; returns the outcomes for --summarize."""
    import cloudpickle
    import distributed

    cloudpickle.register_pickle_by_value(worker_task)  # workers need not have this package
    batch = uuid.uuid4().hex[:8]
    futures = {}
    for i, run in enumerate(plan["runs"]):
        future = client.submit(worker_task.run_on_worker, run["argv"], args.dcflow, args.workdir,
                               run["log_header"], key=f"dcflow-{batch}-run-{i}", pure=False,
                               retries=args.retries)
        futures[future] = i
    outcomes = [None] * len(plan["runs"])
    started = time.monotonic()
    done = 0
    for future in distributed.as_completed(futures):
        i = futures[future]
        run = plan["runs"][i]
        folder = pathlib.Path(run["folder"])
        if future.status == "finished":
            result = future.result()
            for name, data in result["files"].items():
                write_atomic(folder / name, data)
            outcome = {"folder": run["folder"], "exit_status": result["exit_status"], "signal": result["signal"],
                       "wall_s": result["wall_s"]}
            if result["signal"]:
                status = f"FAILED, killed by signal {result['signal']}"
            elif result["exit_status"]:
                status = f"FAILED, exit status {result['exit_status']}"
            else:
                status = f"ok ({result['wall_s']:.1f} s)"
        else:
            error = f"the task failed on the cluster: {type(future.exception()).__name__}: {future.exception()}"
            write_atomic(folder / "run.log", (run["log_header"] + "\n" + error + "\n").encode())
            outcome = {"folder": run["folder"], "error": error}
            status = "FAILED, " + error
        outcomes[i] = outcome
        done += 1
        print(f"[{done}/{len(outcomes)}] {run['label']}: {status}"
              f"{time_left(time.monotonic() - started, done, len(outcomes))}", file=sys.stderr, flush=True)
    return outcomes


def main(argv=None):
    args, dcflow_args = parse_args(sys.argv[1:] if argv is None else argv)
    plan, status = get_plan(args, dcflow_args)
    if plan is None:
        return status
    try:
        prepare_folders(plan)
    except OSError as e:
        print(f"--out {plan['out']}: error: cannot create the run folders: {e}", file=sys.stderr)
        return 2
    client, cluster = connect(args)
    try:
        info = client.scheduler_info()
        threads = sum(w.get("nthreads", 1) for w in info.get("workers", {}).values())
        print(f"{plan['command']}: {len(plan['runs'])} run(s) of {plan['scenario']} on {info.get('address')} "
              f"({len(info.get('workers', {}))} worker(s), {threads} thread(s)), into {plan['out']}",
              file=sys.stderr, flush=True)
        outcomes = run_plan(client, args, plan)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    with tempfile.NamedTemporaryFile("w", prefix="dcflow-outcomes-", suffix=".json", delete=False) as f:
        json.dump({"runs": outcomes}, f)
        outcomes_file = f.name
    try:
        sys.stdout.flush()
        return subprocess.run([args.dcflow, args.command, *dcflow_args, "--summarize", outcomes_file]).returncode
    finally:
        os.unlink(outcomes_file)
