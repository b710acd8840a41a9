#!/usr/bin/env bash
# openscs serve provisions a device whose TLS layer is Debian's
# `openssl s_server -psk` (an independent TLS-PSK implementation) instead of
# amtsim's: the server's PSK client must complete the handshake with the
# device's PID as identity and PPS as key, then run legacy SOAP through it
# to the simulated firmware behind (amtsim's plain 16992), commit and
# verify. amttool then reads the device with the stored password, and
# SIGTERM stops the server cleanly.
# Address block: 127.64.20.0/24.
source "$(dirname "$0")/lib.sh"
command -v openssl >/dev/null || { echo "openssl not installed"; exit 77; }
command -v amttool >/dev/null || { echo "amttool not installed"; exit 77; }

DEV=127.64.20.5
PID=0000-037M
PPS=NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XJ
MEBX='Sim-Setup1!x'
# The server connects back to the hello's source address on the TLS port; the
# s_server front listens there on 26993 (amtsim keeps 16993 for itself).
start_openscs 127.64.20.1 --device-tls-port 26993 --log-level debug
scs keys add "$PID" "$PPS" --mebx-password "$MEBX" >/dev/null || fail "keys add"
scs profiles set default --tls off --sol-ider on >/dev/null ||
  fail "profile: TLS off (the device stays on 16992 for amttool), SOL and IDE-R on"
python3 "$(dirname "$0")/psk_tls_front.py" "$DEV" 26993 "$PID" "$PPS" "$DEV" 16992 20 "$WORK/s_server.log" &
PIDS+=($!)
sleep 0.5
start_amtsim device --address "$DEV" --mode psk --amt-version 2.6 --pid "$PID" --pps "$PPS" \
  --mebx-password "$MEBX" --server "127.64.20.1:$SERVER_PORT" --setup-over-http --accel 60 --duration 120

state() { scs systems list --json | python3 -c "import json,sys; s=json.load(sys.stdin); print(s[0]['state'] if s else '')"; }
wait_long '[ "$(state)" = operational ]' "the device to be provisioned through s_server" 90
grep -q "session ended" "$WORK/s_server.log" || fail "no session went through s_server"
grep -q "PSK" "$WORK/trace.log" || fail "the trace shows no PSK handshake"
[ "$(device_field $DEV "d['mode']")" = "operational" ] || fail "amtsim does not say operational"
[ "$(device_field $DEV "d['enabled_interfaces']['sol'] and d['enabled_interfaces']['ider']")" = "True" ] ||
  fail "the profile's SOL and IDE-R did not reach the device"
uuid=$(device_field $DEV "d['uuid']")
pw=$(scs systems credentials "$uuid" --reveal --field admin_password)
AMT_PASSWORD="$pw" timeout 20 amttool "$DEV" info | grep -q "AMT version:  2.6" || fail "amttool info with stored password"
scs logs --uuid "$uuid" | grep -q "provisioned" || fail "no provisioned entry in the device's log"
# SIGTERM is the clean shutdown: exit 0, and the stop is in the log.
kill -TERM "$SERVER_PID"
rc=0; wait "$SERVER_PID" || rc=$?
[ "$rc" -eq 0 ] || fail "openscs serve exited $rc on SIGTERM"
scs logs | grep -q "server_stopped" || fail "no server_stopped entry after SIGTERM"
echo "PASS: provisioned through openssl s_server -psk; clean stop on SIGTERM"
