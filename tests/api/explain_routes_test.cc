// GET /api/v1/explain and GET /api/v1/compat: the CLI's --json answers.

#include <gmock/gmock.h>

#include "api/routes.h"
#include "tests/api/api_testing.h"

namespace openscs::api {
namespace {

using ::testing::HasSubstr;

class ExplainRoutes : public testing::ApiTest {
 protected:
  ExplainRoutes() { AddExplainRoutes(router_); }
};

TEST_F(ExplainRoutes, ExplainsACodeExactly) {
  auto r = Get("/api/v1/explain?q=pid_not_found");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = Json(r);
  EXPECT_EQ(j["found"], true);
  EXPECT_EQ(j["exact"], true);
  ASSERT_EQ(j["matches"].size(), 1u);
  EXPECT_EQ(j["matches"][0]["code"], "pid_not_found");
  EXPECT_FALSE(j["matches"][0]["fixes"].empty());
  EXPECT_FALSE(j["matches"][0].contains("score"));
}

TEST_F(ExplainRoutes, ExplainsAPtStatusNumber) {
  auto j = Json(Get("/api/v1/explain?q=0x80D"));
  ASSERT_EQ(j["matches"].size(), 1u);
  EXPECT_EQ(j["matches"][0]["code"], "PT_STATUS_PKI_GENERATING_KEYS");
  EXPECT_EQ(j["matches"][0]["value"], "0x80D");
  EXPECT_EQ(j["matches"][0]["value_decimal"], 2061);
}

TEST_F(ExplainRoutes, UnknownTextAnswersTheClosestCodes) {
  auto r = Get("/api/v1/explain?q=pid_not_fuond");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = Json(r);
  EXPECT_EQ(j["found"], false);
  ASSERT_FALSE(j["closest"].empty());
  EXPECT_EQ(j["closest"][0]["code"], "pid_not_found");
}

TEST_F(ExplainRoutes, RefusesAnEmptyQuery) {
  auto r = Get("/api/v1/explain");
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(ErrorMessage(r), HasSubstr("q:"));
}

TEST_F(ExplainRoutes, CompatAnswersPerMethod) {
  auto r = Get("/api/v1/compat?amt=3.0&method=pki");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = Json(r);
  EXPECT_EQ(j["works"], true);
  EXPECT_EQ(j["subject"], "openscs");
  ASSERT_EQ(j["results"].size(), 1u);
  EXPECT_EQ(j["results"][0]["method"], "pki");
  EXPECT_TRUE(j["capabilities"]["remote_configuration"].get<bool>());

  j = Json(Get("/api/v1/compat?amt=11.0"));
  ASSERT_EQ(j["results"].size(), 2u);  // both methods when none is given
  EXPECT_EQ(j["results"][0]["method"], "psk");
  EXPECT_EQ(j["results"][0]["works"], false);
  EXPECT_EQ(j["results"][0]["reasons"][0]["cause"], "version_no_psk");
}

TEST_F(ExplainRoutes, CompatAsksAboutAnIntelScsRelease) {
  auto j = Json(Get("/api/v1/compat?amt=2.2&method=pki&scs=3.0"));
  EXPECT_EQ(j["subject"], "Intel SCS 3.0");
  EXPECT_EQ(j["works"], false);
  EXPECT_FALSE(j["rows"].empty());
}

TEST_F(ExplainRoutes, CompatRefusesBadParameters) {
  auto r = Get("/api/v1/compat?method=psk");
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(ErrorMessage(r), HasSubstr("amt:"));
  r = Get("/api/v1/compat?amt=3.0&method=tls");
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(ErrorMessage(r), HasSubstr("method: 'tls'"));
}

}  // namespace
}  // namespace openscs::api
