#!/usr/bin/env bash
# Builds everything with AddressSanitizer + UBSan and runs every test
# (unit, corpus replays, architecture checks, integration). This is the
# README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh test
preset=asan-ubsan
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
ctest --preset "$preset" -j "$(nproc)"
