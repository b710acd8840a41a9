#!/usr/bin/env bash
# `openscs hello send` against a real `openscs serve`, the seed's "simulate
# the Hello packet and send it to the server directly":
#  - a known PID sent from a device address with --check: the server
#    connects back to that address on 16993 and the ClientHello it sends
#    offers PSK suites (a TLS-PSK attempt);
#  - an unknown PID: no connect-back, exit 1, cause server_no_connect_back,
#    and the server's log for that UUID says pid_not_found;
#  - a port where nothing listens: a clear "refused" error, exit 1.
# Address block: 127.67.1.0/24 (16993 and 16994 on this block's own
# addresses only, so parallel tests cannot clash).
source "$(dirname "$0")/lib.sh"
[ -n "$OPENSCS" ] || fail "set OPENSCS to the openscs binary"

SERVER=127.67.1.1
KNOWN_DEV=127.67.1.5
UNKNOWN_DEV=127.67.1.6
NOBODY=127.67.1.2
KNOWN_UUID=4c4c4544-004b-4210-8033-b6c04f504633
UNKNOWN_UUID=4c4c4544-004b-4210-8033-b6c04f504634
PID=0000-037M
PPS=NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XJ

start_openscs "$SERVER" --connect-timeout-ms 3000 --log-level debug
scs keys add "$PID" "$PPS" >/dev/null || fail "keys add"
# A PID the server does not hold: a valid one, generated and not stored.
UNKNOWN_PID=$(scs keys generate --count 1 --no-store --json |
  python3 -c "import json,sys; j=json.load(sys.stdin); print((j[0] if isinstance(j, list) else j['keys'][0])['pid'])")
[ -n "$UNKNOWN_PID" ] && [ "$UNKNOWN_PID" != "$PID" ] || fail "keys generate --no-store gave no other PID"

# 1. Known PID: the server connects back, and tries TLS-PSK.
rc=0
"$OPENSCS" hello send --to "$SERVER:$SERVER_PORT" --uuid "$KNOWN_UUID" --pid "$PID" --from "$KNOWN_DEV" \
  --source-port 16994 --check --check-timeout 20 >"$WORK/known.out" 2>"$WORK/known.err" || rc=$?
cat "$WORK/known.out"
[ "$rc" -eq 0 ] || { cat "$WORK/known.err" "$WORK/openscs.log" >&2; fail "hello send --check with a known PID exited $rc"; }
grep -q "sent PSK hello (32 bytes, retry 0) from $KNOWN_DEV:16994 to $SERVER:$SERVER_PORT" "$WORK/known.out" ||
  fail "no 'sent' line from the device address and port 16994"
grep -q "server connected back from [0-9.]*:[0-9]* after [0-9.]* s" "$WORK/known.out" ||
  fail "the server did not connect back to $KNOWN_DEV:16993"
grep -q "TLS ClientHello: versions TLS 1.2" "$WORK/known.out" || fail "no ClientHello version reported"
grep -q "PSK suites offered: a TLS-PSK attempt (identity: the PID $PID)" "$WORK/known.out" ||
  fail "the ClientHello was not recognised as a TLS-PSK attempt"
wait_for "scs systems list --json | grep -q $KNOWN_UUID" "the known device to be recorded"

# The same as JSON.
rc=0
"$OPENSCS" hello send --to "$SERVER:$SERVER_PORT" --uuid "$KNOWN_UUID" --pid "$PID" --from "$KNOWN_DEV" \
  --retry 1 --check --check-timeout 20 --json >"$WORK/known.json" 2>"$WORK/known-json.err" || rc=$?
[ "$rc" -eq 0 ] || { cat "$WORK/known-json.err" >&2; fail "hello send --check --json exited $rc"; }
python3 - "$WORK/known.json" <<'EOF' || fail "--json of a connect-back"
import json, sys
j = json.load(open(sys.argv[1]))
c = j["check"]
assert j["ok"] and c["connected_back"], j
assert c["tls"]["client_hello"] and c["tls"]["psk_offered"] and c["tls"]["attempt"] == "tls_psk", c
assert "PSK-AES128-CBC-SHA" in c["tls"]["cipher_suites"], c
assert j["sent"][0]["retry_count"] == 1, j
print("json: connected back from", c["peer"], "after", round(c["after_s"], 2), "s;", c["tls"]["cipher_suites"])
EOF

# 2. Unknown PID: no connect-back; the cause and the reasons; the log says why.
rc=0
"$OPENSCS" hello send --to "$SERVER:$SERVER_PORT" --uuid "$UNKNOWN_UUID" --pid "$UNKNOWN_PID" \
  --from "$UNKNOWN_DEV" --check --check-timeout 3 >"$WORK/unknown.out" 2>"$WORK/unknown.err" || rc=$?
cat "$WORK/unknown.err"
[ "$rc" -eq 1 ] || fail "hello send --check with an unknown PID exited $rc, expected 1"
grep -q "no connect-back to $UNKNOWN_DEV:16993 within 3 s (cause server_no_connect_back)" "$WORK/unknown.err" ||
  fail "cause server_no_connect_back not named"
grep -q "the server does not know PID $UNKNOWN_PID" "$WORK/unknown.err" || fail "PID reason not given first"
grep -q "openscs keys add" "$WORK/unknown.err" || fail "no 'openscs keys add' suggestion"
grep -q "openscs logs --uuid $UNKNOWN_UUID" "$WORK/unknown.err" || fail "no 'openscs logs --uuid' suggestion"
wait_for "scs logs --uuid $UNKNOWN_UUID | grep -q pid_not_found" "pid_not_found in the log of $UNKNOWN_UUID"
scs logs --uuid "$UNKNOWN_UUID" | grep pid_not_found

# 3. Nothing listens: refused, named, exit 1.
rc=0
"$OPENSCS" hello send --to "$NOBODY:9971" --uuid "$KNOWN_UUID" --pid "$PID" >"$WORK/refused.out" \
  2>"$WORK/refused.err" || rc=$?
cat "$WORK/refused.err"
[ "$rc" -eq 1 ] || fail "hello send to a closed port exited $rc, expected 1"
grep -q "connect to $NOBODY:9971 refused: nothing listens there (is openscs serve running" "$WORK/refused.err" ||
  fail "the refused error does not name the address and the likely cause"
echo "PASS"
