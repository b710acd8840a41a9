#pragma once

// Creates keys and certificates: the simulated device's self-signed TLS
// certificate, private provisioning-certificate chains for demos and tests
// (a private root whose hash a simulated device is told to trust), and PEM
// encoding. Real deployments import certificates bought from a CA instead.

#include <chrono>
#include <string>
#include <vector>

#include "base/status.h"
#include "tls/x509_ptr.h"

namespace openscs::tls {

// A fresh RSA key (2048 bits by default; 1024 makes tests faster).
base::Result<PkeyPtr> MakeRsaKey(int bits = 2048);

struct CertSpec {
  std::string common_name;
  std::vector<std::string> organizational_units;
  bool is_ca = false;
  bool server_auth = false;        // EKU serverAuth
  bool client_auth = false;        // EKU clientAuth
  bool intel_setup_oid = false;    // EKU 2.16.840.1.113741.1.2.3
  std::chrono::seconds not_before_offset{-3600};          // relative to now
  std::chrono::seconds not_after_offset{3600 * 24 * 365};  // relative to now
  long serial = 1;
};

// Signs a certificate for `key` with `issuer_key`; self-signed when `issuer`
// is null.
base::Result<X509Ptr> MakeCertificate(const CertSpec& spec, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key);

std::string ToPem(X509* cert);
std::string ToPem(EVP_PKEY* key);  // unencrypted PKCS#8: callers keep it out of logs
base::Result<std::vector<X509Ptr>> CertificatesFromPem(std::string_view pem);
base::Result<PkeyPtr> KeyFromPem(std::string_view pem);

}  // namespace openscs::tls
