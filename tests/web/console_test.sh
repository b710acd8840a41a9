#!/usr/bin/env bash
# The web console in a real browser (Debian's chromium, driven by
# playwright-core from tests/web/console.spec.mjs) against `openscs serve`,
# while a simulated fleet says hello: an admin logs in and watches systems
# appear live, reads a failing device's doctor verdict, changes the log
# level, runs the DNS test against dnsmasq, generates keys and downloads a
# setup.bin; a viewer sees no admin action. Screenshots of every page go to
# $OPENSCS_ARTIFACTS (default: the work folder, kept with KEEP_WORK=1).
# Address block: 127.72.0.0/16.
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/../integration/lib.sh"
command -v node >/dev/null || { echo "node not installed (scripts/install-deps.sh test)"; exit 77; }
[ -x /usr/bin/chromium ] || { echo "chromium not installed (scripts/install-deps.sh test)"; exit 77; }
command -v dnsmasq >/dev/null || { echo "dnsmasq not installed"; exit 77; }
command -v openssl >/dev/null || { echo "openssl not installed"; exit 77; }
[ -d "$HERE/node_modules/playwright-core" ] || { echo "tests/web/node_modules missing: run npm ci in tests/web"; exit 77; }

ARTIFACTS="${OPENSCS_ARTIFACTS:-$WORK/artifacts}"
mkdir -p "$ARTIFACTS" "$WORK/downloads"
DNS=127.72.0.53
ACCEL=600
ADMIN_PASSWORD="console-Admin-1!"
VIEWER_PASSWORD="console-Viewer-1!"

# The devices' DNS: ProvisionServer.corp.example leads here.
dnsmasq --keep-in-foreground --no-resolv --no-hosts --no-poll --bind-interfaces --local=/#/ --pid-file \
  --user=root --listen-address=$DNS --port=5353 --log-facility=- \
  --host-record=scs.corp.example,127.72.0.1 --cname=ProvisionServer.corp.example,scs.corp.example \
  >"$WORK/dnsmasq.log" 2>&1 &
PIDS+=($!)
wait_for "grep -q 'started' $WORK/dnsmasq.log" "dnsmasq to start"

rm -f "$WORK/web-port"
start_openscs 127.72.0.1 --log-level info --web-address 127.72.0.1 --web-port 0 --web-port-file "$WORK/web-port" \
  --dns-server "$DNS:5353" --time-scale $ACCEL
wait_for "[ -s $WORK/web-port ]" "the web port file"
WEB_URL="http://127.72.0.1:$(cat "$WORK/web-port")"

OPENSCS_PASSWORD="$ADMIN_PASSWORD" scs users add admin --role admin >/dev/null || fail "users add admin"
OPENSCS_PASSWORD="$VIEWER_PASSWORD" scs users add viewer --role viewer >/dev/null || fail "users add viewer"
make_provisioning_chain "$WORK" openscs.corp.example
scs certs import "$WORK/chain.pem" --key "$WORK/leaf.key" --name corp-test >/dev/null || fail "certs import"

cat > "$WORK/scenario.json" <<JSON
{"acceleration": $ACCEL, "seed": 72, "server": "127.72.0.1:$SERVER_PORT", "domain": "corp.example",
 "keys_out": "$WORK/keys.csv",
 "groups": [
   {"address": "127.72.1.1", "count": 3, "amt_version": "5.0", "mode": "psk"},
   {"address": "127.72.9.2", "amt_version": "2.6", "mode": "psk", "faults": ["unknown_pid"]}
 ]}
JSON
# The OEM's keys first (as integration.doctor_fleet does): a short run that
# sends its hellos nowhere writes the same pairs the fleet will use.
sed "s/127.72.0.1:$SERVER_PORT/127.72.0.250:9/" "$WORK/scenario.json" > "$WORK/keys-only.json"
"$AMTSIM" run --scenario "$WORK/keys-only.json" --duration 0.2 --control "$WORK/keys-only.sock" --quiet \
  >"$WORK/keys-only.log" 2>&1 || fail "amtsim keys run"
scs keys import "$WORK/keys.csv" >/dev/null || fail "keys import"

# The browser logs in first and says so; the fleet starts while it watches.
export WEB_URL ADMIN_PASSWORD VIEWER_PASSWORD ARTIFACTS
export READY_FILE="$WORK/browser-ready" DOWNLOADS="$WORK/downloads"
export FAILING_ADDRESS=127.72.9.2 DNS_DOMAIN=corp.example
node "$HERE/console.spec.mjs" >"$WORK/spec.log" 2>&1 &
SPEC_PID=$!
PIDS+=("$SPEC_PID")
for _ in $(seq 1 600); do
  [ -e "$READY_FILE" ] && break
  kill -0 "$SPEC_PID" 2>/dev/null || break
  sleep 0.1
done
[ -e "$READY_FILE" ] || { cat "$WORK/spec.log" >&2; fail "the browser did not reach the systems page"; }
start_amtsim run --scenario "$WORK/scenario.json" --duration 300

wait "$SPEC_PID" && spec_rc=0 || spec_rc=$?
cat "$WORK/spec.log"
[ "$spec_rc" -eq 0 ] || { tail -n 40 "$WORK/openscs.log" >&2; fail "console.spec.mjs failed (exit $spec_rc)"; }

# What the browser did, checked from the CLI.
[ "$(scs settings log-level)" = "debug" ] || fail "the console's Save did not set the log level to debug"
SETUPBIN="$WORK/downloads/setup.bin"
[ -s "$SETUPBIN" ] || fail "no setup.bin downloaded"
"$OPENSCS" setupbin inspect --json "$SETUPBIN" > "$WORK/setupbin.json" || fail "setupbin inspect of the download"
python3 - "$WORK/setupbin.json" <<'PY' || fail "the downloaded setup.bin"
import json, sys
j = json.load(open(sys.argv[1]))
names = " ".join(v["name"] for r in j["records"] for v in r["variables"]).upper()
if j["record_count"] != 2 or j["records_consumed"] != 0:
    sys.exit(f"expected 2 unconsumed records, got {j['record_count']} ({j['records_consumed']} consumed)")
for want in ("PID", "PPS", "MEBX"):
    if want not in names:
        sys.exit(f"the records lack a {want} variable: {names}")
PY
scs keys list --json > "$WORK/keys.json" || fail "keys list"
python3 -c "
import json, sys
keys = json.load(open('$WORK/keys.json'))
keys = keys['items'] if isinstance(keys, dict) else keys
exported = [k for k in keys if k['status'] == 'exported']
sys.exit(0 if len(exported) >= 2 else f'{len(exported)} keys exported, expected the setup.bin\'s 2')
" || fail "keys after the setup.bin download"
ls "$ARTIFACTS"/*.png >/dev/null || fail "no screenshots in $ARTIFACTS"
echo "PASS"
