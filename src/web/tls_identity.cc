#include "web/tls_identity.h"

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "base/hex.h"
#include "secrets/vault.h"
#include "store/settings.h"
#include "store/store.h"
#include "tls/cert_factory.h"

namespace openscs::web {
namespace {

using store::kWebTlsCertSetting;
using store::kWebTlsKeySealedSetting;

base::Result<std::string> ReadFile(const std::string& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return base::IoError(fmt::format("{}: cannot read {}", what, path));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Parses both, checks they belong together, and fingerprints the leaf.
base::Result<TlsIdentity> Check(std::string chain_pem, std::string key_pem, std::string_view where) {
  auto chain = tls::CertificatesFromPem(chain_pem);
  if (!chain || chain->empty()) return base::InvalidArgument(fmt::format("{}: no PEM certificate", where));
  auto key = tls::KeyFromPem(key_pem);
  if (!key) return base::InvalidArgument(fmt::format("{}: the key is not a PEM private key", where));
  if (X509_check_private_key(chain->front().get(), key->get()) != 1) {
    return base::InvalidArgument(fmt::format("{}: the key does not belong to the certificate", where));
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  X509_digest(chain->front().get(), EVP_sha256(), digest, &length);
  std::string fingerprint;
  for (unsigned int i = 0; i < length; ++i) fingerprint += fmt::format("{}{:02X}", i ? ":" : "", digest[i]);
  return TlsIdentity{std::move(chain_pem), std::move(key_pem), std::move(fingerprint), false};
}

}  // namespace

base::Result<TlsIdentity> LoadTlsIdentity(const std::string& cert_file, const std::string& key_file) {
  auto chain = ReadFile(cert_file, "web_tls_cert");
  if (!chain) return chain.error();
  auto key = ReadFile(key_file, "web_tls_key");
  if (!key) return key.error();
  return Check(std::move(*chain), std::move(*key), fmt::format("{} / {}", cert_file, key_file));
}

base::Result<TlsIdentity> LoadOrCreateSelfSigned(store::Store& store, const secrets::Vault& vault,
                                                 const std::string& common_name) {
  auto cert = store.GetSetting(kWebTlsCertSetting);
  if (!cert) return cert.error();
  auto sealed_hex = store.GetSetting(kWebTlsKeySealedSetting);
  if (!sealed_hex) return sealed_hex.error();
  if (*cert && *sealed_hex) {
    auto sealed = base::FromHex(**sealed_hex);
    if (!sealed) return base::DataLoss("web TLS key in the settings is not hex");
    auto key = vault.Open(std::string(reinterpret_cast<const char*>(sealed->data()), sealed->size()));
    if (!key) return base::DataLoss("the stored web TLS key does not open with this key file");
    auto identity = Check(**cert, std::move(*key), "stored web TLS certificate");
    if (identity) identity->generated = true;
    return identity;
  }
  auto key = tls::MakeRsaKey(2048);
  if (!key) return key.error();
  tls::CertSpec spec;
  spec.common_name = common_name;
  spec.server_auth = true;
  spec.not_after_offset = std::chrono::seconds(3600LL * 24 * 825);
  auto made = tls::MakeCertificate(spec, key->get(), nullptr, key->get());
  if (!made) return made.error();
  std::string chain_pem = tls::ToPem(made->get());
  std::string key_pem = tls::ToPem(key->get());
  const store::Sealed sealed = vault.Seal(key_pem);
  const std::string hex = base::ToHex(std::span(reinterpret_cast<const std::byte*>(sealed.data()), sealed.size()));
  if (auto st = store.PutSetting(kWebTlsKeySealedSetting, hex); !st.ok()) return st;
  if (auto st = store.PutSetting(kWebTlsCertSetting, chain_pem); !st.ok()) return st;
  auto identity = Check(std::move(chain_pem), std::move(key_pem), "generated web TLS certificate");
  if (identity) identity->generated = true;
  return identity;
}

}  // namespace openscs::web
