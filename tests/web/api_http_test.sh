#!/usr/bin/env bash
# The REST API over real HTTP and HTTPS, driven by curl against a real
# `openscs serve` (127.74.0.0/16): what a script or an attacker can send.
#  - no access without a login or token (except /healthz, /readyz);
#  - a viewer cannot change anything or reveal a secret, and is audited;
#  - CSRF: a cookie alone cannot change anything;
#  - malformed JSON, wrong media types, huge bodies, huge headers, broken
#    HTTP, path traversal on static files: each a clear 4xx, nothing changed;
#  - bearer tokens, live events (ended when the user is disabled), /metrics, and TLS (self-signed, the same
#    certificate after a restart) beyond loopback.
source "$(dirname "$0")/../integration/lib.sh"
command -v curl >/dev/null || { echo "curl not installed" >&2; exit 77; }

ADDR=127.74.0.1
DEVICE=127.74.0.5
export OPENSCS_DB="$WORK/openscs.db" OPENSCS_KEY_FILE="$WORK/openscs.key"

OPENSCS_PASSWORD='admin password 1' "$OPENSCS" users add alice --role admin >/dev/null
OPENSCS_PASSWORD='viewer password 1' "$OPENSCS" users add victor --role viewer >/dev/null
TOKEN=$("$OPENSCS" users token add alice --label ci 2>/dev/null | tail -n 1)
[[ "$TOKEN" == oscs_* ]] || fail "users token add printed no token: $TOKEN"

start_openscs "$ADDR"
BASE="http://$ADDR:$WEB_PORT"

# code METHOD PATH [CURL-ARGS...] : the HTTP status; the body goes to $WORK/body.
code() {
  local method="$1" path="$2"; shift 2
  curl -sS --path-as-is -o "$WORK/body" -w '%{http_code}' -X "$method" "$@" "$BASE$path"
}
expect() {  # expect STATUS ERROR-CODE|"" DESCRIPTION METHOD PATH [CURL-ARGS...]
  local want="$1" err="$2" what="$3"; shift 3
  local got; got=$(code "$@")
  [ "$got" = "$want" ] || fail "$what: HTTP $got, expected $want: $(head -c 300 "$WORK/body")"
  if [ -n "$err" ]; then
    grep -q "\"code\":\"$err\"" "$WORK/body" || fail "$what: no error code $err in $(head -c 300 "$WORK/body")"
  fi
}
log_level() { "$OPENSCS" settings log-level | awk '{print $NF}'; }
audit_count() { "$OPENSCS" audit --json --limit 0 | python3 -c "import json,sys; print(len(json.load(sys.stdin)))"; }

# --- anonymous ---------------------------------------------------------------
expect 200 "" "healthz" GET /healthz
expect 200 "" "readyz" GET /readyz
for path in /api/v1/systems /api/v1/keys /api/v1/logs /api/v1/audit /metrics /api/v1/events; do
  expect 401 unauthenticated "anonymous $path" GET "$path"
done
expect 401 unauthenticated "anonymous change" PUT /api/v1/settings/log-level -H 'Content-Type: application/json' \
  --data '{"level":"debug"}'

# --- login -------------------------------------------------------------------
login() {  # login USER PASSWORD JAR : stores the cookie in JAR, prints the CSRF token
  curl -sS -c "$3" -H 'Content-Type: application/json' --data "{\"user\":\"$1\",\"password\":\"$2\"}" \
    "$BASE/api/v1/session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])'
}
expect 401 unauthenticated "wrong password" POST /api/v1/session -H 'Content-Type: application/json' \
  --data '{"user":"alice","password":"not it at all"}'
ADMIN_CSRF=$(login alice 'admin password 1' "$WORK/admin.jar")
VIEWER_CSRF=$(login victor 'viewer password 1' "$WORK/viewer.jar")
grep -q "openscs_session" "$WORK/admin.jar" || fail "no session cookie"
grep -q "#HttpOnly_" "$WORK/admin.jar" || fail "the session cookie is not HttpOnly"
curl -sS -D "$WORK/headers" -o /dev/null -H 'Content-Type: application/json' \
  --data '{"user":"alice","password":"admin password 1"}' "$BASE/api/v1/session"
grep -qi "^Set-Cookie: openscs_session=.*SameSite=Strict" "$WORK/headers" || fail "cookie is not SameSite=Strict"

A=(-b "$WORK/admin.jar" -H "X-CSRF-Token: $ADMIN_CSRF" -H 'Content-Type: application/json')
V=(-b "$WORK/viewer.jar" -H "X-CSRF-Token: $VIEWER_CSRF" -H 'Content-Type: application/json')
expect 200 "" "viewer reads systems" GET /api/v1/systems -b "$WORK/viewer.jar"

# --- viewer cannot write or reveal -------------------------------------------
before=$(audit_count)
expect 403 forbidden "viewer sets the log level" PUT /api/v1/settings/log-level "${V[@]}" --data '{"level":"debug"}'
expect 403 forbidden "viewer generates keys" POST /api/v1/keys/generate "${V[@]}" --data '{"count":2}'
expect 403 forbidden "viewer exports PPS" GET /api/v1/keys/export.csv "${V[@]}"
expect 403 forbidden "viewer downloads a setup.bin" POST /api/v1/keys/setupbin "${V[@]}" \
  --data '{"count":1,"new_mebx_password":"N3w!Passw0rd"}'
expect 403 forbidden "viewer reads the audit log" GET /api/v1/audit "${V[@]}"
[ "$(log_level)" != "debug" ] || fail "the viewer changed the log level"
"$OPENSCS" keys list --json | python3 -c 'import json,sys; assert json.load(sys.stdin) == [], "keys were made"' ||
  fail "a viewer created keys"
after=$(audit_count)
[ $((after - before)) -ge 5 ] || fail "viewer refusals were not audited ($before -> $after)"

# --- CSRF ---------------------------------------------------------------------
expect 403 csrf_failed "cookie without CSRF token" PUT /api/v1/settings/log-level -b "$WORK/admin.jar" \
  -H 'Content-Type: application/json' --data '{"level":"debug"}'
expect 403 csrf_failed "foreign Origin" PUT /api/v1/settings/log-level "${A[@]}" -H 'Origin: http://evil.example' \
  --data '{"level":"debug"}'
[ "$(log_level)" != "debug" ] || fail "a request without CSRF token changed the log level"
expect 200 "" "admin sets the log level" PUT /api/v1/settings/log-level "${A[@]}" --data '{"level":"debug"}'
[ "$(log_level)" = "debug" ] || fail "the log level was not stored"

# --- malformed input ------------------------------------------------------------
expect 400 invalid_json "malformed JSON" PUT /api/v1/settings/log-level "${A[@]}" --data '{"level": '
expect 400 "" "wrong JSON type" POST /api/v1/keys/generate "${A[@]}" --data '{"count":"many"}'
expect 415 "" "form body" POST /api/v1/keys/generate -b "$WORK/admin.jar" -H "X-CSRF-Token: $ADMIN_CSRF" \
  --data 'count=5'
expect 400 "" "bad query number" GET '/api/v1/systems?limit=lots' -b "$WORK/admin.jar"
head -c $((9 * 1024 * 1024)) /dev/zero | tr '\0' 'a' > "$WORK/huge"
expect 413 payload_too_large "9 MiB body" POST /api/v1/keys/import "${A[@]}" -H 'Content-Type: text/csv' \
  --data-binary @"$WORK/huge"
expect 431 "" "64 KiB header" GET /api/v1/systems -b "$WORK/admin.jar" -H "X-Pad: $(head -c 65536 /dev/zero | tr '\0' 'b')"
"$OPENSCS" keys list --json | python3 -c 'import json,sys; assert json.load(sys.stdin) == []' ||
  fail "a refused request stored keys"
# Broken HTTP straight on the socket.
exec 3<>"/dev/tcp/$ADDR/$WEB_PORT"
printf 'GARBAGE / NOT-HTTP\r\n\r\n' >&3
reply=$(timeout 5 cat <&3 || true)
exec 3<&-
[[ "$reply" == "HTTP/1.1 400"* ]] || fail "broken HTTP was answered: ${reply:0:200}"

# --- path traversal on the console's files ---------------------------------------
for path in '/../../etc/passwd' '/assets/../../../etc/passwd' '/assets/%2e%2e/%2e%2e/etc/passwd' \
            '/assets/..%2f..%2fetc%2fpasswd' '/%2e%2e/%2e%2e/etc/passwd' '/assets/%2e%2e%5c%2e%2e%5cetc%5cpasswd'; do
  got=$(code GET "$path")
  [ "$got" = 400 ] || [ "$got" = 404 ] || fail "traversal $path: HTTP $got"
  ! grep -q "root:" "$WORK/body" || fail "traversal $path leaked /etc/passwd"
done
expect 200 "" "console page" GET /

# --- bearer token -----------------------------------------------------------------
T=(-H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json')
expect 200 "" "token generates keys (no CSRF needed)" POST /api/v1/keys/generate "${T[@]}" --data '{"count":3}'
[ "$("$OPENSCS" keys list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 3 ] ||
  fail "generate did not store 3 keys"
expect 200 "" "token reads metrics" GET /metrics "${T[@]}"
grep -q '^openscs_hellos_received_total ' "$WORK/body" || fail "metrics lack openscs_hellos_received_total"
grep -q '^# TYPE openscs_web_connections_open gauge' "$WORK/body" || fail "metrics lack the web gauges"
expect 401 unauthenticated "made-up token" GET /api/v1/systems -H 'Authorization: Bearer oscs_madeup'
"$OPENSCS" audit --json --limit 0 | grep -q '"keys.generate"' || fail "keys.generate was not audited"

# --- live events ----------------------------------------------------------------
curl -sS -N --max-time 60 -b "$WORK/viewer.jar" "$BASE/api/v1/events" > "$WORK/events" 2>/dev/null &
EV=$!
wait_for "grep -q ': connected' '$WORK/events'" "the event stream to open"
"$OPENSCS" hello send --to "$ADDR:$SERVER_PORT" --from "$DEVICE" --uuid 11111111-2222-3333-4444-555555555555 \
  --pid 0000-037M >/dev/null 2>&1 || true
# The system event comes first; the failed lookup's log entry a moment later.
for _ in $(seq 1 200); do  # bounded: 20 s
  grep -q '^event: system' "$WORK/events" && grep -q '"code":"pid_not_found"' "$WORK/events" && break
  sleep 0.1
done
kill "$EV" 2>/dev/null || true; wait "$EV" 2>/dev/null || true
grep -q '^event: system' "$WORK/events" || fail "no system event after a hello: $(head -c 300 "$WORK/events")"
grep -q '"code":"pid_not_found"' "$WORK/events" || fail "no log event for the failed lookup"
grep -q '11111111-2222-3333-4444-555555555555' "$WORK/events" || fail "the event does not name the device"

# An open stream ends once its user is disabled (re-checked every 15 s heartbeat).
curl -sS -N --max-time 60 -b "$WORK/viewer.jar" "$BASE/api/v1/events" > "$WORK/events2" 2>/dev/null &
EV=$!
wait_for "grep -q ': connected' '$WORK/events2'" "the second event stream to open"
"$OPENSCS" users disable victor >/dev/null || fail "users disable victor failed"
for _ in $(seq 1 300); do kill -0 "$EV" 2>/dev/null || break; sleep 0.1; done  # bounded: 30 s
if kill -0 "$EV" 2>/dev/null; then kill "$EV"; fail "the event stream outlived the disabling of its user"; fi
wait "$EV" 2>/dev/null || true
expect 401 unauthenticated "disabled user's session" GET /api/v1/systems -b "$WORK/viewer.jar"

# --- TLS beyond loopback (forced here with --web-tls on) --------------------------
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
start_openscs "$ADDR" --web-tls on
fp1=$(echo | openssl s_client -connect "$ADDR:$WEB_PORT" 2>/dev/null | openssl x509 -noout -fingerprint -sha256)
[ -n "$fp1" ] || fail "no TLS certificate on the web port"
code=$(curl -sS -k -o "$WORK/body" -w '%{http_code}' "https://$ADDR:$WEB_PORT/healthz")
[ "$code" = 200 ] || fail "healthz over TLS: $code"
curl -sS -k -D "$WORK/headers" -o /dev/null -H 'Content-Type: application/json' \
  --data '{"user":"alice","password":"admin password 1"}' "https://$ADDR:$WEB_PORT/api/v1/session"
grep -qi "^Set-Cookie: openscs_session=.*; Secure" "$WORK/headers" || fail "cookie over TLS is not Secure"
code=$(curl -sS -o /dev/null -w '%{http_code}' "http://$ADDR:$WEB_PORT/healthz" 2>/dev/null || true)
[ "$code" != 200 ] || fail "plain HTTP answered on the TLS port"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
start_openscs "$ADDR" --web-tls on
fp2=$(echo | openssl s_client -connect "$ADDR:$WEB_PORT" 2>/dev/null | openssl x509 -noout -fingerprint -sha256)
[ "$fp1" = "$fp2" ] || fail "the self-signed certificate changed across a restart"
! grep -q "BEGIN PRIVATE KEY" "$WORK/openscs.db" || fail "the TLS key is stored in clear"
! grep -qa "admin password 1" "$WORK/openscs.db" "$WORK/openscs.log" || fail "a password leaked into the database or log"

echo "PASS"
