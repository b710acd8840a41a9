#pragma once

// Builds root -> intermediate -> leaf provisioning chains for tests, with
// 1024-bit keys (fast; strength is irrelevant here).

#include <openssl/evp.h>

#include <vector>

#include "base/hex.h"
#include "tls/cert_factory.h"

namespace openscs::tls::testing {

struct TestChain {
  PkeyPtr root_key, intermediate_key, leaf_key;
  X509Ptr root, intermediate, leaf;

  std::vector<X509*> LeafFirst() const { return {leaf.get(), intermediate.get(), root.get()}; }
  std::vector<std::byte> RootSha1() const {
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int len = 0;
    X509_digest(root.get(), EVP_sha1(), md.data(), &len);
    const auto* b = reinterpret_cast<const std::byte*>(md.data());
    return {b, b + len};
  }
};

inline TestChain MakeChain(CertSpec leaf_spec) {
  TestChain c;
  c.root_key = MakeRsaKey(1024).value();
  c.intermediate_key = MakeRsaKey(1024).value();
  c.leaf_key = MakeRsaKey(1024).value();
  CertSpec root_spec;
  root_spec.common_name = "openscs Test Root";
  root_spec.is_ca = true;
  c.root = MakeCertificate(root_spec, c.root_key.get(), nullptr, nullptr).value();
  CertSpec mid_spec;
  mid_spec.common_name = "openscs Test Intermediate";
  mid_spec.is_ca = true;
  mid_spec.serial = 2;
  c.intermediate = MakeCertificate(mid_spec, c.intermediate_key.get(), c.root.get(), c.root_key.get()).value();
  leaf_spec.serial = 3;
  c.leaf = MakeCertificate(leaf_spec, c.leaf_key.get(), c.intermediate.get(), c.intermediate_key.get()).value();
  return c;
}

inline CertSpec GoodLeafSpec(std::string cn = "scs.corp.example.com") {
  CertSpec spec;
  spec.common_name = std::move(cn);
  spec.organizational_units = {"Intel(R) Client Setup Certificate"};
  spec.server_auth = true;
  return spec;
}

}  // namespace openscs::tls::testing
