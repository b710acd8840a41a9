// /api/v1/profiles: list, put (checked field by field, passwords sealed and
// never shown), delete, over a real store.

#include <gmock/gmock.h>

#include "api/routes.h"
#include "tests/api/store_routes_fixture.h"

namespace openscs::api {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr std::string_view kAdminPassword = "Adm1n!pass";
constexpr std::string_view kMebxPassword = "Mebx#2026x";

class ProfilesRoutes : public testing::StoreRoutesTest {
 protected:
  ProfilesRoutes() { AddProfileRoutes(router_); }

  Response Put(const std::string& name, const nlohmann::json& body, store::UserRole role = store::UserRole::kAdmin) {
    return Send("PUT", "/api/v1/profiles/" + name, body, role);
  }
  Response Delete(const std::string& name, store::UserRole role = store::UserRole::kAdmin) {
    return Remove("/api/v1/profiles/" + name, role);
  }
  nlohmann::json Listed(const std::string& name) {
    auto r = Get("/api/v1/profiles", {}, store::UserRole::kViewer);
    EXPECT_EQ(r.status, 200) << r.body;
    const auto j = Json(r);
    for (const auto& p : j["items"]) {
      if (p["name"] == name) return p;
    }
    return nullptr;
  }
  store::ProfileRecord Stored(const std::string& name) {
    auto p = store_->GetProfile(name);
    EXPECT_TRUE(p && p->has_value()) << name;
    return p && p->has_value() ? **p : store::ProfileRecord{};
  }

  const nlohmann::json lab_ = {{"priority", 10},
                               {"rule", "domain:lab.example.com"},
                               {"host_name_template", "lab-{uuid8}"},
                               {"domain_name", "lab.example.com"},
                               {"password_policy", "fixed"},
                               {"fixed_admin_password", kAdminPassword},
                               {"tls", false},
                               {"sol_ider", true},
                               {"known_mebx_passwords", {kMebxPassword}}};
};

TEST_F(ProfilesRoutes, PutCreatesAProfileAndListingShowsNoPassword) {
  auto r = Put("lab", lab_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json(r)["created"], true);
  EXPECT_EQ(Json(r)["profile"]["priority"], 10);

  const auto p = Listed("lab");
  ASSERT_FALSE(p.is_null());
  EXPECT_EQ(p["rule"], "domain:lab.example.com");
  EXPECT_EQ(p["host_name_template"], "lab-{uuid8}");
  EXPECT_EQ(p["domain_name"], "lab.example.com");
  EXPECT_EQ(p["password_policy"], "fixed");
  EXPECT_EQ(p["fixed_admin_password_set"], true);
  EXPECT_EQ(p["known_mebx_passwords"], 1);
  EXPECT_EQ(p["tls"], false);
  EXPECT_EQ(p["sol_ider"], true);
  EXPECT_EQ(p["web_ui"], true);  // not given: the default
  EXPECT_FALSE(p.contains("fixed_admin_password"));
  const std::string listing = Get("/api/v1/profiles").body;
  EXPECT_THAT(listing, Not(HasSubstr(kAdminPassword)));
  EXPECT_THAT(listing, Not(HasSubstr(kMebxPassword)));
  EXPECT_THAT(r.body, Not(HasSubstr(kAdminPassword)));

  // Sealed in the store, and they open to what was sent.
  const auto stored = Stored("lab");
  EXPECT_THAT(stored.fixed_admin_password, Not(HasSubstr(kAdminPassword)));
  EXPECT_EQ(*vault_.Open(stored.fixed_admin_password), kAdminPassword);
  ASSERT_EQ(stored.known_mebx_passwords.size(), 1u);
  EXPECT_EQ(*vault_.Open(stored.known_mebx_passwords[0]), kMebxPassword);

  const auto audit = Audit();
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "profiles.put");
  EXPECT_EQ(audit[0].target, "lab");
  EXPECT_THAT(audit[0].detail, StartsWith("created"));
  EXPECT_THAT(audit[0].detail, Not(HasSubstr(kAdminPassword)));
}

TEST_F(ProfilesRoutes, PutKeepsWhatItLeavesOutAndTakesBackWhatGetShowed) {
  ASSERT_EQ(Put("lab", lab_).status, 200);
  auto r = Put("lab", {{"priority", 20}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json(r)["created"], false);
  auto stored = Stored("lab");
  EXPECT_EQ(stored.priority, 20);
  EXPECT_EQ(stored.rule, "domain:lab.example.com");
  EXPECT_EQ(*vault_.Open(stored.fixed_admin_password), kAdminPassword);
  EXPECT_EQ(stored.known_mebx_passwords.size(), 1u);

  // What GET shows, sent back unchanged, changes nothing.
  nlohmann::json shown = Listed("lab");
  ASSERT_EQ(Put("lab", shown).status, 200);
  stored = Stored("lab");
  EXPECT_EQ(*vault_.Open(stored.fixed_admin_password), kAdminPassword);
  EXPECT_EQ(stored.known_mebx_passwords.size(), 1u);

  shown["known_mebx_passwords"] = 3;
  r = Put("lab", shown);
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(ErrorMessage(r), HasSubstr("known_mebx_passwords: 1 stored"));

  r = Put("lab", {{"fixed_admin_password", nullptr}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorMessage(r), "profile 'lab': password_policy 'fixed' needs fixed_admin_password");
  r = Put("lab", {{"fixed_admin_password", nullptr},
                  {"password_policy", "random"},
                  {"known_mebx_passwords", nlohmann::json::array()}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Stored("lab").fixed_admin_password.empty());
  EXPECT_TRUE(Stored("lab").known_mebx_passwords.empty());
}

TEST_F(ProfilesRoutes, BadFieldsAre400NamingTheField) {
  const std::vector<std::pair<nlohmann::json, std::string>> cases = {
      {{{"rule", "hostname:x"}}, "profile 'lab': rule: "},
      {{{"host_name_template", "amt-{serial}"}}, "profile 'lab': host_name_template: "},
      {{{"domain_name", "bad..example.com"}}, "profile 'lab': domain_name: "},
      {{{"password_policy", "sometimes"}}, "profile 'lab': password_policy 'sometimes': expected random or fixed"},
      {{{"fixed_admin_password", "weakpass1"}}, "profile 'lab': fixed_admin_password: "},
      {{{"known_mebx_passwords", {"Str0ng!pw", "weakpass1"}}}, "profile 'lab': known_mebx_passwords[1]: "},
      {{{"known_mebx_passwords", {"Str0ng!pw", 7}}},
       "profile 'lab': known_mebx_passwords[1]: must be a string, not a number"},
      {{{"tls", "yes"}}, "profile 'lab': tls: must be true or false, not a string"},
      {{{"priority", "10"}}, "profile 'lab': priority: must be a whole number, not a string"},
      {{{"name", "other"}}, "profile 'lab': name: 'other' differs from the path's 'lab'"},
      {{{"tls_enabled", true}}, "profile 'lab': unknown field 'tls_enabled'"},
  };
  for (const auto& [body, message] : cases) {
    auto r = Put("lab", body);
    EXPECT_EQ(r.status, 400) << body.dump();
    EXPECT_EQ(ErrorCode(r), "invalid_argument") << body.dump();
    EXPECT_THAT(ErrorMessage(r), StartsWith(message)) << body.dump();
    EXPECT_THAT(ErrorMessage(r), Not(HasSubstr("weakpass1")));
  }
  auto r = Put("bad%20name", {{"priority", 1}});
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(ErrorMessage(r), StartsWith("profile name 'bad%20name'"));

  r = Dispatch({"PUT", "/api/v1/profiles/lab", {}, "{\"priority\": 1,}", "application/json", store::UserRole::kAdmin});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorCode(r), "invalid_json");
  EXPECT_THAT(ErrorMessage(r), HasSubstr("byte"));
  r = Dispatch({"PUT", "/api/v1/profiles/lab", {}, "[1]", "application/json", store::UserRole::kAdmin});
  EXPECT_EQ(r.status, 400);

  EXPECT_EQ(store_->GetProfile("lab")->has_value(), false);
  EXPECT_TRUE(Audit().empty());
}

TEST_F(ProfilesRoutes, DeleteRemovesAProfileButNeverTheDefault) {
  ASSERT_EQ(Put("lab", lab_).status, 200);
  auto r = Delete("lab");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Listed("lab").is_null());
  EXPECT_EQ(Audit().back().action, "profiles.delete");
  EXPECT_EQ(Audit().back().target, "lab");

  r = Delete("lab");
  EXPECT_EQ(r.status, 404);
  r = Delete("default");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(ErrorCode(r), "conflict");
  EXPECT_FALSE(Listed("default").is_null());
  EXPECT_FALSE(Audit().back().success);
}

TEST_F(ProfilesRoutes, AViewerCannotChangeProfiles) {
  ASSERT_EQ(Put("lab", lab_).status, 200);
  EXPECT_EQ(Put("lab", {{"priority", 1}}, store::UserRole::kViewer).status, 403);
  EXPECT_EQ(Put("new", lab_, store::UserRole::kViewer).status, 403);
  EXPECT_EQ(Delete("lab", store::UserRole::kViewer).status, 403);
  EXPECT_EQ(Stored("lab").priority, 10);
  EXPECT_FALSE(store_->GetProfile("new")->has_value());
  const auto audit = Audit();
  ASSERT_EQ(audit.size(), 4u);
  for (size_t i = 1; i < 4; ++i) {
    EXPECT_FALSE(audit[i].success);
    EXPECT_EQ(audit[i].user, "victor");
  }
}

}  // namespace
}  // namespace openscs::api
