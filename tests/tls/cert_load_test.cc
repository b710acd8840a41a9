#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/subprocess.h"
#include "tests/support/temp_dir.h"
#include "tests/tls/cert_bundle_testing.h"
#include "tls/cert_inspect.h"

namespace openscs::tls {
namespace {

using testing::Bytes;
using testing::EncryptedPem;
using testing::GoodLeafSpec;
using testing::MakeChain;
using testing::Pfx;
using testing::TestChain;

std::vector<std::string> Sha1s(const CertificateBundle& b) {
  std::vector<std::string> out;
  for (const auto& c : b.chain) out.push_back(internal::DigestHex(c.get(), EVP_sha1()));
  return out;
}

std::vector<std::string> Sha1s(const TestChain& c) {
  return {internal::DigestHex(c.leaf.get(), EVP_sha1()), internal::DigestHex(c.intermediate.get(), EVP_sha1()),
          internal::DigestHex(c.root.get(), EVP_sha1())};
}

bool SameKey(const CertificateBundle& b, const TestChain& c) { return EVP_PKEY_eq(b.key.get(), c.leaf_key.get()) == 1; }

void ExpectNoKeyIn(const std::string& text, const TestChain& c) {
  const std::string pem = ToPem(c.leaf_key.get());
  EXPECT_EQ(text.find(pem.substr(28, 40)), std::string::npos);
}

TEST(LoadCertificate, PemInAnyOrderComesOutLeafFirst) {
  const TestChain c = MakeChain(GoodLeafSpec());
  const std::string pem =
      ToPem(c.root.get()) + ToPem(c.leaf_key.get()) + ToPem(c.leaf.get()) + ToPem(c.intermediate.get());
  auto b = LoadProvisioningCertificate(Bytes(pem), std::nullopt);
  ASSERT_TRUE(b) << b.error().ToString();
  EXPECT_EQ(Sha1s(*b), Sha1s(c));
  EXPECT_TRUE(SameKey(*b, c));
  EXPECT_TRUE(b->notes.empty());
}

TEST(LoadCertificate, KeyInASeparateFile) {
  const TestChain c = MakeChain(GoodLeafSpec());
  const std::string chain = ToPem(c.leaf.get()) + ToPem(c.intermediate.get()) + ToPem(c.root.get());
  auto b = LoadProvisioningCertificate(Bytes(chain), std::nullopt, Bytes(ToPem(c.leaf_key.get())));
  ASSERT_TRUE(b) << b.error().ToString();
  EXPECT_EQ(Sha1s(*b), Sha1s(c));
  EXPECT_TRUE(SameKey(*b, c));
}

TEST(LoadCertificate, EncryptedPemKeyNeedsItsPassword) {
  const TestChain c = MakeChain(GoodLeafSpec());
  const std::string pem = ToPem(c.leaf.get()) + EncryptedPem(c.leaf_key.get(), "s3cret!") + ToPem(c.root.get());
  auto ok = LoadProvisioningCertificate(Bytes(pem), "s3cret!");
  ASSERT_TRUE(ok) << ok.error().ToString();
  EXPECT_TRUE(SameKey(*ok, c));

  auto none = LoadProvisioningCertificate(Bytes(pem), std::nullopt);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code(), base::StatusCode::kFailedPrecondition);
  EXPECT_NE(none.error().message().find("PEM block 2 of the file"), std::string::npos) << none.error().message();

  auto wrong = LoadProvisioningCertificate(Bytes(pem), "guess");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code(), base::StatusCode::kPermissionDenied);
  EXPECT_EQ(wrong.error().message().find("guess"), std::string::npos);
}

TEST(LoadCertificate, NoPrivateKeyIsRefused) {
  const TestChain c = MakeChain(GoodLeafSpec());
  auto b = LoadProvisioningCertificate(Bytes(ToPem(c.leaf.get()) + ToPem(c.root.get())), std::nullopt);
  ASSERT_FALSE(b);
  EXPECT_NE(b.error().message().find("no private key"), std::string::npos);
}

TEST(LoadCertificate, KeyOfAnotherCertificateIsRefused) {
  const TestChain c = MakeChain(GoodLeafSpec());
  const TestChain other = MakeChain(GoodLeafSpec());
  const std::string pem = ToPem(c.leaf.get()) + ToPem(c.intermediate.get()) + ToPem(c.root.get());
  auto b = LoadProvisioningCertificate(Bytes(pem), std::nullopt, Bytes(ToPem(other.leaf_key.get())));
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().message(),
            "the private key does not match the leaf certificate 'CN=scs.corp.example.com,OU=Intel(R) Client Setup "
            "Certificate'");
  ExpectNoKeyIn(b.error().message(), other);
}

TEST(LoadCertificate, CertificatesOffTheChainAreLeftOutWithANote) {
  const TestChain c = MakeChain(GoodLeafSpec());
  CertSpec stray_spec;
  stray_spec.common_name = "Unrelated CA";
  stray_spec.is_ca = true;
  auto stray = MakeCertificate(stray_spec, c.root_key.get(), nullptr, nullptr).value();
  const std::string pem = ToPem(c.leaf.get()) + ToPem(c.leaf_key.get()) + ToPem(stray.get()) +
                          ToPem(c.intermediate.get()) + ToPem(c.root.get()) + ToPem(c.root.get()) +
                          "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n";
  auto b = LoadProvisioningCertificate(Bytes(pem), std::nullopt);
  ASSERT_TRUE(b) << b.error().ToString();
  EXPECT_EQ(Sha1s(*b), Sha1s(c));  // the repeated root counts once
  ASSERT_EQ(b->notes.size(), 2u);
  EXPECT_NE(b->notes[0].find("CERTIFICATE REQUEST"), std::string::npos);
  EXPECT_NE(b->notes[1].find("left out 'CN=Unrelated CA'"), std::string::npos);
}

TEST(LoadCertificate, LeafIsTheOneTheKeyFitsWhenTwoChainsAreMixed) {
  const TestChain a = MakeChain(GoodLeafSpec("a.corp.test"));
  const TestChain b = MakeChain(GoodLeafSpec("b.corp.test"));
  const std::string pem = ToPem(a.leaf.get()) + ToPem(b.leaf.get()) + ToPem(b.leaf_key.get());
  auto loaded = LoadProvisioningCertificate(Bytes(pem), std::nullopt);
  ASSERT_TRUE(loaded) << loaded.error().ToString();
  EXPECT_EQ(internal::DigestHex(loaded->chain[0].get(), EVP_sha1()), Sha1s(b)[0]);

  auto neither = LoadProvisioningCertificate(Bytes(ToPem(a.leaf.get()) + ToPem(b.leaf.get())), std::nullopt,
                                             Bytes(ToPem(a.root_key.get())));
  ASSERT_FALSE(neither);
  EXPECT_NE(neither.error().message().find("cannot tell the leaf: 2 certificates"), std::string::npos)
      << neither.error().message();
}

TEST(LoadCertificate, BrokenPemNamesTheBlock) {
  auto b = LoadProvisioningCertificate(Bytes("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n"),
                                       std::nullopt);
  ASSERT_FALSE(b);
  EXPECT_NE(b.error().message().find("the certificate (PEM block 1 of the file) does not parse"), std::string::npos);
  auto unterminated = LoadProvisioningCertificate(Bytes("-----BEGIN CERTIFICATE-----\nAAAA\n"), std::nullopt);
  EXPECT_NE(unterminated.error().message().find("has no END line"), std::string::npos);
}

TEST(LoadCertificate, NeitherPemNorPkcs12) {
  auto b = LoadProvisioningCertificate(Bytes("hello, world"), std::nullopt);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().message(), "the file is neither PEM nor PKCS#12 (PFX)");
}

TEST(LoadCertificate, Pkcs12RoundTrip) {
  const TestChain c = MakeChain(GoodLeafSpec());
  const std::string pfx = Pfx(c, "pfx-pass", {c.root.get(), c.intermediate.get()});
  auto b = LoadProvisioningCertificate(Bytes(pfx), "pfx-pass");
  ASSERT_TRUE(b) << b.error().ToString();
  EXPECT_EQ(Sha1s(*b), Sha1s(c));
  EXPECT_TRUE(SameKey(*b, c));

  auto wrong = LoadProvisioningCertificate(Bytes(pfx), "nope");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code(), base::StatusCode::kPermissionDenied);
  auto none = LoadProvisioningCertificate(Bytes(pfx), std::nullopt);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code(), base::StatusCode::kFailedPrecondition);
}

TEST(LoadCertificate, Pkcs12WithoutPassword) {
  const TestChain c = MakeChain(GoodLeafSpec());
  auto b = LoadProvisioningCertificate(Bytes(Pfx(c, "", {c.intermediate.get(), c.root.get()})), std::nullopt);
  ASSERT_TRUE(b) << b.error().ToString();
  EXPECT_EQ(Sha1s(*b), Sha1s(c));
}

// Windows exports RC2-40 certificate bags; OpenSSL 3 reads those only with
// its legacy provider. The file is made by the openssl program, so this
// process has not loaded that provider before the call under test.
TEST(LoadCertificate, LegacyPkcs12LoadsTheLegacyProvider) {
  if (!openscs::testing::ProgramExists("openssl")) GTEST_SKIP() << "openssl not installed";
  const TestChain c = MakeChain(GoodLeafSpec());
  openscs::testing::TempDir dir("cert-load");
  auto write = [&dir](const std::string& name, const std::string& text) {
    std::ofstream(dir / name, std::ios::binary) << text;
    return (dir / name).string();
  };
  const std::string leaf = write("leaf.pem", ToPem(c.leaf.get()) + ToPem(c.leaf_key.get()));
  const std::string ca = write("ca.pem", ToPem(c.intermediate.get()) + ToPem(c.root.get()));
  const std::string out = (dir / "legacy.pfx").string();
  auto run = openscs::testing::RunCommand("openssl pkcs12 -export -legacy -in " + leaf + " -certfile " + ca +
                                          " -passout pass:winpass -out " + out);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  auto info = openscs::testing::RunCommand("openssl pkcs12 -legacy -info -noout -passin pass:winpass -in " + out);
  ASSERT_NE(info.output.find("RC2"), std::string::npos) << info.output;

  std::ifstream in(out, std::ios::binary);
  const std::string pfx((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto b = LoadProvisioningCertificate(Bytes(pfx), "winpass");
  ASSERT_TRUE(b) << b.error().ToString();
  EXPECT_EQ(Sha1s(*b), Sha1s(c));
  EXPECT_TRUE(SameKey(*b, c));
  ASSERT_EQ(b->notes.size(), 1u);
  EXPECT_NE(b->notes[0].find("legacy provider"), std::string::npos);
}

}  // namespace
}  // namespace openscs::tls
