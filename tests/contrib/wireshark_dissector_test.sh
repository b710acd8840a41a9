#!/usr/bin/env bash
# contrib/wireshark/amt-hello.lua on a real loopback capture: PSK and PKI
# hellos sent with `openscs hello send`, one split over three TCP segments,
# and malformed ones written raw (wrong hash length; closed mid-UUID). tshark
# with the dissector must show every field as sent, match a display filter
# on amthello.hash, agree with `openscs hello decode` on the UUID text, and
# put expert info on the malformed ones.
# tshark runs Lua as root here: Wireshark 4.0's init.lua ships
# run_user_scripts_when_superuser = true, so -X lua_script needs no switch.
# Address block: 127.67.200.0/24.
export AMTSIM="${AMTSIM:-unused}"  # lib.sh wants it; this test runs no simulator
source "$(dirname "$0")/../integration/lib.sh"
command -v tshark >/dev/null || { echo "tshark not installed"; exit 77; }
[ -n "$OPENSCS" ] || fail "set OPENSCS to the openscs binary"
if command -v tcpdump >/dev/null; then CAPTURE=tcpdump
elif command -v dumpcap >/dev/null; then CAPTURE=dumpcap
else echo "neither tcpdump nor dumpcap installed"; exit 77; fi

LUA="$(cd "$(dirname "$0")/../.." && pwd)/contrib/wireshark/amt-hello.lua"
SINK=127.67.200.1          # a stand-in server on PORT (not 9971: -d must select the dissector)
DEFAULT_SINK=127.67.200.2  # and one on 9971, where the dissector registers itself
PORT=29971
PSK_DEV=127.67.200.5
PKI_DEV=127.67.200.6
BAD_DEV=127.67.200.7
SHORT_DEV=127.67.200.8
SPLIT_DEV=127.67.200.9
PROBE_DEV=127.67.200.10   # connections that only show the capture is running
JSON_DEV=127.67.200.11
END_DEV=127.67.200.12     # a last connection: once its FIN is in the file, so is everything before it
PSK_UUID=4c4c4544-004b-4210-8033-b6c04f504633
PKI_UUID=03000200-0400-0500-0006-000700080009
SHA1=2796bae63f1801e277261ba0d77770028f20eee4
SHA256=e7685634efacf69ace939a6b255b7b4fabef42935b50a265acb5cb6027e44e70
SHA384=$(printf 'openscs' | openssl dgst -sha384 -r | cut -d' ' -f1)
PCAP="$WORK/hellos.pcap"

tshark_lua() { tshark -X "lua_script:$LUA" -r "$PCAP" -d "tcp.port==$PORT,amthello" "$@" 2>/dev/null; }

# Idle limit 150 s: the 9971 sink sees nothing until the capture runs.
python3 "$(dirname "$0")/../integration/hello_sink.py" "$SINK" "$PORT" "$WORK/received" 150 &
PIDS+=($!)
python3 "$(dirname "$0")/../integration/hello_sink.py" "$DEFAULT_SINK" 9971 "$WORK/received-default" 150 &
PIDS+=($!)

FILTER="net 127.67.200.0/24 and tcp and (port $PORT or port 9971)"
if [ "$CAPTURE" = tcpdump ]; then
  tcpdump -i lo -U -n -w "$PCAP" "$FILTER" >"$WORK/capture.log" 2>&1 &
else
  dumpcap -i lo -q -F pcap -w "$PCAP" -f "$FILTER" >"$WORK/capture.log" 2>&1 &
fi
CAPTURE_PID=$!
PIDS+=("$CAPTURE_PID")

# raw_send SOURCE ADDRESS PORT HEX... : one connection from SOURCE, each HEX
# written as its own segment 0.2 s apart, then close.
raw_send() {
  python3 - "$@" <<'EOF'
import socket, sys, time
source, address, port, parts = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
s = socket.socket()
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
s.bind((source, 0))
s.connect((address, port))
for i, part in enumerate(parts):
    if i:
        time.sleep(0.2)
    s.sendall(bytes.fromhex(part))
s.close()
EOF
}

# Capturing once a probe connection shows up in the file (bounded).
for _ in $(seq 1 100); do
  raw_send "$PROBE_DEV" "$SINK" "$PORT" 00 2>/dev/null || true
  sleep 0.1
  if [ -s "$PCAP" ] && [ "$(tshark -r "$PCAP" -Y "ip.src == $PROBE_DEV" 2>/dev/null | wc -l)" -gt 0 ]; then
    CAPTURING=1; break
  fi
done
[ -n "${CAPTURING:-}" ] || { cat "$WORK/capture.log" >&2; fail "$CAPTURE did not start capturing"; }

"$OPENSCS" hello send --to "$SINK:$PORT" --uuid "$PSK_UUID" --pid 0000-037M --retry 3 --admin-set 1 \
  --from "$PSK_DEV" --source-port 16994 >/dev/null || fail "hello send (PSK)"
# (A rerun within 60 s meets this connection's TIME_WAIT; Linux reuses it on loopback after 1 s.)
"$OPENSCS" hello send --to "$SINK:$PORT" --uuid "$PKI_UUID" --hash "sha1:$SHA1" --hash "sha256:$SHA256" \
  --hash "sha384:$SHA384" --retry 7 --admin-set 0 --from "$PKI_DEV" >/dev/null || fail "hello send (PKI)"
"$OPENSCS" hello send --to "$DEFAULT_SINK" --uuid "$PSK_UUID" --pid 0000-037M --from "$PSK_DEV" >/dev/null ||
  fail "hello send (PSK to 9971)"
# The reference §3.7 example, in three segments.
PSK_HEX=$("$OPENSCS" hello send --to "$SINK:$PORT" --uuid "$PSK_UUID" --pid 0000-037M --from "$JSON_DEV" --json |
  python3 -c "import json,sys; print(json.load(sys.stdin)['hello']['hex'])")
raw_send "$SPLIT_DEV" "$SINK" "$PORT" "${PSK_HEX:0:20}" "${PSK_HEX:20:24}" "${PSK_HEX:44}"
# PKI hello whose SHA-1 entry says length 19; and a PSK hello cut off at 20 bytes.
raw_send "$BAD_DEV" "$SINK" "$PORT" "0100030000000000${PSK_HEX:16:32}010113${SHA1}"
raw_send "$SHORT_DEV" "$SINK" "$PORT" "${PSK_HEX:0:20}" "${PSK_HEX:20:20}"
wait_for "[ \$(grep -vc '^$PROBE_DEV ' '$WORK/received' 2>/dev/null || echo 0) -ge 6 ]" "the sink to receive the hellos"
raw_send "$END_DEV" "$SINK" "$PORT" 00
wait_for "[ -n \"\$(tshark -r '$PCAP' -Y 'ip.src == $END_DEV && tcp.flags.fin == 1' 2>/dev/null)\" ]" \
  "the capture to hold every packet sent"
kill -INT "$CAPTURE_PID"; wait "$CAPTURE_PID" 2>/dev/null || true

# PSK: every field, selected by the PID as `hello decode` prints it.
got=$(tshark_lua -Y "amthello.pid == \"0000-037M\" && ip.src == $PSK_DEV && tcp.dstport == $PORT" -T fields \
  -e amthello.uuid -e amthello.retry -e amthello.admin_set -e amthello.version -e amthello.pid -e tcp.srcport)
[ "$got" = "$(printf '%s\t3\t1\t2\t0000-037M\t16994' "$PSK_UUID")" ] || fail "PSK fields: '$got'"
# The UUID text is the codec's: decode the captured bytes with openscs.
payload=$(tshark -r "$PCAP" -Y "ip.src == $PSK_DEV && tcp.dstport == $PORT && tcp.len > 0" -T fields -e tcp.payload 2>/dev/null)
decoded_uuid=$("$OPENSCS" hello decode --json "$payload" | python3 -c "import json,sys; print(json.load(sys.stdin)['hello']['uuid'])")
[ "$decoded_uuid" = "$PSK_UUID" ] || fail "hello decode says UUID $decoded_uuid"

# PKI: every field; one amthello.hash (and type, length) per entry.
got=$(tshark_lua -Y "amthello && ip.src == $PKI_DEV" -T fields -E aggregator=, -e amthello.uuid -e amthello.version \
  -e amthello.retry -e amthello.admin_set -e amthello.hash_count -e amthello.hash_type -e amthello.hash_len \
  -e amthello.hash)
want=$(printf '%s\t3\t7\t0\t3\t1,2,3\t20,32,48\t%s,%s,%s' "$PKI_UUID" "$SHA1" "$SHA256" "$SHA384")
[ "$got" = "$want" ] || fail "PKI fields: '$got', expected '$want'"
n=$(tshark_lua -Y "amthello.hash == \"$SHA256\"" -T fields -e ip.src | sort -u)
[ "$n" = "$PKI_DEV" ] || fail "filter on amthello.hash selected '$n'"
[ "$(tshark_lua -Y "amthello.hash == \"$SHA256\" && amthello.version == 2" | wc -l)" -eq 0 ] ||
  fail "a PSK hello matched a hash filter"

# Registered on 9971 without -d.
got=$(tshark -X "lua_script:$LUA" -r "$PCAP" -Y "amthello.pid && ip.dst == $DEFAULT_SINK" -T fields -e amthello.pid \
  2>/dev/null)
[ "$got" = "0000-037M" ] || fail "no hello dissected on 9971 without -d: '$got'"

# Split over three segments: reassembled (to the FIN), the same fields.
got=$(tshark_lua -Y "amthello && ip.src == $SPLIT_DEV" -T fields -e amthello.uuid -e amthello.pid -e amthello.retry)
[ "$got" = "$(printf '%s\t0000-037M\t0' "$PSK_UUID")" ] || fail "split hello: '$got'"

# Malformed: expert info naming the field, offset and reason, as the codec does.
got=$(tshark_lua -Y "amthello.malformed && ip.src == $BAD_DEV" -T fields -e _ws.expert.message)
echo "$got" | grep -q "hashes\[0\].length at offset 26: length 19 does not match sha1 (expected 20)" ||
  fail "bad hash length: expert info '$got'"
got=$(tshark_lua -Y "amthello.malformed && ip.src == $SHORT_DEV" -T fields -e _ws.expert.message)
echo "$got" | grep -q "uuid at offset 8: message too short: 20 bytes end before this field" ||
  fail "hello cut short: expert info '$got'"
[ "$(tshark_lua -Y "amthello.malformed && (ip.src == $PSK_DEV || ip.src == $PKI_DEV || ip.src == $SPLIT_DEV)" |
  wc -l)" -eq 0 ] || fail "a well-formed hello carries malformed expert info"
echo "PASS"
