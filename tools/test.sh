#!/bin/bash
# Installs the dependencies, builds dcflow with warnings as errors and runs the whole test suite, after
# a sanitizer (ASan + UBSan) build of the library's own tests, then a fuzzing smoke run. Usage: tools/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
jobs=$(nproc)

# Sanitizer build: unit, simulation and bad-input tests. SimGrid's default context switching confuses
# ASan, so every engine uses thread contexts there (DCFLOW_CFG is added to each run's --cfg).
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DDCFLOW_SANITIZE=ON -DDCFLOW_WERROR=ON > /dev/null
cmake --build build-asan -j"$jobs" --target dcflow dcflow_unit_tests dcflow_sim_tests
# The four 400,000-job queueing-theory runs are left to the optimised build (thread contexts make them
# ten times slower here).
DCFLOW_CFG=contexts/factory:thread ASAN_OPTIONS=detect_leaks=0 \
  ctest --test-dir build-asan -j"$jobs" --output-on-failure -R '^(unit|sim|error|cli):' \
  -E 'central FIFO queue|random dispatch|round robin to|join-shortest-queue lies'

# The whole suite on the release-like build.
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDCFLOW_WERROR=ON > /dev/null
cmake --build build -j"$jobs"
ctest --test-dir build -j"$jobs" --output-on-failure

# Fuzzing smoke run: every input reader's libFuzzer harness (clang, ASan + UBSan) for 5 s from the bundled
# seeds; a crash, sanitizer report or undocumented exception fails the command (tools/fuzz.sh says more).
JOBS="$jobs" FUZZ_SEED=1 bash tools/fuzz.sh 5
