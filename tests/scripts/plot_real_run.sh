#!/bin/bash
# The plot script turns a real run's outputs into non-empty PNGs.
set -euo pipefail
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" run scenarios/doc_example_4_3.yaml --out "$tmp" -q
/usr/bin/python3 tools/plot_run.py "$tmp"
for png in utilization.png wait_cdf.png; do
  test -s "$tmp/$png" || { echo "missing or empty: $png" >&2; exit 1; }
  head -c 8 "$tmp/$png" | od -An -tx1 | grep -q "89 50 4e 47 0d 0a 1a 0a" || { echo "not a PNG: $png" >&2; exit 1; }
done
echo "plot: PNGs written from a real run"
