// GET /api/v1/logs?uuid=&level=&after_id=&since=&limit=: the provisioning
// log, oldest first, as `openscs logs --json` prints its entries. Without
// after_id the newest `limit` matches; with it the oldest `limit` after that
// id, so a poller passes back "last_id" and never misses an entry.

#include <algorithm>
#include <charconv>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api/json_io.h"
#include "api/routes.h"
#include "present/system_json.h"
#include "present/time_text.h"
#include "store/store.h"

namespace openscs::api {
namespace {

base::Result<store::LogQuery> ReadQuery(const Request& request, const Context& context) {
  store::LogQuery q;
  auto limit = QuerySize(request, "limit", 100, 1000);
  if (!limit) return limit.error();
  // 0 would mean "no limit" to the store.
  if (*limit == 0) return base::InvalidArgument("limit: give 1 to 1000");
  q.limit = *limit;
  if (auto uuid = QueryParam(request, "uuid"); uuid && !uuid->empty()) {
    auto canonical = CanonicalUuid(*uuid, "uuid");
    if (!canonical) return canonical.error();
    q.uuid = *canonical;
  }
  if (auto level = QueryParam(request, "level"); level && !level->empty()) {
    auto parsed = store::ParseLogLevel(*level);
    if (!parsed) return base::InvalidArgument(fmt::format("level: '{}' is not error, warning, info or debug", *level));
    q.max_level = *parsed;
  }
  if (auto after = QueryParam(request, "after_id"); after && !after->empty()) {
    int64_t id = 0;
    auto [end, ec] = std::from_chars(after->data(), after->data() + after->size(), id);
    if (ec != std::errc() || end != after->data() + after->size() || id < 0) {
      return base::InvalidArgument(fmt::format("after_id: '{}' is not a non-negative number", *after));
    }
    q.after_id = id;
  }
  if (auto since = QueryParam(request, "since"); since && !since->empty()) {
    auto t = present::ParseTimeArgument(*since, context.clock.Now());
    if (!t) return t.error().WithContext("since");
    q.since = *t;
  }
  return q;
}

Response Logs(const Request& request, const PathParams&, Context& context) {
  auto query = ReadQuery(request, context);
  if (!query) return ErrorFromStatus(query.error());
  auto entries = context.store.QueryLogs(*query);
  if (!entries) return ErrorFromStatus(entries.error());
  nlohmann::json items = nlohmann::json::array();
  int64_t last_id = query->after_id;
  for (const auto& e : *entries) {
    items.push_back(present::LogEntryJson(e, present::TimeStyle::kApi));
    last_id = std::max(last_id, e.id);
  }
  return JsonResponse(nlohmann::json{{"items", std::move(items)}, {"last_id", last_id}});
}

}  // namespace

void AddLogRoutes(Router& router) {
  router.Add(
      {"GET", "/api/v1/logs", Access::kRead, "the provisioning log (?uuid=&level=&after_id=&since=&limit=)", Logs});
}

}  // namespace openscs::api
