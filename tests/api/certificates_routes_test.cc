// /api/v1/certificates: import with the report, list, show, delete, over a
// real store, with chains made for the test (tests/tls/test_chain.h).

#include <gmock/gmock.h>

#include "api/routes.h"
#include "tests/api/store_routes_fixture.h"
#include "tests/tls/cert_bundle_testing.h"
#include "tests/tls/test_chain.h"
#include "tls/cert_factory.h"

namespace openscs::api {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

class CertificatesRoutes : public testing::StoreRoutesTest {
 protected:
  CertificatesRoutes() {
    AddCertificateRoutes(router_);
    clock_.Set(tls::testing::MadeAt(chain_));
  }

  static std::string ChainPem(const tls::testing::TestChain& c) {
    return tls::ToPem(c.leaf.get()) + tls::ToPem(c.intermediate.get()) + tls::ToPem(c.root.get());
  }
  Response Import(const tls::testing::TestChain& c, store::UserRole role = store::UserRole::kAdmin) {
    return Send("POST", "/api/v1/certificates",
                {{"chain_pem", ChainPem(c)}, {"key_pem", tls::ToPem(c.leaf_key.get())}, {"name", "corp"}}, role);
  }
  std::vector<store::CertificateRecord> Stored() { return *store_->ListCertificates(); }

  tls::testing::TestChain chain_ = tls::testing::MakeChain(tls::testing::GoodLeafSpec());
  const std::string key_pem_ = tls::ToPem(chain_.leaf_key.get());
};

TEST_F(CertificatesRoutes, ImportAnswersTheReportAndSealsTheKey) {
  auto r = Import(chain_);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto j = Json(r);
  const auto stored = Stored();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(j["id"], stored[0].id);
  EXPECT_EQ(j["name"], "corp");
  EXPECT_EQ(j["leaf_cn"], "scs.corp.example.com");
  EXPECT_EQ(j["replaced"], false);
  EXPECT_EQ(j["has_warnings"], false);
  EXPECT_EQ(j["chain"].size(), 3u);
  EXPECT_EQ(j["device_check"]["accepted"], true);
  EXPECT_EQ(j["root_sha1"], stored[0].root_sha1);
  EXPECT_THAT(j["imported"].get<std::string>(), ::testing::EndsWith("Z"));
  EXPECT_THAT(r.body, Not(HasSubstr("PRIVATE KEY")));

  // Sealed: not in clear in the store, and it opens to the key sent.
  EXPECT_THAT(stored[0].private_key, Not(HasSubstr("PRIVATE KEY")));
  EXPECT_EQ(*vault_.Open(stored[0].private_key), key_pem_);

  const auto audit = Audit();
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "certificates.import");
  EXPECT_EQ(audit[0].target, stored[0].id);
  EXPECT_THAT(audit[0].detail, HasSubstr("imported 'corp'"));

  // The same leaf again replaces it.
  r = Import(chain_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json(r)["replaced"], true);
  EXPECT_EQ(Stored().size(), 1u);
}

TEST_F(CertificatesRoutes, ListAndShowGiveTheReportWithoutTheKey) {
  ASSERT_EQ(Import(chain_).status, 200);
  const std::string id = Stored()[0].id;

  auto r = Get("/api/v1/certificates", {}, store::UserRole::kViewer);
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = Json(r);
  EXPECT_EQ(j["total"], 1);
  ASSERT_EQ(j["items"].size(), 1u);
  EXPECT_EQ(j["items"][0]["id"], id);
  EXPECT_EQ(j["items"][0]["leaf_cn"], "scs.corp.example.com");
  EXPECT_TRUE(j["items"][0]["findings"].is_array());
  EXPECT_THAT(r.body, Not(HasSubstr("PRIVATE KEY")));

  r = Get("/api/v1/certificates/" + id.substr(0, 8), {}, store::UserRole::kViewer);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json(r)["id"], id);
  EXPECT_EQ(Json(r)["name"], "corp");

  r = Get("/api/v1/certificates/ffffffffff");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(ErrorCode(r), "not_found");
}

TEST_F(CertificatesRoutes, FindingsAreReportedNotRefused) {
  tls::CertSpec spec = tls::testing::GoodLeafSpec();
  spec.server_auth = false;
  const auto c = tls::testing::MakeChain(spec);
  clock_.Set(tls::testing::MadeAt(c));
  auto r = Import(c);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto j = Json(r);
  EXPECT_EQ(j["has_warnings"], true);
  bool found = false;
  for (const auto& f : j["findings"]) found = found || f["code"] == "missing_server_auth";
  EXPECT_TRUE(found) << j["findings"].dump();
  EXPECT_THAT(Audit().back().detail, HasSubstr("1 warning(s)"));
}

TEST_F(CertificatesRoutes, AKeyOfAnotherCertificateIs400AndNothingIsStored) {
  const auto other = tls::testing::MakeChain(tls::testing::GoodLeafSpec("other.corp.example.com"));
  auto r = Send("POST", "/api/v1/certificates",
                {{"chain_pem", ChainPem(chain_)}, {"key_pem", tls::ToPem(other.leaf_key.get())}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorCode(r), "invalid_argument");
  EXPECT_THAT(ErrorMessage(r), HasSubstr("does not match"));
  EXPECT_THAT(r.body, Not(HasSubstr("PRIVATE KEY")));
  EXPECT_TRUE(Stored().empty());
  ASSERT_EQ(Audit().size(), 1u);
  EXPECT_FALSE(Audit()[0].success);
}

TEST_F(CertificatesRoutes, BadPemAndBadFieldsAre400NamingWhatIsWrong) {
  auto r = Send("POST", "/api/v1/certificates", {{"chain_pem", "not a certificate"}, {"key_pem", key_pem_}});
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(ErrorMessage(r), StartsWith("certificate: "));

  r = Send("POST", "/api/v1/certificates", {{"chain_pem", ChainPem(chain_)}});
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(ErrorMessage(r), HasSubstr("send it as key_pem"));

  const std::string encrypted = tls::testing::EncryptedPem(chain_.leaf_key.get(), "secret-pw");
  r = Send("POST", "/api/v1/certificates", {{"chain_pem", ChainPem(chain_)}, {"key_pem", encrypted}});
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(ErrorMessage(r), HasSubstr("unencrypted"));

  r = Send("POST", "/api/v1/certificates", {{"chain_pem", 5}, {"key_pem", key_pem_}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorMessage(r), "chain_pem: must be a string, not a number");
  r = Send("POST", "/api/v1/certificates", {{"key_pem", key_pem_}});
  EXPECT_EQ(ErrorMessage(r), "chain_pem: required");
  EXPECT_TRUE(Stored().empty());
}

TEST_F(CertificatesRoutes, DeleteRemovesItAndIsAudited) {
  ASSERT_EQ(Import(chain_).status, 200);
  const std::string id = Stored()[0].id;
  auto r = Remove("/api/v1/certificates/" + id);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json(r)["deleted"], id);
  EXPECT_TRUE(Stored().empty());
  EXPECT_EQ(Audit().back().action, "certificates.delete");
  EXPECT_EQ(Audit().back().target, id);
  EXPECT_EQ(Remove("/api/v1/certificates/" + id).status, 404);
}

TEST_F(CertificatesRoutes, AViewerCannotImportOrDelete) {
  ASSERT_EQ(Import(chain_).status, 200);
  const std::string id = Stored()[0].id;
  const auto other = tls::testing::MakeChain(tls::testing::GoodLeafSpec("other.corp.example.com"));
  EXPECT_EQ(Import(other, store::UserRole::kViewer).status, 403);
  EXPECT_EQ(Remove("/api/v1/certificates/" + id, store::UserRole::kViewer).status, 403);
  ASSERT_EQ(Stored().size(), 1u);
  EXPECT_EQ(Stored()[0].id, id);
  const auto audit = Audit();
  ASSERT_EQ(audit.size(), 3u);
  EXPECT_FALSE(audit[1].success);
  EXPECT_FALSE(audit[2].success);
}

}  // namespace
}  // namespace openscs::api
