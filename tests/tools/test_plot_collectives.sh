#!/bin/bash
# tools/plot_collectives.py on the collectives study's pinned sweep.json (tests/golden/study_collectives): it
# writes the plot, and a bad argument is an error with exit status 2 and a message naming it.
# Usage: test_plot_collectives.sh SCRIPT SWEEP_DIR OUT_DIR
set -euo pipefail
script=$1
sweep=$2
out=$3
rm -rf "$out"
/usr/bin/python3 "$script" "$sweep" --hline "48.5:one NIC" --out "$out" | grep -q "^wrote $out/collectives_allreduce_busbw_GBps.png$"
test -s "$out/collectives_allreduce_busbw_GBps.png"
/usr/bin/python3 "$script" "$sweep" --metric training_iteration_s --out "$out" > /dev/null
test -s "$out/collectives_training_iteration_s.png"

expect_error() { # expect_error PATTERN ARGS...
  local pattern=$1
  shift
  set +e
  msg=$(/usr/bin/python3 "$script" "$@" 2>&1 >/dev/null)
  status=$?
  set -e
  if [ "$status" -ne 2 ] || ! grep -q -- "$pattern" <<<"$msg"; then
    echo "expected exit 2 and '$pattern' for: $*; got $status: $msg" >&2
    exit 1
  fi
}
expect_error "--size nope: not a swept parameter" "$sweep" --size nope --out "$out"
expect_error "--hline x: 'x' is not a number" "$sweep" --hline x --out "$out"
expect_error "no metric 'nope'" "$sweep" --metric nope --out "$out"
expect_error "no such directory" "$out/missing"
echo "plot_collectives: ok"
