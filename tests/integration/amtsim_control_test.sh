#!/usr/bin/env bash
# The seed's mode transitions driven through amtsim's command line, as a
# technician would: USB One-Touch with a setup.bin written by openscs (the
# file on disk is consumed as a BIOS does, and refused once the password has
# changed), MEBx PID/PPS entry with a typo (0x2B) then correctly, AC cycle
# restarting hellos, CMOS reset back to factory defaults, RCT enable.
# Address block: 127.61.6.0/24.
source "$(dirname "$0")/lib.sh"
[ -n "$OPENSCS" ] || fail "set OPENSCS to the openscs binary"

cat > "$WORK/scenario.json" <<JSON
{"acceleration": 60, "server": "127.61.6.1:9971", "groups": [
  {"address": "127.61.6.5", "amt_version": "2.6", "mode": "factory"},
  {"address": "127.61.6.6", "amt_version": "3.2.1", "mode": "password-changed"},
  {"address": "127.61.6.7", "amt_version": "3.2.1", "mode": "disabled"}]}
JSON
start_amtsim run --scenario "$WORK/scenario.json" --duration 120
mode() { device_field "$1" "d['mode']"; }
[ "$(mode 127.61.6.5)" = "2-factory" ] || fail "factory device not in mode 2"

# USB One-Touch with a v1 file (AMT 2.x) holding one PID/PPS record.
"$OPENSCS" setupbin create --version 1 --out "$WORK/setup.bin" --new-password 'Usb-Pa55!' \
  --pid 0000-037M --pps NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XJ --provision-server 127.61.6.1 >/dev/null
amtsim_ctl usb --device 127.61.6.5 --file "$WORK/setup.bin" | grep -q ok || fail "One-Touch on a factory device"
[ "$(mode 127.61.6.5)" = "4-setup-psk" ] || fail "One-Touch must enter mode 4"
"$OPENSCS" setupbin inspect "$WORK/setup.bin" | grep -q "1 consumed" || fail "the record must be consumed on disk"
[ "$(device_field 127.61.6.5 "d['credentials']['pid']")" = "0000037M" ] || fail "PID from the stick"
if amtsim_ctl usb --device 127.61.6.5 --file "$WORK/setup.bin" 2>"$WORK/err"; then fail "second One-Touch must be refused"; fi
grep -q "factory MEBx password" "$WORK/err" || fail "refusal reason"

# A password-changed device (mode 3) cannot use One-Touch; MEBx entry works.
[ "$(mode 127.61.6.6)" = "3-pw-changed" ] || fail "mode 3"
if amtsim_ctl mebx --device 127.61.6.6 enter-pid-pps --pid 0000-037M --pps NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XK 2>"$WORK/err"; then
  fail "a PPS typo must be refused"
fi
grep -q "0x2b (PT_STATUS_INVALID_PPS_FORMAT)" "$WORK/err" || { cat "$WORK/err"; fail "0x2B"; }
amtsim_ctl mebx --device 127.61.6.6 enter-pid-pps --pid 0000-037M --pps NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XJ >/dev/null
[ "$(mode 127.61.6.6)" = "4-setup-psk" ] || fail "PID/PPS entry must enter mode 4"

# AC cycle restarts the hello cycle; CMOS reset returns to factory defaults.
wait_for "[ \"\$(device_field 127.61.6.6 \"d['hellos_in_cycle']\")\" -ge 2 ]" "hellos"
amtsim_ctl power --device 127.61.6.6 ac-cycle >/dev/null
[ "$(device_field 127.61.6.6 "d['hellos_in_cycle']")" -le 1 ] || fail "AC cycle must restart the cycle"
amtsim_ctl power --device 127.61.6.6 cmos-reset >/dev/null
[ "$(mode 127.61.6.6)" = "2-factory" ] || fail "CMOS reset must return to mode 2"
[ "$(device_field 127.61.6.6 "d['credentials']['mebx_password']")" = "admin" ] || fail "password back to admin"

# RCT enables a disabled device (and, on 3.x, starts Remote Configuration).
[ "$(mode 127.61.6.7)" = "1-disabled" ] || fail "mode 1"
amtsim_ctl rct enable --device 127.61.6.7 >/dev/null
[ "$(mode 127.61.6.7)" = "5-setup-pki" ] || fail "RCT enable on 3.2.1 must start Remote Configuration"
amtsim_ctl status | grep -q "127.61.6.7" || fail "status table"
echo "PASS"
