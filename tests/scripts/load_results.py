"""dcflow.load_run and dcflow.load_batch on every pinned output of the bundled scenarios and studies
(tests/golden/): each column has its documented dtype, and every cell read back equals the file's text
parsed on its own with the csv module (numbers as float(), empty fields as missing, hosts split on ';').

Usage: load_results.py GOLDEN_DIR   (with /usr/bin/python3, from the repository root)
"""

import csv
import json
import math
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path.cwd() / "python"))
import pandas as pd  # noqa: E402

import dcflow  # noqa: E402


def same(text, value, dtype, where):
    if text == "":
        assert pd.isna(value) or (dtype == "object" and value == []), f"{where}: '' read as {value!r}"
    elif dtype in ("float64", "int64", "Int64"):
        assert not pd.isna(value) and float(value) == float(text), f"{where}: {text!r} read as {value!r}"
    elif dtype == "object":  # hosts
        assert value == text.split(";"), f"{where}: {text!r} read as {value!r}"
    else:
        assert str(value) == text, f"{where}: {text!r} read as {value!r}"


def check_frame(frame, path, dtypes):
    rows = list(csv.reader(open(path, newline="")))
    header, rows = rows[0], rows[1:]
    assert list(frame.columns) == header and len(frame) == len(rows), path
    for name, dtype in dtypes.items():
        assert str(frame[name].dtype) == dtype, f"{path}: {name} is {frame[name].dtype}, expected {dtype}"
        column = header.index(name)
        for i, row in enumerate(rows):
            same(row[column], frame[name].iloc[i], dtype, f"{path}:{i + 2}:{name}")


def main():
    golden = pathlib.Path(sys.argv[1])
    runs = batches = 0
    for results in sorted(golden.rglob("results.json")):
        folder = results.parent
        if not (folder / "jobs.csv").exists():
            continue
        run = dcflow.load_run(folder)
        assert run.results == json.load(open(results)), results
        check_frame(run.jobs, folder / "jobs.csv", dcflow.JOB_COLUMNS)
        check_frame(run.timeseries, folder / "timeseries.csv", dcflow.TIMESERIES_COLUMNS)
        assert set(run.jobs["status"].dropna()) <= {"completed", "failed", "not_started"}
        runs += 1
    for table_file in sorted(list(golden.rglob("sweep.csv")) + list(golden.rglob("compare.csv"))):
        table = dcflow.load_batch(table_file.parent)
        dtypes = {"seed": "int64", "status": "category", "exit_status": "Int64", "folder": "string"}
        metrics = list(table.attrs["summary"]["metrics"])
        # The package's documented list keeps up with dcflow's (src/app/batch_summary.cpp).
        assert metrics == dcflow.BATCH_METRICS, (metrics, dcflow.BATCH_METRICS)
        dtypes.update({m: "float64" for m in metrics})
        for key in table.attrs["parameters"]:
            text = [r[key] for r in csv.DictReader(open(table_file, newline=""))]
            numeric = all(t.replace(".", "", 1).replace("-", "", 1).isdigit() for t in text)
            want = ("int64" if all("." not in t for t in text) else "float64") if numeric else "string"
            dtypes[key] = want
        check_frame(table, table_file, dtypes)
        summary = table.attrs["summary"]
        assert summary["command"] == table.attrs["command"] and summary["runs_total"] == len(table), table_file
        batches += 1
    assert runs >= 10 and batches >= 8, (runs, batches)
    print(f"load_run on {runs} run folders, load_batch on {batches} compare/sweep folders: every column typed "
          f"and equal to the files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
