// LoadProvisioningCertificate (cert_inspect.h): PEM and PKCS#12 input, leaf
// and chain order, the key check.

#include "tls/cert_inspect.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cstring>
#include <mutex>

#include <fmt/format.h>

#include "base/hex.h"
#include "tls/x509_text.h"

namespace openscs::tls {
namespace {

using internal::SubjectText;
using internal::TakeOpensslError;

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;

BioPtr ReadOnlyBio(std::string_view text) {
  return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

// Everything found in the input, before the chain is put in order.
struct Collected {
  std::vector<X509Ptr> certs;
  std::vector<PkeyPtr> keys;
  std::vector<std::string> notes;
};

struct PasswordState {
  const std::optional<std::string>* password;
  bool asked = false;
};

// OpenSSL asks this for an encrypted PEM key. Without it, OpenSSL would
// prompt on the terminal.
int PemPassword(char* buffer, int size, int /*rwflag*/, void* user) {
  auto* state = static_cast<PasswordState*>(user);
  state->asked = true;
  if (!state->password->has_value()) return -1;
  const std::string& password = **state->password;
  if (password.size() > static_cast<size_t>(size)) return -1;
  std::memcpy(buffer, password.data(), password.size());
  return static_cast<int>(password.size());
}

base::Status ReadPemKey(std::string_view block, const std::string& where, const std::optional<std::string>& password,
                        Collected& out) {
  PasswordState state{&password};
  PkeyPtr key(PEM_read_bio_PrivateKey(ReadOnlyBio(block).get(), nullptr, PemPassword, &state));
  if (key) {
    out.keys.push_back(std::move(key));
    return base::Status::Ok();
  }
  const std::string reason = TakeOpensslError("unreadable");
  if (state.asked && !password) {
    return base::FailedPrecondition(fmt::format("the private key ({}) is encrypted: give its password", where));
  }
  if (state.asked) return base::PermissionDenied(fmt::format("wrong password for the private key ({})", where));
  return base::InvalidArgument(fmt::format("the private key ({}) does not parse: {}", where, reason));
}

base::Status ReadPemCertificate(std::string_view block, std::string_view label, const std::string& where,
                                Collected& out) {
  BioPtr bio = ReadOnlyBio(block);
  X509* cert = label == "TRUSTED CERTIFICATE" ? PEM_read_bio_X509_AUX(bio.get(), nullptr, nullptr, nullptr)
                                              : PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
  if (cert == nullptr) {
    return base::InvalidArgument(
        fmt::format("the certificate ({}) does not parse: {}", where, TakeOpensslError("unreadable")));
  }
  out.certs.emplace_back(cert);
  return base::Status::Ok();
}

// Splits PEM text into its blocks and reads each by its label.
base::Status CollectPem(std::string_view text, std::string_view source, const std::optional<std::string>& password,
                        Collected& out) {
  constexpr std::string_view kBegin = "-----BEGIN ";
  size_t pos = 0;
  for (int index = 1;; ++index) {
    const size_t begin = text.find(kBegin, pos);
    if (begin == std::string_view::npos) return base::Status::Ok();
    const size_t label_end = text.find("-----", begin + kBegin.size());
    if (label_end == std::string_view::npos) {
      return base::InvalidArgument(fmt::format("PEM block {} of the {} has a broken BEGIN line", index, source));
    }
    const std::string label(text.substr(begin + kBegin.size(), label_end - begin - kBegin.size()));
    const std::string end_line = fmt::format("-----END {}-----", label);
    const size_t end = text.find(end_line, label_end);
    if (end == std::string_view::npos) {
      return base::InvalidArgument(fmt::format("PEM block {} ({}) of the {} has no END line", index, label, source));
    }
    pos = end + end_line.size();
    const std::string_view block = text.substr(begin, pos - begin);
    const std::string where = fmt::format("PEM block {} of the {}", index, source);
    base::Status status;
    if (label == "CERTIFICATE" || label == "X509 CERTIFICATE" || label == "TRUSTED CERTIFICATE") {
      status = ReadPemCertificate(block, label, where, out);
    } else if (label.ends_with("PRIVATE KEY")) {
      status = ReadPemKey(block, where, password, out);
    } else {
      out.notes.push_back(fmt::format("ignored {} ({})", where, label));
    }
    if (!status.ok()) return status;
  }
}

// Windows exports PKCS#12 with RC2-40 (and 3DES), which OpenSSL 3 keeps in
// its legacy provider. Loading it into the default context is what
// `openssl pkcs12 -legacy` does; default is loaded first so that explicitly
// loading legacy does not displace it.
// The providers stay loaded for the life of the process (held here, so leak
// checkers see them reachable).
bool LoadLegacyProvider() {
  static OSSL_PROVIDER* default_provider = nullptr;
  static OSSL_PROVIDER* legacy_provider = nullptr;
  static std::once_flag once;
  std::call_once(once, [] {
    default_provider = OSSL_PROVIDER_load(nullptr, "default");
    legacy_provider = OSSL_PROVIDER_load(nullptr, "legacy");
  });
  return default_provider != nullptr && legacy_provider != nullptr;
}

struct Pkcs12Free {
  void operator()(PKCS12* p) const { PKCS12_free(p); }
};

// The password that verifies the file's MAC (nullptr is "no password",
// distinct from ""), or the error to report.
base::Result<const char*> Pkcs12Password(PKCS12* p12, const std::optional<std::string>& password) {
  if (password) {
    if (!PKCS12_mac_present(p12) || PKCS12_verify_mac(p12, password->c_str(), -1) == 1) return password->c_str();
    ERR_clear_error();
    return base::PermissionDenied("wrong password for the PKCS#12 file (its MAC does not verify)");
  }
  if (!PKCS12_mac_present(p12) || PKCS12_verify_mac(p12, "", 0) == 1) return "";
  if (PKCS12_verify_mac(p12, nullptr, 0) == 1) return static_cast<const char*>(nullptr);
  ERR_clear_error();
  return base::FailedPrecondition("the PKCS#12 file is password-protected: give its password");
}

base::Status CollectPkcs12(std::span<const std::byte> bytes, const std::optional<std::string>& password,
                           Collected& out) {
  std::unique_ptr<PKCS12, Pkcs12Free> p12(d2i_PKCS12_bio(ReadOnlyBio(base::AsChars(bytes)).get(), nullptr));
  if (!p12) {
    ERR_clear_error();
    return base::InvalidArgument("the file is neither PEM nor PKCS#12 (PFX)");
  }
  auto pass = Pkcs12Password(p12.get(), password);
  if (!pass) return pass.error();
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  STACK_OF(X509)* ca = nullptr;
  bool parsed = PKCS12_parse(p12.get(), *pass, &key, &cert, &ca) == 1;
  if (!parsed) {
    const std::string reason = TakeOpensslError("unreadable");
    if (LoadLegacyProvider()) parsed = PKCS12_parse(p12.get(), *pass, &key, &cert, &ca) == 1;
    if (!parsed) {
      return base::InvalidArgument(fmt::format("the PKCS#12 file cannot be read: {}", TakeOpensslError(reason)));
    }
    out.notes.push_back(
        "the PKCS#12 file uses legacy encryption (RC2/3DES, as Windows exports): loaded OpenSSL's legacy provider "
        "to read it");
  }
  if (key != nullptr) out.keys.emplace_back(key);
  if (cert != nullptr) out.certs.emplace_back(cert);
  for (int i = 0; ca != nullptr && i < sk_X509_num(ca); ++i) out.certs.emplace_back(sk_X509_value(ca, i));
  sk_X509_free(ca);  // the certificates now belong to out.certs
  return base::Status::Ok();
}

bool Issued(X509* issuer, X509* subject) { return X509_check_issued(issuer, subject) == X509_V_OK; }
bool SignedBy(X509* subject, X509* issuer) { return X509_verify(subject, X509_get0_pubkey(issuer)) == 1; }
bool KeyFits(X509* cert, EVP_PKEY* key) {
  const bool fits = X509_check_private_key(cert, key) == 1;
  ERR_clear_error();
  return fits;
}

void DropDuplicates(std::vector<X509Ptr>& certs) {
  for (size_t i = 0; i < certs.size(); ++i) {
    for (size_t j = certs.size(); j-- > i + 1;) {
      if (X509_cmp(certs[i].get(), certs[j].get()) == 0) certs.erase(certs.begin() + static_cast<ptrdiff_t>(j));
    }
  }
}

// The index of the leaf: the certificate that issued no other, preferring
// the one the key fits when several qualify.
base::Result<size_t> FindLeaf(const std::vector<X509Ptr>& certs, const std::vector<PkeyPtr>& keys) {
  std::vector<size_t> candidates;
  for (size_t i = 0; i < certs.size(); ++i) {
    bool issued_another = false;
    for (size_t j = 0; j < certs.size(); ++j) {
      if (i != j && Issued(certs[i].get(), certs[j].get())) issued_another = true;
    }
    if (!issued_another) candidates.push_back(i);
  }
  if (candidates.empty()) {  // every certificate issued another: a loop of cross-signatures
    for (size_t i = 0; i < certs.size(); ++i) candidates.push_back(i);
  }
  for (size_t c : candidates) {
    for (const auto& key : keys) {
      if (KeyFits(certs[c].get(), key.get())) return c;
    }
  }
  if (candidates.size() == 1) {
    return base::InvalidArgument(fmt::format("the private key does not match the leaf certificate '{}'",
                                             SubjectText(certs[candidates.front()].get())));
  }
  std::string names;
  for (size_t c : candidates) names += fmt::format("{}'{}'", names.empty() ? "" : ", ", SubjectText(certs[c].get()));
  return base::InvalidArgument(
      fmt::format("cannot tell the leaf: {} certificates issued no other ({}) and the private key matches none of them",
                  candidates.size(), names));
}

// Puts the chain in order from the leaf and says what was left out.
CertificateBundle Order(Collected collected, size_t leaf) {
  CertificateBundle bundle;
  bundle.notes = std::move(collected.notes);
  std::vector<X509Ptr>& pool = collected.certs;
  bundle.chain.push_back(std::move(pool[leaf]));
  pool.erase(pool.begin() + static_cast<ptrdiff_t>(leaf));
  while (!Issued(bundle.chain.back().get(), bundle.chain.back().get())) {
    X509* current = bundle.chain.back().get();
    auto best = pool.end();
    for (auto it = pool.begin(); it != pool.end(); ++it) {
      if (!Issued(it->get(), current)) continue;
      if (best == pool.end() || SignedBy(current, it->get())) best = it;
    }
    if (best == pool.end()) break;
    bundle.chain.push_back(std::move(*best));
    pool.erase(best);
  }
  for (const auto& extra : pool) {
    bundle.notes.push_back(fmt::format("left out '{}': it is not in the chain of '{}'", SubjectText(extra.get()),
                                       SubjectText(bundle.chain.front().get())));
  }
  X509* leaf_cert = bundle.chain.front().get();
  size_t others = 0;
  for (auto& key : collected.keys) {
    if (!bundle.key && KeyFits(leaf_cert, key.get())) {
      bundle.key = std::move(key);
    } else {
      ++others;
    }
  }
  if (others > 0)
    bundle.notes.push_back(fmt::format("ignored {} private key(s) that do not belong to the leaf", others));
  return bundle;
}

}  // namespace

base::Result<CertificateBundle> LoadProvisioningCertificate(std::span<const std::byte> file,
                                                            const std::optional<std::string>& password,
                                                            std::span<const std::byte> key_file) {
  Collected collected;
  const std::string_view text = base::AsChars(file);
  base::Status status = text.find("-----BEGIN ") != std::string_view::npos
                            ? CollectPem(text, "file", password, collected)
                            : CollectPkcs12(file, password, collected);
  if (status.ok() && !key_file.empty()) status = CollectPem(base::AsChars(key_file), "key file", password, collected);
  if (!status.ok()) return status;

  DropDuplicates(collected.certs);
  if (collected.certs.empty()) return base::InvalidArgument("no certificate found");
  if (collected.keys.empty()) {
    return base::InvalidArgument(
        "no private key found: this server presents the certificate to devices, so it needs the leaf's private key");
  }
  auto leaf = FindLeaf(collected.certs, collected.keys);
  if (!leaf) return leaf.error();
  return Order(std::move(collected), *leaf);
}

}  // namespace openscs::tls
