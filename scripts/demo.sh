#!/usr/bin/env bash
# The main job: `openscs serve` on its embedded SQLite default (demo/openscs.db)
# with a simulated fleet of 42 devices in assorted modes, some failing for the
# seed's reasons (unknown PID, wrong PPS, a root hash the device does not
# trust, not in Setup Mode, hellos that never reach the server).
# Usage: scripts/demo.sh PATH-TO-openscs PATH-TO-amtsim
# Serves until Ctrl-C on a terminal; otherwise for DEMO_SECONDS (default 60).
set -euo pipefail
cd "$(dirname "$0")/.."
openscs="$(realpath "${1:?usage: $0 PATH-TO-openscs PATH-TO-amtsim}")"
amtsim="$(realpath "${2:?usage: $0 PATH-TO-openscs PATH-TO-amtsim}")"
repo="$(pwd)"
demo="$repo/demo"
rm -rf "$demo"
mkdir -p "$demo"
cd "$demo"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT
step() { printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "${*:2}"; }

step "A provisioning certificate from a private root the PKI devices trust" \
  openssl req ... '/OU=Intel(R) Client Setup Certificate/CN=openscs.corp.example'
openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem -subj "/CN=openscs demo root" -days 30 \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout leaf.key -out leaf.csr \
  -subj "/OU=Intel(R) Client Setup Certificate/CN=openscs.corp.example" 2>/dev/null
printf 'extendedKeyUsage=serverAuth,2.16.840.1.113741.1.2.3\nbasicConstraints=CA:FALSE\n' > leaf.ext
openssl x509 -req -in leaf.csr -CA root.pem -CAkey root.key -CAcreateserial -out leaf.pem -days 30 \
  -extfile leaf.ext 2>/dev/null
cat leaf.pem root.pem > chain.pem
root_sha1=$(openssl x509 -in root.pem -noout -fingerprint -sha1 | cut -d= -f2 | tr -d : | tr 'A-F' 'a-f')
sed "s/@ROOT_SHA1@/$root_sha1/" "$repo/examples/scenarios/demo-fleet.json" > demo-fleet.json

step "A console user: admin, with a random password kept in ./console-password (0600)" \
  openscs users add admin --role admin --password-stdin
(umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > console-password)
"$openscs" users add admin --role admin --password-stdin < console-password

step "Start the server (hellos on 127.0.0.1:9971, console on http://127.0.0.1:8080/, database ./openscs.db)" \
  openscs serve --hello-address 127.0.0.1 --trace-file trace.log
"$openscs" serve --hello-address 127.0.0.1 --trace-file trace.log --port-file port --quiet \
  --time-scale 60 > serve.log 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do [ -s port ] && break; sleep 0.1; done
[ -s port ] || { cat serve.log; echo "the server did not start (is 9971 taken?)" >&2; exit 1; }

step "Import the certificate (the warnings are the requirement checks)" openscs certs import chain.pem --key leaf.key
"$openscs" certs import chain.pem --key leaf.key --name demo

step "Start the fleet (42 devices, AMT 2.0 to 5.0, device time x60)" \
  amtsim run --scenario demo-fleet.json --control amtsim.sock
"$amtsim" run --scenario demo-fleet.json --control amtsim.sock --duration 3600 --quiet > amtsim.log 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do [ -s demo-keys.csv ] && break; sleep 0.1; done

step "Import the OEM's PID/PPS keys (two devices' keys are missing on purpose)" openscs keys import demo-keys.csv
"$openscs" keys import demo-keys.csv

sleep 15
step "What the server knows" openscs systems list
"$openscs" systems list
step "Errors and warnings in the provisioning log" openscs logs --level warning
"$openscs" logs --level warning | tail -n 20

cat <<TEXT

The server keeps running. Open the console: http://127.0.0.1:8080/
  user admin, password: cat $demo/console-password
In another terminal:
  cd $demo
  $openscs systems list            # state of every device that said hello
  $openscs logs --follow            # the provisioning log as it happens (--level debug for every step)
  $openscs settings log-level debug # change the level while it runs
  $amtsim --control amtsim.sock status   # what the devices themselves say
Seven devices never appear (the seed's "System Missing"): three are in factory
state and two have AMT disabled (not in Setup Mode), one had its MEBx password
changed, one sends its hellos to a closed port. Their story is in amtsim status.
TEXT
if [ -t 0 ]; then
  echo "Press Ctrl-C to stop."
  wait "${pids[0]}"
else
  sleep "${DEMO_SECONDS:-60}"
fi
