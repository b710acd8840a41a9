// GET /api/v1/users and /api/v1/audit: admin only, and never a password
// hash or token digest.

#include <gmock/gmock.h>

#include "api/audit.h"
#include "api/routes.h"
#include "tests/api/store_routes_fixture.h"

namespace openscs::api {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kHash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g";
constexpr std::string_view kDigest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

class UsersRoutes : public testing::StoreRoutesTest {
 protected:
  UsersRoutes() { AddUserRoutes(router_); }

  void AddUser(const std::string& name, store::UserRole role) {
    store::UserRecord u;
    u.name = name;
    u.role = role;
    u.password_hash = std::string(kHash);
    u.created = clock_.Now();
    u.updated = clock_.Now();
    ASSERT_TRUE(store_->PutUser(u).ok());
  }
  void Append(const std::string& user, const std::string& action, const std::string& target) {
    store::AuditEntry e;
    e.at = clock_.Now();
    e.user = user;
    e.via = "session";
    e.action = action;
    e.target = target;
    ASSERT_TRUE(store_->AppendAudit(e));
    clock_.Advance(std::chrono::seconds(1));
  }
};

TEST_F(UsersRoutes, ListsUsersAndTheirTokensWithoutHashesOrDigests) {
  AddUser("alice", store::UserRole::kAdmin);
  AddUser("victor", store::UserRole::kViewer);
  store::ApiTokenRecord t;
  t.id = "tok_0123456789ab";
  t.user = "victor";
  t.label = "prometheus";
  t.digest = std::string(kDigest);
  t.created = clock_.Now();
  ASSERT_TRUE(store_->AddApiToken(t).ok());

  auto r = Get("/api/v1/users");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto j = Json(r);
  EXPECT_EQ(j["total"], 2);
  ASSERT_EQ(j["items"].size(), 2u);
  EXPECT_EQ(j["items"][0]["name"], "alice");
  EXPECT_EQ(j["items"][0]["role"], "admin");
  EXPECT_EQ(j["items"][0]["tokens"].size(), 0u);
  const auto& victor = j["items"][1];
  EXPECT_EQ(victor["role"], "viewer");
  EXPECT_EQ(victor["disabled"], false);
  ASSERT_EQ(victor["tokens"].size(), 1u);
  EXPECT_EQ(victor["tokens"][0]["id"], "tok_0123456789ab");
  EXPECT_EQ(victor["tokens"][0]["label"], "prometheus");
  EXPECT_EQ(victor["tokens"][0]["expires"], "");    // never
  EXPECT_EQ(victor["tokens"][0]["last_used"], "");  // never used
  EXPECT_THAT(r.body, Not(HasSubstr("argon2")));
  EXPECT_THAT(r.body, Not(HasSubstr(kDigest.substr(0, 16))));
}

TEST_F(UsersRoutes, AuditFiltersByUserActionPrefixAndAfterId) {
  Append("alice", "keys.generate", "");
  Append("bob", "keys.export", "");
  Append("alice", "profiles.put", "lab");
  Append("alice", "keys.setupbin", "usb-1");

  auto r = Get("/api/v1/audit");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = Json(r);
  ASSERT_EQ(j["items"].size(), 4u);
  EXPECT_EQ(j["items"][0]["action"], "keys.generate");  // oldest first
  EXPECT_EQ(j["items"][0]["at"], "2026-12-01T17:00:00.000000Z");
  EXPECT_EQ(j["items"][0]["success"], true);
  const int64_t last = j["last_id"];
  EXPECT_EQ(last, j["items"][3]["id"].get<int64_t>());

  j = Json(Get("/api/v1/audit", {{"action", "keys."}, {"user", "alice"}}));
  ASSERT_EQ(j["items"].size(), 2u);
  EXPECT_EQ(j["items"][1]["target"], "usb-1");

  const int64_t second = Json(Get("/api/v1/audit"))["items"][1]["id"];
  j = Json(Get("/api/v1/audit", {{"after_id", std::to_string(second)}}));
  ASSERT_EQ(j["items"].size(), 2u);
  EXPECT_EQ(j["items"][0]["action"], "profiles.put");

  j = Json(Get("/api/v1/audit", {{"after_id", std::to_string(last)}}));
  EXPECT_TRUE(j["items"].empty());
  EXPECT_EQ(j["last_id"], last);  // polling goes on from where it was

  j = Json(Get("/api/v1/audit", {{"limit", "1"}}));
  ASSERT_EQ(j["items"].size(), 1u);
  EXPECT_EQ(j["items"][0]["action"], "keys.setupbin");  // the newest

  r = Get("/api/v1/audit", {{"after_id", "x"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(ErrorMessage(r), HasSubstr("after_id"));
}

TEST_F(UsersRoutes, AViewerSeesNeitherUsersNorTheAuditLog) {
  AddUser("alice", store::UserRole::kAdmin);
  for (const char* path : {"/api/v1/users", "/api/v1/audit"}) {
    auto r = Get(path, {}, store::UserRole::kViewer);
    EXPECT_EQ(r.status, 403) << path;
    EXPECT_EQ(ErrorCode(r), "forbidden");
    EXPECT_THAT(r.body, Not(HasSubstr("alice")));
  }
  const auto audit = Audit();
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].action, "GET /api/v1/users");
  EXPECT_EQ(audit[1].action, "GET /api/v1/audit");
  for (const auto& e : audit) {
    EXPECT_FALSE(e.success);
    EXPECT_EQ(e.user, "victor");
    EXPECT_EQ(e.remote, "127.0.0.1");
  }
}

}  // namespace
}  // namespace openscs::api
