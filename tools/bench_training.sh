#!/bin/bash
# Times a data-parallel training job (input pipeline, hierarchical all-reduce, async checkpoints) of 256 GPUs
# x 1,000 iterations and of 1,024 GPUs x 100 iterations on generated DGX H100 clusters: wall time and peak
# memory of `dcflow run`. Not a test. Usage: tools/bench_training.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for case in "32 256 1000 250" "128 1024 100 50"; do
  read -r nodes gpus iterations every <<< "$case"
  /usr/bin/python3 tools/make_gpu_platform.py --nodes "$nodes" --gpu h100 --out "$work/h100_$nodes.xml"
  cat > "$work/train_$gpus.yaml" <<YAML
name: bench-training-$gpus
seed: 1
platform: $work/h100_$nodes.xml
hosts:
  compute: {property: gpu}
  storage: {property: role=storage}
storage:
  shards: {hosts: storage, disk: nvme}
transfer: {protocol: rdma}
workload:
  jobs: 1
  classes:
    llm:
      hosts: $gpus
      training:
        iterations: $iterations
        batch: 2
        model: {parameters: 1.3e9, tokens_per_sample: 4096, activation_bytes: 4GB}
        input: {tier: shards, sample_bytes: 16kB, files: 10000, decode: 10Mf, readers: 2, prefetch: 2}
        allreduce: {algorithm: hierarchical, overlap: 0.8}
        checkpoint: {every: $every, tier: shards, mode: async}
YAML
  /usr/bin/time -f "%e %M" -o "$work/time" "$build/src/dcflow" run "$work/train_$gpus.yaml" --out "$work/out_$gpus" > /dev/null
  read -r wall kb < "$work/time"
  simulated=$(/usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['simulated_time_s'])" "$work/out_$gpus/results.json")
  echo "$gpus GPUs x $iterations iterations: ${wall} s wall, $((kb / 1024)) MB peak, ${simulated} s simulated"
done
