#!/usr/bin/env bash
# Crash safety: the server is killed with SIGKILL in the middle of a fleet
# run and started again on the same database. Every device still ends
# Operational exactly once (the server verifies attempts it was killed in
# the middle of with the credentials it wrote before acting), and the
# history from before the crash is still in the log.
# Address block: 127.64.30.0/24 and 127.64.31.0/24.
source "$(dirname "$0")/lib.sh"

start_openscs 127.64.30.1 --log-level debug --max-concurrent 3
cat > "$WORK/scenario.json" <<JSON
{"acceleration": 60, "seed": 11, "server": "127.64.30.1:$SERVER_PORT", "domain": "corp.example",
 "keys_out": "$WORK/keys.csv",
 "groups": [
   {"count": 30, "address": "127.64.30.10", "amt_version": "2.6", "mode": "psk"},
   {"count": 30, "address": "127.64.31.10", "amt_version": "5.0", "mode": "psk"}]}
JSON
start_amtsim run --scenario "$WORK/scenario.json" --duration 600
wait_for "[ -s '$WORK/keys.csv' ]" "amtsim keys file"
scs keys import "$WORK/keys.csv" >/dev/null || fail "keys import"

count_state() {  # count_state STATE
  scs systems list --json 2>/dev/null | python3 -c "import json,sys; print(sum(s['state']=='$1' for s in json.load(sys.stdin)))"
}
wait_long '[ "$(count_state operational)" -ge 8 ]' "some devices provisioned before the crash" 120
kill -9 "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null || true
before=$(count_state operational)
in_flight=$(count_state provisioning)
echo "killed with $before operational and $in_flight provisioning"
scs logs --json --limit 0 > "$WORK/logs-before.json"
[ "$before" -lt 60 ] || fail "the whole fleet finished before the kill; the test proves nothing"

HELLO_PORT=$SERVER_PORT start_openscs 127.64.30.1 --log-level debug --max-concurrent 8
wait_long '[ "$(count_state operational)" -eq 60 ]' "all 60 devices operational after the restart" 300
scs systems list --json > "$WORK/systems.json"
scs logs --json --limit 0 > "$WORK/logs.json"
amtsim_ctl status --json > "$WORK/fleet.json"
python3 - "$WORK/systems.json" "$WORK/logs-before.json" "$WORK/logs.json" "$WORK/fleet.json" "$in_flight" <<'PY' || fail "restart check"
import collections, json, sys
systems = json.load(open(sys.argv[1]))
before = json.load(open(sys.argv[2]))
after = json.load(open(sys.argv[3]))
fleet = json.load(open(sys.argv[4]))["devices"]
problems = []
ids_after = {e["id"] for e in after}
lost = [e for e in before if e["id"] not in ids_after]
if lost:
    problems.append(f"{len(lost)} log entries from before the crash are gone")
provisioned = collections.Counter(e["uuid"] for e in after if e["code"] == "provisioned")
for s in systems:
    if s["state"] != "operational" or s["provisioned_count"] != 1 or provisioned[s["uuid"]] != 1:
        problems.append(f"{s['uuid']}: {s['state']}, provisioned {s['provisioned_count']} times, "
                        f"{provisioned[s['uuid']]} 'provisioned' entries")
for d in fleet:
    if d["mode"] != "operational":
        problems.append(f"{d['address']}: device in mode {d['mode']}")
# Each system caught mid-attempt is taken up by the restarted server: verified
# (it had committed) or put back to wait for its next hello.
recovered = [e for e in after if e["step"] == "recover"]
if len(recovered) != int(sys.argv[5]):
    problems.append(f"{sys.argv[5]} systems were provisioning at the kill, {len(recovered)} recovered")
starts = [e for e in after if e["code"] == "server_started"]
if len(starts) != 2:
    problems.append(f"expected 2 server_started entries, found {len(starts)}")
for p in problems:
    print("PROBLEM", p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
echo "PASS: $before operational at the kill, 60 after the restart, each exactly once"
