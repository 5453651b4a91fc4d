#!/usr/bin/python3
"""The pipeline bound is an upper bound: no run's end-to-end throughput exceeds it.

Usage: pipeline_bound.py DIR...   Checks every results.json under the given folders (the golden cases'
expected files, and the outputs of their runs, which include every point of the README's pinned sweeps
and compares) and fails if any has analytic.simulated_over_pipeline_bound above 1 + 1e-9, or finds none.
"""
import json
import pathlib
import sys


def main(folders):
    checked, over = 0, []
    for folder in folders:
        for path in sorted(pathlib.Path(folder).rglob("results.json")):
            data = json.loads(path.read_text())
            analytic = data["analytic"]
            if analytic["pipeline_bound_GBps"] <= 0:
                continue  # nothing bounds this workload's input rate (no read, transfer or compute per byte)
            checked += 1
            ratio = analytic["simulated_over_pipeline_bound"]
            if ratio > 1 + 1e-9:
                over.append(f"{path}: simulated {data['throughput']['GBps']:.6g} GB/s is {100 * ratio:.2f}% of "
                            f"the pipeline bound {analytic['pipeline_bound_GBps']:.6g} GB/s "
                            f"({analytic['limiting_stage']})")
    for line in over:
        print(line)
    print(f"pipeline_bound: {checked} run(s) with a bound checked, {len(over)} above it")
    return 1 if over or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
