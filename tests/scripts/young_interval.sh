#!/usr/bin/env bash
# Young's checkpoint interval, simulated: tests/data/failures/young.yaml (1 s iterations, checkpoint delta =
# 10 s, exponential failures of MTBF M = 500 s, back after R = 10 s, reload 5 s) swept over checkpoint.every
# with `dcflow sweep`, so each interval is its own process (one simulation per process).
#
# Young (1974) puts the interval that loses least at tau = sqrt(2 delta M) = sqrt(2 x 10 x 500) = 100 s, i.e.
# every = 100 iterations (Daly 2006, with the restart: sqrt(2 delta (M + R)) - delta = 91 s). To first order
# the fraction of time that is useful is f(tau) = tau / (tau + delta) x (1 - ((tau + delta) / 2 + R + reload) / M)
# (a failure loses half an interval on average, then R and the reload):
#   tau      12     25     50    100    200    400    800
#   f     0.517  0.668  0.758  0.782  0.724  0.547  0.158
# (near M the first order is rough: the simulation gives about 0.52 0.67 0.77 0.79 0.76 0.66 0.43). The runs are
# 20,000 iterations (about 25,000 s, some 50 failures), with the same failure times at every interval (the
# failures' random stream depends on the seed only). Coarse tolerance: the best interval of the sweep must be
# within a factor 2 of Young's (50, 100 or 200), and 100 must beat the ends (12 and 800) by 0.1 or more in
# f, the simulated samples/s (1 sample per 1 s iteration).
# Usage: young_interval.sh BIN   (run from the repository root)
set -euo pipefail
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" sweep tests/data/failures/young.yaml --param workload.classes.train.training.checkpoint.every=12,25,50,100,200,400,800 \
  --out "$tmp/sweep" -j 2 >"$tmp/stdout" 2>&1 || { cat "$tmp/stdout"; exit 1; }
/usr/bin/python3 - "$tmp/sweep/sweep.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
key = "workload.classes.train.training.checkpoint.every"
f = {int(r[key]): float(r["training_samples_per_s"]) for r in rows}
print("every -> simulated samples/s:", f)
best = max(f, key=f.get)
assert best in (50, 100, 200), f"best interval {best}, expected within a factor 2 of Young's 100"
assert f[100] - f[12] > 0.1 and f[100] - f[800] > 0.1, f
for r in rows:
    assert float(r["failure_goodput"]) < 1, r
print(f"ok: the best interval is {best} (Young: 100)")
PY
