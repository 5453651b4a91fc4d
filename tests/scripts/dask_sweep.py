"""The Dask executor (python/dcflow/dask_executor.py) against the local `dcflow sweep`.

Usage: dask_sweep.py BIN same|kill   (from the repository root, with /usr/bin/python3)

same: one 2 x 2 x 2 sweep (transfer.pipes x workload.jitter x 2 seeds of the training pipeline, a scenario
      whose results depend on the seed through its jittered arrivals) run locally (-j 2), on a LocalCluster,
      and on a dask-scheduler with two dask-worker processes on 127.0.0.1 started here: sweep.csv and
      sweep.json byte for byte the same (the executor summarises with dcflow's own code), every run's
      jobs.csv identical too; load_batch reads the table with typed parameter columns.
kill: the same grid with runs of about a second; one of the two workers is killed (SIGKILL) while it runs a
      simulation: the sweep still ends with exit status 0, every run once in sweep.csv, its metrics those of
      the local sweep, and the killed worker's simulation did not outlive it.

Every process this test starts (scheduler, workers, their simulations) runs with TMPDIR in the test's own
folder, is killed at the end, failure or not, and none may be left: the test fails if any process still
names that folder.
"""

import json
import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path.cwd()
sys.path.insert(0, str(REPO / "python"))
import dcflow  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
MODE = sys.argv[2]
TIMEOUT = 240
started = []


def grid(jobs):
    return ["scenarios/ai_training_pipeline.yaml", "--set", f"workload.jobs={jobs}",
            "--param", "transfer.pipes=4,8", "--param", "workload.jitter=10ms,40ms", "--seeds", "2"]


def start(tmp, *argv, log):
    """A background process in its own session (killed as a group at the end), TMPDIR in the test folder."""
    env = dict(os.environ, TMPDIR=str(tmp), DASK_DISTRIBUTED__WORKER__DAEMON="False")
    proc = subprocess.Popen(list(argv), stdout=open(tmp / log, "w"), stderr=subprocess.STDOUT, env=env,
                            start_new_session=True, cwd=REPO)
    started.append(proc)
    return proc


def start_cluster(tmp):
    """dask-scheduler on 127.0.0.1 and two single-thread dask-workers without nanny (a killed worker stays
    dead); returns the scheduler's address and the workers."""
    sched_file = tmp / "scheduler.json"
    start(tmp, "dask-scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file",
          str(sched_file), log="scheduler.log")
    workers = [start(tmp, "dask-worker", "--scheduler-file", str(sched_file), "--host", "127.0.0.1", "--nthreads",
                     "1", "--no-nanny", "--no-dashboard", "--local-directory", str(tmp / f"w{i}"),
                     "--death-timeout", "60", log=f"worker{i}.log") for i in range(2)]
    deadline = time.time() + 60
    while not sched_file.exists():
        if time.time() > deadline:
            raise RuntimeError("dask-scheduler wrote no scheduler file in 60 s")
        time.sleep(0.2)
    address = json.loads(sched_file.read_text())["address"]
    import distributed
    with distributed.Client(address, timeout=60) as client:
        client.wait_for_workers(2, timeout=60)
    return address, workers


def executor(tmp, args, out, *extra):
    env = dict(os.environ, TMPDIR=str(tmp), PYTHONPATH=str(REPO / "python"))
    return subprocess.Popen(["/usr/bin/python3", "-m", "dcflow", "sweep", *args, "--out", str(out),
                             "--dcflow", BIN, *extra], env=env, cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def finish(proc, what):
    try:
        stdout, stderr = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        raise AssertionError(f"{what}: not done in {TIMEOUT} s")
    assert proc.returncode == 0, f"{what}: exit status {proc.returncode}\n{stdout}\n{stderr}"
    return stdout, stderr


def local(tmp, args, out):
    subprocess.run([BIN, "sweep", *args, "--out", str(out), "-j", "2"], check=True, cwd=REPO,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=TIMEOUT)


def children(pid):
    path = pathlib.Path(f"/proc/{pid}/task")
    kids = []
    for task in path.glob("*/children") if path.exists() else []:
        kids += [int(k) for k in task.read_text().split()]
    return kids


def same(tmp):
    args = grid(200)
    local(tmp, args, tmp / "local")
    finish(executor(tmp, args, tmp / "localcluster", "--workers", "2"), "LocalCluster sweep")
    address, _ = start_cluster(tmp)
    stdout, stderr = finish(executor(tmp, args, tmp / "cluster", "--scheduler", address), "dask-scheduler sweep")
    assert "2 worker(s)" in stderr and "[8/8]" in stderr, stderr
    for name in ("sweep.csv", "sweep.json"):
        want = (tmp / "local" / name).read_bytes()
        for other in ("localcluster", "cluster"):
            assert (tmp / other / name).read_bytes() == want, f"{other}/{name} differs from the local one"
    table = dcflow.load_batch(tmp / "local")
    assert len(table) == 8 and (table["status"] == "ok").all(), table
    assert str(table["transfer.pipes"].dtype) == "int64" and str(table["workload.jitter"].dtype) == "string"
    # The seeds give different runs, so equal tables are not equal by accident.
    assert table.groupby(["transfer.pipes", "workload.jitter"])["wait_mean_s"].nunique().eq(2).all(), table
    for folder in table["folder"]:
        for other in ("localcluster", "cluster"):
            assert (tmp / other / folder / "jobs.csv").read_bytes() == (tmp / "local" / folder / "jobs.csv").read_bytes()
    print("same sweep.csv, sweep.json and jobs.csv locally, on a LocalCluster and on dask-scheduler + 2 workers")


def kill(tmp):
    args = grid(8000)
    address, workers = start_cluster(tmp)
    proc = executor(tmp, args, tmp / "cluster", "--scheduler", address)
    victim, simulation = None, None
    deadline = time.time() + 60
    while simulation is None:  # the first worker seen running a simulation, after a run has already ended
        assert time.time() < deadline, "no worker started a simulation in 60 s"
        assert proc.poll() is None, f"the sweep ended before a worker was killed: {proc.communicate()}"
        for w in workers:
            kids = children(w.pid)
            if kids:
                victim, simulation = w, kids[0]
                break
        time.sleep(0.05)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait(timeout=30)
    stdout, stderr = finish(proc, "sweep with a killed worker")
    try:
        os.kill(simulation, 0)
        alive = pathlib.Path(f"/proc/{simulation}/cmdline").read_bytes().startswith(b"dcflow")
    except ProcessLookupError:
        alive = False
    assert not alive, "the killed worker's simulation outlived it"
    local(tmp, args, tmp / "local")
    got, want = dcflow.load_batch(tmp / "cluster"), dcflow.load_batch(tmp / "local")
    keys = ["transfer.pipes", "workload.jitter", "seed"]
    assert len(got) == 8 and not got.duplicated(keys).any(), got[keys]
    assert (got["status"] == "ok").all(), got
    assert (tmp / "cluster" / "sweep.csv").read_bytes() == (tmp / "local" / "sweep.csv").read_bytes()
    print(f"killed worker pid {victim.pid} during a run; the sweep completed with all 8 runs once:\n{stderr}")


def leftovers(tmp):
    mine = []
    for proc in pathlib.Path("/proc").glob("[0-9]*"):
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            environ = (proc / "environ").read_bytes()
        except OSError:
            continue
        if int(proc.name) != os.getpid() and (str(tmp) in cmdline or f"TMPDIR={tmp}".encode() in environ):
            mine.append(f"{proc.name}: {cmdline}")
    return mine


def main():
    with tempfile.TemporaryDirectory(prefix="dcflow-dask-test-") as name:
        tmp = pathlib.Path(name)
        try:
            {"same": same, "kill": kill}[MODE](tmp)
        finally:
            for proc in started:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
            for proc in started:
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
            deadline = time.time() + 20
            while leftovers(tmp) and time.time() < deadline:
                time.sleep(0.2)
            left = leftovers(tmp)
            for line in left:
                os.kill(int(line.split(":")[0]), signal.SIGKILL)
            assert not left, "processes left behind:\n" + "\n".join(left)
    return 0


if __name__ == "__main__":
    sys.exit(main())
