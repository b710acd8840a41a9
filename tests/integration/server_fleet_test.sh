#!/usr/bin/env bash
# End to end: `openscs serve` provisions a simulated fleet of 211 devices on
# loopback: PSK and PKI, legacy SOAP (2.1, 2.2, 2.6, 3.0) and WS-Management
# (3.2.1, 5.0), plus one device for each amtsim fault. Every provisionable
# device ends Operational exactly once, confirmed by Debian's amttool with
# the credentials the server stored; every faulty device ends with the
# error code its fault should cause, or — when its hellos cannot reach the
# server — never appears (the seed's "System Missing").
# Address block: 127.64.0.0/16.
source "$(dirname "$0")/lib.sh"
command -v amttool >/dev/null || { echo "amttool not installed"; exit 77; }
command -v openssl >/dev/null || { echo "openssl not installed"; exit 77; }

make_provisioning_chain "$WORK" openscs.corp.example
start_openscs 127.64.0.1 --log-level debug --max-concurrent 24
scs certs import "$WORK/chain.pem" --key "$WORK/leaf.key" --name test >/dev/null || fail "certs import"

cat > "$WORK/scenario.json" <<JSON
{"acceleration": 60, "seed": 7, "server": "127.64.0.1:$SERVER_PORT", "domain": "corp.example",
 "keys_out": "$WORK/keys.csv", "trusted_root_sha1": "$ROOT_SHA1",
 "groups": [
   {"count": 40, "address": "127.64.1.1", "amt_version": "2.1", "mode": "psk"},
   {"count": 25, "address": "127.64.2.1", "amt_version": "2.6", "mode": "psk"},
   {"count": 40, "address": "127.64.3.1", "amt_version": "5.0", "mode": "psk"},
   {"count": 20, "address": "127.64.4.1", "amt_version": "2.2", "mode": "pki"},
   {"count": 20, "address": "127.64.5.1", "amt_version": "3.0", "mode": "pki"},
   {"count": 40, "address": "127.64.6.1", "amt_version": "3.2.1", "mode": "pki"},
   {"count": 15, "address": "127.64.7.1", "amt_version": "5.0", "mode": "pki"},
   {"address": "127.64.9.1", "amt_version": "5.0", "mode": "psk", "faults": ["wrong_pps"]},
   {"address": "127.64.9.2", "amt_version": "2.6", "mode": "psk", "faults": ["unknown_pid"]},
   {"address": "127.64.9.3", "amt_version": "3.2.1", "mode": "pki", "faults": ["no_dns_record"],
    "dns_server": "127.64.0.53:9"},
   {"address": "127.64.9.4", "amt_version": "2.1", "mode": "psk", "faults": ["server_unreachable"]},
   {"address": "127.64.9.5", "amt_version": "5.0", "mode": "psk", "faults": ["drop_mid_session"]},
   {"address": "127.64.9.6", "amt_version": "2.1", "mode": "psk", "faults": ["slow_responses"]},
   {"address": "127.64.9.7", "amt_version": "3.2.1", "mode": "pki", "faults": ["key_generation_busy"]},
   {"address": "127.64.9.8", "amt_version": "3.2.1", "mode": "pki", "faults": ["hash_not_in_list"]},
   {"address": "127.64.9.9", "amt_version": "5.0", "mode": "pki", "faults": ["domain_mismatch"]},
   {"address": "127.64.9.10", "amt_version": "3.2.1", "mode": "pki", "faults": ["mebx_password_changed"]},
   {"address": "127.64.9.11", "amt_version": "3.2.1", "mode": "psk", "faults": ["amt_disabled"]}
 ]}
JSON
# The keys file is written when the fleet is built; the fleet starts sending
# hellos at once, so the first PSK hellos may find no key: they fail and are
# retried on the next hello, as a real server would.
start_amtsim run --scenario "$WORK/scenario.json" --duration 600
wait_for "[ -s '$WORK/keys.csv' ]" "amtsim keys file"
scs keys import "$WORK/keys.csv" >/dev/null || fail "keys import"
amtsim_ctl status --json > "$WORK/fleet.json"

# The admin's inventory knows the domain of the device in the wrong domain:
# the server refuses the certificate before connecting.
python3 - "$WORK/fleet.json" > "$WORK/mapping.csv" <<'PY'
import json, sys
for d in json.load(open(sys.argv[1]))["devices"]:
    if d["address"] == "127.64.9.9":
        print("uuid,host_name,domain_name")
        print(f'{d["uuid"]},pc-mismatch,{d["domain"]}')
PY
scs mappings import "$WORK/mapping.csv" >/dev/null || fail "mappings import"

# Every device with a reachable server reaches a final state (bounded).
terminal() {
  scs systems list --json > "$WORK/systems.json" 2>/dev/null || return 1
  python3 - "$WORK/systems.json" <<'PY'
import json, sys
systems = json.load(open(sys.argv[1]))
done = [s for s in systems if s["state"] == "operational" or (s["state"] == "failed" and s["last_error"] in
        ("tls_psk_mismatch", "pid_not_found", "pki_no_matching_root", "pki_domain_mismatch"))]
sys.exit(0 if len(done) >= 207 else 1)
PY
}
wait_long terminal "207 systems operational or failed with their fault's code" 420
amtsim_ctl status --json > "$WORK/fleet.json"
scs logs --json --limit 0 > "$WORK/logs.json"

python3 - "$WORK/fleet.json" "$WORK/systems.json" "$WORK/logs.json" > "$WORK/operational.txt" <<'PY' || fail "fleet check"
import collections, json, sys
fleet = {d["uuid"]: d for d in json.load(open(sys.argv[1]))["devices"]}
systems = {s["uuid"]: s for s in json.load(open(sys.argv[2]))}
logs = json.load(open(sys.argv[3]))
codes = collections.defaultdict(set)
provisioned = collections.Counter()
for e in logs:
    codes[e["uuid"]].add(e["code"])
    if e["code"] == "provisioned":
        provisioned[e["uuid"]] += 1
expect_fail = {"127.64.9.1": "tls_psk_mismatch", "127.64.9.2": "pid_not_found",
               "127.64.9.8": "pki_no_matching_root", "127.64.9.9": "pki_domain_mismatch"}
missing = {"127.64.9.3", "127.64.9.4", "127.64.9.10", "127.64.9.11"}
problems = []
for uuid, d in fleet.items():
    a = d["address"]
    s = systems.get(uuid)
    if a in missing:
        if s is not None:
            problems.append(f"{a}: its hellos cannot reach the server, yet it is a system")
        continue
    if s is None:
        problems.append(f"{a}: never became a system")
        continue
    if a in expect_fail:
        if s["state"] != "failed" or s["last_error"] != expect_fail[a] or expect_fail[a] not in codes[uuid]:
            problems.append(f"{a}: expected failed/{expect_fail[a]}, got {s['state']}/{s['last_error']}")
        continue
    if s["state"] != "operational" or d["mode"] != "operational":
        problems.append(f"{a}: server says {s['state']} ({s['last_error']}), device says {d['mode']}")
    if s["provisioned_count"] != 1 or provisioned[uuid] != 1:
        problems.append(f"{a}: provisioned {s['provisioned_count']} times ({provisioned[uuid]} log entries)")
    print(uuid, a, s["amt_version"], s["host_name"])
for a, code in (("127.64.9.5", "step_attempt_failed"), ("127.64.9.7", "step_attempt_failed")):
    uuid = next(u for u, d in fleet.items() if d["address"] == a)
    if code not in codes[uuid]:
        problems.append(f"{a}: expected a {code} entry in its log")
for p in problems:
    print("PROBLEM", p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
count=$(wc -l < "$WORK/operational.txt")
[ "$count" -eq 203 ] || fail "expected 203 operational devices, got $count"

# Debian's amttool reads every operational device with the stored
# credentials. TLS is on, so amttool goes to 16993 and checks the device's
# certificate against the simulator's self-signed one.
first=$(head -1 "$WORK/operational.txt" | cut -d' ' -f2)
openssl s_client -connect "$first:16993" -showcerts </dev/null 2>/dev/null |
  sed -n '/BEGIN CERTIFICATE/,/END CERTIFICATE/p' > "$WORK/device-ca.pem"
[ -s "$WORK/device-ca.pem" ] || fail "no device certificate on $first:16993"
check_amttool() {  # UUID ADDRESS VERSION HOST
  local pw
  pw=$(scs systems credentials "$1" --reveal --field admin_password) || { echo "no credentials for $1"; return 1; }
  echo "$pw" >> "$WORK/admin-passwords.txt"
  local info
  info=$(HTTPS_CA_FILE="$WORK/device-ca.pem" AMT_PASSWORD="$pw" timeout 30 amttool "$2:16993" info 2>&1) || {
    echo "$2: amttool failed: $info"; return 1; }
  echo "$info" | grep -q "AMT version:  $3" || { echo "$2: version: $info"; return 1; }
  echo "$info" | grep -q "Hostname:     $4\." || { echo "$2: host name: $info"; return 1; }
}
export -f check_amttool scs
export OPENSCS WORK
failures=$(xargs -P 4 -L 1 bash -c 'check_amttool "$@" || echo FAILED' _ < "$WORK/operational.txt" | grep -c FAILED || true)
[ "$failures" -eq 0 ] || fail "$failures devices did not answer amttool with the stored credentials"
# The factory password no longer works anywhere.
dev=$(sed -n 2p "$WORK/operational.txt" | cut -d' ' -f2)
refused=$(HTTPS_CA_FILE="$WORK/device-ca.pem" AMT_PASSWORD=admin timeout 30 amttool "$dev:16993" info 2>&1 || true)
echo "$refused" | grep -q "AMT version: *[0-9]" && fail "the factory password still works on $dev: $refused"
# amttool prints empty fields when the device answers 401.
echo "$refused" | grep -q 'uninitialized value $amt_version' ||
  fail "amttool with the factory password: expected a refusal, got: $refused"

# No secret in the log, the trace or the server's output: no PPS, no MEBx
# password, no admin password the server set, no line of the private key.
[ "$(wc -l < "$WORK/admin-passwords.txt")" -eq 203 ] || fail "expected 203 revealed admin passwords"
scs logs --json --limit 0 > "$WORK/logs.json"
python3 - "$WORK/keys.csv" "$WORK/admin-passwords.txt" "$WORK/leaf.key" "$WORK/logs.json" "$WORK/trace.log" \
  "$WORK/openscs.log" <<'PY' || fail "a secret leaked"
import csv, sys
secrets = set()
for row in csv.DictReader(open(sys.argv[1])):
    secrets.add(row["pps"].replace("-", "")); secrets.add(row["pps"])
    if row.get("mebx_password"): secrets.add(row["mebx_password"])
secrets.update(line.strip() for line in open(sys.argv[2]) if line.strip())
secrets.update(line.strip() for line in open(sys.argv[3]) if line.strip() and "PRIVATE KEY" not in line)
for path in sys.argv[4:]:
    text = open(path, errors="replace").read()
    for s in secrets:
        if s and s in text:
            sys.exit(f"{path} contains a secret ({len(s)} characters, starting {s[:2]}...)")
PY
echo "PASS: $count devices operational, 4 failed with their fault's code, 4 never reached the server"
