#!/usr/bin/env bash
# Walks through what openscs does today, on the files in examples/.
# Usage: scripts/demo.sh PATH-TO-openscs [PATH-TO-amtsim]
set -euo pipefail
cd "$(dirname "$0")/.."
openscs="${1:?usage: $0 PATH-TO-openscs [PATH-TO-amtsim]}"
amtsim="${2:+$(realpath "$2")}"
repo="$(pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

step() { printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "${*:2}"; }

step "Decode a PSK hello captured from a device (reference example)" \
  openscs hello decode --file examples/hellos/psk-0000-037M.bin
"$openscs" hello decode --file examples/hellos/psk-0000-037M.bin

step "Decode a PKI (Remote Configuration) hello listing two root hashes" \
  openscs hello decode --file examples/hellos/pki-legacy-sha1.bin
"$openscs" hello decode --file examples/hellos/pki-legacy-sha1.bin

step "A malformed hello is rejected with the field and offset" \
  openscs hello decode --file examples/hellos/malformed-bad-hash-length.bin
"$openscs" hello decode --file examples/hellos/malformed-bad-hash-length.bin || echo "(exit code $?)"

step "Generate three PID/PPS pairs for USB One-Touch (file is created 0600)" \
  openscs keys generate --count 3 --out keys.csv
"$openscs" keys generate --count 3 --out "$work/keys.csv"

step "Write a setup.bin (version 3) with one record per key pair" \
  openscs setupbin create --version 3 --out setup.bin --current-password admin --new-password 'Demo-Pa55word' --keys keys.csv --provision-server 192.0.2.10 --port 9971 --domain example.test
"$openscs" setupbin create --version 3 --out "$work/setup.bin" --current-password admin \
  --new-password 'Demo-Pa55word' --keys "$work/keys.csv" --provision-server 192.0.2.10 --port 9971 \
  --domain example.test

step "Inspect it: every record and variable (secrets redacted unless --reveal)" \
  openscs setupbin inspect setup.bin
"$openscs" setupbin inspect "$work/setup.bin"

if [ -n "$amtsim" ]; then
  step "Start a simulated fleet (67 devices, AMT 2.0 to 11.8, time x60) for 10 seconds" \
    amtsim run --scenario examples/scenarios/mixed-fleet.json --control amtsim.sock --duration 10
  (cd "$work" && "$amtsim" run --scenario "$repo/examples/scenarios/mixed-fleet.json" --control "$work/amtsim.sock" \
    --duration 10 --quiet) &
  sim_pid=$!
  sleep 6
  step "What the devices are doing (every 6th shown; no provisioning server runs yet, so hellos are refused)" \
    amtsim --control amtsim.sock status
  "$amtsim" --control "$work/amtsim.sock" status | awk 'NR == 1 || NR % 6 == 2' || true
  wait "$sim_pid" || true
fi

printf '\nDone. The next release adds `openscs serve`, which provisions these devices (see README.md).\n'
