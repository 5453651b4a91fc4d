# The benchmark scenarios and the raw baseline's arguments for each: the same hosts, bytes and flops as the
# scenario's YAML (see tools/README.md). Sourced by tools/bench.sh and tests/scripts/raw_agrees.sh.
#
# bench_raw_args SCENARIO: sets the array raw_args; returns 1 for an unknown scenario.
bench_raw_args() {
  case $1 in
    bench_fat_tree_1024)
      raw_args=(--compute 0-959 --storage 960-1023 --read-bytes 256e6 --transfer-bytes 256e6 --flops 1e12) ;;
    bench_cluster_1024)
      raw_args=(--compute 0-959 --storage 960-1023 --read-bytes 100e6 --transfer-bytes 100e6 --flops 1e12) ;;
    bench_cluster_10000)
      raw_args=(--compute 0-9374 --storage 9375-9999 --read-bytes 100e6 --transfer-bytes 100e6 --flops 1e12) ;;
    *) return 1 ;;
  esac
}

# bench_same_time A B: true when the simulated times A and B agree to 1e-9 relative.
bench_same_time() {
  awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-9 * (a > 0 ? a : 1)) }'
}
