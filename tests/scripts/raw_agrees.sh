#!/usr/bin/env bash
# dcflow and the raw s4u baseline (tools/raw_baseline), moving the bytes with Comm::sendto and with mailbox
# put/get, simulate the benchmark scenarios to the same simulated time, to 1e-9 relative, with fewer jobs than
# tools/bench.sh: however dcflow runs them (pooled job actors, the windowed queue, mailbox flows posted by wire
# servers once 2,000 flows are in flight, as in the first waves on 10,000 hosts), it simulates the same
# activities as the plain s4u program.
#
# usage: raw_agrees.sh DCFLOW RAW_BASELINE
set -euo pipefail
dcflow=$1
raw=$2
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source tools/bench_cases.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

check() {
  local bench=$1 jobs=$2
  bench_raw_args "$bench"
  local times=()
  for comm in sendto mailbox; do
    "$raw" "platforms/$bench.xml" --jobs "$jobs" "${raw_args[@]}" --comm "$comm" >"$work/raw.out"
    times+=("$(sed -n 's/.*simulated_time_s=\([0-9.e+-]*\).*/\1/p' "$work/raw.out")")
  done
  "$dcflow" run -q "scenarios/$bench.yaml" --set "workload.jobs=$jobs" --out "$work/$bench"
  local ours
  ours=$(/usr/bin/python3 -c 'import json,sys; print(repr(json.load(open(sys.argv[1]))["simulated_time_s"]))' \
    "$work/$bench/results.json")
  echo "$bench, $jobs jobs: raw sendto ${times[0]} s, raw mailbox ${times[1]} s, dcflow $ours s"
  if ! bench_same_time "${times[1]}" "${times[0]}" || ! bench_same_time "$ours" "${times[0]}"; then
    echo "raw_agrees: $bench: the simulated times differ by more than 1e-9 relative" >&2
    exit 1
  fi
}

check bench_fat_tree_1024 3000
check bench_cluster_1024 5000
check bench_cluster_10000 20000
echo "raw_agrees: dcflow and both raw programs agree on every benchmark scenario"
