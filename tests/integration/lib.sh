# Shared helpers for integration tests: start amtsim in the background with a
# bounded lifetime, wait for its control socket, clean up on exit.
# Every test uses its own 127.x.y.0/24 block and socket path.
# KEEP_WORK=1 keeps the test's work folder (logs, databases) for a look.

set -euo pipefail

AMTSIM="${AMTSIM:?set AMTSIM to the amtsim binary}"
OPENSCS="${OPENSCS:-}"
WORK="$(mktemp -d)"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "${KEEP_WORK:-}" ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# start_amtsim ARGS... : runs `amtsim ARGS --control $WORK/amtsim.sock` in the background.
start_amtsim() {
  "$AMTSIM" "$@" --control "$WORK/amtsim.sock" --quiet >"$WORK/amtsim.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 100); do
    [ -S "$WORK/amtsim.sock" ] && return 0
    sleep 0.05
  done
  cat "$WORK/amtsim.log" >&2
  fail "amtsim did not start"
}

amtsim_ctl() { "$AMTSIM" --control "$WORK/amtsim.sock" "$@"; }

# device_field ADDRESS PYTHON-EXPR : a field of `amtsim status --json` for one device.
device_field() {
  amtsim_ctl status --json --device "$1" | python3 -c "import json,sys; d=json.load(sys.stdin)['devices'][0]; print($2)"
}

# wait_for CONDITION-COMMAND DESCRIPTION : polls (bounded: 10 s).
wait_for() {
  for _ in $(seq 1 200); do
    if eval "$1"; then return 0; fi
    sleep 0.05
  done
  fail "timed out waiting for: $2"
}

# start_openscs ADDRESS ARGS... : runs `openscs serve` on ADDRESS, port 0, with
# its database, key file and trace in $WORK, and its web console on ADDRESS
# too (any port); sets SERVER_PORT, WEB_PORT and SERVER_PID.
# HELLO_PORT=N reuses a port (a restart on the port the devices know).
start_openscs() {
  local address="$1"; shift
  rm -f "$WORK/port" "$WORK/web-port"
  "$OPENSCS" serve --hello-address "$address" --hello-port "${HELLO_PORT:-0}" --port-file "$WORK/port" \
    --web-address "$address" --web-port 0 --web-port-file "$WORK/web-port" \
    --db "$WORK/openscs.db" --key-file "$WORK/openscs.key" --trace-file "$WORK/trace.log" "$@" \
    >>"$WORK/openscs.log" 2>&1 &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  for _ in $(seq 1 200); do
    if [ -s "$WORK/port" ] && [ -s "$WORK/web-port" ]; then
      SERVER_PORT=$(cat "$WORK/port"); WEB_PORT=$(cat "$WORK/web-port"); return 0
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.05
  done
  cat "$WORK/openscs.log" >&2
  fail "openscs serve did not start"
}

# scs ARGS... : the openscs CLI on this test's database and key file.
scs() { "$OPENSCS" --db "$WORK/openscs.db" --key-file "$WORK/openscs.key" "$@"; }

# wait_long CONDITION-COMMAND DESCRIPTION SECONDS : polls every 0.5 s (bounded).
wait_long() {
  local until=$((SECONDS + $3))
  while [ $SECONDS -lt $until ]; do
    if eval "$1"; then return 0; fi
    sleep 0.5
  done
  fail "timed out after $3 s waiting for: $2"
}

# make_provisioning_chain DIR CN : a private root and a provisioning certificate
# (serverAuth + Intel OID + the Intel OU) signed by it; sets ROOT_SHA1.
make_provisioning_chain() {
  (cd "$1" &&
    openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem -subj "/CN=openscs test root" -days 30 \
      -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null &&
    openssl req -newkey rsa:2048 -nodes -keyout leaf.key -out leaf.csr \
      -subj "/OU=Intel(R) Client Setup Certificate/CN=$2" 2>/dev/null &&
    printf 'extendedKeyUsage=serverAuth,2.16.840.1.113741.1.2.3\nbasicConstraints=CA:FALSE\n' > leaf.ext &&
    openssl x509 -req -in leaf.csr -CA root.pem -CAkey root.key -CAcreateserial -out leaf.pem -days 30 \
      -extfile leaf.ext 2>/dev/null &&
    cat leaf.pem root.pem > chain.pem)
  ROOT_SHA1=$(openssl x509 -in "$1/root.pem" -noout -fingerprint -sha1 | cut -d= -f2 | tr -d : | tr 'A-F' 'a-f')
}
