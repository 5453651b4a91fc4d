#!/usr/bin/env bash
# Inference serving benchmark (not a test): 100,000 chat requests (prompt uniform 100-1000 tokens, output
# uniform 200-400) on 16 replicas of an 8B model (tensor_parallel 1) on the DGX H100 platform, continuous
# batching, Poisson arrivals at 60 requests/s. Prints dcflow's console summary and wall time / peak memory.
# Usage: tools/bench_inference.sh [BUILD_DIR] [REQUESTS]
set -euo pipefail
build=${1:-build}
jobs=${2:-100000}
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/bench_inference.yaml" <<YAML
name: bench_inference
seed: 1
platform: $repo/platforms/dgx_h100.xml
hosts:
  compute: {property: gpu}
  storage: {property: role=storage}
transfer: {protocol: rdma}
workload:
  arrival: poisson
  rate: 60
  jobs: $jobs
  classes:
    chat:
      inference:
        model: {parameters: 8e9, layers: 32, kv_heads: 8, head_dim: 128, hidden: 4096}
        replicas: 16
        prompt: {dist: uniform, min: 100, max: 1000}
        output: {dist: uniform, min: 200, max: 400}
        batching: {mode: continuous, max_batch: 256}
        objectives: {ttft: 500ms, tpot: 50ms}
scheduling:
  policy: least_connection
YAML
/usr/bin/time -v "$build/src/dcflow" run "$tmp/bench_inference.yaml" --out "$tmp/out" 2> "$tmp/time.txt" | grep -A8 "^  inference"
grep -E "Elapsed|Maximum resident" "$tmp/time.txt"
