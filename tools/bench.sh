#!/usr/bin/env bash
# Benchmark dcflow against the raw-SimGrid baseline (tools/raw_baseline) on the
# 1024-host fat-tree scenario, and print wall time / peak RSS and their ratios.
#
# usage: tools/bench.sh [BUILD_DIR] [JOBS]      (defaults: build 100000)
#
# Both programs run the same workload (see tools/README.md), each under
# /usr/bin/time -v, whose "Elapsed (wall clock) time" and "Maximum resident set
# size" are what the table reports (whole process, including platform loading).
# Set BENCH_KEEP_OUT=1 to keep dcflow's output directory.
set -euo pipefail

die() {
  echo "bench.sh: $*" >&2
  exit 1
}

[[ $# -le 2 ]] || die "usage: tools/bench.sh [BUILD_DIR] [JOBS]"
build_dir=${1:-build}
jobs=${2:-100000}
[[ $jobs =~ ^[1-9][0-9]*$ ]] || die "JOBS must be a positive integer, got '$jobs'"

# Resolve BUILD_DIR against the caller's directory, then work from the repo root.
[[ -d $build_dir ]] || die "build directory '$build_dir' not found (configure and build first: cmake -B build && cmake --build build)"
build_dir=$(cd "$build_dir" && pwd)
cd "$(dirname "${BASH_SOURCE[0]}")/.."

[[ -x /usr/bin/time ]] || die "/usr/bin/time not found: install GNU time (Debian package 'time') to run the benchmark"

platform=platforms/bench_fat_tree_1024.xml
scenario=scenarios/bench_fat_tree_1024.yaml
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

run raw_baseline "$raw_bin" "$platform" --jobs "$jobs"
run dcflow "$dcflow_bin" run "$scenario" --set "workload.jobs=$jobs" --out "$dcflow_out"

raw_wall=$(wall_s raw_baseline)
raw_rss=$(rss_mb raw_baseline)
dc_wall=$(wall_s dcflow)
dc_rss=$(rss_mb dcflow)

echo
awk -v jobs="$jobs" -v rw="$raw_wall" -v rr="$raw_rss" -v dw="$dc_wall" -v dr="$dc_rss" 'BEGIN {
  fmt = "%-14s %10s %10s %14s %12s\n"
  printf fmt, "program", "jobs", "wall_s", "jobs/wall_s", "peak_rss_MB"
  printf "%-14s %10d %10.3f %14.1f %12.1f\n", "raw_baseline", jobs, rw, (rw > 0 ? jobs / rw : 0), rr
  printf "%-14s %10d %10.3f %14.1f %12.1f\n", "dcflow", jobs, dw, (dw > 0 ? jobs / dw : 0), dr
  printf "%-14s %10s %10s %14s %12s\n", "dcflow/raw", "",
         (rw > 0 ? sprintf("%.2fx", dw / rw) : "n/a"), "",
         (rr > 0 ? sprintf("%.2fx", dr / rr) : "n/a")
}'
