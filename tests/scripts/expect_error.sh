#!/usr/bin/env bash
# Runs dcflow on one bad-input case and checks the error contract:
#   exit status exactly 2, the first line of stderr equals the case's "# expect: " line,
#   no crash trace in stderr, and no output folder (nor results, nor temporary files) left behind.
# Usage: expect_error.sh BIN CASE.yaml   (run from the repository root)
# The case file may hold "# args: EXTRA ARGUMENTS" (e.g. --set transfer.pipes=0) and
# "# command: validate" (default: run).
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 BIN CASE.yaml" >&2
  exit 2
fi
bin=$1
case_file=$2
case_name=$(basename "$case_file" .yaml)
# Messages quote the scenario path as given: give it relative to the current folder (ctest passes an
# absolute path and runs from the repository root), so that they read tests/errors/x.yaml:3:5.
case_file=$(realpath --relative-to="$PWD" "$case_file")

expect_line=$(grep -m1 '^# expect: ' "$case_file" || true)
if [ -z "$expect_line" ]; then
  echo "FAIL: $case_file has no '# expect: ' line" >&2
  exit 1
fi
expected=${expect_line#'# expect: '}

args_line=$(grep -m1 '^# args: ' "$case_file" || true)
extra=()
if [ -n "$args_line" ]; then
  # Split on blanks, no globbing: arguments in cases hold no spaces.
  set -f
  read -r -a extra <<<"${args_line#'# args: '}"
  set +f
fi

command_line=$(grep -m1 '^# command: ' "$case_file" || true)
command=run
if [ -n "$command_line" ]; then
  command=${command_line#'# command: '}
  command=${command%%[[:space:]]*}
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/out"

cmd=("$bin" "$command" "$case_file")
if [ "$command" = run ]; then
  cmd+=(--out "$tmp/out/run")
fi
cmd+=(${extra[@]+"${extra[@]}"})

# Bad input must fail fast and small: cap the address space (4 GB by default, DCFLOW_ERROR_VMEM_KB to
# change, 0 for none) so that a case that makes dcflow allocate without bound fails here instead of
# exhausting the machine. Sanitizer builds reserve huge address ranges: no cap for them.
vmem_kb=${DCFLOW_ERROR_VMEM_KB:-4194304}
libraries=$(ldd "$bin" 2>/dev/null || true) # not piped into grep -q: its early exit would fail the pipe
if grep -Eq 'lib(a|t|ub)san' <<<"$libraries"; then
  vmem_kb=0
fi

status=0
(
  if [ "$vmem_kb" != 0 ]; then ulimit -v "$vmem_kb"; fi
  exec "${cmd[@]}"
) >"$tmp/stdout" 2>"$tmp/stderr" || status=$?

fail() {
  echo "FAIL: $case_name: $1" >&2
  echo "  command: ${cmd[*]}" >&2
  echo "  --- stderr ---" >&2
  sed 's/^/  /' "$tmp/stderr" >&2
  exit 1
}

if [ "$status" -ne 2 ]; then
  fail "exit status $status, expected 2"
fi

actual=$(head -n 1 "$tmp/stderr")
if [ "$actual" != "$expected" ]; then
  echo "FAIL: $case_name: wrong message" >&2
  echo "  expected: $expected" >&2
  echo "  actual:   $actual" >&2
  fail "first line of stderr differs"
fi

if grep -Eq 'terminate called|Segmentation|Traceback|Aborted|core dumped|Backtrace|backtrace' "$tmp/stderr"; then
  fail "stderr shows a crash"
fi

if [ -e "$tmp/out/run" ]; then
  fail "the output folder $tmp/out/run was created"
fi
leftovers=$(find "$tmp/out" \( -name results.json -o -name jobs.csv -o -name timeseries.csv -o -name '*.tmp' \) -print)
if [ -n "$leftovers" ]; then
  fail "output files were left behind: $leftovers"
fi

echo "ok: $case_name"
