#!/usr/bin/python3
"""Mean wait of the jobs that held at least N hosts, per policy of a `dcflow compare` folder.

Usage: /usr/bin/python3 tools/wide_job_wait.py COMPARE_DIR [--min-hosts N] [--out FILE]

Reads COMPARE_DIR/<policy>/seed-<k>/jobs.csv (every seed), keeps the jobs with a start time whose `hosts`
list has N (default 64) or more hosts, and writes one CSV row per policy, in compare.csv's order:
policy,jobs,wait_mean_s,wait_mean_h (to FILE, default standard output). The NASA batch study in the README
quotes its last column.
"""
import argparse
import csv
import pathlib
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("compare_dir", type=pathlib.Path)
    parser.add_argument("--min-hosts", type=int, default=64)
    parser.add_argument("--out", type=pathlib.Path)
    args = parser.parse_args()
    summary = args.compare_dir / "compare.csv"
    if not summary.is_file():
        sys.exit(f"wide_job_wait.py: error: {summary} not found (run dcflow compare first)")
    policies = []
    with summary.open() as f:
        for row in csv.DictReader(f):
            if row["policy"] not in policies:
                policies.append(row["policy"])
    rows = []
    for policy in policies:
        waits = []
        for jobs in sorted((args.compare_dir / policy).glob("seed-*/jobs.csv")):
            with jobs.open() as f:
                for job in csv.DictReader(f):
                    if job["start"] and len(job["hosts"].split(";")) >= args.min_hosts:
                        waits.append(float(job["wait"]))
        mean = sum(waits) / len(waits) if waits else 0.0
        rows.append([policy, len(waits), repr(mean), repr(mean / 3600)])
    out = args.out.open("w", newline="") if args.out else sys.stdout
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["policy", "jobs", "wait_mean_s", "wait_mean_h"])
    writer.writerows(rows)


if __name__ == "__main__":
    main()
