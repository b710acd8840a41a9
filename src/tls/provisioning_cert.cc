#include "tls/provisioning_cert.h"

#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <memory>

#include <fmt/format.h>

#include "base/hex.h"

namespace openscs::tls {
namespace {

struct StoreDeleter {
  void operator()(X509_STORE* s) const { X509_STORE_free(s); }
};
struct StoreCtxDeleter {
  void operator()(X509_STORE_CTX* c) const { X509_STORE_CTX_free(c); }
};
struct StackDeleter {
  void operator()(STACK_OF(X509) * s) const { sk_X509_free(s); }
};
struct EkuDeleter {
  void operator()(EXTENDED_KEY_USAGE* e) const { EXTENDED_KEY_USAGE_free(e); }
};

std::vector<std::byte> Digest(X509* cert, const EVP_MD* md) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int len = 0;
  X509_digest(cert, md, out.data(), &len);
  const auto* begin = reinterpret_cast<const std::byte*>(out.data());
  return {begin, begin + len};
}

const EVP_MD* MdFor(hello::HashAlgorithm algorithm) {
  switch (algorithm) {
    case hello::HashAlgorithm::kSha1: return EVP_sha1();
    case hello::HashAlgorithm::kSha256: return EVP_sha256();
    case hello::HashAlgorithm::kSha384: return EVP_sha384();
  }
  return EVP_sha1();
}

std::string NameEntry(X509* cert, int nid) {
  X509_NAME* name = X509_get_subject_name(cert);
  const int index = X509_NAME_get_index_by_NID(name, nid, -1);
  if (index < 0) return {};
  ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  const int len = ASN1_STRING_to_UTF8(&utf8, data);
  if (len < 0) return {};
  std::string out(reinterpret_cast<char*>(utf8), static_cast<size_t>(len));
  OPENSSL_free(utf8);
  return out;
}

bool HasOu(X509* cert, std::string_view wanted) {
  X509_NAME* name = X509_get_subject_name(cert);
  for (int i = X509_NAME_get_index_by_NID(name, NID_organizationalUnitName, -1); i >= 0;
       i = X509_NAME_get_index_by_NID(name, NID_organizationalUnitName, i)) {
    ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
    const std::string_view text(reinterpret_cast<const char*>(ASN1_STRING_get0_data(data)),
                                static_cast<size_t>(ASN1_STRING_length(data)));
    if (text == wanted) return true;
  }
  return false;
}

struct Eku {
  bool server_auth = false;
  bool intel_setup = false;
};

Eku ReadEku(X509* cert) {
  Eku eku;
  std::unique_ptr<EXTENDED_KEY_USAGE, EkuDeleter> usages(
      static_cast<EXTENDED_KEY_USAGE*>(X509_get_ext_d2i(cert, NID_ext_key_usage, nullptr, nullptr)));
  if (!usages) return eku;
  for (int i = 0; i < sk_ASN1_OBJECT_num(usages.get()); ++i) {
    ASN1_OBJECT* obj = sk_ASN1_OBJECT_value(usages.get(), i);
    std::array<char, 128> oid{};
    OBJ_obj2txt(oid.data(), static_cast<int>(oid.size()), obj, 1);
    const std::string_view text(oid.data());
    if (text == "1.3.6.1.5.5.7.3.1") eku.server_auth = true;
    if (text == kIntelSetupOid) eku.intel_setup = true;
  }
  return eku;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string_view> Labels(std::string_view name) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= name.size()) {
    const size_t dot = name.find('.', start);
    out.push_back(name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return out;
}

CertCheckResult Refuse(CertCheckResult r, CertRefusal refusal, std::string detail) {
  r.refusal = refusal;
  r.detail = std::move(detail);
  return r;
}

}  // namespace

const char* CertRefusalName(CertRefusal refusal) {
  switch (refusal) {
    case CertRefusal::kNone: return "ok";
    case CertRefusal::kNoCertificate: return "no_certificate";
    case CertRefusal::kChainBroken: return "chain_broken";
    case CertRefusal::kRootHashNotEnabled: return "root_hash_not_enabled";
    case CertRefusal::kNotValidNow: return "not_valid_now";
    case CertRefusal::kMissingServerAuth: return "missing_server_auth";
    case CertRefusal::kNotSetupCertificate: return "not_setup_certificate";
    case CertRefusal::kDomainMismatch: return "domain_mismatch";
  }
  return "unknown";
}

bool CnMatchesDomain(std::string_view cn_in, std::string_view domain_in, bool two_label_match) {
  std::string cn = Lower(cn_in);
  std::string domain = Lower(domain_in);
  if (!domain.empty() && domain.back() == '.') domain.pop_back();
  if (domain.empty()) return false;
  const auto cn_labels = Labels(cn);
  if (cn_labels.size() < 2) return false;  // not an FQDN
  const std::string cn_domain = cn.substr(cn_labels.front().size() + 1);
  if (cn_domain == domain || cn_domain.ends_with("." + domain)) return true;
  if (two_label_match && (domain.ends_with(".com") || domain.ends_with(".net") || domain == "com" || domain == "net")) {
    const auto d = Labels(domain);
    const auto c = Labels(cn_domain);
    if (d.size() >= 2 && c.size() >= 2) {
      return d[d.size() - 1] == c[c.size() - 1] && d[d.size() - 2] == c[c.size() - 2];
    }
  }
  return false;
}

CertCheckResult CheckProvisioningChain(std::span<X509* const> chain, const CertCheckInput& input) {
  CertCheckResult r;
  if (chain.empty()) return Refuse(r, CertRefusal::kNoCertificate, "the server presented no certificate");
  X509* leaf = chain.front();
  X509* root = chain.back();
  r.leaf_cn = NameEntry(leaf, NID_commonName);
  r.root_sha1 = base::ToHex(Digest(root, EVP_sha1()));
  r.root_sha256 = base::ToHex(Digest(root, EVP_sha256()));

  if (X509_check_issued(root, root) != X509_V_OK) {
    return Refuse(r, CertRefusal::kChainBroken,
                  "the chain does not end in a self-signed root: the device cannot fetch the rest");
  }

  // 3. The presented root must be one the device trusts by hash.
  bool trusted = false;
  for (const auto& h : input.enabled_hashes) {
    if (Digest(root, MdFor(h.algorithm)) == h.digest) trusted = true;
  }
  if (!trusted) {
    return Refuse(r, CertRefusal::kRootHashNotEnabled,
                  fmt::format("root certificate hash (SHA-1 {}) is not among the device's {} enabled hashes",
                              r.root_sha1, input.enabled_hashes.size()));
  }

  // 2 and 4: verify the links against that root only, at the device's time.
  std::unique_ptr<X509_STORE, StoreDeleter> store(X509_STORE_new());
  X509_STORE_add_cert(store.get(), root);
  std::unique_ptr<STACK_OF(X509), StackDeleter> untrusted(sk_X509_new_null());
  for (size_t i = 1; i + 1 < chain.size(); ++i) sk_X509_push(untrusted.get(), chain[i]);
  std::unique_ptr<X509_STORE_CTX, StoreCtxDeleter> ctx(X509_STORE_CTX_new());
  X509_STORE_CTX_init(ctx.get(), store.get(), leaf, untrusted.get());
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  X509_VERIFY_PARAM_set_time(param, std::chrono::system_clock::to_time_t(input.now));
  if (X509_verify_cert(ctx.get()) != 1) {
    const int err = X509_STORE_CTX_get_error(ctx.get());
    const bool time_error = err == X509_V_ERR_CERT_NOT_YET_VALID || err == X509_V_ERR_CERT_HAS_EXPIRED;
    return Refuse(r, time_error ? CertRefusal::kNotValidNow : CertRefusal::kChainBroken,
                  fmt::format("chain verification failed at depth {}: {}", X509_STORE_CTX_get_error_depth(ctx.get()),
                              X509_verify_cert_error_string(err)));
  }

  const Eku eku = ReadEku(leaf);
  if (!eku.server_auth) {
    return Refuse(r, CertRefusal::kMissingServerAuth, "certificate lacks the serverAuth extended key usage");
  }
  if (!eku.intel_setup && !HasOu(leaf, kIntelSetupOu)) {
    return Refuse(r, CertRefusal::kNotSetupCertificate,
                  fmt::format("certificate has neither the Intel OID {} nor OU \"{}\"", kIntelSetupOid, kIntelSetupOu));
  }
  if (!CnMatchesDomain(r.leaf_cn, input.device_domain, input.two_label_match)) {
    return Refuse(r, CertRefusal::kDomainMismatch,
                  fmt::format("certificate CN '{}' is not under the device's domain '{}'", r.leaf_cn,
                              input.device_domain));
  }
  return r;
}

}  // namespace openscs::tls
