"""dcflow's results in pandas, and compare/sweep on a Dask cluster.

    import dcflow
    run = dcflow.load_run("results/doc_example_4_3")        # one `dcflow run` folder
    run.results["throughput"]["GBps"]; run.jobs; run.timeseries
    table = dcflow.load_batch("results/wan_pipes/sweep")     # sweep.csv / compare.csv, typed

Command line (the Dask executor, see dcflow.dask_executor):

    /usr/bin/python3 -m dcflow sweep SCENARIO --param P=V1,V2 ... [--scheduler tcp://HOST:8786]

Importable with Debian's /usr/bin/python3 from the repository's python/ folder (PYTHONPATH=python). Needs
python3-pandas; the executor also python3-distributed.
"""

from .results import JOB_COLUMNS, TIMESERIES_COLUMNS, BATCH_METRICS, Run, load_run, load_batch, load_batch_json

__all__ = ["JOB_COLUMNS", "TIMESERIES_COLUMNS", "BATCH_METRICS", "Run", "load_run", "load_batch", "load_batch_json"]
