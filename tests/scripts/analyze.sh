#!/usr/bin/env bash
# `dcflow analyze`: the lines it prints on hand-checked platforms, and its error contract (exit 2, message
# naming the file or the option, no crash). Figures are derived in tests/platforms/maxflow_lab.xml and
# tests/sim/test_maxflow_platform.cpp.
# Usage: analyze.sh BIN   (run from the repository root)
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 BIN" >&2
  exit 2
fi
bin=$1
failures=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# has DESCRIPTION PATTERN: the last command's stdout has a line matching the extended regex PATTERN.
has() {
  if grep -Eq -- "$2" "$tmp/stdout"; then
    echo "ok: $1"
  else
    echo "FAIL: $1: no line matches '$2'" >&2
    sed 's/^/  stdout: /' "$tmp/stdout" >&2
    failures=$((failures + 1))
  fi
}

# analyze ARGS...: runs dcflow analyze, which must succeed.
analyze() {
  if ! "$bin" analyze "$@" >"$tmp/stdout" 2>"$tmp/stderr"; then
    echo "FAIL: dcflow analyze $* exited non-zero" >&2
    sed 's/^/  stderr: /' "$tmp/stderr" >&2
    failures=$((failures + 1))
  fi
}

# fails DESCRIPTION EXPECTED_FIRST_STDERR_LINE -- ARGS...: exit status 2 and that exact first line.
fails() {
  local what=$1 want=$2
  shift 3
  local status=0
  "$bin" analyze "$@" >"$tmp/stdout" 2>"$tmp/stderr" || status=$?
  local first
  first=$(head -n 1 "$tmp/stderr")
  if [ "$status" -ne 2 ] || [ "$first" != "$want" ]; then
    echo "FAIL: $what: status $status, stderr '$first', expected status 2 and '$want'" >&2
    failures=$((failures + 1))
  elif grep -Eq 'terminate called|Segmentation|Aborted|core dumped' "$tmp/stderr"; then
    echo "FAIL: $what: stderr shows a crash" >&2
    failures=$((failures + 1))
  else
    echo "ok: $what"
  fi
}

analyze tests/platforms/maxflow_lab.xml --sources 's*' --destinations 'c*'
has "lab: hosts" "^  hosts        5 hosts \(c0 \.\. s1\)$"
has "lab: links" "^  links        7$"
has "lab: bandwidth statistics" "^  bandwidth    min 2\.000 GB/s, median 3\.000 GB/s, max 5\.000 GB/s$"
has "lab: 2.5 GB/s links" "^ +2\.500 GB/s  1 link\(s\)$"
has "lab: max flow" "^  max flow     6\.500 GB/s from --sources s\* \[2 hosts \(s0 \.\. s1\)\] to --destinations c\* \[3 hosts \(c0 \.\. c2\)\]$"
has "lab: min cut" "^  min cut      3 saturated link\(s\): c0-down, c1-down, r2$"
has "lab: bisection" "^  bisection    4\.000 GB/s from the first 2 to the last 3 of all hosts"

analyze platforms/doc_example_4_3.xml --scenario scenarios/doc_example_4_3.yaml
has "doc example: roles" "^  role         storage: 1 host \(storage-0\)"
has "doc example: max flow" "^  max flow     10\.000 GB/s from role 'storage'"
has "doc example: uplink is the cut" "^  min cut      1 saturated link\(s\): storage-uplink$"

analyze platforms/ai_cluster_fat_tree.xml --scenario scenarios/ai_training_pipeline.yaml
has "fat tree: links" "^  links        288$"
has "fat tree: max flow" "^  max flow     800\.000 GB/s from role 'storage' \[8 hosts \(node-64 \.\. node-71\)\]"
has "fat tree: every pair" "over 512 route\(s\) \(every host pair\)$"
has "fat tree: bisection of compute" "^  bisection    3200\.000 GB/s from the first 32 to the last 32 of role 'compute'"

analyze platforms/ai_cluster_fat_tree.xml
has "no scenario: bisection of all hosts" "^  bisection    3600\.000 GB/s from the first 36 to the last 36 of all hosts"
if grep -q "max flow     " "$tmp/stdout"; then
  echo "FAIL: no scenario, no pattern: a max flow line was printed" >&2
  failures=$((failures + 1))
fi

analyze platforms/bench_fat_tree_1024.xml
has "1024 hosts: sampled bisection" "a deterministic sample of the 262144 host pairs$"

analyze tests/platforms/maxflow_unrouted.xml
has "Full zone without routes: no crash" "no route joins the two sets"

fails "unknown host pattern" "--sources gpu-*: error: host pattern 'gpu-*' selects no host" \
  -- platforms/doc_example_4_3.xml --sources 'gpu-*'
fails "malformed host pattern" "--destinations node-[0-: error: unclosed '[' in host pattern 'node-[0-'" \
  -- platforms/doc_example_4_3.xml --destinations 'node-[0-'
fails "every host on one side" \
  "--sources *: error: selects every host, so no host is left on the other side; give both --sources and --destinations" \
  -- platforms/doc_example_4_3.xml --sources '*'
fails "broken platform" \
  "tests/errors/platforms/broken.xml:8: error: invalid platform: Invalid XML (XML input line 8, state 156): Unexpected end-tag \`</platform>': \`</zone>' expected." \
  -- tests/errors/platforms/broken.xml
fails "bad --cfg" "--cfg no/such-key:1: error: Bad config key: no/such-key" -- platforms/doc_example_4_3.xml --cfg no/such-key:1
fails "missing platform (CLI11)" "platform: no such file 'no-such.xml'" -- no-such.xml

if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
