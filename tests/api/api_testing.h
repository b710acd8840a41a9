#pragma once

// Route tests over a real SQLite store in a temporary directory: each test
// fills a Router with the route groups it exercises (api/routes.h) and calls
// it as the web layer would, with a FakeClock, a fixed-key vault and an
// authenticated principal (admin unless the test says otherwise).

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/context.h"
#include "api/request.h"
#include "api/router.h"
#include "base/clock.h"
#include "secrets/vault.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"
#include "tests/support/seeded_random.h"
#include "tests/support/temp_dir.h"

namespace openscs::api::testing {

// "a=1&b=x%20y" -> {a: 1, b: "x y"}; '+' is a space, as in a form.
inline std::multimap<std::string, std::string> ParseQueryForTest(std::string_view text) {
  auto decode = [](std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '+') {
        out += ' ';
      } else if (s[i] == '%' && i + 2 < s.size()) {
        out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
        i += 2;
      } else {
        out += s[i];
      }
    }
    return out;
  };
  std::multimap<std::string, std::string> out;
  while (!text.empty()) {
    const size_t amp = text.find('&');
    const std::string_view pair = text.substr(0, amp);
    const size_t eq = pair.find('=');
    out.emplace(decode(pair.substr(0, eq)), eq == std::string_view::npos ? "" : decode(pair.substr(eq + 1)));
    if (amp == std::string_view::npos) break;
    text.remove_prefix(amp + 1);
  }
  return out;
}

class ApiTest : public ::testing::Test {
 protected:
  ApiTest() {
    auto opened = store::OpenSqliteStore(dir_ / "openscs.db");
    EXPECT_TRUE(opened) << opened.error().ToString();
    store_ = std::move(opened).value();
    context_ = std::make_unique<Context>(Context{*store_, vault_, clock_, openscs::testing::SeededRandom(1), options_});
  }

  // `target` is a path with an optional query: "/api/v1/systems?state=failed".
  Response Call(std::string method, std::string_view target, std::string body = "",
                std::string content_type = "application/json", store::UserRole role = store::UserRole::kAdmin) {
    Request r;
    r.method = std::move(method);
    const size_t question = target.find('?');
    r.path = std::string(target.substr(0, question));
    if (question != std::string_view::npos) r.query = ParseQueryForTest(target.substr(question + 1));
    r.content_type = body.empty() && content_type == "application/json" ? "" : std::move(content_type);
    r.body = std::move(body);
    r.remote = "127.0.0.1";
    r.principal.role = role;
    r.principal.user = role == store::UserRole::kAdmin ? "alice" : "victor";
    r.principal.via = "session";
    return router_.Dispatch(r, *context_);
  }
  Response Get(std::string_view target, store::UserRole role = store::UserRole::kViewer) {
    return Call("GET", target, "", "application/json", role);
  }

  // The body as JSON; a test failure (and null) when it is not JSON.
  static nlohmann::json Json(const Response& r) {
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.body;
    return j;
  }
  static std::string ErrorCode(const Response& r) {
    auto j = Json(r);
    return j.is_object() && j.contains("error") ? j["error"].value("code", "") : "";
  }
  static std::string ErrorMessage(const Response& r) {
    auto j = Json(r);
    return j.is_object() && j.contains("error") ? j["error"].value("message", "") : "";
  }

  static constexpr std::array<std::byte, secrets::kKeySize> kKey{};
  openscs::testing::TempDir dir_{"api"};
  base::FakeClock clock_{base::TimePoint(std::chrono::seconds(1'796'144'400))};  // 2026-12-01T17:00:00Z
  Options options_;
  secrets::Vault vault_ = secrets::Vault::FromKeyForTest(kKey, openscs::testing::SeededRandom(2));
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Context> context_;
  Router router_;
};

}  // namespace openscs::api::testing
