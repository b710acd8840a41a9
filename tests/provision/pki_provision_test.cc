// PKI (Remote Configuration) provisioning against simulated devices: the
// provisioning chain from tls/cert_factory under a private root whose SHA-1
// the device is told to trust; and a device that refuses the chain.

#include "tests/provision/provision_testing.h"
#include "tests/tls/test_chain.h"

namespace openscs::provision::testing {
namespace {

class PkiProvisionTest : public ProvisionTest {
 protected:
  void SetUp() override {
    chain_ = tls::testing::MakeChain(tls::testing::GoodLeafSpec("scs.corp.example.com"));
    credentials_.kind = SetupCredentials::kPki;
    credentials_.chain_pem = tls::ToPem(chain_.leaf.get()) + tls::ToPem(chain_.intermediate.get()) +
                             tls::ToPem(chain_.root.get());
    credentials_.key_pem = tls::ToPem(chain_.leaf_key.get());
    credentials_.digest_passwords = {"admin"};  // PKI bare metal: the factory MEBx password
  }
  device::FactoryConfig TrustingDevice(const char* version) {
    device::FactoryConfig f = openscs::testing::PkiDevice(version);
    device::CertHashEntry root;
    root.algorithm = hello::HashAlgorithm::kSha1;
    root.digest = chain_.RootSha1();
    root.name = "openscs Test Root";
    root.origin = device::CertHashEntry::Origin::kOem;
    f.extra_hashes.push_back(root);
    return f;
  }

  tls::testing::TestChain chain_;
  SetupCredentials credentials_;
};

TEST_F(PkiProvisionTest, ProvisioningChainToOperationalThenVerify) {
  sim::SimDevice& device = fleet_.Add(TrustingDevice("3.2.1"), "127.62.110.5");
  fleet_.Start();
  const DeviceTarget target{"127.62.110.5"};
  const Outcome o = RunProvision(target, credentials_, Desired());
  EXPECT_TRUE(o.ok) << Describe(o);
  EXPECT_EQ(o.interface, "wsman");
  EXPECT_EQ(o.amt_version, "3.2.1");
  ASSERT_FALSE(recorder_.handshakes.empty());
  EXPECT_EQ(recorder_.handshakes[0].transport, "pki");
  EXPECT_EQ(recorder_.handshakes[0].device_cert_sha256.size(), 64u);

  const Outcome verified = RunVerify(target, "admin", kAdminPassword, true);
  EXPECT_TRUE(verified.ok) << Describe(verified);
  EXPECT_EQ(RunVerify(target, "admin", "admin", true).code, codes::kDigestRejected);
  fleet_.Stop();
  EXPECT_EQ(device.model().provisioning_state(), device::ProvisioningState::kPost);
  EXPECT_EQ(CountEvents(device, "CommitChanges"), 1);
}

TEST_F(PkiProvisionTest, UntrustedRootIsPkiCertificateRefused) {
  sim::SimDevice& device = fleet_.Add(openscs::testing::PkiDevice("3.2.1"), "127.62.111.5");
  fleet_.Start();
  const Outcome o = RunProvision({"127.62.111.5"}, credentials_, Desired());
  EXPECT_EQ(o.code, codes::kPkiCertificateRefused) << Describe(o);
  EXPECT_EQ(o.step, "connect");
  EXPECT_NE(o.message.find("bad_certificate"), std::string::npos) << o.message;
  EXPECT_EQ(recorder_.handshakes.size(), 1u);  // not retried
  fleet_.Stop();
  EXPECT_EQ(CountEvents(device, "root_hash_not_enabled"), 1);
}

TEST_F(PkiProvisionTest, WrongDomainIsPkiCertificateRefused) {
  device::FactoryConfig f = TrustingDevice("5.0");
  f.network.domain_name = "other.example.org";
  fleet_.Add(std::move(f), "127.62.112.5");
  fleet_.Start();
  const Outcome o = RunProvision({"127.62.112.5"}, credentials_, Desired());
  EXPECT_EQ(o.code, codes::kPkiCertificateRefused) << Describe(o);
}

TEST_F(PkiProvisionTest, KeyOfAnotherCertificateIsInvalidInput) {
  credentials_.key_pem = tls::ToPem(chain_.root_key.get());
  const Outcome o = RunProvision({"127.62.133.9"}, credentials_, Desired());
  EXPECT_EQ(o.code, codes::kInvalidInput) << Describe(o);
  EXPECT_EQ(o.message.find("PRIVATE KEY"), std::string::npos);
}

}  // namespace
}  // namespace openscs::provision::testing
