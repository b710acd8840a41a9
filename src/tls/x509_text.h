#pragma once

// Small readers of X.509 certificates shared by the tls module's .cc files
// (not part of its interface): names as text, digests as hex, times.

#include <openssl/x509.h>

#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"

namespace openscs::tls::internal {

// RFC 2253 text of the subject / issuer: "CN=scs.corp.example.com,OU=...".
std::string SubjectText(X509* cert);
std::string IssuerText(X509* cert);

// The UTF-8 values of every subject entry with `nid`, in order.
std::vector<std::string> SubjectEntries(X509* cert, int nid);

// Lower-case hex of the certificate's DER digest under `md`.
std::string DigestHex(X509* cert, const EVP_MD* md);

// The dotted OIDs of the extended key usage extension, in order; empty
// when there is none.
std::vector<std::string> ExtendedKeyUsageOids(X509* cert);

// An ASN1_TIME as a time point (the epoch when it cannot be read).
base::TimePoint ToTimePoint(const ASN1_TIME* time);

// The reason of the newest OpenSSL error, or `fallback`; clears the queue.
std::string TakeOpensslError(std::string_view fallback);

}  // namespace openscs::tls::internal
