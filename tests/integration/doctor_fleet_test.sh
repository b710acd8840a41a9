#!/usr/bin/env bash
# The troubleshooting walk on real traffic: `openscs serve` and a broken
# fleet (one device per amtsim fault, plus a healthy PSK and PKI device)
# while tcpdump captures the loopback traffic of this test's block. Then:
#   - `openscs pcap analyze` names, per device, what the capture shows
#     (refused hellos, no connect-back, TLS alerts, healthy sessions);
#   - `openscs doctor --fleet` attributes every device to its injected cause,
#     from the log, the key and certificate stores, a live DNS check against
#     dnsmasq, a TCP check from the device's address, the capture and the
#     devices' host reports (`amtsim host-report`);
#   - `openscs doctor UUID` prints the seed's fix for one of them.
# Address block: 127.69.0.0/16.
source "$(dirname "$0")/lib.sh"
command -v tcpdump >/dev/null || { echo "tcpdump not installed"; exit 77; }
command -v dnsmasq >/dev/null || { echo "dnsmasq not installed"; exit 77; }
command -v openssl >/dev/null || { echo "openssl not installed"; exit 77; }

DNS=127.69.0.53
ACCEL=600

# The devices' DNS: the corp.example zone knows this server; the domain of
# the no_dns_record device has no record.
dnsmasq --keep-in-foreground --no-resolv --no-hosts --no-poll --bind-interfaces --local=/#/ --pid-file \
  --user=root --listen-address=$DNS --port=5353 --log-facility=- \
  --host-record=scs.corp.example,127.69.0.1 --cname=ProvisionServer.corp.example,scs.corp.example \
  >"$WORK/dnsmasq.log" 2>&1 &
PIDS+=($!)
wait_for "grep -q 'started' $WORK/dnsmasq.log" "dnsmasq to start"

make_provisioning_chain "$WORK" openscs.corp.example
start_openscs 127.69.0.1 --log-level debug
scs certs import "$WORK/chain.pem" --key "$WORK/leaf.key" --name test >/dev/null || fail "certs import"

cat > "$WORK/scenario.json" <<JSON
{"acceleration": $ACCEL, "seed": 11, "server": "127.69.0.1:$SERVER_PORT", "domain": "corp.example",
 "keys_out": "$WORK/keys.csv", "trusted_root_sha1": "$ROOT_SHA1",
 "groups": [
   {"address": "127.69.1.1", "amt_version": "5.0", "mode": "psk"},
   {"address": "127.69.1.2", "amt_version": "3.2.1", "mode": "pki"},
   {"address": "127.69.9.1", "amt_version": "5.0", "mode": "psk", "faults": ["wrong_pps"]},
   {"address": "127.69.9.2", "amt_version": "2.6", "mode": "psk", "faults": ["unknown_pid"]},
   {"address": "127.69.9.3", "amt_version": "3.2.1", "mode": "pki", "faults": ["no_dns_record"],
    "domain": "branch.example", "dns_server": "$DNS:5353"},
   {"address": "127.69.9.4", "amt_version": "2.1", "mode": "psk", "faults": ["server_unreachable"]},
   {"address": "127.69.9.5", "amt_version": "5.0", "mode": "psk", "faults": ["drop_mid_session"]},
   {"address": "127.69.9.6", "amt_version": "2.1", "mode": "psk", "faults": ["slow_responses"]},
   {"address": "127.69.9.7", "amt_version": "3.2.1", "mode": "pki", "faults": ["key_generation_busy"]},
   {"address": "127.69.9.8", "amt_version": "3.2.1", "mode": "pki", "faults": ["hash_not_in_list"]},
   {"address": "127.69.9.9", "amt_version": "5.0", "mode": "pki", "faults": ["domain_mismatch"]},
   {"address": "127.69.9.10", "amt_version": "3.2.1", "mode": "pki", "faults": ["mebx_password_changed"]},
   {"address": "127.69.9.11", "amt_version": "3.2.1", "mode": "psk", "faults": ["amt_disabled"]}
 ]}
JSON
# The OEM's keys are imported before the devices start: the same seed gives
# the same pairs, so a short first run that sends its hellos nowhere writes
# them (a healthy device must not fail once for want of its key).
sed "s/127.69.0.1:$SERVER_PORT/127.69.0.250:9/" "$WORK/scenario.json" > "$WORK/keys-only.json"
"$AMTSIM" run --scenario "$WORK/keys-only.json" --duration 0.2 --control "$WORK/keys-only.sock" --quiet \
  >"$WORK/keys-only.log" 2>&1 || fail "amtsim keys run"
scs keys import "$WORK/keys.csv" >/dev/null || fail "keys import"

tcpdump -i lo -n -U -w "$WORK/fleet.pcap" 'net 127.69.0.0/16 and not port 5353' >"$WORK/tcpdump.log" 2>&1 &
TCPDUMP_PID=$!
PIDS+=("$TCPDUMP_PID")
wait_for "grep -q 'listening on' $WORK/tcpdump.log" "tcpdump to start"
start_amtsim run --scenario "$WORK/scenario.json" --duration 400

# Settled: the provisionable devices are operational, the failing ones have
# failed with a code, and the unknown-PID device has sent the last hello of
# its PSK cycle (retry 14), so its window is closed.
settled() {
  scs systems list --json > "$WORK/systems.json" 2>/dev/null || return 1
  python3 - "$WORK/systems.json" <<'PY'
import json, sys
systems = {s["source_address"]: s for s in json.load(open(sys.argv[1]))}
ok = all(systems.get(a, {}).get("state") == "operational"
         for a in ["127.69.1.1", "127.69.1.2", "127.69.9.5", "127.69.9.6", "127.69.9.7"])
failed = all(systems.get(a, {}).get("state") == "failed" for a in ["127.69.9.1", "127.69.9.8", "127.69.9.9"])
closed = systems.get("127.69.9.2", {}).get("last_retry_count") == 14
sys.exit(0 if ok and failed and closed else 1)
PY
}
wait_long settled "the fleet to settle" 240
amtsim_ctl host-report -o "$WORK/hosts.json" || fail "amtsim host-report"
sleep 1
kill -INT "$TCPDUMP_PID"; wait "$TCPDUMP_PID" 2>/dev/null || true

# ---- pcap analyze: what the wire shows ---------------------------------------
# The server listens on a port of its own (parallel tests), not 9971: say so.
"$OPENSCS" pcap analyze --json --port "$SERVER_PORT" "$WORK/fleet.pcap" > "$WORK/analyze.json" || fail "pcap analyze"
"$OPENSCS" pcap analyze --port "$SERVER_PORT" "$WORK/fleet.pcap" > "$WORK/analyze.txt" || fail "pcap analyze (text)"
python3 - "$WORK/analyze.json" <<'PY' || fail "pcap analyze verdicts"
import json, sys
report = json.load(open(sys.argv[1]))
devices = {d["address"]: d for d in report["devices"]}
expect = {
    "127.69.1.1": "healthy",                  # PSK: hello, connect-back, TLS session
    "127.69.1.2": "healthy",                  # PKI
    "127.69.9.1": "psk_handshake_alert",      # wrong_pps: alert after ClientKeyExchange
    "127.69.9.2": "server_no_connect_back",   # unknown_pid: the server never connects back
    "127.69.9.4": "hello_port_blocked",       # server_unreachable: SYN answered by RST
    "127.69.9.8": "server_no_connect_back",   # hash_not_in_list: no certificate to present
    "127.69.9.9": "pki_certificate_alert",    # domain_mismatch: the device refuses the chain
}
bad = []
for address, cause in expect.items():
    got = [f["cause"] for f in devices.get(address, {}).get("findings", [])]
    if cause not in got:
        bad.append(f"{address}: expected {cause}, capture shows {got}")
for address in ("127.69.9.10", "127.69.9.11"):   # AMT off / not in Setup Mode: silent on the wire
    if address in devices and devices[address]["hellos"]:
        bad.append(f"{address}: a device not in Setup Mode sent hellos")
if bad:
    print("\n".join(bad)); sys.exit(1)
PY
grep -q "hello_port_blocked" "$WORK/analyze.txt" || fail "pcap analyze text names the blocked port"

# ---- doctor --fleet: every device attributed to its injected cause ----------
scs doctor --fleet --json --host-report "$WORK/hosts.json" --pcap "$WORK/fleet.pcap" --dns-server "$DNS:5353" \
  --time-scale $ACCEL > "$WORK/doctor.json" && fail "doctor --fleet must exit 1 on a broken fleet"
python3 - "$WORK/doctor.json" <<'PY' || fail "doctor --fleet verdicts"
import json, sys
report = json.load(open(sys.argv[1]))
by_address = {d["address"]: d for d in report["systems"]}
expect = {
    "127.69.1.1": "healthy",
    "127.69.1.2": "healthy",
    "127.69.9.1": "tls_psk_mismatch",
    "127.69.9.2": "pid_not_found",
    "127.69.9.3": "dns_no_record",
    "127.69.9.4": "hello_port_blocked",
    "127.69.9.5": "recovered_after_failures",
    "127.69.9.6": "slow_device",
    "127.69.9.7": "recovered_after_failures",
    "127.69.9.8": "pki_no_matching_root",
    "127.69.9.9": "pki_domain_mismatch",
    "127.69.9.10": "mebx_password_changed",
    "127.69.9.11": "amt_disabled",
}
bad = []
for address, cause in expect.items():
    d = by_address.get(address)
    if d is None:
        bad.append(f"{address}: not in the fleet report"); continue
    if d["verdict"] != cause:
        bad.append(f"{address}: verdict {d['verdict']}, expected {cause}: "
                   + json.dumps(d["findings"][:2]))
if report["devices"] != len(expect):
    bad.append(f"{report['devices']} devices reported, expected {len(expect)}")
if report["by_cause"].get("healthy") != 2 or report["by_state"].get("missing") != 4:
    bad.append(f"summary: {report['by_state']} {report['by_cause']}")
# The recovered devices name what failed on the way.
def evidence(address):
    return " ".join(" ".join(f["evidence"]) for f in by_address[address]["findings"])
for address, code in (("127.69.9.5", "connection_dropped"), ("127.69.9.7", "pt_status")):
    if code not in evidence(address):
        bad.append(f"{address}: recovered, but {code} is not named: {evidence(address)}")
if "capture" not in evidence("127.69.9.4"):
    bad.append("127.69.9.4: the blocked port must be shown from the capture")
if bad:
    print("\n".join(bad)); sys.exit(1)
PY

# ---- doctor UUID: one device, read as an admin reads it ---------------------
UUID=$(python3 -c "
import json; print([d for d in json.load(open('$WORK/hosts.json'))['devices'] if d['address'] == '127.69.9.2'][0]['uuid'])")
scs doctor "$UUID" --time-scale $ACCEL > "$WORK/doctor-one.txt" && fail "doctor must exit 1 for a failing device"
for want in "Verdict: pid_not_found" "failed to find PID mapping" "openscs keys add" "hello_window_closed" \
            "seed mode 6" "AC-cycle"; do
  grep -q -- "$want" "$WORK/doctor-one.txt" || { cat "$WORK/doctor-one.txt" >&2; fail "doctor output lacks '$want'"; }
done
scs doctor 127.69.1.1 > "$WORK/doctor-healthy.txt" || fail "doctor must exit 0 for a healthy device"
grep -q "Verdict: healthy" "$WORK/doctor-healthy.txt" || fail "healthy device verdict"
echo "PASS"
