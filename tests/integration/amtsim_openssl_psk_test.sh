#!/usr/bin/env bash
# `openssl s_client -psk` completes a TLS-PSK handshake with a simulated
# device using its PID as identity and its PPS (ASCII, reference §4.3) as
# key, gets the device's Digest challenge inside TLS, and a wrong PPS fails
# the handshake (as a server with a mistyped key would).
# Address block: 127.61.2.0/24.
source "$(dirname "$0")/lib.sh"
command -v openssl >/dev/null || { echo "openssl not installed"; exit 77; }

DEV=127.61.2.5
start_amtsim device --address "$DEV" --mode psk --amt-version 2.6 --pid 0000-037M \
  --pps NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XJ --server 127.61.2.1:9971 --duration 60

key_hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
GOOD=$(key_hex NKLDG5DCRRNQE9YZZIJL7LFLVJED69XJ)
BAD=$(key_hex NKLDG5DCRRNQE9YZZIJL7LFLVJED69XK)

for version in -tls1 -tls1_2; do
  out=$( (printf 'POST /SecurityAdministrationService HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n'; sleep 1) |
    timeout 10 openssl s_client -connect "$DEV:16993" $version -cipher 'PSK-AES128-CBC-SHA:@SECLEVEL=0' \
      -psk_identity 0000037M -psk "$GOOD" -ign_eof 2>&1 || true)
  echo "$out" | grep -q "HTTP/1.1 401 Unauthorized" || { echo "$out"; fail "no HTTP answer inside TLS-PSK ($version)"; }
  echo "$out" | grep -q 'WWW-Authenticate: Digest realm="Digest:[0-9A-F]\{32\}"' || fail "AMT-style Digest realm ($version)"
  echo "$out" | grep -q "Server: Intel(R) Active Management Technology 2.6" || fail "Server header ($version)"
done

bad=$( (sleep 1) | timeout 10 openssl s_client -connect "$DEV:16993" -tls1_2 -cipher PSK-AES128-CBC-SHA \
  -psk_identity 0000037M -psk "$BAD" 2>&1 || true)
echo "$bad" | grep -qi "alert" || { echo "$bad"; fail "a wrong PPS must fail the handshake"; }
wait_for "device_field $DEV \"d['last_error']\" | grep -q 'TLS handshake failed (PSK)'" "the device logs the failed PSK handshake"

unknown=$( (sleep 1) | timeout 10 openssl s_client -connect "$DEV:16993" -tls1_2 -cipher PSK-AES128-CBC-SHA \
  -psk_identity 0000038N -psk "$GOOD" 2>&1 || true)
echo "$unknown" | grep -qi "alert" || fail "an unknown PSK identity must fail the handshake"
wait_for "amtsim_ctl status --json | grep -q \"PSK identity '0000038N' is not this device's PID\"" "the refusal reason is logged"
echo "PASS"
