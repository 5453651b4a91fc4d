#!/usr/bin/env bash
# Wall time of the collectives at training scale (the targets: a 256-GPU job of 1,000 iterations under
# 30 s, a 1,024-GPU job of 100 iterations under 60 s): 1,000 all-reduces of 1 GB on 256 ranks and 100 on 1,024
# ranks, ring and hierarchical, aggregated (the default). Not run by ctest.
#
# usage: tools/bench_collectives.sh [BUILD_DIR]      (default: build; target dcflow_bench_collectives)
set -euo pipefail
build_dir=${1:-build}
bin=$build_dir/tools/bench_collectives/dcflow_bench_collectives
[[ -x $bin ]] || { echo "bench_collectives.sh: '$bin' not found (cmake --build $build_dir --target dcflow_bench_collectives)" >&2; exit 1; }
for algorithm in ring hierarchical; do
  "$bin" 256 1000 "$algorithm"
  "$bin" 1024 100 "$algorithm"
done
