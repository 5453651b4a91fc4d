#!/bin/bash
# Regenerates the expected files of golden cases (tests/golden/<case>/) from the current build, and prints
# which changed. Usage: tools/golden_update.sh [CASE...]   (default: every case)
#   DCFLOW=path/to/dcflow selects the binary (default build/src/dcflow). Run it on a build of the code you
#   mean to pin, and say why in the commit message of any commit that changes an expected file.
#
# Each case's command runs twice; a case whose two runs differ is not deterministic and is left untouched.
# The expected files of a case are the files already in its folder (besides cmd and *.md), so a file you
# copied in by hand (say a child run's fifo/seed-7/results.json) stays pinned; a case with none gets the
# default set: results.json, jobs.csv and timeseries.csv for `run`, the summary CSV and JSON for `compare`
# and `sweep`. A file is rewritten only when golden_compare.py finds a difference (numbers beyond 1e-9
# relative, any other cell, key or string), so the wall-clock fields alone never churn the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${DCFLOW:-build/src/dcflow}
golden=tests/golden
max_kb=300

if [ ! -x "$bin" ]; then
  echo "golden_update: $bin is not an executable; build first (cmake --build build) or set DCFLOW" >&2
  exit 2
fi
if [ "$#" -eq 0 ]; then
  cases=()
  for cmd in "$golden"/*/cmd; do
    [ -f "$cmd" ] && cases+=("$(basename "$(dirname "$cmd")")")
  done
else
  cases=("$@")
fi
for name in "${cases[@]}"; do
  if [ ! -f "$golden/$name/cmd" ]; then
    echo "golden_update: $golden/$name/cmd: no such file (a case is a folder holding its command line in cmd)" >&2
    exit 2
  fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
changed=()
failed=()
for name in "${cases[@]}"; do
  dir=$golden/$name
  echo "== $name: $(grep -v '^[[:space:]]*#' "$dir/cmd" | tr -s '\n ' ' ' | sed 's/ $//')"
  if ! bash tests/scripts/golden_case.sh "$bin" "$dir" "$tmp/$name/a" --run-only > "$tmp/$name.log" 2>&1 ||
    ! bash tests/scripts/golden_case.sh "$bin" "$dir" "$tmp/$name/b" --run-only >> "$tmp/$name.log" 2>&1; then
    tail -n 20 "$tmp/$name.log" >&2
    echo "   FAILED: the command failed; nothing written" >&2
    failed+=("$name")
    continue
  fi
  grep '^golden: .* took' "$tmp/$name.log" | sed 's/^golden: [^:]*: /   /'

  files=()
  while IFS= read -r -d '' f; do
    rel=${f#"$dir"/}
    [ "$rel" = cmd ] || [[ $rel == *.md ]] || files+=("$rel")
  done < <(find "$dir" -type f -print0 | sort -z)
  if [ "${#files[@]}" -eq 0 ]; then
    command=$(grep -v '^[[:space:]]*#' "$dir/cmd" | awk 'NF { print $1; exit }')
    case $command in
      run) files=(results.json jobs.csv timeseries.csv) ;;
      compare | sweep) files=("$command.csv" "$command.json") ;;
      *)
        echo "   FAILED: no expected file yet and no default set for '$command'; copy the files to pin into $dir" >&2
        failed+=("$name")
        continue
        ;;
    esac
  fi

  unstable=0
  for rel in "${files[@]}"; do
    if [ ! -f "$tmp/$name/a/$rel" ]; then
      echo "   FAILED: the command wrote no $rel" >&2
      unstable=1
    elif ! /usr/bin/python3 tools/golden_compare.py "$tmp/$name/a/$rel" "$tmp/$name/b/$rel" > "$tmp/$name.diff"; then
      sed 's/^/   /' "$tmp/$name.diff" >&2
      echo "   FAILED: two runs of the same command differ in $rel: not deterministic, nothing written" >&2
      unstable=1
    fi
  done
  if [ "$unstable" -ne 0 ]; then
    failed+=("$name")
    continue
  fi

  for rel in "${files[@]}"; do
    new=$tmp/$name/a/$rel
    old=$dir/$rel
    if [ ! -f "$old" ]; then
      state=new
    elif /usr/bin/python3 tools/golden_compare.py "$old" "$new" > /dev/null; then
      echo "   unchanged $rel"
      continue
    else
      state=changed
    fi
    mkdir -p "$(dirname "$old")"
    cp "$new" "$old"
    kb=$(($(stat -c %s "$old") / 1024))
    echo "   $state $rel ($kb KB)"
    if [ "$kb" -gt "$max_kb" ]; then
      echo "   warning: $old is larger than $max_kb KB; reduce the case (fewer jobs) or pin fewer files" >&2
    fi
    changed+=("$old")
  done
done

echo
if [ "${#changed[@]}" -eq 0 ]; then
  echo "golden_update: no expected file changed"
else
  echo "golden_update: ${#changed[@]} expected file(s) written; say why in the commit message:"
  printf '  %s\n' "${changed[@]}"
fi
if [ "${#failed[@]}" -ne 0 ]; then
  echo "golden_update: FAILED: ${failed[*]}" >&2
  exit 1
fi
