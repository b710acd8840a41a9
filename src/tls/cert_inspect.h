#pragma once

// Reading and judging a provisioning certificate before any device sees it
// (reference §5.3): what `openscs certs import`, the web console and the
// doctor show an administrator. A device only ever says "no"; this says why,
// one finding per requirement the certificate misses.
//
// Private keys and passwords never appear in a Status, a note or a finding.

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "tls/default_roots.h"
#include "tls/provisioning_cert.h"
#include "tls/x509_ptr.h"

namespace openscs::tls {

// A certificate chain and the leaf's private key, as loaded from a file.
struct CertificateBundle {
  // Leaf first, then each certificate's issuer as far as the input goes
  // (ideally up to and including the self-signed root). Never empty.
  std::vector<X509Ptr> chain;
  PkeyPtr key;  // the leaf's private key; never null from LoadProvisioningCertificate
  // What loading did that the administrator should know: certificates left
  // out because they are not in the leaf's chain, PEM blocks ignored, the
  // legacy OpenSSL provider loaded. No secrets.
  std::vector<std::string> notes;
};

// Loads a chain and its key from `file`, which is either
//  - PEM: certificates and a private key in any order (PKCS#8, encrypted
//    PKCS#8, or traditional RSA/EC), other blocks ignored; or
//  - PKCS#12 (PFX), with its chain.
// `key_file`, when not empty, is more PEM (typically the key on its own).
// `password` opens an encrypted PEM key or the PKCS#12 file (nullopt: none;
// a PKCS#12 file with no password is tried with "" and with none).
//
// The leaf is the certificate that issued no other (when several qualify,
// the one the key belongs to); the chain follows issuer names from it, and
// certificates off that path are left out with a note. PKCS#12 files from
// Windows often encrypt with RC2 or 3DES: when the file cannot be read
// otherwise, OpenSSL's "legacy" provider is loaded into the default library
// context (once per process; it stays loaded) and a note says so.
//
// Errors (InvalidArgument unless said), naming the part of the input:
//  - neither PEM nor PKCS#12; no certificate; a PEM block that does not parse;
//  - no private key; an encrypted key or PKCS#12 with no password
//    (FailedPrecondition) or the wrong one (PermissionDenied);
//  - the key matches no leaf candidate, or the leaf cannot be told apart.
base::Result<CertificateBundle> LoadProvisioningCertificate(std::span<const std::byte> file,
                                                            const std::optional<std::string>& password,
                                                            std::span<const std::byte> key_file = {});

enum class Severity { kWarning, kInfo };

// One requirement of reference §5.3 the certificate misses.
struct Finding {
  Severity severity = Severity::kWarning;
  // Stable: "missing_server_auth", "not_setup_certificate", "chain_broken"
  // (the CertRefusalName of the same rule), "cn_not_fqdn",
  // "root_not_self_signed", "root_missing", "not_yet_valid", "expired",
  // "expires_soon", "root_hash_not_default" (kInfo).
  std::string code;
  std::string message;  // names the certificate and what to do
};

struct ChainEntry {
  std::string subject;  // RFC 2253 text: "CN=scs.corp.example.com,OU=..."
  std::string issuer;
  std::string sha1;  // of this certificate, lower-case hex
  base::TimePoint not_before;
  base::TimePoint not_after;
};

struct CertificateReport {
  std::vector<ChainEntry> chain;  // leaf first, as in the bundle
  std::string leaf_cn;
  std::string leaf_sha1;  // the certificate's id (store::CertificateRecord::id)
  // Hashes of the last certificate of the chain (the root, when the chain
  // is complete): what a device must have among its enabled hashes.
  std::string root_sha1, root_sha256, root_sha384;
  std::vector<std::string> eku_oids;              // the leaf's, dotted, in certificate order
  std::vector<std::string> organizational_units;  // the leaf's subject OUs, in order
  base::TimePoint not_before;                     // the leaf's
  base::TimePoint not_after;
  std::vector<Finding> findings;  // chain, then leaf rules, then validity, then root hash
  // What tls::CheckProvisioningChain (the simulated device's check) says
  // for a device that has the root's SHA-1 enabled and whose domain is the
  // leaf CN's parent domain: a second opinion from the same code the
  // simulator runs.
  CertCheckResult device_check;

  // True when a finding of kWarning severity is present.
  bool HasWarnings() const;
};

struct InspectOptions {
  // Expiry closer than this is a finding ("expires_soon"). Default 30 days.
  std::chrono::hours expiry_warning{24 * 30};
  // Root SHA-1s (lower-case hex) devices trust without a custom hash; a root
  // not among them is an info finding. Default: the legacy firmware's
  // (tls/default_roots.h).
  std::vector<std::string> default_root_sha1s = LegacyDefaultRootSha1s();
};

// The report of `bundle` at time `now`. Reads only bundle.chain (not
// empty), so a chain read back from the store, without its key, will do.
// Pure over the certificates.
CertificateReport Inspect(const CertificateBundle& bundle, base::TimePoint now, const InspectOptions& options = {});

// A time as reports write it: "2025-06-01T12:00:00Z".
std::string FormatCertificateTime(base::TimePoint time);

}  // namespace openscs::tls
