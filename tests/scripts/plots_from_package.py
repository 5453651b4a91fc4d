#!/usr/bin/python3
"""The plot scripts draw what the Python package loads: plot_compare's panels from load_batch's summary and
its wait CDF from load_run's jobs, plot_sweep from load_batch's summary. Each call must write a PNG.
Usage: plots_from_package.py GOLDEN_DIR"""
import pathlib
import sys
import tempfile

repo = pathlib.Path(__file__).resolve().parents[2]
sys.path[:0] = [str(repo / "python"), str(repo / "tools")]
import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import dcflow  # noqa: E402
import plot_compare  # noqa: E402
import plot_sweep  # noqa: E402

golden = pathlib.Path(sys.argv[1])
with tempfile.TemporaryDirectory() as out:
    out = pathlib.Path(out)
    compare = dcflow.load_batch(golden / "study_inference_serving")
    summary = compare.attrs["summary"]
    plot_compare.plot_metrics(plt, summary, out / "metrics.png")
    # Waits per policy from load_run on a pinned run: the same run's waits under each policy name.
    waits = dcflow.load_run(golden / "first").jobs["wait"]
    plot_compare.plot_wait_cdf(plt, summary, None, out / "cdf.png",
                               waits={name: list(waits) for name in summary["policies"]})
    sweep = dcflow.load_batch(golden / "study_wan_pipes")
    x = sweep.attrs["parameters"][0]
    plot_sweep.plot(plt, sweep.attrs["summary"], x, "throughput_GBps", out / "sweep.png")
    for png in ("metrics.png", "cdf.png", "sweep.png"):
        assert (out / png).stat().st_size > 10000, png
print("plots from the package: ok")
