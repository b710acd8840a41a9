# Shared helpers for integration tests: start amtsim in the background with a
# bounded lifetime, wait for its control socket, clean up on exit.
# Every test uses its own 127.x.y.0/24 block and socket path.

set -euo pipefail

AMTSIM="${AMTSIM:?set AMTSIM to the amtsim binary}"
OPENSCS="${OPENSCS:-}"
WORK="$(mktemp -d)"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
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
