#!/bin/bash
# Runs one golden case (tests/golden/<case>/) and compares its outputs with the case's expected files.
# usage: golden_case.sh DCFLOW CASE_DIR OUT_DIR [--run-only]
#   Run from the repository root. CASE_DIR/cmd holds dcflow's arguments as shell words (lines starting with
#   '#' are comments), paths relative to the root; this script adds --out OUT_DIR (emptied first).
#   --run-only: run the command, do not compare (tools/golden_update.sh).
set -euo pipefail
if [ "$#" -lt 3 ] || [ "$#" -gt 4 ] || { [ "$#" -eq 4 ] && [ "$4" != --run-only ]; }; then
  echo "usage: $0 DCFLOW CASE_DIR OUT_DIR [--run-only]" >&2
  exit 2
fi
bin=$1
case_dir=${2%/}
out=$3
here=$(cd "$(dirname "$0")" && pwd)

if [ ! -f "$case_dir/cmd" ]; then
  echo "$case_dir/cmd: no such file (a golden case's dcflow command line)" >&2
  exit 2
fi
words=$(grep -v '^[[:space:]]*#' "$case_dir/cmd" | tr '\n' ' ')
eval "args=($words)"
if [ "${#args[@]}" -eq 0 ]; then
  echo "$case_dir/cmd: no command line in it" >&2
  exit 2
fi
for word in "${args[@]}"; do
  case $word in
    --out | --out=*)
      echo "$case_dir/cmd: remove --out; the golden runner chooses the output folder" >&2
      exit 2
      ;;
  esac
done

rm -rf "$out"
mkdir -p "$(dirname "$out")"
echo "\$ dcflow ${args[*]} --out $out"
start=$(date +%s.%N)
status=0
"$bin" "${args[@]}" --out "$out" || status=$?
seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
if [ "$status" -ne 0 ]; then
  echo "golden: $case_dir: dcflow exited with status $status after $seconds s" >&2
  exit 1
fi
echo "golden: $case_dir: dcflow took $seconds s"
if [ "${4:-}" = --run-only ]; then
  exit 0
fi
exec /usr/bin/python3 "$here/../../tools/golden_compare.py" "$case_dir" "$out"
