#include "tls/cert_inspect.h"

#include <gtest/gtest.h>

#include "tests/tls/cert_bundle_testing.h"

namespace openscs::tls {
namespace {

using testing::Bundle;
using testing::GoodLeafSpec;
using testing::MadeAt;
using testing::MakeChain;
using testing::TestChain;
using testing::TrustingTestRoot;

using Strings = std::vector<std::string>;

Strings Codes(const CertificateReport& r) {
  Strings out;
  for (const auto& f : r.findings) out.push_back(f.code);
  return out;
}

// The report of a chain with this leaf, its root treated as a default one so
// only the rule under test can fire.
CertificateReport Judge(const CertSpec& leaf_spec) {
  const TestChain c = MakeChain(leaf_spec);
  return Inspect(Bundle(c), MadeAt(c), TrustingTestRoot(c));
}

TEST(Inspect, GoodChainHasNoFindingAndADeviceWouldAcceptIt) {
  const TestChain c = MakeChain(GoodLeafSpec("scs.corp.example.com"));
  const CertificateReport r = Inspect(Bundle(c), MadeAt(c), TrustingTestRoot(c));
  EXPECT_TRUE(r.findings.empty()) << r.findings.front().message;
  EXPECT_FALSE(r.HasWarnings());
  EXPECT_TRUE(r.device_check.ok()) << r.device_check.detail;
  EXPECT_EQ(r.leaf_cn, "scs.corp.example.com");
  ASSERT_EQ(r.chain.size(), 3u);
  EXPECT_EQ(r.chain[0].subject, "CN=scs.corp.example.com,OU=Intel(R) Client Setup Certificate");
  EXPECT_EQ(r.chain[0].issuer, "CN=openscs Test Intermediate");
  EXPECT_EQ(r.chain[2].issuer, r.chain[2].subject);
  EXPECT_EQ(r.root_sha1, base::ToHex(c.RootSha1()));
  EXPECT_EQ(r.root_sha256.size(), 64u);
  EXPECT_EQ(r.root_sha384.size(), 96u);
  EXPECT_EQ(r.root_sha256, internal::DigestHex(c.root.get(), EVP_sha256()));
  EXPECT_EQ(r.leaf_sha1, internal::DigestHex(c.leaf.get(), EVP_sha1()));
  EXPECT_EQ(r.eku_oids, Strings{"1.3.6.1.5.5.7.3.1"});
  EXPECT_EQ(r.organizational_units, Strings{"Intel(R) Client Setup Certificate"});
  EXPECT_LT(r.not_before, r.not_after);
}

TEST(Inspect, PrivateRootIsAnInfoWithTheCustomHashRemedy) {
  const TestChain c = MakeChain(GoodLeafSpec());
  const CertificateReport r = Inspect(Bundle(c), MadeAt(c));  // legacy default roots only
  ASSERT_EQ(Codes(r), Strings{"root_hash_not_default"});
  EXPECT_EQ(r.findings[0].severity, Severity::kInfo);
  EXPECT_NE(r.findings[0].message.find(r.root_sha1), std::string::npos);
  EXPECT_NE(r.findings[0].message.find("devices must have this hash added as a custom hash (MEBx or setup.bin 2/8)"),
            std::string::npos);
  EXPECT_FALSE(r.HasWarnings());
}

TEST(Inspect, LegacyDefaultRootsAreTheReferenceTable) {
  const auto sha1s = LegacyDefaultRootSha1s();
  ASSERT_EQ(sha1s.size(), 6u);
  EXPECT_EQ(sha1s.front(), "742c3192e607e424eb4549542be1bbc53e6174e2");
}

TEST(Inspect, IntelOidStandsInForTheOu) {
  auto spec = GoodLeafSpec();
  spec.organizational_units.clear();
  spec.intel_setup_oid = true;
  const CertificateReport r = Judge(spec);
  EXPECT_TRUE(r.findings.empty());
  EXPECT_EQ(r.eku_oids, (Strings{"1.3.6.1.5.5.7.3.1", std::string(kIntelSetupOid)}));
}

TEST(Inspect, MissingServerAuth) {
  auto spec = GoodLeafSpec();
  spec.server_auth = false;
  spec.client_auth = true;
  const CertificateReport r = Judge(spec);
  EXPECT_EQ(Codes(r), Strings{"missing_server_auth"});
  EXPECT_EQ(r.device_check.refusal, CertRefusal::kMissingServerAuth);
}

TEST(Inspect, NeitherIntelOidNorExactOu) {
  auto spec = GoodLeafSpec();
  spec.organizational_units = {"Intel(r) Client Setup Certificate"};  // case matters
  const CertificateReport r = Judge(spec);
  EXPECT_EQ(Codes(r), Strings{"not_setup_certificate"});
  EXPECT_EQ(r.device_check.refusal, CertRefusal::kNotSetupCertificate);
}

TEST(Inspect, CnThatIsNotAnFqdn) {
  for (const char* cn : {"scs", "*.corp.example.com"}) {
    const CertificateReport r = Judge(GoodLeafSpec(cn));
    EXPECT_EQ(Codes(r), Strings{"cn_not_fqdn"}) << cn;
    EXPECT_NE(r.findings.at(0).message.find(cn), std::string::npos);
  }
  EXPECT_EQ(Judge(GoodLeafSpec("scs")).device_check.refusal, CertRefusal::kDomainMismatch);
}

TEST(Inspect, NotYetValid) {
  auto spec = GoodLeafSpec();
  spec.not_before_offset = std::chrono::hours(24);
  const CertificateReport r = Judge(spec);
  EXPECT_EQ(Codes(r), Strings{"not_yet_valid"});
  EXPECT_EQ(r.device_check.refusal, CertRefusal::kNotValidNow);
}

TEST(Inspect, Expired) {
  auto spec = GoodLeafSpec();
  spec.not_before_offset = std::chrono::seconds(-7200);
  spec.not_after_offset = std::chrono::seconds(-3600);
  const CertificateReport r = Judge(spec);
  EXPECT_EQ(Codes(r), Strings{"expired"});
  EXPECT_EQ(r.device_check.refusal, CertRefusal::kNotValidNow);
}

TEST(Inspect, ExpiresWithinThirtyDays) {
  auto spec = GoodLeafSpec();
  spec.not_after_offset = std::chrono::hours(24 * 10);
  const TestChain c = MakeChain(spec);
  InspectOptions options = TrustingTestRoot(c);
  const CertificateReport r = Inspect(Bundle(c), MadeAt(c), options);
  ASSERT_EQ(Codes(r), Strings{"expires_soon"});
  EXPECT_NE(r.findings[0].message.find("in 10 day(s)"), std::string::npos) << r.findings[0].message;
  EXPECT_TRUE(r.device_check.ok());  // still valid today
  options.expiry_warning = std::chrono::hours(24);
  EXPECT_TRUE(Inspect(Bundle(c), MadeAt(c), options).findings.empty());
}

TEST(Inspect, RootMissing) {
  const TestChain c = MakeChain(GoodLeafSpec());
  const CertificateReport r = Inspect(Bundle({&c.leaf, &c.intermediate}, c.leaf_key), MadeAt(c), {});
  // The last certificate stands for the root: its hash is not a default one either.
  ASSERT_EQ(Codes(r), (Strings{"root_missing", "root_hash_not_default"}));
  EXPECT_NE(r.findings[0].message.find("'CN=openscs Test Root' is not included"), std::string::npos)
      << r.findings[0].message;
  EXPECT_EQ(r.device_check.refusal, CertRefusal::kChainBroken);
}

TEST(Inspect, ChainBrokenByARootOfTheSameNameButAnotherKey) {
  const TestChain c = MakeChain(GoodLeafSpec());
  const TestChain impostor = MakeChain(GoodLeafSpec());  // its root is also "openscs Test Root"
  const CertificateReport r =
      Inspect(Bundle({&c.leaf, &c.intermediate, &impostor.root}, c.leaf_key), MadeAt(c), TrustingTestRoot(impostor));
  ASSERT_EQ(Codes(r), Strings{"chain_broken"});
  EXPECT_NE(r.findings[0].message.find("'CN=openscs Test Intermediate' is not signed by"), std::string::npos);
  EXPECT_EQ(r.device_check.refusal, CertRefusal::kChainBroken);
}

TEST(Inspect, RootThatNamesItselfButIsNotSelfSigned) {
  // "CN=Lookalike Root" issued by a real self-signed "CN=Lookalike Root"
  // with a different key: it names itself as issuer, but its own key does
  // not verify it.
  auto real_key = MakeRsaKey(1024).value();
  auto fake_key = MakeRsaKey(1024).value();
  auto leaf_key = MakeRsaKey(1024).value();
  CertSpec root_spec;
  root_spec.common_name = "Lookalike Root";
  root_spec.is_ca = true;
  auto real = MakeCertificate(root_spec, real_key.get(), nullptr, nullptr).value();
  root_spec.serial = 2;
  auto fake = MakeCertificate(root_spec, fake_key.get(), real.get(), real_key.get()).value();
  auto leaf_spec = GoodLeafSpec();
  leaf_spec.serial = 3;
  auto leaf = MakeCertificate(leaf_spec, leaf_key.get(), fake.get(), fake_key.get()).value();
  InspectOptions options;
  options.default_root_sha1s = {internal::DigestHex(fake.get(), EVP_sha1())};
  const auto made_at = internal::ToTimePoint(X509_get0_notBefore(leaf.get())) + std::chrono::hours(1);
  const CertificateReport r = Inspect(Bundle({&leaf, &fake}, leaf_key), made_at, options);
  ASSERT_EQ(Codes(r), Strings{"root_not_self_signed"});
  EXPECT_NE(r.findings[0].message.find("'CN=Lookalike Root'"), std::string::npos);
}

TEST(Inspect, FindingsNeverShowTheKey) {
  auto spec = GoodLeafSpec("scs");
  spec.server_auth = false;
  spec.organizational_units.clear();
  const TestChain c = MakeChain(spec);
  const std::string key_pem = ToPem(c.leaf_key.get());
  const std::string key_body = key_pem.substr(28, 40);  // past "-----BEGIN PRIVATE KEY-----\n"
  const CertificateReport r = Inspect(Bundle(c), MadeAt(c));
  EXPECT_EQ(Codes(r),
            (Strings{"missing_server_auth", "not_setup_certificate", "cn_not_fqdn", "root_hash_not_default"}));
  for (const auto& f : r.findings) EXPECT_EQ(f.message.find(key_body), std::string::npos);
}

TEST(FormatCertificateTime, IsUtcIso8601) {
  EXPECT_EQ(FormatCertificateTime(std::chrono::system_clock::from_time_t(1700000000)), "2023-11-14T22:13:20Z");
}

}  // namespace
}  // namespace openscs::tls
