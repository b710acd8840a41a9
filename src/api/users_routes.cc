// GET /api/v1/users and GET /api/v1/audit: who may use the console and the
// API, and what they did. Admin only (Access::kWrite, so a viewer is
// refused and the refusal audited), though neither changes anything.
// Password hashes and token digests never leave the store through here.

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <map>

#include "api/json_io.h"
#include "api/routes.h"
#include "present/time_text.h"
#include "store/store.h"

namespace openscs::api {
namespace {

using nlohmann::json;

std::string ApiTime(base::TimePoint t) { return present::FormatTime(t, present::TimeStyle::kApi); }

json TokenJson(const store::ApiTokenRecord& t) {
  return json{{"id", t.id},
              {"label", t.label},
              {"created", ApiTime(t.created)},
              {"expires", ApiTime(t.expires)},
              {"last_used", ApiTime(t.last_used)}};
}

json AuditJson(const store::AuditEntry& e) {
  return json{{"id", e.id},         {"at", ApiTime(e.at)}, {"user", e.user},
              {"via", e.via},       {"action", e.action},  {"target", e.target},
              {"detail", e.detail}, {"remote", e.remote},  {"success", e.success}};
}

Response ListUsers(const Request& request, const PathParams&, Context& context) {
  auto page = QueryPage(request);
  if (!page) return ErrorFromStatus(page.error());
  auto users = context.store.ListUsers();
  if (!users) return ErrorFromStatus(users.error());
  auto tokens = context.store.ListApiTokens("");
  if (!tokens) return ErrorFromStatus(tokens.error());
  std::map<std::string, json, std::less<>> by_user;
  for (const auto& t : *tokens) {
    auto [it, inserted] = by_user.try_emplace(t.user, json::array());
    it->second.push_back(TokenJson(t));
  }
  json items = json::array();
  for (size_t i = page->offset; i < users->size() && items.size() < page->limit; ++i) {
    const auto& u = (*users)[i];
    auto tokens_of = by_user.find(u.name);
    items.push_back(json{{"name", u.name},
                         {"role", store::UserRoleName(u.role)},
                         {"disabled", u.disabled},
                         {"created", ApiTime(u.created)},
                         {"updated", ApiTime(u.updated)},
                         {"tokens", tokens_of == by_user.end() ? json::array() : tokens_of->second}});
  }
  return JsonResponse(json{{"total", users->size()}, {"items", std::move(items)}});
}

// ?action= is a prefix: "keys." finds every key action, "keys.export" that
// one. ?limit= (default 100, at most 1000) takes the newest matches, oldest
// first; ?after_id= the ones after a seen id, for polling.
Response QueryAudit(const Request& request, const PathParams&, Context& context) {
  auto limit = QuerySize(request, "limit", 100, 1000);
  if (!limit) return ErrorFromStatus(limit.error());
  auto after_id = QuerySize(request, "after_id", 0, static_cast<size_t>(INT64_MAX));
  if (!after_id) return ErrorFromStatus(after_id.error());
  store::AuditQuery query;
  query.user = QueryParam(request, "user").value_or("");
  query.action_prefix = QueryParam(request, "action").value_or("");
  query.after_id = static_cast<int64_t>(*after_id);
  query.limit = *limit;
  json items = json::array();
  int64_t last_id = query.after_id;
  // To the store, limit 0 means "no limit"; here it asks for nothing.
  if (query.limit == 0) return JsonResponse(json{{"items", std::move(items)}, {"last_id", last_id}});
  auto entries = context.store.QueryAudit(query);
  if (!entries) return ErrorFromStatus(entries.error());
  for (const auto& e : *entries) {
    items.push_back(AuditJson(e));
    last_id = std::max(last_id, e.id);
  }
  return JsonResponse(json{{"items", std::move(items)}, {"last_id", last_id}});
}

}  // namespace

void AddUserRoutes(Router& router) {
  router.Add({"GET", "/api/v1/users", Access::kWrite, "users and their tokens (never hashes)", ListUsers});
  router.Add({"GET", "/api/v1/audit", Access::kWrite, "the audit log", QueryAudit});
}

}  // namespace openscs::api
