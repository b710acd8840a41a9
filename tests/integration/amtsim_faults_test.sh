#!/usr/bin/env bash
# Run-time faults a scenario injects, observed from outside with curl over
# HTTP Digest: drop_mid_session closes the connection instead of answering
# the second authenticated request (once: a retry completes); slow_responses delays every answer by 3 s; and a
# scenario that turns TLS 1.0 off makes a TLS 1.0 client fail.
# Address block: 127.61.7.0/24.
source "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || { echo "curl not installed"; exit 77; }

cat > "$WORK/scenario.json" <<JSON
{"acceleration": 1, "server": "127.61.7.1:9971", "setup_over_plain_http": true, "tls": {"allow_tls10": false},
 "groups": [
   {"address": "127.61.7.5", "mode": "psk", "faults": ["drop_mid_session"]},
   {"address": "127.61.7.6", "mode": "psk", "faults": ["slow_responses"]},
   {"address": "127.61.7.7", "mode": "psk"}]}
JSON
start_amtsim run --scenario "$WORK/scenario.json" --duration 60
PW=$(device_field 127.61.7.5 "d['credentials']['mebx_password']")
ENVELOPE='<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><GetCoreVersion xmlns="http://schemas.intel.com/platform/client/SecurityAdministration/2004/01"/></s:Body></s:Envelope>'
# One connection per request (as amttool does), so curl cannot hide a
# dropped connection by retrying on a fresh one.
call() { curl -s -o "$WORK/body" -w '%{http_code} %{time_total}' --max-time 20 -H 'Connection: close' --digest \
  -u "admin:$2" --data "$ENVELOPE" "http://$1:16992/SecurityAdministrationService"; }

out=$(call 127.61.7.5 "$PW")
[ "${out%% *}" = "200" ] || fail "drop_mid_session: the first request must be answered ($out)"
set +e
out=$(call 127.61.7.5 "$PW"); rc=$?
set -e
[ "$rc" -eq 52 ] || fail "drop_mid_session: expected curl's 'empty reply' (52), got $rc ($out)"
wait_for "amtsim_ctl status --json --device 127.61.7.5 | grep -q 'dropping the connection at authenticated request 2'" "the drop to be logged"
out=$(call 127.61.7.5 "$PW")
[ "${out%% *}" = "200" ] || fail "drop_mid_session: a retry must succeed ($out)"

PW6=$(device_field 127.61.7.6 "d['credentials']['mebx_password']")
out=$(call 127.61.7.6 "$PW6")
code=${out%% *}; secs=${out##* }
[ "$code" = "200" ] || fail "slow device must still answer ($out)"
python3 -c "import sys; sys.exit(0 if float('$secs') >= 3.0 else 1)" || fail "slow_responses: answered in $secs s"

PW7=$(device_field 127.61.7.7 "d['credentials']['mebx_password']")
out=$(call 127.61.7.7 "$PW7")
[ "${out%% *}" = "200" ] || fail "healthy device ($out)"
grep -q "<StatusCode>0</StatusCode>" "$WORK/body" || fail "healthy device status"

if command -v openssl >/dev/null; then
  tls10=$( (sleep 1) | timeout 10 openssl s_client -connect 127.61.7.7:16993 -tls1 -cipher 'PSK-AES128-CBC-SHA:@SECLEVEL=0' \
    -psk_identity x -psk 00 2>&1 || true)
  echo "$tls10" | grep -qiE "alert|unsupported|wrong version|no protocols" || { echo "$tls10"; fail "TLS 1.0 must be refused when the scenario turns it off"; }
fi
echo "PASS"
