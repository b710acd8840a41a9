#!/usr/bin/env bash
# A tshark capture of a simulated device's hellos on loopback decodes with
# `openscs hello decode`: the device connects from its own address to the
# provisioning server's port, sends one PSK hello and closes.
# Address block: 127.61.3.0/24.
source "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null || { echo "tshark not installed"; exit 77; }
[ -n "$OPENSCS" ] || fail "set OPENSCS to the openscs binary"

DEV=127.61.3.5
SERVER=127.61.3.1
PORT=9971

# A minimal listener standing in for the server: accept, read to EOF, repeat.
python3 "$(dirname "$0")/hello_sink.py" "$SERVER" "$PORT" "$WORK/received" &
PIDS+=($!)

tshark -i lo -f "host $DEV and tcp port $PORT" -w "$WORK/hellos.pcapng" -q >"$WORK/tshark.log" 2>&1 &
PIDS+=($!)
wait_for "grep -q 'Capturing on' $WORK/tshark.log" "tshark to start"

# x60: the first three hellos of the PSK cycle (0, 1, 2 minutes) in ~2 s.
start_amtsim device --address "$DEV" --mode psk --amt-version 3.2.1 --pid 0000-037M \
  --pps NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XJ --server "$SERVER:$PORT" --accel 60 --duration 20
wait_for "[ \"\$(device_field $DEV \"d['hellos_sent']\")\" -ge 3 ]" "three hellos"
UUID=$(device_field $DEV "d['uuid']")
sleep 0.5
kill -INT "${PIDS[1]}"; wait "${PIDS[1]}" 2>/dev/null || true

payloads=$(tshark -r "$WORK/hellos.pcapng" -Y "tcp.len > 0 && ip.src == $DEV" -T fields -e tcp.payload)
count=$(echo "$payloads" | grep -c . || true)
[ "$count" -ge 3 ] || fail "expected at least 3 hello payloads in the capture, got $count"
retry=0
for p in $(echo "$payloads" | head -3); do
  out=$("$OPENSCS" hello decode --json "$p")
  echo "$out" | python3 -c "
import json, sys
j = json.load(sys.stdin)
h = j['hello']
assert j['valid'], j
assert h['uuid'] == '$UUID', (h['uuid'], '$UUID')
assert h['pid'] == '0000-037M', h
assert h['interface_version'] == 2, h
assert h['retry_count'] == $retry, (h['retry_count'], $retry)
print('decoded hello', h['retry_count'], h['uuid'], h['pid'])
"
  retry=$((retry + 1))
done
# Each hello is its own connection from the device's address.
syns=$(tshark -r "$WORK/hellos.pcapng" -Y "tcp.flags.syn == 1 && tcp.flags.ack == 0 && ip.src == $DEV && tcp.dstport == $PORT" | wc -l)
[ "$syns" -ge 3 ] || fail "expected one connection per hello, saw $syns SYNs"
echo "PASS"
