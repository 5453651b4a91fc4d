#!/bin/bash
# results.json carries every key the README documents as stable, with the right types.
set -euo pipefail
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" run scenarios/doc_example_4_3.yaml --out "$tmp" -q
/usr/bin/python3 - "$tmp/results.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
def get(path):
    node = r
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            sys.exit(f"missing key: {path}")
        node = node[key]
    return node
numbers = ["seed", "simulated_time_s", "jobs.submitted", "jobs.completed", "jobs.failed", "jobs.not_started",
           "hosts.pool", "hosts.host_hours", "hosts.scale_out_events", "hosts.scale_in_events",
           "throughput.bytes_per_s", "throughput.GBps", "efficiency.compute", "efficiency.scheduling",
           "utilization.compute", "utilization.network", "utilization.storage",
           "analytic.document.T_GBps", "analytic.document.E_Tflops", "analytic.document.M",
           "analytic.document.v_transfer_GBps", "analytic.document.C_storage_GBps",
           "analytic.document.C_compute_Tflops", "analytic.document.S_sched", "analytic.pipeline_bound_GBps",
           "analytic.maxflow_bound_GBps",
           "storage.shared.bytes_read", "storage.shared.bytes_written", "storage.shared.reads",
           "storage.shared.writes", "storage.shared.read_bytes_per_s", "storage.shared.read_stage_bytes_per_s",
           "storage.shared.read_requests", "storage.shared.write_requests",
           "wall_time_s", "wall_jobs_per_s"]
for stat in ["wait_s", "turnaround_s", "slowdown"]:
    numbers += [f"jobs.{stat}.{q}" for q in ["mean", "p50", "p95", "p99", "max"]]
for kind, unit in [("read", "bytes"), ("transfer", "bytes"), ("compute", "flops"), ("write", "bytes")]:
    numbers += [f"throughput.{kind}.{unit}", f"throughput.{kind}.{unit}_per_s", f"throughput.{kind}.count"]
for path in numbers:
    if not isinstance(get(path), (int, float)):
        sys.exit(f"not a number: {path}")
for path in ["scenario", "policy", "bottleneck", "analytic.limiting_stage", "utilization.busiest_link",
             "storage.shared.kind"]:
    if not isinstance(get(path), str):
        sys.exit(f"not a string: {path}")
assert get("analytic.document.T_GBps") == 21 and get("analytic.document.E_Tflops") == 10
wall = [k for k in r if "wall" in k]
assert all(k.startswith("wall_") for k in wall), wall
assert get("storage.shared.kind") == "disk"
print(f"results.json: {len(numbers) + 6} keys present")
PY
# A dfs tier adds its local read fraction.
"$bin" run scenarios/dfs_locality.yaml --out "$tmp/dfs" -q --set workload.jobs=50
/usr/bin/python3 - "$tmp/dfs/results.json" <<'PY'
import json, sys
tier = json.load(open(sys.argv[1]))["storage"]["hdfs"]
assert tier["kind"] == "dfs", tier
assert 0 <= tier["local_read_fraction"] <= 1, tier
assert tier["read_requests"] == 50, tier  # one block per task
print("results.json: dfs tier keys present")
PY
# A platform whose links carry a `fabric` property (the GPU platforms) adds utilization.fabrics.<fabric>.
"$bin" run tests/platforms/gpu/dgx_a100_pipeline.yaml --out "$tmp/gpu" -q
/usr/bin/python3 - "$tmp/gpu/results.json" "$tmp/results.json" <<'PY'
import json, sys
u = json.load(open(sys.argv[1]))["utilization"]
assert sorted(u["fabrics"]) == ["compute", "nvlink", "pcie", "storage"], u
for name, f in u["fabrics"].items():
    for key in ["mean", "busiest", "links", "links_used"]:
        assert isinstance(f[key], (int, float)), (name, key)
    assert isinstance(f["busiest_link"], str), name
assert "fabrics" not in json.load(open(sys.argv[2]))["utilization"]  # no fabric, no block
print("results.json: fabric keys present")
PY
# A run whose resources fail adds `failures` (README "Failures"), and training restarts in `training`.
"$bin" run scenarios/llama3_checkpoint_failures.yaml --out "$tmp/failures" -q \
  --set workload.classes.llama3_405b.training.iterations=5000
/usr/bin/python3 - "$tmp/failures/results.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
f = r["failures"]
for key in ["resources_watched", "retries", "jobs_retried", "jobs_failed", "training_restarts", "useful_work_host_s",
            "lost_work_host_s", "restart_work_host_s", "spent_work_host_s", "mean_time_to_recover_s", "goodput"]:
    assert isinstance(f[key], (int, float)), key
for cls in ["hosts", "links"]:
    assert set(f["resources"][cls]) == {"failures", "resources_failed", "downtime_s"}, f["resources"][cls]
assert isinstance(f["failed_jobs"], list)
assert f["resources"]["hosts"]["failures"] > 0 and f["training_restarts"] > 0, f
t = r["training"]["all"]
assert set(t["restarts"]) == {"count", "redone_iterations", "lost_s", "repair_wait_s", "reload_s"}, t["restarts"]
assert "restart" in t["time_share"]
print("results.json: failures keys present")
PY
