#pragma once

// ApiTest (tests/api/api_testing.h) with the calls the key, certificate,
// profile and user route tests read best with: Get/Send/Remove as an admin
// unless told otherwise, a query as a map, and the audit log.

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tests/api/api_testing.h"

namespace openscs::api::testing {

class StoreRoutesTest : public ApiTest {
 protected:
  struct Call {
    std::string method = "GET";
    std::string path;
    std::multimap<std::string, std::string> query;
    std::string body;
    std::string content_type = "application/json";
    store::UserRole role = store::UserRole::kAdmin;
  };

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
    return router_.Dispatch(r, *context_);
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
};

}  // namespace openscs::api::testing
