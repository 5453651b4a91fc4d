#!/usr/bin/env bash
# Command-line contract: usage errors exit 2 (CLI11's own codes are 100+), help exits 0.
# Usage: cli_usage.sh BIN   (run from the repository root)
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 BIN" >&2
  exit 2
fi
bin=$1
failures=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect STATUS DESCRIPTION -- COMMAND...
expect() {
  local want=$1 what=$2
  shift 3
  local status=0
  "$@" >"$tmp/stdout" 2>"$tmp/stderr" || status=$?
  if [ "$status" -ne "$want" ]; then
    echo "FAIL: $what: exit status $status, expected $want (command: $*)" >&2
    sed 's/^/  stderr: /' "$tmp/stderr" | head -n 5 >&2
    failures=$((failures + 1))
  elif grep -Eq 'terminate called|Segmentation|Aborted|core dumped' "$tmp/stderr"; then
    echo "FAIL: $what: stderr shows a crash (command: $*)" >&2
    failures=$((failures + 1))
  else
    echo "ok: $what"
  fi
}

scenario=scenarios/doc_example_4_3.yaml

expect 2 "unknown option" -- "$bin" run --bogus x
expect 2 "unknown option after a valid scenario" -- "$bin" run "$scenario" --bogus x
expect 2 "missing scenario file" -- "$bin" run nope.yaml
expect 2 "no subcommand" -- "$bin"
expect 2 "unknown subcommand" -- "$bin" frobnicate
expect 2 "non-numeric seed" -- "$bin" run "$scenario" --seed abc --out "$tmp/out"
expect 2 "run without a scenario" -- "$bin" run
expect 2 "validate of a missing file" -- "$bin" validate nope.yaml
expect 0 "help" -- "$bin" --help
expect 0 "run help" -- "$bin" run --help
expect 0 "validate help" -- "$bin" validate --help

for f in results.json jobs.csv timeseries.csv; do
  if [ -e "$tmp/out/$f" ]; then
    echo "FAIL: a usage error left $tmp/out/$f behind" >&2
    failures=$((failures + 1))
  fi
done

if [ "$failures" -ne 0 ]; then
  echo "cli usage: $failures check(s) failed" >&2
  exit 1
fi
echo "cli usage: all checks passed"
