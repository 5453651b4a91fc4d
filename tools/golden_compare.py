#!/usr/bin/python3
"""Compares dcflow outputs with the expected files of a golden case (stdlib only).

usage: golden_compare.py [--max N] EXPECTED ACTUAL
  EXPECTED, ACTUAL   a golden case folder (tests/golden/<case>) and the folder the case's command wrote:
                     every file under the case folder except `cmd` and *.md is compared with the file at
                     the same relative path under ACTUAL (files ACTUAL has beyond those are not checked);
                     or two files.
  --max N            list at most N mismatches (default 20); the total is always printed.

Rules, the same for every file:
  .json  compared structurally: the same keys (order ignored), the same list lengths, every string, bool and
         null exactly, every number within a relative tolerance of 1e-9 (absolute 1e-12 near zero; an int
         and a float of equal value are equal). The values at WALL_CLOCK_KEYS are not compared.
  .csv   the same header and the same number of rows; a cell that is a number on both sides follows the
         number rule, any other cell must be identical.
  other  identical text.
Exit status: 0 when everything matches, 1 on a mismatch or a missing file, 2 on a usage error.
"""

import csv
import json
import math
import os
import re
import sys

REL_TOL = 1e-9
ABS_TOL = 1e-12

# Keys whose values are wall-clock measurements (they differ between identical runs), as paths from the root
# of a JSON file. Only a run's results.json has any: `wall_time_s` (seconds the command took) and
# `wall_jobs_per_s` (completed jobs per wall second). compare.json, sweep.json and their CSVs hold no
# wall-clock value (a child run's wall time only appears in the progress lines on stderr and in run.log,
# which golden cases do not pin). The keys must still be present; only their values are ignored.
WALL_CLOCK_KEYS = {
    ("wall_time_s",),
    ("wall_jobs_per_s",),
}

# Files of a case folder that are not expected outputs.
NOT_OUTPUTS = {"cmd"}

NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$|^[+-]?(?:nan|inf|infinity)$", re.IGNORECASE)


class Mismatches:
    def __init__(self, limit):
        self.limit = limit
        self.count = 0
        self.lines = []
        self.per_file = {}  # file -> mismatches, in the order met

    def add(self, text):
        self.count += 1
        name = text.split(":", 1)[0]
        self.per_file[name] = self.per_file.get(name, 0) + 1
        if self.count <= self.limit:
            self.lines.append(text)


def numbers_match(expected, actual):
    if expected == actual:
        return True
    if math.isnan(expected) or math.isnan(actual):
        return math.isnan(expected) and math.isnan(actual)
    if math.isinf(expected) or math.isinf(actual):
        return False
    return abs(expected - actual) <= max(REL_TOL * max(abs(expected), abs(actual)), ABS_TOL)


def number_difference(expected, actual):
    """'relative difference 1.0e-06', for a message."""
    try:
        diff = abs(expected - actual)
        scale = max(abs(expected), abs(actual))
        if scale > 0 and math.isfinite(diff):
            return f"relative difference {diff / scale:.1e}"
        return f"difference {diff!r}"
    except (OverflowError, ValueError):
        return "different"


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def json_type(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if is_number(value):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    return "object"


def show(value):
    text = json.dumps(value) if not is_number(value) else repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def key_path(path):
    """'points[3].metrics.throughput_GBps.mean'"""
    text = ""
    for p in path:
        text += f"[{p}]" if isinstance(p, int) else (f".{p}" if text else p)
    return text or "(root)"


def compare_json(name, expected, actual, path, out):
    where = f"{name}: {key_path(path)}"
    kind_e, kind_a = json_type(expected), json_type(actual)
    if kind_e != kind_a:
        out.add(f"{where}: expected {kind_e} {show(expected)}, actual {kind_a} {show(actual)}")
    elif kind_e == "object":
        for key in expected:
            if key not in actual:
                out.add(f"{where}: key '{key}' missing (expected value {show(expected[key])})")
            elif tuple(path) + (key,) not in WALL_CLOCK_KEYS:
                compare_json(name, expected[key], actual[key], path + [key], out)
        for key in actual:
            if key not in expected:
                out.add(f"{where}: unexpected key '{key}' (value {show(actual[key])})")
    elif kind_e == "list":
        if len(expected) != len(actual):
            out.add(f"{where}: expected {len(expected)} elements, actual {len(actual)}")
        for i, (e, a) in enumerate(zip(expected, actual)):
            compare_json(name, e, a, path + [i], out)
    elif kind_e == "number":
        if not numbers_match(expected, actual):
            out.add(f"{where}: expected {expected!r}, actual {actual!r} ({number_difference(expected, actual)})")
    elif expected != actual:
        out.add(f"{where}: expected {show(expected)}, actual {show(actual)}")


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def load_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def row_label(header, row, index):
    """'row 3 (line 4, folder=tcp/seed-1)': the data row, its line in the file and what identifies it."""
    for key in ("folder", "id"):
        if key in header and header.index(key) < len(row):
            return f"row {index} (line {index + 1}, {key}={row[header.index(key)]})"
    if header and row:
        return f"row {index} (line {index + 1}, {header[0]}={row[0]})"
    return f"row {index} (line {index + 1})"


def compare_csv(name, expected_rows, actual_rows, out):
    if not expected_rows or not actual_rows:
        if expected_rows != actual_rows:
            out.add(f"{name}: expected {len(expected_rows)} lines, actual {len(actual_rows)}")
        return
    header, actual_header = expected_rows[0], actual_rows[0]
    if header != actual_header:
        out.add(f"{name}: header: expected {','.join(header)!r}, actual {','.join(actual_header)!r}")
        return  # cells of differently named columns cannot be matched up
    expected_data, actual_data = expected_rows[1:], actual_rows[1:]
    if len(expected_data) != len(actual_data):
        out.add(f"{name}: expected {len(expected_data)} rows, actual {len(actual_data)}"
                " (the rows both have are compared below)")
    for index, (e_row, a_row) in enumerate(zip(expected_data, actual_data), start=1):
        where = f"{name}: {row_label(header, e_row, index)}"
        if len(e_row) != len(a_row):
            out.add(f"{where}: expected {len(e_row)} cells, actual {len(a_row)}")
            continue
        for column, e, a in zip(header, e_row, a_row):
            if e == a:
                continue
            if NUMBER.match(e) and NUMBER.match(a):
                fe, fa = float(e), float(a)
                if not numbers_match(fe, fa):
                    out.add(f"{where}, column '{column}': expected {e}, actual {a} ({number_difference(fe, fa)})")
            else:
                out.add(f"{where}, column '{column}': expected {e!r}, actual {a!r}")


def compare_text(name, expected_path, actual_path, out):
    with open(expected_path, encoding="utf-8") as f:
        expected = f.read().splitlines()
    with open(actual_path, encoding="utf-8") as f:
        actual = f.read().splitlines()
    for line, (e, a) in enumerate(zip(expected, actual), start=1):
        if e != a:
            out.add(f"{name}: line {line}: expected {e!r}, actual {a!r}")
            return
    if len(expected) != len(actual):
        out.add(f"{name}: expected {len(expected)} lines, actual {len(actual)}")


def compare_file(name, expected_path, actual_path, out):
    if not os.path.isfile(actual_path):
        out.add(f"{name}: missing: the command did not write {actual_path}")
        return
    try:
        if name.endswith(".json"):
            compare_json(name, load_json(expected_path), load_json(actual_path), [], out)
        elif name.endswith(".csv"):
            compare_csv(name, load_csv(expected_path), load_csv(actual_path), out)
        else:
            compare_text(name, expected_path, actual_path, out)
    except (ValueError, UnicodeDecodeError, csv.Error) as error:
        out.add(f"{name}: cannot read: {error}")


def expected_files(case_dir):
    """Relative paths of the expected outputs in a case folder: JSON files first (the summaries, where a
    change is easiest to read), then the others, each group sorted."""
    found = []
    for root, dirs, files in os.walk(case_dir):
        dirs.sort()
        for f in files:
            rel = os.path.relpath(os.path.join(root, f), case_dir)
            if rel not in NOT_OUTPUTS and not f.endswith(".md"):
                found.append(rel)
    return sorted(found, key=lambda rel: (not rel.endswith(".json"), rel))


def main(argv):
    args = argv[1:]
    limit = 20
    if len(args) >= 2 and args[0] == "--max":
        try:
            limit = int(args[1])
        except ValueError:
            limit = -1
        args = args[2:]
    if len(args) != 2 or limit < 0 or args[0].startswith("-"):
        print(next(l for l in __doc__.splitlines() if l.startswith("usage:")), file=sys.stderr)
        return 2
    expected, actual = args
    out = Mismatches(limit)
    if os.path.isdir(expected):
        if not os.path.isdir(actual):
            print(f"golden_compare: {actual} is not a folder (the command's output folder)", file=sys.stderr)
            return 2
        files = expected_files(expected)
        if not files:
            print(f"golden_compare: {expected} holds no expected file", file=sys.stderr)
            return 2
        for rel in files:
            compare_file(rel, os.path.join(expected, rel), os.path.join(actual, rel), out)
    elif os.path.isfile(expected):
        files = [expected]
        compare_file(os.path.basename(expected), expected, actual, out)
    else:
        print(f"golden_compare: no such file or folder: {expected}", file=sys.stderr)
        return 2

    if out.count == 0:
        print(f"golden_compare: {len(files)} file(s) of {expected} match {actual}")
        return 0
    print(f"golden_compare: {out.count} mismatch(es) between the expected {expected} and the actual {actual}:")
    for line in out.lines:
        print("  " + line)
    if out.count > len(out.lines):
        print(f"  ... and {out.count - len(out.lines)} more; per file: "
              + ", ".join(f"{name} {n}" for name, n in out.per_file.items()))
    if os.path.isdir(expected):
        case = os.path.basename(os.path.normpath(expected))
        print(f"If the change is intended: tools/golden_update.sh {case}, and say why in the commit message.")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
