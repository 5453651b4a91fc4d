#!/bin/bash
# Installs dcflow's build and test dependencies from Debian's packages (bookworm). Run as root.
set -euo pipefail
packages=(
  build-essential cmake pkg-config
  libsimgrid-dev libboost-graph-dev libfmt-dev libcli11-dev catch2 libyaml-cpp-dev nlohmann-json3-dev zlib1g-dev
  python3-matplotlib python3-pandas python3-distributed time
  clang libclang-rt-14-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo "sudo")
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
echo "dependencies: all installed"
