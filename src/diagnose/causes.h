#pragma once

// The causes the troubleshooting tools name (doctor, pcap analyze, hello
// send --check). Each is a key of the knowledge base (kb/errors.json), like
// the provisioning codes of provision/error_codes.h and server/failure_text.h
// that the doctor also reports when the log holds them. Stable: never renamed
// or reused; add new ones at the end of their group.
//
// The seed numbers the device modes 1-6 (docs/troubleshooting.md); the
// comments give the mode a cause corresponds to.

#include <string_view>

namespace openscs::diagnose::causes {

// No hello reaches the server (the seed's "System Missing").
inline constexpr std::string_view kNoHellosReceived = "no_hellos_received";        // nothing seen, reason not yet known
inline constexpr std::string_view kAmtDisabled = "amt_disabled";                   // mode 1
inline constexpr std::string_view kNotInSetupMode = "device_not_in_setup_mode";    // mode 2: factory default, no PSK/RCFG
inline constexpr std::string_view kMebxPasswordChanged = "mebx_password_changed";  // mode 3: One-Touch no longer works
inline constexpr std::string_view kHelloWindowClosed = "hello_window_closed";      // mode 6: sending window over
inline constexpr std::string_view kDnsNoRecord = "dns_no_record";                  // ProvisionServer[.suffix] does not resolve
inline constexpr std::string_view kDnsWrongAddress = "dns_wrong_address";          // it resolves, but not to this server
inline constexpr std::string_view kHelloPortBlocked = "hello_port_blocked";        // hellos leave, no SYN-ACK from 9971
inline constexpr std::string_view kHelloMalformed = "hello_malformed";             // the server could not decode it

// Hellos arrive but provisioning does not happen.
inline constexpr std::string_view kServerNoConnectBack = "server_no_connect_back";  // hello received, no connect to 16993
inline constexpr std::string_view kConnectBackRefused = "connect_back_refused";    // 16993 answered RST (device not listening)
inline constexpr std::string_view kPskHandshakeAlert = "psk_handshake_alert";      // TLS alert after ClientKeyExchange (PPS mismatch)
inline constexpr std::string_view kPkiCertificateAlert = "pki_certificate_alert";  // certificate alert (chain, hash, suffix)

// Version limits (reference §9, the seed's notes).
inline constexpr std::string_view kVersionNoRemoteConfiguration = "version_no_remote_configuration";  // 2.0/2.1/2.5
inline constexpr std::string_view kVersionNeedsScs321 = "version_needs_scs_3_2_1";  // 2.2/2.6 RCFG with an older SCS
inline constexpr std::string_view kVersionNoPsk = "version_no_psk";                  // AMT 11.0 and later
inline constexpr std::string_view kVersionUnknown = "version_unknown";               // not in the version table

// Healthy outcomes the doctor reports as such.
inline constexpr std::string_view kHealthy = "healthy";                        // operational, nothing to fix
inline constexpr std::string_view kRecoveredAfterFailures = "recovered_after_failures";  // operational after failed attempts
inline constexpr std::string_view kSlowDevice = "slow_device";      // operational, but each call took seconds
inline constexpr std::string_view kNothingFound = "nothing_found";  // every check passed; not yet operational

}  // namespace openscs::diagnose::causes
