#pragma once

// Helpers for the certificate-inspection tests: bundles and PEM/PKCS#12
// files made from test chains (tests/tls/test_chain.h).

#include <openssl/pem.h>
#include <openssl/pkcs12.h>

#include <chrono>
#include <string>
#include <vector>

#include "base/hex.h"
#include "tests/tls/test_chain.h"
#include "tls/cert_inspect.h"
#include "tls/x509_text.h"

namespace openscs::tls::testing {

inline X509Ptr Share(const X509Ptr& cert) {
  X509_up_ref(cert.get());
  return X509Ptr(cert.get());
}

inline PkeyPtr Share(const PkeyPtr& key) {
  EVP_PKEY_up_ref(key.get());
  return PkeyPtr(key.get());
}

// A bundle of exactly these certificates, in this order, and `key`.
inline CertificateBundle Bundle(const std::vector<const X509Ptr*>& chain, const PkeyPtr& key) {
  CertificateBundle b;
  for (const X509Ptr* c : chain) b.chain.push_back(Share(*c));
  b.key = Share(key);
  return b;
}

inline CertificateBundle Bundle(const TestChain& c) { return Bundle({&c.leaf, &c.intermediate, &c.root}, c.leaf_key); }

// cert_factory stamps certificates relative to the wall clock when the test
// makes them (notBefore = then - 1 h); this is "then", so tests judge the
// certificates at a time fixed relative to them rather than at a new now().
inline base::TimePoint MadeAt(const TestChain& c) {
  return internal::ToTimePoint(X509_get0_notBefore(c.root.get())) + std::chrono::hours(1);
}

inline InspectOptions TrustingTestRoot(const TestChain& c) {
  InspectOptions o;
  o.default_root_sha1s = {base::ToHex(c.RootSha1())};
  return o;
}

inline std::span<const std::byte> Bytes(const std::string& s) { return base::AsBytes(s); }

inline std::string EncryptedPem(EVP_PKEY* key, const std::string& password) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  PEM_write_bio_PKCS8PrivateKey(bio.get(), key, EVP_aes_256_cbc(), password.data(), static_cast<int>(password.size()),
                                nullptr, nullptr);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return {data, static_cast<size_t>(len)};
}

// A PKCS#12 file with OpenSSL 3's default (modern) encryption: the leaf,
// its key and `ca` as the chain.
inline std::string Pfx(const TestChain& c, const char* password, const std::vector<X509*>& ca) {
  STACK_OF(X509)* stack = sk_X509_new_null();
  for (X509* cert : ca) sk_X509_push(stack, cert);
  PKCS12* p12 = PKCS12_create(password, "openscs test", c.leaf_key.get(), c.leaf.get(), stack, 0, 0, 0, 0, 0);
  sk_X509_free(stack);
  unsigned char* der = nullptr;
  const int len = i2d_PKCS12(p12, &der);
  std::string out(reinterpret_cast<const char*>(der), static_cast<size_t>(len));
  OPENSSL_free(der);
  PKCS12_free(p12);
  return out;
}

}  // namespace openscs::tls::testing
