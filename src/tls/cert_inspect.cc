// Inspect (cert_inspect.h): the report and one finding per requirement of
// reference §5.3 that the certificate misses.

#include "tls/cert_inspect.h"

#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <ctime>

#include <fmt/format.h>

#include "base/hex.h"
#include "dns/host_name.h"
#include "tls/x509_text.h"

namespace openscs::tls {
namespace {

using internal::SubjectText;

constexpr std::string_view kServerAuthOid = "1.3.6.1.5.5.7.3.1";

bool Contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

void Warn(CertificateReport& r, std::string_view code, std::string message) {
  r.findings.push_back({Severity::kWarning, std::string(code), std::move(message)});
}

// Each link must verify, and the chain must end in a self-signed root: the
// device cannot fetch what is missing.
void CheckChain(const CertificateBundle& bundle, CertificateReport& r) {
  const auto& chain = bundle.chain;
  for (size_t i = 0; i + 1 < chain.size(); ++i) {
    if (X509_verify(chain[i].get(), X509_get0_pubkey(chain[i + 1].get())) != 1) {
      Warn(r, CertRefusalName(CertRefusal::kChainBroken),
           fmt::format("'{}' is not signed by the next certificate of the chain, '{}' (same name, other key?): "
                       "include the certificate that really issued it",
                       SubjectText(chain[i].get()), SubjectText(chain[i + 1].get())));
    }
  }
  X509* last = chain.back().get();
  if (X509_check_issued(last, last) != X509_V_OK) {
    Warn(r, "root_missing",
         fmt::format("the chain ends at '{}', whose issuer '{}' is not included: add every intermediate and the "
                     "root (the device cannot fetch them)",
                     SubjectText(last), internal::IssuerText(last)));
  } else if (X509_verify(last, X509_get0_pubkey(last)) != 1) {
    Warn(r, "root_not_self_signed",
         fmt::format("'{}' names itself as its issuer but is not signed by its own key: it is not a self-signed "
                     "root",
                     SubjectText(last)));
  }
}

void CheckLeaf(CertificateReport& r) {
  if (!Contains(r.eku_oids, kServerAuthOid)) {
    Warn(r, CertRefusalName(CertRefusal::kMissingServerAuth),
         fmt::format("the leaf's extended key usage lacks serverAuth ({})", kServerAuthOid));
  }
  if (!Contains(r.eku_oids, kIntelSetupOid) && !Contains(r.organizational_units, kIntelSetupOu)) {
    Warn(r, CertRefusalName(CertRefusal::kNotSetupCertificate),
         fmt::format("the leaf has neither the Intel OID {} in its extended key usage nor the OU \"{}\" (exact, "
                     "case-sensitive)",
                     kIntelSetupOid, kIntelSetupOu));
  }
  if (auto fqdn = dns::CheckFqdn(r.leaf_cn); !fqdn.ok()) {
    Warn(r, "cn_not_fqdn",
         fmt::format("the leaf's CN '{}' is not a fully qualified domain name; devices compare its domain with "
                     "their own ({})",
                     r.leaf_cn, fqdn.message()));
  }
}

void CheckValidity(base::TimePoint now, std::chrono::hours expiry_warning, CertificateReport& r) {
  for (const ChainEntry& e : r.chain) {
    if (now < e.not_before) {
      Warn(r, "not_yet_valid",
           fmt::format("'{}' is not valid before {}", e.subject, FormatCertificateTime(e.not_before)));
    } else if (now > e.not_after) {
      Warn(r, "expired", fmt::format("'{}' expired on {}", e.subject, FormatCertificateTime(e.not_after)));
    } else if (e.not_after - now < expiry_warning) {
      const auto days = std::chrono::round<std::chrono::days>(e.not_after - now).count();
      Warn(r, "expires_soon",
           fmt::format("'{}' expires on {}, in {} day(s)", e.subject, FormatCertificateTime(e.not_after), days));
    }
  }
}

// The simulated device's check, set up to pass everything this report
// checks separately (trust, domain), so that it judges the rest the same way.
CertCheckResult DeviceView(const CertificateBundle& bundle, const CertificateReport& r, base::TimePoint now) {
  std::vector<X509*> chain;
  for (const auto& c : bundle.chain) chain.push_back(c.get());
  CertCheckInput input;
  input.enabled_hashes.push_back({hello::HashAlgorithm::kSha1, base::FromHex(r.root_sha1).value()});
  const size_t dot = r.leaf_cn.find('.');
  input.device_domain = dot == std::string::npos ? std::string() : r.leaf_cn.substr(dot + 1);
  input.now = now;
  return CheckProvisioningChain(chain, input);
}

}  // namespace

bool CertificateReport::HasWarnings() const {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return f.severity == Severity::kWarning; });
}

std::string FormatCertificateTime(base::TimePoint time) {
  const std::time_t t = std::chrono::system_clock::to_time_t(time);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::array<char, 32> text{};
  const size_t n = std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return {text.data(), n};
}

CertificateReport Inspect(const CertificateBundle& bundle, base::TimePoint now, const InspectOptions& options) {
  assert(!bundle.chain.empty());
  CertificateReport r;
  for (const auto& cert : bundle.chain) {
    r.chain.push_back({SubjectText(cert.get()), internal::IssuerText(cert.get()),
                       internal::DigestHex(cert.get(), EVP_sha1()),
                       internal::ToTimePoint(X509_get0_notBefore(cert.get())),
                       internal::ToTimePoint(X509_get0_notAfter(cert.get()))});
  }
  X509* leaf = bundle.chain.front().get();
  X509* root = bundle.chain.back().get();
  const auto cns = internal::SubjectEntries(leaf, NID_commonName);
  r.leaf_cn = cns.empty() ? std::string() : cns.front();
  r.leaf_sha1 = r.chain.front().sha1;
  r.root_sha1 = r.chain.back().sha1;
  r.root_sha256 = internal::DigestHex(root, EVP_sha256());
  r.root_sha384 = internal::DigestHex(root, EVP_sha384());
  r.eku_oids = internal::ExtendedKeyUsageOids(leaf);
  r.organizational_units = internal::SubjectEntries(leaf, NID_organizationalUnitName);
  r.not_before = r.chain.front().not_before;
  r.not_after = r.chain.front().not_after;

  CheckChain(bundle, r);
  CheckLeaf(r);
  CheckValidity(now, options.expiry_warning, r);
  if (!Contains(options.default_root_sha1s, r.root_sha1)) {
    r.findings.push_back({Severity::kInfo, "root_hash_not_default",
                          fmt::format("root SHA-1 {} is not one of legacy firmware's default roots: devices must have "
                                      "this hash added as a custom hash (MEBx or setup.bin 2/8)",
                                      r.root_sha1)});
  }
  r.device_check = DeviceView(bundle, r, now);
  return r;
}

}  // namespace openscs::tls
