#!/usr/bin/env bash
# `dcflow sweep|compare --plan` lists exactly the runs the local command runs (folders, seeds, command lines,
# in the summary's order), and `--summarize FILE` rebuilds the local command's summary files byte for byte,
# reports a run FILE marks failed as the local command would, and rejects a malformed FILE with exit 2.
# Usage: plan_summarize.sh BIN   (from the repository root)
set -euo pipefail
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
args=(scenarios/doc_example_4_3.yaml --set workload.jobs=20 --param transfer.pipes=1,2 --param
      workload.classes.batch.stages.process.flops=1Tf,2Tf --seeds 2 --out "$tmp/out")
"$bin" sweep "${args[@]}" -j 2 > "$tmp/local.txt" 2> /dev/null
cp "$tmp/out/sweep.csv" "$tmp/out/sweep.json" "$tmp"
"$bin" sweep "${args[@]}" --plan > "$tmp/plan.json"
/usr/bin/python3 - "$tmp" <<'PY'
import csv, json, shlex, sys
tmp = sys.argv[1]
plan = json.load(open(f"{tmp}/plan.json"))
rows = list(csv.DictReader(open(f"{tmp}/sweep.csv")))
assert plan["command"] == "sweep" and plan["key_columns"] == ["transfer.pipes", "workload.classes.batch.stages.process.flops"]
assert plan["seeds"] == [1, 2] and len(plan["runs"]) == len(rows) == 8
for run, row in zip(plan["runs"], rows):
    assert run["folder"] == f"{tmp}/out/{row['folder']}", (run["folder"], row["folder"])
    assert str(run["seed"]) == row["seed"] and all(run["params"][k] == row[k] for k in plan["key_columns"])
    log = open(f"{tmp}/out/{row['folder']}/run.log").readline().rstrip("\n")
    assert run["log_header"] == log and shlex.split(log)[1:] == run["argv"], (run["log_header"], log)
# Outcomes as another executor records them: all succeeded but the fourth run, which exited 3.
outcomes = [{"folder": r["folder"], "exit_status": 3 if i == 3 else 0, "signal": None} for i, r in enumerate(plan["runs"])]
json.dump({"runs": outcomes}, open(f"{tmp}/outcomes_fail.json", "w"))
outcomes[3]["exit_status"] = 0
json.dump({"runs": outcomes}, open(f"{tmp}/outcomes.json", "w"))
print("plan: the local command's runs, in order")
PY
rm "$tmp/out/sweep.csv" "$tmp/out/sweep.json"
"$bin" sweep "${args[@]}" --summarize "$tmp/outcomes.json" > "$tmp/summarized.txt"
cmp "$tmp/sweep.csv" "$tmp/out/sweep.csv"
cmp "$tmp/sweep.json" "$tmp/out/sweep.json"
diff "$tmp/local.txt" "$tmp/summarized.txt"
status=0
"$bin" sweep "${args[@]}" --summarize "$tmp/outcomes_fail.json" > "$tmp/failed.txt" || status=$?
[ "$status" -eq 1 ] || { echo "FAIL: a failed run gives exit status $status, expected 1"; exit 1; }
grep -q '1 of 8 runs FAILED' "$tmp/failed.txt"
grep -q 'flops=2Tf seed 2: exit status 3; ' "$tmp/failed.txt"
grep -q '^1,2Tf,2,failed,3,,' "$tmp/out/sweep.csv"
echo '{"runs": [{"folder": "x"}]}' > "$tmp/bad.json"
status=0
"$bin" sweep "${args[@]}" --summarize "$tmp/bad.json" 2> "$tmp/err.txt" || status=$?
[ "$status" -eq 2 ] || { echo "FAIL: a malformed outcomes file gives exit status $status, expected 2"; exit 1; }
grep -q "^--summarize $tmp/bad.json: error: each run needs a folder" "$tmp/err.txt"
echo "plan and summarize: ok"
