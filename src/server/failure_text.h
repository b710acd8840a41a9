#pragma once

// Cause and fix, in an admin's words, for each error code a provisioning
// attempt can end with (the server's own codes below, and the session's in
// provision/error_codes.h). Written into the log entry that ends a failed
// attempt. The texts are the knowledge base's (kb/errors.json, read through
// src/kb, the same entries `openscs explain` shows): the first cause (or the
// meaning) and the first fix.

#include <string_view>

namespace openscs::server {

// Codes the server itself decides before or after talking to the device.
inline constexpr std::string_view kPidNotFound = "pid_not_found";
inline constexpr std::string_view kPidRevoked = "pid_revoked";
inline constexpr std::string_view kPkiNoMatchingRoot = "pki_no_matching_root";
inline constexpr std::string_view kPkiDomainMismatch = "pki_domain_mismatch";
inline constexpr std::string_view kPkiCertificateExpired = "pki_certificate_expired";
inline constexpr std::string_view kHostNameInvalid = "host_name_invalid";
inline constexpr std::string_view kSecretUnreadable = "secret_unreadable";
inline constexpr std::string_view kVerifyFailed = "verify_failed";
inline constexpr std::string_view kStoreError = "store_error";

struct FailureText {
  std::string_view cause;
  std::string_view fix;
};

// Never null, and valid for the whole program; a code without a knowledge
// base entry gets a generic text pointing at the trace. Thread-safe.
const FailureText& DescribeFailure(std::string_view code);

}  // namespace openscs::server
