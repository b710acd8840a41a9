#include "tls/device_tls.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "tls/cert_factory.h"

namespace openscs::tls {
namespace {

int PolicyIndex() {
  static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

DeviceTlsPolicy* PolicyOf(SSL* ssl) { return static_cast<DeviceTlsPolicy*>(SSL_get_ex_data(ssl, PolicyIndex())); }

unsigned int PskServerCallback(SSL* ssl, const char* identity, unsigned char* psk, unsigned int max_psk_len) {
  DeviceTlsPolicy* policy = PolicyOf(ssl);
  if (policy == nullptr || identity == nullptr) return 0;
  const std::string_view id(identity);
  const auto key = policy->PskKeyFor(id);
  if (!key) {
    policy->OnRefused("unknown_psk_identity", fmt::format("PSK identity '{}' is not this device's PID", id));
    return 0;
  }
  if (key->size() > max_psk_len) return 0;
  std::memcpy(psk, key->data(), key->size());
  return static_cast<unsigned int>(key->size());
}

int VerifyErrorFor(CertRefusal refusal) {
  switch (refusal) {
    case CertRefusal::kNoCertificate: return X509_V_ERR_UNSPECIFIED;
    case CertRefusal::kChainBroken: return X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT;
    case CertRefusal::kRootHashNotEnabled: return X509_V_ERR_CERT_UNTRUSTED;
    case CertRefusal::kNotValidNow: return X509_V_ERR_CERT_HAS_EXPIRED;
    case CertRefusal::kMissingServerAuth:
    case CertRefusal::kNotSetupCertificate: return X509_V_ERR_INVALID_PURPOSE;
    case CertRefusal::kDomainMismatch: return X509_V_ERR_HOSTNAME_MISMATCH;
    case CertRefusal::kNone: return X509_V_OK;
  }
  return X509_V_ERR_UNSPECIFIED;
}

// Replaces OpenSSL's chain verification: a device trusts roots by hash, not
// through a trust store, and must accept a serverAuth certificate from a
// client (reference §12, item 12).
int VerifyProvisioningChain(X509_STORE_CTX* store_ctx, void*) {
  auto* ssl = static_cast<SSL*>(X509_STORE_CTX_get_ex_data(store_ctx, SSL_get_ex_data_X509_STORE_CTX_idx()));
  DeviceTlsPolicy* policy = ssl != nullptr ? PolicyOf(ssl) : nullptr;
  if (policy == nullptr) return 0;
  std::vector<X509*> chain;
  if (X509* leaf = X509_STORE_CTX_get0_cert(store_ctx)) chain.push_back(leaf);
  if (STACK_OF(X509)* sent = X509_STORE_CTX_get0_untrusted(store_ctx)) {
    for (int i = 0; i < sk_X509_num(sent); ++i) {
      X509* c = sk_X509_value(sent, i);
      if (!chain.empty() && X509_cmp(c, chain.front()) == 0) continue;  // the leaf again
      chain.push_back(c);
    }
  }
  const CertCheckResult result = CheckProvisioningChain(chain, policy->PkiCheckInput());
  if (result.ok()) return 1;
  policy->OnRefused(CertRefusalName(result.refusal), result.detail);
  X509_STORE_CTX_set_error(store_ctx, VerifyErrorFor(result.refusal));
  return 0;
}

std::string LastError(std::string_view what) {
  std::array<char, 256> text{};
  ERR_error_string_n(ERR_get_error(), text.data(), text.size());
  ERR_clear_error();
  return fmt::format("{}: {}", what, text.data());
}

}  // namespace

base::Result<std::unique_ptr<DeviceTlsContext>> DeviceTlsContext::Create(const DeviceTlsOptions& options) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (ctx == nullptr) return base::Internal(LastError("SSL_CTX_new"));
  std::unique_ptr<DeviceTlsContext> out(new DeviceTlsContext(ctx, options));

  SSL_CTX_set_min_proto_version(ctx, options.allow_tls10 ? TLS1_VERSION : TLS1_2_VERSION);
  // AMT of this era has no TLS 1.3, and PSK here is the TLS 1.2 kind.
  SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_security_level(ctx, options.allow_tls10 ? 0 : 1);
  SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET | SSL_OP_NO_RENEGOTIATION);
  SSL_CTX_set_psk_server_callback(ctx, PskServerCallback);
  SSL_CTX_set_cert_verify_callback(ctx, VerifyProvisioningChain, nullptr);
  if (SSL_CTX_set_cipher_list(ctx, (options.psk_ciphers + ":" + options.rsa_ciphers).c_str()) != 1) {
    return base::InvalidArgument(LastError("device TLS cipher list"));
  }

  // One self-signed RSA certificate for every simulated device: key
  // exchange needs one, and the server must not validate it (§5.3).
  auto key = MakeRsaKey(options.rsa_bits);
  if (!key) return key.error();
  CertSpec spec;
  spec.common_name = "Intel(R) AMT simulated device";
  spec.server_auth = true;
  auto cert = MakeCertificate(spec, key->get(), nullptr, nullptr);
  if (!cert) return cert.error();
  if (SSL_CTX_use_certificate(ctx, cert->get()) != 1 || SSL_CTX_use_PrivateKey(ctx, key->get()) != 1) {
    return base::Internal(LastError("device certificate"));
  }
  return out;
}

DeviceTlsContext::~DeviceTlsContext() { SSL_CTX_free(ctx_); }

void DeviceTlsContext::Bind(SSL* ssl, DeviceTlsMode mode, DeviceTlsPolicy* policy) const {
  SSL_set_ex_data(ssl, PolicyIndex(), policy);
  std::string ciphers;
  switch (mode) {
    case DeviceTlsMode::kSetupPsk:
      ciphers = options_.psk_ciphers;
      SSL_set_verify(ssl, SSL_VERIFY_NONE, nullptr);
      break;
    case DeviceTlsMode::kSetupPki:
      ciphers = options_.rsa_ciphers;
      SSL_set_verify(ssl, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
      break;
    case DeviceTlsMode::kOperational:
      ciphers = options_.rsa_ciphers;
      SSL_set_verify(ssl, SSL_VERIFY_NONE, nullptr);
      break;
  }
  if (options_.allow_tls10) ciphers += ":@SECLEVEL=0";
  SSL_set_cipher_list(ssl, ciphers.c_str());
}

}  // namespace openscs::tls
