#!/bin/bash
# Coverage-guided fuzzing of every input reader (tests/fuzz): builds the libFuzzer harnesses with clang,
# ASan and UBSan in build-fuzz/, seeds each from the bundled scenarios, traces and CSV files (small files
# and the first lines of the larger ones in ../shared/data), and runs each for SECONDS (default 60).
# Usage: tools/fuzz.sh [SECONDS] [HARNESS...]   harnesses: scenario units host_pattern distribution swf alibaba
#        empirical request_trace (default: all). JOBS=N builds with N jobs (default 1).
# A finding (crash, sanitizer report, an exception other than the documented ones, a timeout of 10 s, more
# than 2 GB) stops that harness; its input is kept as build-fuzz/findings/HARNESS-*. The corpus grows in
# build-fuzz/corpus/HARNESS across runs. Exit status 1 if any harness found something. FUZZ_SEED=N fixes
# libFuzzer's random seed (default 0: a new one each run), so that a smoke run from the seeds alone mutates
# the same way every time.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
harnesses=("$@")
if ((${#harnesses[@]} == 0)); then
  harnesses=(scenario units host_pattern distribution swf alibaba empirical request_trace)
fi
build=build-fuzz
shared=../shared/data

cmake -S . -B "$build" -DDCFLOW_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  $(command -v ccache > /dev/null && echo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache) > /dev/null
targets=()
for h in "${harnesses[@]}"; do targets+=("fuzz_$h"); done
cmake --build "$build" -j"${JOBS:-1}" --target "${targets[@]}"

# seed NAME FILE...: copies small files (or their first 200 lines) into the seed folder of NAME.
seed() {
  local name=$1
  shift
  mkdir -p "$build/seeds/$name"
  for f in "$@"; do
    [ -f "$f" ] || continue
    case "$f" in
      *.gz) cp "$f" "$build/seeds/$name/$(basename "$f")" ;;
      *) head -n 200 "$f" > "$build/seeds/$name/$(basename "$f")" ;;
    esac
  done
}
# seed_text NAME LABEL TEXT: one seed written with printf (so \x00 picks a dimension).
seed_text() {
  mkdir -p "$build/seeds/$1"
  printf "$3" > "$build/seeds/$1/$2"
}

rm -rf "$build/seeds"
# Scenarios: the bundled ones, and the bad-input cases with their --set arguments after a "#--set" line.
seed scenario scenarios/*.yaml tests/platforms/*/*.yaml
for f in tests/errors/*.yaml; do
  out="$build/seeds/scenario/error-$(basename "$f")"
  cp "$f" "$out"
  args=$(grep -m1 '^# args: ' "$f" | sed 's/^# args: //' || true)
  if [[ "$args" == *--set* ]]; then
    printf '#--set\n' >> "$out"
    tr ' ' '\n' <<<"$args" | awk 'prev == "--set" {print} {prev = $0}' >> "$out"
  fi
done
i=0
for q in '\x00100GB' '\x0112.5GBps' '\x01100Gbps' '\x025ms' '\x021.5h' '\x031Tf' '\x041.2Pf' '\x052/s' '\x060.5' \
         '\x001e308TB' '\x00-1KiB' '\x02 3 us'; do
  seed_text units "q$((i++))" "$q"
done
seed_text host_pattern p1 'node-[0-63]\nnode-0\nnode-63\nnode-64\ngpu1'
seed_text host_pattern p2 'gpu[1,3,5-7]\ngpu5\ngpu2\ngpu10'
seed_text host_pattern p3 '*-storage-?\nrack0-storage-1\nrack12-storage-10'
seed_text host_pattern p4 'node-[000-127]\nnode-007\nnode-7'
seed_text distribution d1 '\x00{dist: uniform, min: 1GB, max: 2GB}'
seed_text distribution d2 '\x03{dist: normal, mean: 10Tf, stddev: 2Tf}'
seed_text distribution d3 '\x02{dist: lognormal, median: 30s, sigma: 1.5}'
seed_text distribution d4 '\x00{dist: exponential, mean: 100MB}'
seed_text distribution d5 '\x00{dist: constant, value: 4KiB}'
seed_text distribution d6 '\x02{dist: empirical, file: ../tests/data/readme/nasa_wide_jobs.csv, column: wait_mean_s, unit: 1s}'
seed_text distribution d7 '\x0010GB'
seed swf tests/data/traces/*.swf tests/data/traces/*.swf.gz
seed alibaba tests/data/traces/pods*.csv "$shared/alibaba-gpu-v2023/openb_pod_list_default.csv"
seed empirical tests/data/readme/nasa_wide_jobs.csv "$shared/philly/philly_runtime.csv" \
  "$shared/alibaba-gpu-v2023/openb_node_list_gpu_node.csv"
for f in "$build"/seeds/empirical/*; do # the first line names the column (empty: the first one)
  { echo; cat "$f"; } > "$f.tmp" && mv "$f.tmp" "$f"
done
seed request_trace tests/data/inference_trace.csv

failed=()
for h in "${harnesses[@]}"; do
  mkdir -p "$build/corpus/$h" "$build/findings"
  echo "== fuzz_$h: $seconds s"
  status=0
  "$build/tests/fuzz/fuzz_$h" "$build/corpus/$h" "$build/seeds/$h" -max_total_time="$seconds" -timeout=10 \
    -seed="${FUZZ_SEED:-0}" \
    -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 -artifact_prefix="$build/findings/$h-" \
    > "$build/fuzz_$h.log" 2>&1 || status=$?
  grep -E '^stat::number_of_executed_units|^Done [0-9]+ runs' "$build/fuzz_$h.log" | tr '\n' ' ' || true
  echo
  if [ "$status" -ne 0 ]; then
    echo "FINDING in fuzz_$h (exit $status), see $build/fuzz_$h.log:" >&2
    grep -E 'ERROR|runtime error|terminate|SUMMARY|Test unit written' "$build/fuzz_$h.log" | head -n 8 >&2 || true
    failed+=("$h")
  fi
done
if ((${#failed[@]})); then
  echo "fuzz: findings in ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: no finding in ${harnesses[*]} ($seconds s each)"
