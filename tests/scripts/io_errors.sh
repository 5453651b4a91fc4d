#!/bin/bash
# What the machine refuses is not a crash (README "Outputs"):
#   - no writable temporary folder for the run's records: the run keeps them in memory, says so in a note on
#     stderr, exits 0 and writes the same outputs as with the folder (blocks of 7 records, so that every log
#     would have spilled);
#   - an output file that cannot be written (results.json's temporary name is a link to /dev/full: ENOSPC):
#     "dcflow: error: ..." and exit status 1, no output of the run left in the folder, a file of an earlier run
#     not replaced, no temporary file left.
# usage: io_errors.sh DCFLOW   (from the repository root)
set -euo pipefail
bin=$1
scenario=scenarios/ai_training_pipeline.yaml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
  echo "io_errors: $*" >&2
  exit 1
}

"$bin" run "$scenario" -q --out "$tmp/with_file"
status=0
DCFLOW_RECORD_BLOCK=7 TMPDIR="$tmp/missing" "$bin" run "$scenario" -q --out "$tmp/in_memory" 2> "$tmp/in_memory.err" ||
  status=$?
[ "$status" -eq 0 ] || fail "records without a temporary folder: exit status $status ($(cat "$tmp/in_memory.err"))"
grep -q "^dcflow: note: cannot create a temporary file in $tmp/missing for the run's records (set TMPDIR): No such file or directory; the run's later records were kept in memory$" \
  "$tmp/in_memory.err" || fail "no note on the records kept in memory: $(cat "$tmp/in_memory.err")"
strip() { grep -v '"wall_' "$1"; }
cmp <(strip "$tmp/with_file/results.json") <(strip "$tmp/in_memory/results.json") || fail "results.json differs"
for f in "$tmp"/with_file/*.csv; do
  cmp "$f" "$tmp/in_memory/${f##*/}" || fail "${f##*/} differs"
done

out=$tmp/full
mkdir -p "$out"
echo "an earlier run" > "$out/jobs.csv"
ln -s /dev/full "$out/results.json.tmp"
status=0
"$bin" run "$scenario" -q --out "$out" 2> "$tmp/full.err" || status=$?
[ "$status" -eq 1 ] || fail "an output file that cannot be written: exit status $status, expected 1"
grep -q "^dcflow: error: cannot write '$out/results.json.tmp': No space left on device$" "$tmp/full.err" ||
  fail "unexpected message: $(cat "$tmp/full.err")"
[ "$(cat "$out/jobs.csv")" = "an earlier run" ] || fail "the earlier run's jobs.csv was replaced"
left=$(cd "$out" && ls -A | grep -v '^jobs\.csv$' || true)
[ -z "$left" ] || fail "left in the output folder: $left"
echo "io_errors: records kept in memory with the same outputs; an unwritable output leaves the folder as it was"
