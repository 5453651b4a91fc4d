"""What a Dask worker runs for one run of a compare or sweep: `dcflow run` in a private temporary folder,
whose files it returns to the client. Standard library only: the client ships this module to the workers by
value (cloudpickle), so a worker needs python3-distributed, the dcflow binary and the scenario's files
(scenario, platform, traces) at the paths the command line names, relative to `workdir` - not this package.
"""

import ctypes
import os
import signal
import subprocess
import tempfile
import time

PR_SET_PDEATHSIG = 1


def _die_with_worker():
    """In the child, before exec: SIGKILL it when the worker thread that started it dies, so that a killed
    worker leaves no simulation running."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def run_on_worker(argv, dcflow_bin, workdir, log_header):
    """Runs `argv` (a `dcflow run` command line from `dcflow ... --plan`; argv[0] is the name the child sees)
    with `dcflow_bin`, in `workdir`, its --out replaced by a temporary folder. Returns {"files": {name: bytes}
    (results.json, jobs.csv, timeseries.csv, whatever the run wrote, and run.log: `log_header` then the run's
    stdout and stderr), "exit_status": int, "signal": int or None, "wall_s": float, "worker_host": str}."""
    argv = list(argv)
    out_at = argv.index("--out") + 1
    with tempfile.TemporaryDirectory(prefix="dcflow-run-") as tmp:
        out = os.path.join(tmp, "out")
        argv[out_at] = out
        log = os.path.join(tmp, "run.log")
        with open(log, "w", encoding="utf-8") as f:
            f.write(log_header + "\n")
        started = time.monotonic()
        with open(log, "ab") as f:
            child = subprocess.run(argv, executable=dcflow_bin, cwd=workdir, stdin=subprocess.DEVNULL, stdout=f,
                                   stderr=subprocess.STDOUT, preexec_fn=_die_with_worker)
        wall_s = time.monotonic() - started
        files = {}
        if os.path.isdir(out):
            for name in sorted(os.listdir(out)):
                path = os.path.join(out, name)
                if os.path.isfile(path):
                    with open(path, "rb") as f:
                        files[name] = f.read()
        with open(log, "rb") as f:
            files["run.log"] = f.read()
    code = child.returncode
    return {"files": files, "exit_status": code if code >= 0 else 0, "signal": -code if code < 0 else None,
            "wall_s": wall_s, "worker_host": os.uname().nodename}
