// The web layer's decisions, through Front::Handle over a real SQLite
// database: who may do what, CSRF, rate limiting, static files, errors.
#include "web/front.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "auth/password.h"
#include "auth/token.h"
#include "secrets/vault.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"
#include "tests/support/seeded_random.h"
#include "tests/support/temp_dir.h"
#include "web/login_limiter.h"
#include "web/sessions.h"
#include "web/static_assets.h"
#include "web/store_pool.h"

namespace openscs::web {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;
using ::testing::HasSubstr;

std::array<std::byte, secrets::kKeySize> TestKey() {
  std::array<std::byte, secrets::kKeySize> key{};
  key.fill(std::byte{7});
  return key;
}

std::string HeaderOf(const HttpResponse& r, std::string_view name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return {};
}

std::string ErrorCode(const HttpResponse& r) {
  auto j = json::parse(r.body, nullptr, false);
  if (j.is_discarded() || !j.contains("error")) return "(no error body: " + r.body.substr(0, 100) + ")";
  return j["error"]["code"].get<std::string>();
}

class FrontTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = (dir_ / "openscs.db").string();
    std::filesystem::create_directories(dir_ / "console/assets");
    std::ofstream(dir_ / "console/index.html") << "<!doctype html><html>console</html>";
    std::ofstream(dir_ / "console/assets/app.js") << "export {}";
    std::ofstream(dir_ / "secret.txt") << "outside the root";
    auto assets = StaticAssets::FromDirectory((dir_ / "console").string());
    ASSERT_TRUE(assets) << assets.error().ToString();
    assets_ = std::move(*assets);
    auto store = store::OpenSqliteStore(db_);
    ASSERT_TRUE(store) << store.error().ToString();
    store_ = std::move(*store);
    AddUser("alice", store::UserRole::kAdmin, "correct horse battery");
    AddUser("victor", store::UserRole::kViewer, "viewer password 1");
    front_ = std::make_unique<Front>(FrontDependencies{pool_, vault_, clock_, testing::SeededRandom(3), options_, assets_,
                                                       sessions_, limiter_, [] { return std::string("metric 1\n"); },
                                                       [] { return true; }});
  }

  void AddUser(const std::string& name, store::UserRole role, const std::string& password) {
    store::UserRecord u;
    u.name = name;
    u.role = role;
    auto hash = auth::HashPassword(password);
    ASSERT_TRUE(hash);
    u.password_hash = *hash;
    u.created = u.updated = clock_.Now();
    ASSERT_TRUE(store_->PutUser(u).ok());
  }

  HttpResponse Send(std::string method, std::string target, std::map<std::string, std::string> headers = {},
                    std::string body = "") {
    HttpRequest r;
    r.method = std::move(method);
    r.target = std::move(target);
    r.headers = std::move(headers);
    r.body = std::move(body);
    r.remote = "127.0.0.1";
    r.headers.emplace("host", "console.test:8080");
    return front_->Handle(r);
  }

  struct Login {
    std::string cookie;  // "openscs_session=..."
    std::string csrf;
  };
  Login LogIn(const std::string& user, const std::string& password) {
    auto r = Send("POST", "/api/v1/session", {{"content-type", "application/json"}},
                  json{{"user", user}, {"password", password}}.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    const std::string set_cookie = HeaderOf(r, "Set-Cookie");
    Login l;
    l.cookie = set_cookie.substr(0, set_cookie.find(';'));
    auto j = json::parse(r.body, nullptr, false);
    if (!j.is_discarded() && j.contains("csrf_token")) l.csrf = j["csrf_token"];
    return l;
  }

  std::optional<std::string> Setting(const std::string& key) {
    auto v = store_->GetSetting(key);
    EXPECT_TRUE(v);
    return v ? *v : std::nullopt;
  }

  std::vector<store::AuditEntry> Audit() {
    auto a = store_->QueryAudit({});
    EXPECT_TRUE(a);
    return a ? *a : std::vector<store::AuditEntry>{};
  }

  testing::TempDir dir_{"front"};
  std::string db_;
  base::FakeClock clock_;
  secrets::Vault vault_ = secrets::Vault::FromKeyForTest(TestKey());
  std::unique_ptr<store::Store> store_;
  StorePool pool_{(dir_ / "openscs.db").string()};
  StaticAssets assets_;
  api::Options options_;
  SessionTable sessions_{clock_, testing::SeededRandom(5), 3600s, 8h};
  LoginLimiter limiter_{clock_, {}};
  std::unique_ptr<Front> front_;
};

TEST_F(FrontTest, OnlyHealthChecksAndTheConsoleFilesNeedNoLogin) {
  EXPECT_EQ(Send("GET", "/healthz").status, 200);
  EXPECT_EQ(Send("GET", "/readyz").status, 200);
  EXPECT_EQ(Send("GET", "/").status, 200);
  for (const char* target : {"/api/v1/systems", "/api/v1/keys", "/api/v1/settings", "/metrics", "/api/v1/events",
                             "/api/v1/session", "/api/v1/audit"}) {
    auto r = Send("GET", target);
    EXPECT_EQ(r.status, 401) << target;
    EXPECT_EQ(ErrorCode(r), "unauthenticated") << target;
    EXPECT_EQ(HeaderOf(r, "WWW-Authenticate"), "Bearer realm=\"openscs\"");
  }
}

TEST_F(FrontTest, LoginSetsAStrictHttpOnlyCookieAndAnswersTheCsrfToken) {
  auto r = Send("POST", "/api/v1/session", {{"content-type", "application/json"}},
                R"({"user":"alice","password":"correct horse battery"})");
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string cookie = HeaderOf(r, "Set-Cookie");
  EXPECT_THAT(cookie, HasSubstr("openscs_session="));
  EXPECT_THAT(cookie, HasSubstr("HttpOnly"));
  EXPECT_THAT(cookie, HasSubstr("SameSite=Strict"));
  EXPECT_THAT(cookie, ::testing::Not(HasSubstr("Secure"))) << "plain HTTP on loopback";
  auto j = json::parse(r.body);
  EXPECT_EQ(j["role"], "admin");
  EXPECT_EQ(j["csrf_token"].get<std::string>().size(), 32u);
  EXPECT_EQ(r.body.find("correct horse"), std::string::npos);
  const auto audit = Audit();
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit.back().action, "login");
  EXPECT_TRUE(audit.back().success);

  HttpRequest tls;
  tls.method = "POST";
  tls.target = "/api/v1/session";
  tls.headers = {{"content-type", "application/json"}};
  tls.body = R"({"user":"alice","password":"correct horse battery"})";
  tls.tls = true;
  EXPECT_THAT(HeaderOf(front_->Handle(tls), "Set-Cookie"), HasSubstr("; Secure"));
}

TEST_F(FrontTest, WrongPasswordAndUnknownUserGetTheSameAnswerAndAreAudited) {
  auto wrong = Send("POST", "/api/v1/session", {{"content-type", "application/json"}},
                    R"({"user":"alice","password":"nope nope nope"})");
  auto unknown = Send("POST", "/api/v1/session", {{"content-type", "application/json"}},
                      R"({"user":"mallory","password":"nope nope nope"})");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.body, unknown.body) << "the answer does not tell which names exist";
  EXPECT_TRUE(HeaderOf(wrong, "Set-Cookie").empty());
  const auto audit = Audit();
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_FALSE(audit[0].success);
  EXPECT_EQ(audit[0].detail, "wrong password");
  EXPECT_EQ(audit[1].detail, "unknown user");
  for (const auto& e : audit) EXPECT_EQ(e.detail.find("nope"), std::string::npos) << "never the password";
}

TEST_F(FrontTest, LoginBodyErrorsAreClear) {
  auto form = Send("POST", "/api/v1/session", {{"content-type", "application/x-www-form-urlencoded"}},
                   "user=alice&password=x");
  EXPECT_EQ(form.status, 415) << "a cross-site form cannot log anyone in";
  auto broken = Send("POST", "/api/v1/session", {{"content-type", "application/json"}}, R"({"user": "alice",)");
  EXPECT_EQ(broken.status, 400);
  EXPECT_EQ(ErrorCode(broken), "invalid_json");
  auto typed = Send("POST", "/api/v1/session", {{"content-type", "application/json"}}, R"({"user": 5, "password": []})");
  EXPECT_EQ(typed.status, 400);
  EXPECT_EQ(ErrorCode(typed), "invalid_argument");
}

TEST_F(FrontTest, FailedLoginsAreRateLimitedEvenWithTheRightPasswordThen) {
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Send("POST", "/api/v1/session", {{"content-type", "application/json"}},
                   R"({"user":"alice","password":"guess guess"})")
                  .status,
              401);
  }
  auto limited = Send("POST", "/api/v1/session", {{"content-type", "application/json"}},
                      R"({"user":"alice","password":"correct horse battery"})");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(ErrorCode(limited), "rate_limited");
  EXPECT_EQ(HeaderOf(limited, "Retry-After"), "300");
  clock_.Advance(301s);
  EXPECT_EQ(LogIn("alice", "correct horse battery").cookie.rfind("openscs_session=", 0), 0u);
}

TEST_F(FrontTest, SessionCookieReadsAndLogoutEndsIt) {
  auto login = LogIn("victor", "viewer password 1");
  auto r = Send("GET", "/api/v1/session", {{"cookie", "theme=dark; " + login.cookie}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["role"], "viewer");
  EXPECT_EQ(Send("GET", "/api/v1/systems", {{"cookie", login.cookie}}).status, 200);
  auto out = Send("DELETE", "/api/v1/session", {{"cookie", login.cookie}, {"x-csrf-token", login.csrf}});
  EXPECT_EQ(out.status, 200) << out.body;
  EXPECT_THAT(HeaderOf(out, "Set-Cookie"), HasSubstr("Max-Age=0"));
  EXPECT_EQ(Send("GET", "/api/v1/systems", {{"cookie", login.cookie}}).status, 401);
}

TEST_F(FrontTest, ChangesWithACookieNeedTheSessionsCsrfToken) {
  auto login = LogIn("alice", "correct horse battery");
  const std::string body = R"({"level":"debug"})";
  auto none = Send("PUT", "/api/v1/settings/log-level", {{"cookie", login.cookie}, {"content-type", "application/json"}},
                   body);
  EXPECT_EQ(none.status, 403);
  EXPECT_EQ(ErrorCode(none), "csrf_failed");
  auto wrong = Send("PUT", "/api/v1/settings/log-level",
                    {{"cookie", login.cookie}, {"content-type", "application/json"}, {"x-csrf-token", "0" + login.csrf.substr(1)}},
                    body);
  EXPECT_EQ(wrong.status, 403);
  auto foreign = Send("PUT", "/api/v1/settings/log-level",
                      {{"cookie", login.cookie},
                       {"content-type", "application/json"},
                       {"x-csrf-token", login.csrf},
                       {"origin", "https://evil.example"}},
                      body);
  EXPECT_EQ(foreign.status, 403);
  EXPECT_FALSE(Setting("log_level")) << "nothing changed";
  const auto refused = Audit();
  EXPECT_EQ(std::count_if(refused.begin(), refused.end(), [](const auto& e) { return e.action == "csrf_refused"; }), 3);

  auto ok = Send("PUT", "/api/v1/settings/log-level",
                 {{"cookie", login.cookie},
                  {"content-type", "application/json"},
                  {"x-csrf-token", login.csrf},
                  {"origin", "http://console.test:8080"}},
                 body);
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(Setting("log_level"), "debug");
}

TEST_F(FrontTest, BearerTokensWorkWithoutCsrfUntilRevokedOrExpired) {
  auto token = auth::MakeApiToken(testing::SeededRandom(11));
  store::ApiTokenRecord t;
  t.id = token.id;
  t.user = "alice";
  t.label = "script";
  t.digest = token.digest;
  t.created = clock_.Now();
  t.expires = clock_.Now() + 1h;
  ASSERT_TRUE(store_->AddApiToken(t).ok());
  const std::map<std::string, std::string> auth{{"authorization", "Bearer " + token.token},
                                                {"content-type", "application/json"}};
  auto r = Send("PUT", "/api/v1/settings/log-level", auth, R"({"level":"warning"})");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Setting("log_level"), "warning");
  const auto audit = Audit();
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit.back().via, "token:" + token.id);
  EXPECT_EQ(Send("GET", "/metrics", auth).body, "metric 1\n");

  EXPECT_EQ(Send("GET", "/api/v1/systems", {{"authorization", "Bearer oscs_made_up"}}).status, 401);
  EXPECT_EQ(Send("GET", "/api/v1/systems", {{"authorization", "Basic YWxpY2U6eA=="}}).status, 401);
  clock_.Advance(2h);
  auto expired = Send("GET", "/api/v1/systems", auth);
  EXPECT_EQ(expired.status, 401);
  EXPECT_THAT(expired.body, HasSubstr("expired"));
}

TEST_F(FrontTest, ViewerCannotChangeOrRevealAndTheAttemptIsAudited) {
  auto login = LogIn("victor", "viewer password 1");
  const std::map<std::string, std::string> h{
      {"cookie", login.cookie}, {"x-csrf-token", login.csrf}, {"content-type", "application/json"}};
  auto put = Send("PUT", "/api/v1/settings/log-level", h, R"({"level":"debug"})");
  EXPECT_EQ(put.status, 403);
  EXPECT_EQ(ErrorCode(put), "forbidden");
  EXPECT_FALSE(Setting("log_level"));
  auto reveal = Send("GET", "/api/v1/keys/export.csv", h);
  EXPECT_EQ(reveal.status, 403);
  const auto audit = Audit();
  EXPECT_GE(std::count_if(audit.begin(), audit.end(),
                          [](const auto& e) { return e.user == "victor" && !e.success; }),
            2);
}

TEST_F(FrontTest, DisabledUsersSessionStopsWorking) {
  auto login = LogIn("victor", "viewer password 1");
  auto u = store_->GetUser("victor");
  ASSERT_TRUE(u && *u);
  store::UserRecord rec = **u;
  rec.disabled = true;
  ASSERT_TRUE(store_->PutUser(rec).ok());
  EXPECT_EQ(Send("GET", "/api/v1/systems", {{"cookie", login.cookie}}).status, 401);
}

TEST_F(FrontTest, AChangedPasswordEndsTheSessionsOpenedWithTheOldOne) {
  auto login = LogIn("victor", "viewer password 1");
  ASSERT_EQ(Send("GET", "/api/v1/systems", {{"cookie", login.cookie}}).status, 200);
  // What `openscs users passwd victor` does, from another process.
  AddUser("victor", store::UserRole::kViewer, "a new viewer password");
  auto after = Send("GET", "/api/v1/systems", {{"cookie", login.cookie}});
  EXPECT_EQ(after.status, 401);
  EXPECT_THAT(after.body, HasSubstr("password was changed"));
  // The session is gone, not just refused once; the new password works.
  EXPECT_EQ(Send("GET", "/api/v1/systems", {{"cookie", login.cookie}}).status, 401);
  auto again = LogIn("victor", "a new viewer password");
  EXPECT_EQ(Send("GET", "/api/v1/systems", {{"cookie", again.cookie}}).status, 200);
}

TEST_F(FrontTest, StaticFilesAreServedAndPathTricksAreRefused) {
  auto index = Send("GET", "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_THAT(index.body, HasSubstr("console"));
  EXPECT_THAT(HeaderOf(index, "Content-Security-Policy"), HasSubstr("default-src 'self'"));
  EXPECT_EQ(HeaderOf(index, "X-Frame-Options"), "DENY");
  EXPECT_EQ(Send("GET", "/assets/app.js").status, 200);
  for (const char* target : {"/../secret.txt", "/assets/../../secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt",
                             "/assets/..%2f..%2fsecret.txt", "/assets/%2e%2e%5csecret.txt", "/assets\\..\\secret.txt"}) {
    auto r = Send("GET", target);
    EXPECT_EQ(r.status, 400) << target;
    EXPECT_EQ(r.body.find("outside the root"), std::string::npos);
  }
  EXPECT_EQ(Send("GET", "/secret.txt").status, 404);
  EXPECT_EQ(Send("GET", "/assets/nope.js").status, 404);
  EXPECT_EQ(Send("POST", "/assets/app.js").status, 405);
}

TEST_F(FrontTest, ApiErrorsAreJsonWithACode) {
  auto login = LogIn("alice", "correct horse battery");
  const std::map<std::string, std::string> h{
      {"cookie", login.cookie}, {"x-csrf-token", login.csrf}, {"content-type", "application/json"}};
  auto missing = Send("GET", "/api/v1/nothing-here", h);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(ErrorCode(missing), "not_found");
  auto broken = Send("PUT", "/api/v1/settings/log-level", h, R"({"level": )");
  EXPECT_EQ(broken.status, 400);
  EXPECT_EQ(broken.content_type, "application/json");
  auto bad_level = Send("PUT", "/api/v1/settings/log-level", h, R"({"level": "chatty"})");
  EXPECT_EQ(bad_level.status, 400);
  EXPECT_THAT(bad_level.body, HasSubstr("chatty"));
  auto method = Send("DELETE", "/api/v1/systems", h);
  EXPECT_EQ(method.status, 405);
  EXPECT_EQ(ErrorCode(method), "method_not_allowed");
  EXPECT_FALSE(Setting("log_level"));
}

TEST_F(FrontTest, EventStreamIsHandedToTheTransportOnlyWhenLoggedIn) {
  auto login = LogIn("victor", "viewer password 1");
  auto r = Send("GET", "/api/v1/events", {{"cookie", login.cookie}});
  EXPECT_TRUE(r.start_event_stream);
  EXPECT_FALSE(Send("GET", "/api/v1/events").start_event_stream);
}

}  // namespace
}  // namespace openscs::web
