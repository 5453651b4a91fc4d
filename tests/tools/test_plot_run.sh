#!/bin/bash
# Smoke test for tools/plot_run.py.
# Usage: test_plot_run.sh SCRIPT FIXTURE_DIR
#   SCRIPT       path to plot_run.py
#   FIXTURE_DIR  a run directory (results.json, jobs.csv, timeseries.csv),
#                e.g. tests/data/plot_fixture
set -euo pipefail

if [ "$#" -ne 2 ]; then
    echo "usage: $0 SCRIPT FIXTURE_DIR" >&2
    exit 2
fi
script=$1
fixture=$2
py=/usr/bin/python3

fail() {
    echo "plot_run: FAIL: $*" >&2
    exit 1
}

[ -f "$script" ] || fail "no such script: $script"
[ -d "$fixture" ] || fail "no such fixture directory: $fixture"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- 1. happy path: plots written into the run directory -------------------
run="$tmp/run"
mkdir "$run"
cp -R "$fixture"/. "$run"/
"$py" "$script" "$run" >"$tmp/out.txt" 2>"$tmp/err.txt" \
    || { cat "$tmp/err.txt" >&2; fail "plot_run.py exited non-zero on the fixture"; }

png_sig="89504e470d0a1a0a"
for name in utilization.png wait_cdf.png; do
    f="$run/$name"
    [ -f "$f" ] || fail "$name was not written"
    [ -s "$f" ] || fail "$name is empty"
    sig=$(head -c 8 "$f" | od -An -tx1 | tr -d ' \n')
    [ "$sig" = "$png_sig" ] || fail "$name does not start with the PNG signature (got $sig)"
    grep -qxF "wrote $f" "$tmp/out.txt" || fail "missing 'wrote $f' line in stdout"
    echo "ok: $name ($(wc -c <"$f") bytes, PNG signature)"
done

# --- 2. error path: directory without jobs.csv -> exit 2, clean message -----
bad="$tmp/bad"
mkdir "$bad"
cp "$fixture/results.json" "$fixture/timeseries.csv" "$bad"/
rc=0
"$py" "$script" "$bad" >"$tmp/bad_out.txt" 2>"$tmp/bad_err.txt" || rc=$?
[ "$rc" -eq 2 ] || { cat "$tmp/bad_err.txt" >&2; fail "expected exit status 2 without jobs.csv, got $rc"; }
grep -q "plot_run.py: error:" "$tmp/bad_err.txt" \
    || { cat "$tmp/bad_err.txt" >&2; fail "stderr lacks 'plot_run.py: error:'"; }
if grep -q "Traceback" "$tmp/bad_err.txt"; then
    cat "$tmp/bad_err.txt" >&2
    fail "stderr contains a Python traceback"
fi
echo "ok: missing jobs.csv -> exit 2: $(head -n 1 "$tmp/bad_err.txt")"

echo "plot_run: all checks passed"
