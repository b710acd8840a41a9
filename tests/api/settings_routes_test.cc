// GET /api/v1/settings, PUT /api/v1/settings/log-level: the change, its
// audit entry, the viewer's refusal, and how the router answers bad bodies,
// unknown routes and wrong methods.

#include <gmock/gmock.h>

#include "api/routes.h"
#include "tests/api/api_testing.h"

namespace openscs::api {
namespace {

using ::testing::HasSubstr;

class SettingsRoutes : public testing::ApiTest {
 protected:
  SettingsRoutes() { AddSettingsRoutes(router_); }

  std::string StoredLevel() { return store_->GetSetting("log_level").value().value_or("(unset)"); }
  std::vector<store::AuditEntry> Audit() { return store_->QueryAudit({}).value(); }
  Response Put(std::string body, std::string content_type = "application/json",
               store::UserRole role = store::UserRole::kAdmin) {
    return Call("PUT", "/api/v1/settings/log-level", std::move(body), std::move(content_type), role);
  }
};

TEST_F(SettingsRoutes, ShowsTheDefaultsBeforeAnythingIsSet) {
  auto r = Get("/api/v1/settings");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = Json(r);
  EXPECT_EQ(j["log_level"], "info");
  EXPECT_EQ(j["hello_endpoint"], "");
  EXPECT_EQ(j["log_levels"], (nlohmann::json{"error", "warning", "info", "debug"}));
  ASSERT_TRUE(store_->PutSetting("hello_endpoint", "192.0.2.1:9971").ok());
  EXPECT_EQ(Json(Get("/api/v1/settings"))["hello_endpoint"], "192.0.2.1:9971");
}

TEST_F(SettingsRoutes, AdminSetsTheLogLevelAndTheChangeIsAudited) {
  auto r = Put(R"({"level": "DEBUG"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json(r)["log_level"], "debug");
  EXPECT_EQ(StoredLevel(), "debug");
  EXPECT_EQ(Json(Get("/api/v1/settings"))["log_level"], "debug");
  auto audit = Audit();
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "settings.log_level");
  EXPECT_EQ(audit[0].target, "log_level");
  EXPECT_EQ(audit[0].detail, "info -> debug");
  EXPECT_EQ(audit[0].user, "alice");
  EXPECT_EQ(audit[0].via, "session");
  EXPECT_EQ(audit[0].remote, "127.0.0.1");
  EXPECT_TRUE(audit[0].success);
  EXPECT_EQ(audit[0].at, clock_.Now());

  ASSERT_EQ(Put(R"({"level": "warning"})").status, 200);
  EXPECT_EQ(Audit().back().detail, "debug -> warning");
}

TEST_F(SettingsRoutes, ViewerIsRefusedAndTheRefusalAudited) {
  auto r = Put(R"({"level": "debug"})", "application/json", store::UserRole::kViewer);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(ErrorCode(r), "forbidden");
  EXPECT_EQ(StoredLevel(), "(unset)");
  auto audit = Audit();
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_FALSE(audit[0].success);
  EXPECT_EQ(audit[0].user, "victor");
  EXPECT_THAT(audit[0].action, HasSubstr("/api/v1/settings/log-level"));
}

TEST_F(SettingsRoutes, RefusesAnUnknownLevelNamingTheValidOnes) {
  for (const char* body : {R"({"level": "verbose"})", R"({"level": 3})", R"({"lvl": "debug"})"}) {
    auto r = Put(body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(ErrorCode(r), "invalid_argument") << body;
    EXPECT_THAT(ErrorMessage(r), HasSubstr("level")) << body;
    EXPECT_THAT(ErrorMessage(r), HasSubstr("error, warning, info, debug")) << body;
  }
  EXPECT_EQ(StoredLevel(), "(unset)");
  EXPECT_TRUE(Audit().empty());
}

TEST_F(SettingsRoutes, MalformedJsonIsInvalidJsonNamingTheByte) {
  auto r = Put(R"({"level": "debug")");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorCode(r), "invalid_json");
  EXPECT_THAT(ErrorMessage(r), HasSubstr("at byte 18"));
  r = Put(R"(["debug"])");
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(ErrorMessage(r), HasSubstr("JSON object"));
  EXPECT_EQ(StoredLevel(), "(unset)");
}

TEST_F(SettingsRoutes, WrongContentTypeIsUnsupportedMediaType) {
  auto r = Put("level=debug", "application/x-www-form-urlencoded");
  EXPECT_EQ(r.status, 415);
  EXPECT_EQ(ErrorCode(r), "unsupported_media_type");
  EXPECT_THAT(ErrorMessage(r), HasSubstr("application/x-www-form-urlencoded"));
  EXPECT_EQ(StoredLevel(), "(unset)");
}

TEST_F(SettingsRoutes, UnknownRouteIsNotFoundAndWrongMethodNotAllowed) {
  auto r = Get("/api/v1/settings/colour");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(ErrorCode(r), "not_found");
  EXPECT_THAT(ErrorMessage(r), HasSubstr("/api/v1/settings/colour"));
  r = Call("DELETE", "/api/v1/settings");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(ErrorCode(r), "method_not_allowed");
  EXPECT_EQ(Get("/api/v1/settings/log-level").status, 405);
}

}  // namespace
}  // namespace openscs::api
