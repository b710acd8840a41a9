#!/usr/bin/env bash
# Debian's amttool (a real legacy-SOAP AMT client) against a simulated
# device that was provisioned over SOAP with Digest: info, netinfo,
# powerdown, powerup and reset work with the admin password set during
# provisioning, and the setup password no longer does.
# Address block: 127.61.1.0/24.
source "$(dirname "$0")/lib.sh"
command -v amttool >/dev/null || { echo "amttool not installed"; exit 77; }
command -v curl >/dev/null || { echo "curl not installed"; exit 77; }

DEV=127.61.1.5
SETUP_PW='Sim-Pass1!'
NEW_PW='N3w-Admin!x'
start_amtsim device --address "$DEV" --mode psk --amt-version 3.2.1 --pid 0000-037M \
  --pps NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XJ --mebx-password "$SETUP_PW" --server 127.61.1.1:9971 \
  --setup-over-http --duration 120
[ "$(device_field $DEV "d['mode']")" = "4-setup-psk" ] || fail "device not in mode 4"

# A technician set a static IP in the MEBx (amttool netinfo shows it below).
amtsim_ctl mebx --device "$DEV" set-static-ip --address 192.0.2.20 --netmask 255.255.255.0 --gateway 127.61.1.1 \
  --dns 127.61.1.53 >/dev/null

soap() {  # soap SERVICE NAMESPACE-NAME BODY PASSWORD
  curl -s --digest -u "admin:$4" -H 'Content-Type: text/xml; charset=utf-8' \
    -H "SOAPAction: \"http://schemas.intel.com/platform/client/$2/2004/01#x\"" \
    --data "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>$3</s:Body></s:Envelope>" \
    "http://$DEV:16992/$1"
}
NS=http://schemas.intel.com/platform/client/SecurityAdministration/2004/01
NNS=http://schemas.intel.com/platform/client/NetworkAdministration/2004/01

# Provision: host name, admin ACL, commit (what openscs serve will do).
soap NetworkAdministrationService NetworkAdministration "<SetHostName xmlns=\"$NNS\"><HostName>pc-0042</HostName></SetHostName>" "$SETUP_PW" \
  | grep -q '<StatusCode>0</StatusCode>' || fail "SetHostName"
out=$(soap SecurityAdministrationService SecurityAdministration "<CommitChanges xmlns=\"$NS\"/>" "$SETUP_PW")
echo "$out" | grep -q '<StatusCode>2057</StatusCode>' || fail "CommitChanges without admin ACL must be 0x809: $out"
soap SecurityAdministrationService SecurityAdministration "<SetAdminAclEntry xmlns=\"$NS\"><Username>admin</Username><Password>$NEW_PW</Password></SetAdminAclEntry>" "$SETUP_PW" \
  | grep -q '<StatusCode>0</StatusCode>' || fail "SetAdminAclEntry"
soap SecurityAdministrationService SecurityAdministration "<CommitChanges xmlns=\"$NS\"/>" "$SETUP_PW" \
  | grep -q '<StatusCode>0</StatusCode>' || fail "CommitChanges"
[ "$(device_field $DEV "d['mode']")" = "operational" ] || fail "device not operational after CommitChanges"

info=$(AMT_PASSWORD="$NEW_PW" timeout 20 amttool "$DEV" info)
echo "$info"
echo "$info" | grep -q "AMT version:  3.2.1" || fail "amttool info: version"
echo "$info" | grep -q "Hostname:     pc-0042." || fail "amttool info: host name"
echo "$info" | grep -q "Powerstate:   S0" || fail "amttool info: power state"

net=$(AMT_PASSWORD="$NEW_PW" timeout 20 amttool "$DEV" netinfo)
echo "$net"
echo "$net" | grep -q "LocalAddress *$DEV" || fail "amttool netinfo: address"
echo "$net" | grep -q "DhcpEnabled *false" || fail "amttool netinfo: DHCP off after the MEBx static IP"
echo "$net" | grep -q "SubnetMask *255.255.255.0" || fail "amttool netinfo: static netmask"
echo "$net" | grep -q "DefaultGatewayAddress *127.61.1.1" || fail "amttool netinfo: static gateway"

echo y | AMT_PASSWORD="$NEW_PW" timeout 20 amttool "$DEV" powerdown | tee "$WORK/down" | grep -q "pt_status: success" || fail "powerdown"
AMT_PASSWORD="$NEW_PW" timeout 20 amttool "$DEV" info | grep -q "Powerstate:   S5 (soft-off)" || fail "power state after powerdown"
echo y | AMT_PASSWORD="$NEW_PW" timeout 20 amttool "$DEV" powerup | grep -q "pt_status: success" || fail "powerup"
AMT_PASSWORD="$NEW_PW" timeout 20 amttool "$DEV" info | grep -q "Powerstate:   S0" || fail "power state after powerup"
echo y | AMT_PASSWORD="$NEW_PW" timeout 20 amttool "$DEV" reset | grep -q "pt_status: success" || fail "reset"

# Only the new credentials work now.
if AMT_PASSWORD="$SETUP_PW" timeout 20 amttool "$DEV" info 2>&1 | grep -q "AMT version:  3.2.1"; then
  fail "the setup password still works after provisioning"
fi
echo "PASS"
