#!/usr/bin/env bash
# `dcflow compare` and `dcflow sweep`: child runs, summary files, the columns the table shows, failure reporting,
# input errors, -j, plots.
# Usage: compare_sweep.sh BIN   (run from the repository root)
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 BIN" >&2
  exit 2
fi
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
scenario=scenarios/doc_example_4_3.yaml
small=(--set workload.jobs=20)
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# run_status VAR COMMAND...: runs COMMAND with stdout/stderr in $tmp/stdout, $tmp/stderr; VAR = exit status.
run_status() {
  local -n status_var=$1
  shift
  status_var=0
  "$@" >"$tmp/stdout" 2>"$tmp/stderr" || status_var=$?
  if grep -Eq 'terminate called|Segmentation|core dumped' "$tmp/stderr"; then
    fail "crash in: $*"
    sed 's/^/  stderr: /' "$tmp/stderr" | head -n 5 >&2
  fi
}

# Policies: fifo, and sjf too once it is registered.
policies=fifo
expected_policies=1
if "$bin" policies | grep -q '^sjf '; then
  policies=fifo,sjf
  expected_policies=2
fi

# --- compare: 2 seeds per policy, all succeed --------------------------------------------------------------
run_status status "$bin" compare "$scenario" "${small[@]}" --policies "$policies" --seeds 2 -j 2 --out "$tmp/cmp"
if [ "$status" -ne 0 ]; then
  fail "compare exit status $status, expected 0"
  sed 's/^/  /' "$tmp/stdout" "$tmp/stderr" | tail -n 20 >&2
fi
grep -q 'mean ± half-width' "$tmp/stdout" || fail "compare table header missing"
grep -Eq '^ +fifo +2/2 ' "$tmp/stdout" || fail "compare table has no 'fifo 2/2' row"
# The document's example reads, transfers and computes: every column applies but the training ones.
table_header() { grep -m1 ' runs ok ' "$tmp/stdout"; }
for heading in 'throughput GB/s' 'util. compute' 'M\*v GB/s'; do
  table_header | grep -q "$heading" || fail "compare of $scenario: table has no '$heading' column"
done
! grep -Eq 'no run moved input bytes|no compute stage ran|no transfer stage ran' "$tmp/stdout" ||
  fail "compare of $scenario: a column is left out"
grep -q 'AU, data stall, exposed comm, ckpt stall: no training job ran' "$tmp/stdout" ||
  fail "compare of $scenario: the training columns are not said to be left out"
grep -q 'p95 TTFT s, mean TPOT s, p95 e2e s, goodput, tokens/s, requests/s, rejected, GPU-h: no inference request ran' \
  "$tmp/stdout" || fail "compare of $scenario: the inference columns are not said to be left out"
/usr/bin/python3 - "$tmp/cmp" "$policies" <<'PY' || fail "compare.csv / compare.json content"
import csv, json, os, sys
out, policies = sys.argv[1], sys.argv[2].split(",")
rows = list(csv.DictReader(open(os.path.join(out, "compare.csv"))))
metrics = ["throughput_GBps", "simulated_time_s", "wait_mean_s", "wait_p95_s", "turnaround_mean_s",
           "efficiency_scheduling", "utilization_compute", "model_transfer_GBps"]
training = ["training_samples_per_s", "training_iteration_s", "accelerator_utilization", "data_stall_fraction",
            "exposed_comm_fraction", "checkpoint_stall_fraction", "allreduce_busbw_GBps"]
inference = ["ttft_p95_s", "tpot_mean_s", "e2e_p95_s", "goodput", "tokens_per_s", "requests_per_s", "rejected", "gpu_hours"]
energy = ["energy_kWh", "energy_per_job_J", "cost_total"]
failures = ["failure_goodput", "jobs_failed", "lost_work_host_s", "storage_bytes_lost", "re_replicated_bytes"]
header = ["policy", "seed", "status", "exit_status"] + metrics + training + inference + energy + failures + ["folder"]
assert list(rows[0].keys()) == header, list(rows[0].keys())
assert len(rows) == 2 * len(policies), f"{len(rows)} rows"
assert sorted((r["policy"], r["seed"]) for r in rows) == sorted((p, s) for p in policies for s in ("1", "2"))
for r in rows:
    assert r["status"] == "ok" and r["exit_status"] == "0", r
    assert float(r["throughput_GBps"]) > 0, r
    assert os.path.isfile(os.path.join(out, r["folder"], "results.json")), r["folder"]
    assert os.path.isfile(os.path.join(out, r["folder"], "run.log")), r["folder"]
j = json.load(open(os.path.join(out, "compare.json")))
for key in ["command", "scenario", "seeds", "confidence_level", "metrics", "runs_ok", "runs_total", "policies"]:
    assert key in j, f"compare.json: missing {key}"
assert j["seeds"] == [1, 2] and j["runs_ok"] == j["runs_total"] == 2 * len(policies)
assert list(j["policies"]) == policies, list(j["policies"])
for p in policies:
    entry = j["policies"][p]
    assert entry["runs_ok"] == 2 and len(entry["runs"]) == 2
    for m in metrics:
        s = entry["metrics"][m]
        assert set(s) == {"mean", "ci95_half_width", "n"} and s["n"] == 2, (p, m, s)
        assert isinstance(s["mean"], float) and isinstance(s["ci95_half_width"], (int, float)), (p, m, s)
    for run in entry["runs"]:
        assert run["status"] == "ok" and run["folder"].startswith(p + "/seed-"), run
print("compare: csv and json ok")
PY

# --- the table shows only the columns that apply; the CSV and JSON keep them all ---------------------------
all_columns_kept() { # all_columns_kept FILE.csv FILE.json KEY_COLUMNS...
  /usr/bin/python3 - "$@" <<'PY'
import csv, json, sys
csv_file, json_file, keys = sys.argv[1], sys.argv[2], sys.argv[3:]
metrics = ["throughput_GBps", "simulated_time_s", "wait_mean_s", "wait_p95_s", "turnaround_mean_s",
           "efficiency_scheduling", "utilization_compute", "model_transfer_GBps", "training_samples_per_s",
           "training_iteration_s", "accelerator_utilization", "data_stall_fraction", "exposed_comm_fraction",
           "checkpoint_stall_fraction", "allreduce_busbw_GBps", "ttft_p95_s", "tpot_mean_s", "e2e_p95_s", "goodput",
           "tokens_per_s", "requests_per_s", "rejected", "gpu_hours", "energy_kWh", "energy_per_job_J", "cost_total",
           "failure_goodput", "jobs_failed", "lost_work_host_s", "storage_bytes_lost", "re_replicated_bytes"]
header = next(csv.reader(open(csv_file)))
assert header == keys + ["seed", "status", "exit_status"] + metrics + ["folder"], header
j = json.load(open(json_file))
assert list(j["metrics"]) == metrics, list(j["metrics"])
groups = list(j["policies"].values()) if "policies" in j else j["points"]
for g in groups:
    assert list(g["metrics"]) == metrics, list(g["metrics"])
PY
}
# Compute only (no bytes read or shipped): no throughput, no M*v.
run_status status "$bin" compare scenarios/inference_serving.yaml --set workload.jobs=200 --policies fifo,random \
  --out "$tmp/compute_only"
[ "$status" -eq 0 ] || fail "compute-only compare: exit status $status"
if table_header | grep -Eq 'throughput|M\*v'; then
  fail "compute-only compare: the table shows throughput or M*v"
fi
table_header | grep -q 'mean wait s' || fail "compute-only compare: no 'mean wait s' column"
table_header | grep -q 'util. compute' || fail "compute-only compare: no 'util. compute' column"
grep -q '^  columns left out (compare.csv and compare.json have them all):$' "$tmp/stdout" &&
  grep -q '^    throughput GB/s: no run moved input bytes$' "$tmp/stdout" &&
  grep -q '^    M\*v GB/s: no transfer stage ran$' "$tmp/stdout" ||
  fail "compute-only compare: the left-out columns are not listed"
all_columns_kept "$tmp/compute_only/compare.csv" "$tmp/compute_only/compare.json" policy ||
  fail "compute-only compare: compare.csv / compare.json lost a column"
# Transfer only: no compute utilisation; throughput and M*v shown.
run_status status "$bin" sweep scenarios/wan_pipes.yaml --param transfer.pipes=1,2 --out "$tmp/transfer_only"
[ "$status" -eq 0 ] || fail "transfer-only sweep: exit status $status"
! table_header | grep -q 'util. compute' || fail "transfer-only sweep: the table shows util. compute"
table_header | grep -q 'throughput GB/s' && table_header | grep -q 'M\*v GB/s' ||
  fail "transfer-only sweep: throughput or M*v missing"
grep -q '^    util. compute: no compute stage ran$' "$tmp/stdout" || fail "transfer-only sweep: util. compute not listed"
all_columns_kept "$tmp/transfer_only/sweep.csv" "$tmp/transfer_only/sweep.json" transfer.pipes ||
  fail "transfer-only sweep: sweep.csv / sweep.json lost a column"

# --- compare: input errors exit 2 before any run ----------------------------------------------------------
expect_error() { # expect_error MESSAGE ARGS...
  local message=$1
  shift
  run_status status "$bin" "$@" --out "$tmp/never"
  if [ "$status" -ne 2 ]; then
    fail "exit status $status, expected 2: $*"
  elif ! grep -qF -- "$message" "$tmp/stderr"; then
    fail "message '$message' not in stderr of: $*"
    sed 's/^/  stderr: /' "$tmp/stderr" | head -n 3 >&2
  fi
  if [ -e "$tmp/never" ]; then
    fail "an input error left $tmp/never behind: $*"
    rm -rf "$tmp/never"
  fi
}
expect_error "--policies fifoo: error: unknown policy 'fifoo'; did you mean 'fifo'?" \
  compare "$scenario" --policies fifoo
expect_error "--policies fifo,fifo: error: policy 'fifo' is listed twice" compare "$scenario" --policies fifo,fifo
expect_error "--set transfer.pipes=0: error: 'transfer.pipes' must be at least 1, got 0" \
  compare "$scenario" --policies fifo --set transfer.pipes=0
expect_error "--set scheduling.policy=fifo: error: 'scheduling.policy' is already varied by --policies fifo" \
  compare "$scenario" --policies fifo --set scheduling.policy=fifo
expect_error "--seeds" compare "$scenario" --policies fifo --seeds 0
expect_error "--jobs" compare "$scenario" --policies fifo -j 0

# --- compare: failed runs are reported, the table is still printed, exit status 1 ---------------------------
# Same folder as the successful compare: the earlier results.json files must not be summarised again.
run_status status "$bin" compare "$scenario" "${small[@]}" --policies fifo --seeds 2 --cfg bogus:1 --out "$tmp/cmp"
[ "$status" -eq 1 ] || fail "compare with failing runs: exit status $status, expected 1"
grep -Eq '^ +fifo +0/2 ' "$tmp/stdout" || fail "compare with failing runs: no 'fifo 0/2' row"
# No run succeeded, so nothing says which columns apply: all are shown.
table_header | grep -q 'throughput GB/s' && table_header | grep -q 'M\*v GB/s' ||
  fail "compare with only failing runs: columns left out"
grep -qF "fifo seed 1: exit status 2; --cfg bogus:1: error: Bad config key: bogus" "$tmp/stdout" ||
  fail "compare with failing runs: the failure and the last line of its log are not reported"
grep -c ',failed,2,' "$tmp/cmp/compare.csv" | grep -qx 2 || fail "compare.csv: expected 2 failed rows"

# --- sweep: 2 values x 2 seeds = 4 runs --------------------------------------------------------------------
run_status status "$bin" sweep "$scenario" "${small[@]}" --param transfer.pipes=1,2 --seeds 2 --out "$tmp/swp"
[ "$status" -eq 0 ] || fail "sweep exit status $status, expected 0"
/usr/bin/python3 - "$tmp/swp" <<'PY' || fail "sweep.csv / sweep.json content"
import csv, json, os, sys
out = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(out, "sweep.csv"))))
assert len(rows) == 4, f"{len(rows)} rows"
assert list(rows[0])[:4] == ["transfer.pipes", "seed", "status", "exit_status"], list(rows[0])
assert [(r["transfer.pipes"], r["seed"]) for r in rows] == [("1", "1"), ("1", "2"), ("2", "1"), ("2", "2")]
assert all(r["status"] == "ok" for r in rows)
assert {r["folder"] for r in rows} == {"transfer.pipes-1/seed-1", "transfer.pipes-1/seed-2",
                                       "transfer.pipes-2/seed-1", "transfer.pipes-2/seed-2"}
j = json.load(open(os.path.join(out, "sweep.json")))
assert j["parameters"] == ["transfer.pipes"] and len(j["points"]) == 2
assert j["points"][1]["params"] == {"transfer.pipes": "2"} and j["points"][1]["metrics"]["throughput_GBps"]["n"] == 2
print("sweep: csv and json ok")
PY
grep -Eq '^ +2 +2/2 ' "$tmp/stdout" || fail "sweep table has no 'pipes 2, 2/2' row"

# --- sweep: one grid point fails only when simulated (no host has the property); the others still count ----
run_status status "$bin" sweep "$scenario" "${small[@]}" --param hosts.compute.property=role=compute,role=nope \
  --seeds 2 --out "$tmp/mixed"
[ "$status" -eq 1 ] || fail "sweep with a failing point: exit status $status, expected 1"
grep -Eq '^ +role=compute +2/2 ' "$tmp/stdout" || fail "sweep with a failing point: the good point is missing"
grep -qF "error: no host has property 'role=nope'" "$tmp/stdout" || fail "sweep: failure message not reported"
[ "$(grep -c ',ok,0,' "$tmp/mixed/sweep.csv")" -eq 2 ] || fail "sweep.csv: expected 2 ok rows"
[ "$(grep -c ',failed,2,' "$tmp/mixed/sweep.csv")" -eq 2 ] || fail "sweep.csv: expected 2 failed rows"

# --- sweep: input errors name the --param, exit 2, nothing runs --------------------------------------------
expect_error "--param transfer.pipes=0,2: error: 'transfer.pipes' must be at least 1, got 0" \
  sweep "$scenario" --param transfer.pipes=0,2
expect_error "--param transfer.pipse=1,2: error: unknown key 'pipse' in 'transfer'; did you mean 'pipes'?" \
  sweep "$scenario" --param transfer.pipse=1,2
expect_error "--param transfer.pipes=1,,2: error: empty value" sweep "$scenario" --param transfer.pipes=1,,2
expect_error "--param transfer.pipes: error: expected PATH=V1,V2,..." sweep "$scenario" --param transfer.pipes

# --- -j N: never more than N children at once --------------------------------------------------------------
"$bin" compare scenarios/ai_training_pipeline.yaml --set workload.jobs=1024 --policies fifo --seeds 4 -j 2 \
  --out "$tmp/par" >/dev/null 2>&1 &
parent=$!
most=0
while kill -0 "$parent" 2>/dev/null; do
  n=$(pgrep -c -P "$parent" || true)
  [ "$n" -gt "$most" ] && most=$n
  sleep 0.02
done
wait "$parent" || fail "compare -j 2: exit status $?"
[ "$most" -le 2 ] || fail "compare -j 2: saw $most children at once"
[ "$most" -ge 1 ] || fail "compare -j 2: never saw a child running"
echo "compare -j 2: at most $most children at once"

# --- plots -------------------------------------------------------------------------------------------------
check_png() {
  test -s "$1" || { fail "missing or empty: $1"; return; }
  head -c 8 "$1" | od -An -tx1 | grep -q "89 50 4e 47 0d 0a 1a 0a" || fail "not a PNG: $1"
}
# The failing compare overwrote $tmp/cmp; plot a fresh successful one.
"$bin" compare "$scenario" "${small[@]}" --policies "$policies" --seeds 2 --out "$tmp/cmp2" >/dev/null 2>&1 ||
  fail "compare for the plots failed"
/usr/bin/python3 tools/plot_compare.py "$tmp/cmp2" >/dev/null || fail "plot_compare.py exit status $?"
check_png "$tmp/cmp2/compare_metrics.png"
check_png "$tmp/cmp2/compare_wait_cdf.png"
/usr/bin/python3 tools/plot_sweep.py "$tmp/swp" --metric wait_mean_s >/dev/null || fail "plot_sweep.py exit status $?"
check_png "$tmp/swp/sweep_wait_mean_s_vs_transfer.pipes.png"
/usr/bin/python3 tools/plot_sweep.py "$tmp/swp" --metric wait_mean_s --hline '0.5:a pass line' --hline 1 \
  --xscale linear --out "$tmp/swp/lines" >/dev/null || fail "plot_sweep.py --hline --xscale: exit status $?"
check_png "$tmp/swp/lines/sweep_wait_mean_s_vs_transfer.pipes.png"
run_status status /usr/bin/python3 tools/plot_sweep.py "$tmp/swp" --hline high:label
[ "$status" -eq 2 ] && grep -q "^plot_sweep.py: error: --hline high:label: expected Y or Y:LABEL" "$tmp/stderr" ||
  fail "plot_sweep.py --hline without a number: status $status"
run_status status /usr/bin/python3 tools/plot_sweep.py "$tmp/swp" --x workload.rate
[ "$status" -eq 2 ] && grep -q "^plot_sweep.py: error: --x workload.rate: not a swept parameter" "$tmp/stderr" ||
  fail "plot_sweep.py --x of an unswept parameter: status $status"
run_status status /usr/bin/python3 tools/plot_compare.py "$tmp/swp"
[ "$status" -eq 2 ] && grep -q "^plot_compare.py: error: missing file" "$tmp/stderr" ||
  fail "plot_compare.py on a sweep folder: status $status"

if [ "$failures" -ne 0 ]; then
  echo "compare/sweep: $failures check(s) failed" >&2
  exit 1
fi
echo "compare/sweep: all checks passed ($expected_policies policies)"
