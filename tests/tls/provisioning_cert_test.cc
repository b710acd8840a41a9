#include "tls/provisioning_cert.h"

#include <gtest/gtest.h>

#include "tests/tls/test_chain.h"

namespace openscs::tls {
namespace {

using testing::GoodLeafSpec;
using testing::MakeChain;
using testing::TestChain;

CertCheckInput InputTrusting(const TestChain& chain, std::string domain = "corp.example.com") {
  return {{{hello::HashAlgorithm::kSha1, chain.RootSha1()}}, std::move(domain), false,
          std::chrono::system_clock::now()};
}

TEST(ProvisioningCert, AcceptsAGoodChain) {
  auto chain = MakeChain(GoodLeafSpec());
  auto r = CheckProvisioningChain(chain.LeafFirst(), InputTrusting(chain));
  EXPECT_TRUE(r.ok()) << r.detail;
  EXPECT_EQ(r.leaf_cn, "scs.corp.example.com");
  EXPECT_EQ(r.root_sha1, base::ToHex(chain.RootSha1()));
}

TEST(ProvisioningCert, IntelOidInsteadOfOu) {
  auto spec = GoodLeafSpec();
  spec.organizational_units.clear();
  spec.intel_setup_oid = true;
  auto chain = MakeChain(spec);
  EXPECT_TRUE(CheckProvisioningChain(chain.LeafFirst(), InputTrusting(chain)).ok());
}

TEST(ProvisioningCert, NoCertificate) {
  auto chain = MakeChain(GoodLeafSpec());
  EXPECT_EQ(CheckProvisioningChain({}, InputTrusting(chain)).refusal, CertRefusal::kNoCertificate);
}

TEST(ProvisioningCert, RootHashNotEnabled) {
  auto chain = MakeChain(GoodLeafSpec());
  auto input = InputTrusting(chain);
  input.enabled_hashes[0].digest[0] ^= std::byte{1};
  auto r = CheckProvisioningChain(chain.LeafFirst(), input);
  EXPECT_EQ(r.refusal, CertRefusal::kRootHashNotEnabled);
  EXPECT_NE(r.detail.find(r.root_sha1), std::string::npos);
}

TEST(ProvisioningCert, ChainWithoutItsRootIsBroken) {
  auto chain = MakeChain(GoodLeafSpec());
  std::vector<X509*> partial = {chain.leaf.get(), chain.intermediate.get()};
  EXPECT_EQ(CheckProvisioningChain(partial, InputTrusting(chain)).refusal, CertRefusal::kChainBroken);
}

TEST(ProvisioningCert, MissingIntermediateIsBroken) {
  auto chain = MakeChain(GoodLeafSpec());
  std::vector<X509*> gap = {chain.leaf.get(), chain.root.get()};
  auto r = CheckProvisioningChain(gap, InputTrusting(chain));
  EXPECT_EQ(r.refusal, CertRefusal::kChainBroken);
}

TEST(ProvisioningCert, Expired) {
  auto spec = GoodLeafSpec();
  spec.not_before_offset = std::chrono::seconds(-7200);
  spec.not_after_offset = std::chrono::seconds(-3600);
  auto chain = MakeChain(spec);
  EXPECT_EQ(CheckProvisioningChain(chain.LeafFirst(), InputTrusting(chain)).refusal, CertRefusal::kNotValidNow);
}

TEST(ProvisioningCert, MissingServerAuth) {
  auto spec = GoodLeafSpec();
  spec.server_auth = false;
  spec.client_auth = true;
  auto chain = MakeChain(spec);
  EXPECT_EQ(CheckProvisioningChain(chain.LeafFirst(), InputTrusting(chain)).refusal, CertRefusal::kMissingServerAuth);
}

TEST(ProvisioningCert, NeitherOidNorOu) {
  auto spec = GoodLeafSpec();
  spec.organizational_units = {"intel(r) client setup certificate"};  // case matters
  auto chain = MakeChain(spec);
  EXPECT_EQ(CheckProvisioningChain(chain.LeafFirst(), InputTrusting(chain)).refusal,
            CertRefusal::kNotSetupCertificate);
}

TEST(ProvisioningCert, DomainMismatch) {
  auto chain = MakeChain(GoodLeafSpec("scs.other.example.org"));
  auto r = CheckProvisioningChain(chain.LeafFirst(), InputTrusting(chain));
  EXPECT_EQ(r.refusal, CertRefusal::kDomainMismatch);
  EXPECT_NE(r.detail.find("scs.other.example.org"), std::string::npos);
}

TEST(CnMatchesDomain, Rules) {
  EXPECT_TRUE(CnMatchesDomain("scs.corp.example.com", "corp.example.com", false));
  EXPECT_TRUE(CnMatchesDomain("scs.corp.example.com", "example.com", false));
  EXPECT_TRUE(CnMatchesDomain("SCS.Corp.Example.COM", "corp.example.com.", false));
  EXPECT_FALSE(CnMatchesDomain("scs.example.com", "corp.example.com", false));
  EXPECT_FALSE(CnMatchesDomain("scsexample.com", "example.com", false));
  EXPECT_FALSE(CnMatchesDomain("scs", "corp.example.com", false));
  EXPECT_FALSE(CnMatchesDomain("scs.badexample.com", "example.com", false));
  // AMT 2.6+: .com/.net compare the last two labels only.
  EXPECT_TRUE(CnMatchesDomain("scs.example.com", "sales.example.com", true));
  EXPECT_FALSE(CnMatchesDomain("scs.example.org", "sales.example.org", true));
  EXPECT_FALSE(CnMatchesDomain("scs.other.com", "sales.example.com", true));
}

}  // namespace
}  // namespace openscs::tls
