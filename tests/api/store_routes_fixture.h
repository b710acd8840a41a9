#pragma once

// Tests of API routes over a real SQLite store in a temporary directory:
// a Router holding the route groups under test, a vault over a fixed key,
// a FakeClock and seeded randomness. Call() builds the Request the web
// layer would hand over after authenticating an admin (or a viewer).

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "api/context.h"
#include "api/router.h"
#include "base/clock.h"
#include "secrets/vault.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"
#include "tests/support/seeded_random.h"
#include "tests/support/temp_dir.h"

namespace openscs::api::testing {

class StoreRoutesTest : public ::testing::Test {
 protected:
  struct Call {
    std::string method = "GET";
    std::string path;
    std::multimap<std::string, std::string> query;
    std::string body;
    std::string content_type = "application/json";
    store::UserRole role = store::UserRole::kAdmin;
  };

  StoreRoutesTest() : store_(OpenStore(dir_ / "openscs.db")) {}

  Response Dispatch(const Call& call) {
    Request r;
    r.method = call.method;
    r.path = call.path;
    r.query = call.query;
    r.body = call.body;
    r.content_type = call.body.empty() && call.method == "GET" ? "" : call.content_type;
    r.remote = "127.0.0.1";
    r.principal.role = call.role;
    r.principal.user = call.role == store::UserRole::kAdmin ? "alice" : "victor";
    r.principal.via = "session";
    return router_.Dispatch(r, context_);
  }
  Response Get(const std::string& path, std::multimap<std::string, std::string> query = {},
               store::UserRole role = store::UserRole::kAdmin) {
    return Dispatch({"GET", path, std::move(query), "", "", role});
  }
  Response Send(const std::string& method, const std::string& path, const nlohmann::json& body,
                store::UserRole role = store::UserRole::kAdmin) {
    return Dispatch({method, path, {}, body.dump(), "application/json", role});
  }
  Response Remove(const std::string& path, store::UserRole role = store::UserRole::kAdmin) {
    return Dispatch({"DELETE", path, {}, "", "", role});
  }
  static nlohmann::json Json(const Response& r) {
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.body;
    return j;
  }
  static std::string ErrorCode(const Response& r) { return Json(r)["error"].value("code", ""); }
  static std::string ErrorMessage(const Response& r) { return Json(r)["error"].value("message", ""); }
  static std::string Header(const Response& r, std::string_view name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return "";
  }

  std::vector<store::AuditEntry> Audit() {
    store::AuditQuery q;
    q.limit = 0;
    auto entries = store_->QueryAudit(q);
    EXPECT_TRUE(entries) << entries.error().ToString();
    return entries ? *entries : std::vector<store::AuditEntry>{};
  }

  static std::unique_ptr<store::Store> OpenStore(const std::filesystem::path& path) {
    auto store = store::OpenSqliteStore(path);
    EXPECT_TRUE(store) << store.error().ToString();
    return std::move(store).value();
  }

  openscs::testing::TempDir dir_{"api-routes"};
  std::unique_ptr<store::Store> store_;
  static constexpr std::array<std::byte, secrets::kKeySize> kKey{std::byte{7}};
  secrets::Vault vault_ = secrets::Vault::FromKeyForTest(kKey, openscs::testing::SeededRandom(2));
  base::FakeClock clock_{base::TimePoint(std::chrono::seconds(1'796'144'400))};  // 2026-12-01T17:00:00Z
  Options options_;
  Context context_{*store_, vault_, clock_, openscs::testing::SeededRandom(1), options_};
  Router router_;
};

}  // namespace openscs::api::testing
