#!/usr/bin/env bash
# Benchmark dcflow against the raw-SimGrid baseline (tools/raw_baseline) run two ways
# (Comm::sendto, and mailbox put/get), on one bench scenario, and print wall time /
# peak RSS and dcflow's ratios to each.
#
# usage: tools/bench.sh [BUILD_DIR] [JOBS] [SCENARIO]
#   defaults: build 100000 bench_fat_tree_1024
#   SCENARIO: bench_fat_tree_1024 (256 MB jobs on a fat tree), bench_cluster_1024 or
#             bench_cluster_10000 (issue 13's 100 MB bag of tasks on a flat cluster)
#
# All three programs run the same workload on the same platform (see tools/README.md),
# each under /usr/bin/time -v, whose "Elapsed (wall clock) time" and "Maximum resident
# set size" are what the table reports (whole process, including platform loading).
# The script fails unless the three report the same simulated time to 1e-9 relative.
# Set BENCH_KEEP_OUT=1 to keep dcflow's output directory.
set -euo pipefail

die() {
  echo "bench.sh: $*" >&2
  exit 1
}

[[ $# -le 3 ]] || die "usage: tools/bench.sh [BUILD_DIR] [JOBS] [SCENARIO]"
build_dir=${1:-build}
jobs=${2:-100000}
bench=${3:-bench_fat_tree_1024}
[[ $jobs =~ ^[1-9][0-9]*$ ]] || die "JOBS must be a positive integer, got '$jobs'"

# Resolve BUILD_DIR against the caller's directory, then work from the repo root.
[[ -d $build_dir ]] || die "build directory '$build_dir' not found (configure and build first: cmake -B build && cmake --build build)"
build_dir=$(cd "$build_dir" && pwd)
cd "$(dirname "${BASH_SOURCE[0]}")/.."

[[ -x /usr/bin/time ]] || die "/usr/bin/time not found: install GNU time (Debian package 'time') to run the benchmark"

# The raw program's arguments for each scenario: the same hosts, bytes and flops as the YAML.
source tools/bench_cases.sh
bench_raw_args "$bench" ||
  die "unknown SCENARIO '$bench' (bench_fat_tree_1024, bench_cluster_1024 or bench_cluster_10000)"
platform=platforms/$bench.xml
scenario=scenarios/$bench.yaml
raw_bin=$build_dir/tools/raw_baseline/raw_baseline
dcflow_bin=$build_dir/src/dcflow
[[ -f $platform ]] || die "platform '$platform' not found"
[[ -f $scenario ]] || die "scenario '$scenario' not found"
[[ -x $raw_bin ]] || die "raw_baseline binary '$raw_bin' not found or not executable (build target 'raw_baseline')"
[[ -x $dcflow_bin ]] || die "dcflow binary '$dcflow_bin' not found or not executable (build target 'dcflow')"

work=$(mktemp -d)
dcflow_out=$(mktemp -d)
cleanup() {
  rm -rf "$work"
  if [[ ${BENCH_KEEP_OUT:-0} == 1 ]]; then
    echo "dcflow output kept in $dcflow_out"
  else
    rm -rf "$dcflow_out"
  fi
}
trap cleanup EXIT

# run NAME CMD...: run CMD under /usr/bin/time -v, logs in $work/NAME.*
run() {
  local name=$1
  shift
  echo "== $name: $*"
  if ! /usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err"; then
    echo "bench.sh: $name failed; last lines of its output:" >&2
    tail -n 20 "$work/$name.out" "$work/$name.err" >&2
    exit 1
  fi
  # Show the program's own summary (raw_baseline prints one line).
  tail -n 5 "$work/$name.out"
}

# wall_s NAME: elapsed wall clock in seconds ("h:mm:ss" or "m:ss.ss").
wall_s() {
  awk -F': ' '/Elapsed \(wall clock\) time/ {
      n = split($NF, p, ":"); s = 0
      for (i = 1; i <= n; i++) s = s * 60 + p[i]
      printf "%.3f", s; found = 1
    } END { if (!found) exit 1 }' "$work/$1.time" || die "no wall time in /usr/bin/time output for $1"
}

# rss_mb NAME: peak RSS in MB (time reports kbytes).
rss_mb() {
  awk -F': ' '/Maximum resident set size/ { printf "%.1f", $NF / 1024; found = 1 }
    END { if (!found) exit 1 }' "$work/$1.time" || die "no max RSS in /usr/bin/time output for $1"
}

run raw_sendto "$raw_bin" "$platform" --jobs "$jobs" "${raw_args[@]}" --comm sendto
run raw_mailbox "$raw_bin" "$platform" --jobs "$jobs" "${raw_args[@]}" --comm mailbox
run dcflow "$dcflow_bin" run -q "$scenario" --set "workload.jobs=$jobs" --out "$dcflow_out"

# The simulated times: raw_baseline prints simulated_time_s=; dcflow writes results.json.
raw_time() { sed -n 's/.*simulated_time_s=\([0-9.e+-]*\).*/\1/p' "$work/$1.out" | tail -n 1; }
t_sendto=$(raw_time raw_sendto)
t_mailbox=$(raw_time raw_mailbox)
t_dcflow=$(/usr/bin/python3 -c 'import json,sys; print(repr(json.load(open(sys.argv[1]))["simulated_time_s"]))' \
  "$dcflow_out/results.json")
[[ -n $t_sendto && -n $t_mailbox && -n $t_dcflow ]] || die "a program did not report its simulated time"
echo
echo "simulated time: raw sendto $t_sendto s, raw mailbox $t_mailbox s, dcflow $t_dcflow s"
bench_same_time "$t_mailbox" "$t_sendto" && bench_same_time "$t_dcflow" "$t_sendto" ||
  die "the three programs disagree on the simulated time (more than 1e-9 relative): not the same workload"
echo "simulated times agree to 1e-9 relative"

echo
awk -v jobs="$jobs" -v sw="$(wall_s raw_sendto)" -v sr="$(rss_mb raw_sendto)" \
    -v mw="$(wall_s raw_mailbox)" -v mr="$(rss_mb raw_mailbox)" \
    -v dw="$(wall_s dcflow)" -v dr="$(rss_mb dcflow)" 'BEGIN {
  fmt = "%-20s %10s %10s %14s %12s\n"
  printf fmt, "program", "jobs", "wall_s", "jobs/wall_s", "peak_rss_MB"
  printf "%-20s %10d %10.3f %14.1f %12.1f\n", "raw_baseline sendto", jobs, sw, (sw > 0 ? jobs / sw : 0), sr
  printf "%-20s %10d %10.3f %14.1f %12.1f\n", "raw_baseline mailbox", jobs, mw, (mw > 0 ? jobs / mw : 0), mr
  printf "%-20s %10d %10.3f %14.1f %12.1f\n", "dcflow", jobs, dw, (dw > 0 ? jobs / dw : 0), dr
  printf "%-20s %10s %10s %14s %12s\n", "dcflow/raw sendto", "",
         (sw > 0 ? sprintf("%.2fx", dw / sw) : "n/a"), "", (sr > 0 ? sprintf("%.2fx", dr / sr) : "n/a")
  printf "%-20s %10s %10s %14s %12s\n", "dcflow/raw mailbox", "",
         (mw > 0 ? sprintf("%.2fx", dw / mw) : "n/a"), "", (mr > 0 ? sprintf("%.2fx", dr / mr) : "n/a")
}'
