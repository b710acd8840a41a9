#!/usr/bin/env bash
# PKI Remote Configuration against a simulated device with a real TLS client
# (openssl s_client) presenting a provisioning certificate chain: accepted
# when the chain ends in a root whose hash the device has enabled, carries
# serverAuth + the Intel OU, and a CN under the device's domain; each other
# case refused with its own logged reason (reference §5.3).
# Address block: 127.61.4.0/24.
source "$(dirname "$0")/lib.sh"
command -v openssl >/dev/null || { echo "openssl not installed"; exit 77; }

cd "$WORK"
openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem -subj "/CN=openscs test root" -days 30 \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
leaf() {  # leaf NAME SUBJECT EKU
  openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "$2" 2>/dev/null
  printf 'extendedKeyUsage=%s\nbasicConstraints=CA:FALSE\n' "$3" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA root.pem -CAkey root.key -CAcreateserial -out "$1.pem" -days 30 \
    -extfile "$1.ext" 2>/dev/null
}
leaf good "/OU=Intel(R) Client Setup Certificate/CN=scs.corp.test" serverAuth
leaf other_domain "/OU=Intel(R) Client Setup Certificate/CN=scs.other.test" serverAuth
leaf no_ou "/CN=scs.corp.test" serverAuth
leaf client_only "/OU=Intel(R) Client Setup Certificate/CN=scs.corp.test" clientAuth
ROOT_SHA1=$(openssl x509 -in root.pem -noout -fingerprint -sha1 | cut -d= -f2 | tr -d : | tr 'A-F' 'a-f')

DEV=127.61.4.5
cat > scenario.json <<JSON
{"acceleration": 1, "server": "127.61.4.1:9971", "domain": "corp.test", "trusted_root_sha1": "$ROOT_SHA1",
 "groups": [
   {"address": "$DEV", "amt_version": "3.2.1", "mode": "pki"},
   {"address": "127.61.4.6", "amt_version": "3.2.1", "mode": "pki", "faults": ["hash_not_in_list"]}]}
JSON
start_amtsim run --scenario scenario.json --duration 60
[ "$(device_field $DEV "d['mode']")" = "5-setup-pki" ] || fail "device not in mode 5"

handshake() {  # handshake ADDRESS LEAF
  (printf 'POST /wsman HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n'; sleep 1) |
    timeout 10 openssl s_client -connect "$1:16993" -tls1_2 -cipher 'AES128-SHA:@SECLEVEL=0' \
      -cert "$2.pem" -key "$2.key" -cert_chain root.pem -ign_eof 2>&1 || true
}

out=$(handshake $DEV good)
echo "$out" | grep -q "HTTP/1.1 401 Unauthorized" || { echo "$out"; fail "a good provisioning chain must be accepted"; }

expect_refusal() {  # expect_refusal ADDRESS LEAF REASON
  out=$(handshake "$1" "$2")
  if echo "$out" | grep -q "HTTP/1.1"; then fail "$2 must be refused"; fi
  wait_for "amtsim_ctl status --json --device $1 | grep -q 'TLS handshake refused ($3)'" "device logs $3 for $2"
  echo "refused $2: $3"
}
expect_refusal $DEV other_domain domain_mismatch
expect_refusal $DEV no_ou not_setup_certificate
expect_refusal $DEV client_only missing_server_auth
expect_refusal 127.61.4.6 good root_hash_not_enabled
echo "PASS"
