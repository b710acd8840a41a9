#pragma once

// The stable codes a provisioning session ends with (Outcome::code). They
// are keys: logs, the console and the knowledge base of causes and fixes
// (a later issue) look them up by name, so a code never changes meaning and
// is never reused. Add new ones at the end of their group.

#include <string_view>

namespace openscs::provision::codes {

inline constexpr std::string_view kOk = "ok";  // provisioned (Provision) or verified (Verify)

// The caller's input, before any packet is sent.
inline constexpr std::string_view kInvalidInput = "invalid_input";  // malformed PID/PPS, PEM, empty password

// TCP.
inline constexpr std::string_view kConnectRefused = "connect_refused";  // nothing listens: port closed, not in Setup Mode, wrong address
inline constexpr std::string_view kConnectTimeout = "connect_timeout";  // no answer: host down, filtered port, wrong subnet
inline constexpr std::string_view kConnectFailed = "connect_failed";    // any other connect error (unreachable network, name lookup)

// TLS.
inline constexpr std::string_view kTlsPskMismatch = "tls_psk_mismatch";          // device has another PPS for this PID
inline constexpr std::string_view kTlsUnknownIdentity = "tls_unknown_identity";  // device does not know the PID
inline constexpr std::string_view kPkiCertificateRefused = "pki_certificate_refused";  // device refused the provisioning chain (root hash, OU/OID, CN suffix, expiry)
inline constexpr std::string_view kTlsVersionRefused = "tls_version_refused";    // no common TLS version (TLS 1.0 firmware without allow_tls10)
inline constexpr std::string_view kTlsTimeout = "tls_timeout";                   // TCP connected but the handshake never finished
inline constexpr std::string_view kTlsFailed = "tls_failed";                     // any other handshake failure (e.g. no shared cipher)

// HTTP and the calls.
inline constexpr std::string_view kDigestRejected = "digest_rejected";  // no Digest password tried was accepted
inline constexpr std::string_view kSoapFault = "soap_fault";            // a legacy SOAP call answered with a Fault
inline constexpr std::string_view kWsmanFault = "wsman_fault";          // a WS-Man call answered with a Fault
inline constexpr std::string_view kPtStatus = "pt_status";              // a call returned a PT_STATUS other than 0 (message names it)
inline constexpr std::string_view kDataMissingOnCommit = "data_missing_on_commit";  // CommitChanges returned 0x809
inline constexpr std::string_view kStepTimeout = "step_timeout";        // a step (before CommitChanges) got no reply within its deadline
inline constexpr std::string_view kConnectionDropped = "connection_dropped";  // drops before CommitChanges outlasted the retries
inline constexpr std::string_view kCommitUnconfirmed = "commit_unconfirmed";  // CommitChanges sent, no answer: run Verify
inline constexpr std::string_view kUnexpectedResponse = "unexpected_response";  // a reply that does not fit (HTTP status, unparsable, no version)

// Device state.
inline constexpr std::string_view kNotInSetupMode = "not_in_setup_mode";  // Provision: the device says it is already provisioned
inline constexpr std::string_view kNotProvisioned = "not_provisioned";    // Verify: reachable with the new credentials but not in post-provisioning

}  // namespace openscs::provision::codes
