#!/bin/bash
# Installs the dependencies, builds dcflow and runs the bundled default scenario (the source document's
# worked example). Usage: tools/quickstart.sh [SCENARIO]
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DDCFLOW_WERROR=OFF > /dev/null
cmake --build build -j"$(nproc)"
./build/src/dcflow run "${1:-scenarios/doc_example_4_3.yaml}"
