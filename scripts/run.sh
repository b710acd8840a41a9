#!/usr/bin/env bash
# The main job: builds openscs (release) and walks through what it does today
# on the bundled examples in examples/: decode captured hellos, generate
# PID/PPS keys, write a USB One-Touch setup.bin and inspect it, then run a
# simulated fleet for a few seconds and show its devices.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh build
cmake --preset release >/dev/null
cmake --build --preset release
exec scripts/demo.sh build/release/tools/openscs/openscs build/release/tools/amtsim/amtsim
