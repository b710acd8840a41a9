#pragma once

// The checks an Intel AMT device applies to the certificate chain a server
// presents for PKI Remote Configuration (reference §5.3), as one function
// shared by the simulated device (which refuses the handshake) and the
// server's `certs import` (which warns before any device sees the chain).
//
// Requirements, each refused with its own reason:
//  1. a chain is presented, leaf first, ending in a self-signed root;
//  2. every link verifies (the device cannot fetch intermediates);
//  3. the root's hash (of the algorithm of the listed entry) is an enabled hash;
//  4. the leaf is valid at `now`;
//  5. the leaf's EKU contains serverAuth (1.3.6.1.5.5.7.3.1);
//  6. the leaf's EKU contains the Intel OID 2.16.840.1.113741.1.2.3, or its
//     subject OU is exactly "Intel(R) Client Setup Certificate";
//  7. the leaf's CN is an FQDN under the device's domain (AMT 2.6+: for .com
//     and .net, the last two labels suffice).

#include <openssl/types.h>

#include <span>
#include <string>
#include <vector>

#include "base/clock.h"
#include "protocol/hello/hello.h"

namespace openscs::tls {

enum class CertRefusal {
  kNone,
  kNoCertificate,
  kChainBroken,
  kRootHashNotEnabled,
  kNotValidNow,
  kMissingServerAuth,
  kNotSetupCertificate,
  kDomainMismatch,
};

// Stable names for logs and error codes: "root_hash_not_enabled", ...
const char* CertRefusalName(CertRefusal refusal);

inline constexpr const char* kIntelSetupOid = "2.16.840.1.113741.1.2.3";
inline constexpr const char* kIntelSetupOu = "Intel(R) Client Setup Certificate";

struct CertCheckInput {
  std::vector<hello::CertificateHash> enabled_hashes;
  std::string device_domain;       // PKI DNS suffix if set, else DHCP option 15
  bool two_label_match = false;    // AMT 2.6+
  base::TimePoint now;
};

struct CertCheckResult {
  CertRefusal refusal = CertRefusal::kNone;
  std::string detail;       // human-readable reason, no secrets
  std::string leaf_cn;
  std::string root_sha1;    // hex
  std::string root_sha256;  // hex
  bool ok() const { return refusal == CertRefusal::kNone; }
};

// `chain` is leaf first, as sent in the TLS Certificate message. The
// certificates are borrowed.
CertCheckResult CheckProvisioningChain(std::span<X509* const> chain, const CertCheckInput& input);

// Whether `cn`'s domain part matches `domain` under the rules above (exposed
// for the doctor and for tests).
bool CnMatchesDomain(std::string_view cn, std::string_view domain, bool two_label_match);

}  // namespace openscs::tls
