#!/usr/bin/env bash
# Finding the provisioning server by DNS (reference §2) against a real DNS
# server (dnsmasq on this test's own loopback address): a device with a MEBx
# domain and no static server IP sends its hellos to ProvisionServer.<domain>
# (here a CNAME, as admins set it up); a device whose domain has no record
# logs every name it tried.
# Address block: 127.61.5.0/24.
source "$(dirname "$0")/lib.sh"
command -v dnsmasq >/dev/null || { echo "dnsmasq not installed"; exit 77; }

DNS=127.61.5.53
SERVER=127.61.5.1
dnsmasq --keep-in-foreground --no-resolv --no-hosts --no-poll --bind-interfaces --local=/#/ --pid-file \
  --user=root --listen-address=$DNS --port=5353 --log-facility=- --log-queries \
  --host-record=scs.corp.test,$SERVER --cname=ProvisionServer.corp.test,scs.corp.test >"$WORK/dnsmasq.log" 2>&1 &
PIDS+=($!)
wait_for "grep -q 'started' $WORK/dnsmasq.log" "dnsmasq to start"

python3 "$(dirname "$0")/hello_sink.py" "$SERVER" 9971 "$WORK/hellos" &
PIDS+=($!)

cat > "$WORK/scenario.json" <<JSON
{"acceleration": 60, "dns_server": "$DNS:5353",
 "groups": [
   {"address": "127.61.5.5", "amt_version": "3.2.1", "mode": "psk", "domain": "corp.test"},
   {"address": "127.61.5.6", "amt_version": "3.2.1", "mode": "psk", "domain": "elsewhere.test"}]}
JSON
start_amtsim run --scenario "$WORK/scenario.json" --duration 30
wait_for "[ -s $WORK/hellos ] && grep -q '^127.61.5.5 ' $WORK/hellos" "a hello from 127.61.5.5 at the server DNS names"
amtsim_ctl status --json --device 127.61.5.5 | grep -q "(DNS ProvisionServer.corp.test)" || fail "hello not found by DNS"
wait_for "amtsim_ctl status --json --device 127.61.5.6 | grep -q 'ProvisionServer.elsewhere.test: no such name at $DNS:5353; ProvisionServer: no such name'" \
  "the unresolvable device to list the names it tried"
grep -q "query\[A\] ProvisionServer.corp.test from 127.61.5.5" "$WORK/dnsmasq.log" ||
  fail "the device must query DNS from its own address"
if grep -q '^127.61.5.6 ' "$WORK/hellos"; then fail "a device without a DNS record must not reach the server"; fi
echo "PASS"
