// GET /api/v1/systems, /api/v1/systems/{uuid}, /api/v1/systems/{uuid}/timeline.
//
// The list filters in memory over Store::ListSystems: the store's query
// knows only state and a UUID prefix, and a fleet of tens of thousands of
// records filters in milliseconds. The counts are over the whole fleet (not
// the filtered page) so the console's filter chips always show every state
// and cause.

#include <algorithm>
#include <cctype>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api/json_io.h"
#include "api/routes.h"
#include "device/hello_schedule.h"
#include "diagnose/hello_window.h"
#include "present/diagnosis_json.h"
#include "present/hello_json.h"
#include "present/system_json.h"
#include "protocol/pidpps/pid_pps.h"
#include "store/store.h"

namespace openscs::api {
namespace {

using nlohmann::json;
using present::TimeStyle;

constexpr std::string_view kNoCause = "none";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The "cause" column: the code of the last failure, "none" without one.
std::string CauseOf(const store::SystemRecord& s) {
  return s.last_error.empty() ? std::string(kNoCause) : s.last_error;
}

// Where the device is in its hello schedule (diagnose/hello_window.h), with
// Options.hello_schedule or, when it is empty, the device's method's default.
json WindowJson(const store::SystemRecord& s, const Context& context) {
  const std::string name =
      context.options.hello_schedule.empty() ? diagnose::DefaultScheduleFor(s) : context.options.hello_schedule;
  auto profile = device::ProfileByName(name);
  if (!profile) return json{{"state", ""}, {"error", profile.error().message()}};
  const auto w = diagnose::AssessHelloWindow(s, *profile, context.options.time_scale, context.clock.Now());
  return json{{"state", present::WindowStateName(w.state)},
              {"schedule", w.schedule},
              {"closes_at", w.closes_at ? present::FormatTime(*w.closes_at, TimeStyle::kApi) : ""},
              {"next_hello_due", w.next_due ? present::FormatTime(*w.next_due, TimeStyle::kApi) : ""},
              {"explanation", w.explanation},
              // Not 1 only for accelerated simulated fleets (--time-scale):
              // the console says so, or "closes in 35 s" would alarm.
              {"time_scale", context.options.time_scale}};
}

json ItemJson(const store::SystemRecord& s, const Context& context) {
  json j = present::SystemJson(s, TimeStyle::kApi);
  j["window"] = WindowJson(s, context);
  j["cause"] = CauseOf(s);
  return j;
}

struct Filters {
  std::optional<store::SystemState> state;
  std::string method;  // "psk", "pki" or "" for both
  std::string cause;
  std::string q;  // lower case
};

base::Result<Filters> ReadFilters(const Request& request) {
  Filters f;
  if (auto state = QueryParam(request, "state"); state && !state->empty()) {
    f.state = store::ParseSystemState(*state);
    if (!f.state) {
      return base::InvalidArgument(
          fmt::format("state: '{}' is not one of discovered, provisioning, operational, failed", *state));
    }
  }
  if (auto method = QueryParam(request, "method"); method && !method->empty()) {
    f.method = Lower(*method);
    if (f.method != "psk" && f.method != "pki") {
      return base::InvalidArgument(fmt::format("method: '{}' is not psk or pki", *method));
    }
  }
  f.cause = QueryParam(request, "cause").value_or("");
  f.q = Lower(QueryParam(request, "q").value_or(""));
  return f;
}

bool Contains(std::string_view haystack, const std::string& lower_needle) {
  return Lower(haystack).find(lower_needle) != std::string::npos;
}

// Case-insensitive substring over what an admin might paste: UUID, names,
// address, the PID in either form, the last error and the AMT version.
bool MatchesText(const store::SystemRecord& s, const std::string& q) {
  if (q.empty()) return true;
  for (const std::string* field :
       {&s.uuid, &s.host_name, &s.domain_name, &s.source_address, &s.pid, &s.last_error, &s.amt_version}) {
    if (Contains(*field, q)) return true;
  }
  return !s.pid.empty() && Contains(pidpps::DisplayPid(s.pid), q);
}

bool Matches(const store::SystemRecord& s, const Filters& f) {
  if (f.state && s.state != *f.state) return false;
  if (!f.method.empty() && s.method != f.method) return false;
  if (!f.cause.empty() && CauseOf(s) != f.cause) return false;
  return MatchesText(s, f.q);
}

Response List(const Request& request, const PathParams&, Context& context) {
  auto filters = ReadFilters(request);
  if (!filters) return ErrorFromStatus(filters.error());
  auto page = QueryPage(request);
  if (!page) return ErrorFromStatus(page.error());
  auto systems = context.store.ListSystems({});
  if (!systems) return ErrorFromStatus(systems.error());

  // Every state appears, with 0 when no system is in it.
  std::map<std::string, size_t> by_state;
  for (auto state : {store::SystemState::kDiscovered, store::SystemState::kProvisioning,
                     store::SystemState::kOperational, store::SystemState::kFailed}) {
    by_state[std::string(store::SystemStateName(state))] = 0;
  }
  std::map<std::string, size_t> by_cause;
  size_t total = 0;
  json items = json::array();
  for (const auto& s : *systems) {
    ++by_state[std::string(store::SystemStateName(s.state))];
    ++by_cause[CauseOf(s)];
    if (!Matches(s, *filters)) continue;
    if (total >= page->offset && items.size() < page->limit) items.push_back(ItemJson(s, context));
    ++total;
  }
  return JsonResponse(json{
      {"total", total}, {"items", std::move(items)}, {"counts", {{"by_state", by_state}, {"by_cause", by_cause}}}});
}

// The last hello rebuilt from the stored fields, field by field; null with
// "hello_error" when a stored field could not have come off the wire.
void AddHello(json& j, const store::SystemRecord& s) {
  j["hello"] = nullptr;
  auto hello = present::LastHelloOf(s);
  if (!hello) {
    j["hello_error"] = hello.error().message();
    return;
  }
  auto bytes = hello::Encode(*hello);
  if (!bytes) {  // LastHelloOf checked it; kept for a codec that grows rules
    j["hello_error"] = bytes.error().message();
    return;
  }
  json h = present::HelloFieldsJson(*hello, *bytes);
  h["at"] = present::FormatTime(s.last_hello, TimeStyle::kApi);
  h["reconstructed"] = true;  // from the stored fields: the bytes are what the device sent, re-encoded
  h["decoded"] = present::HelloJson(*hello);
  const hello::DecodeOutcome outcome = hello::DecodeWithDetail(*bytes);
  h["warnings"] = outcome.ok ? outcome.decoded.warnings : std::vector<std::string>{outcome.error.ToString()};
  j["hello"] = std::move(h);
}

// The system of the path's {uuid}: 400 for a malformed one, 404 for an unknown.
base::Result<store::SystemRecord> SystemOf(const PathParams& params, Context& context) {
  auto uuid = CanonicalUuid(params.at("uuid"), "uuid");
  if (!uuid) return uuid.error();
  auto system = context.store.GetSystem(*uuid);
  if (!system) return system.error();
  if (!*system) return base::NotFound(fmt::format("no system {}", *uuid));
  return std::move(**system);
}

Response Detail(const Request&, const PathParams& params, Context& context) {
  auto system = SystemOf(params, context);
  if (!system) return ErrorFromStatus(system.error());
  json j = ItemJson(*system, context);
  auto mapping = context.store.GetHostNameMapping(system->uuid);
  if (!mapping) return ErrorFromStatus(mapping.error());
  j["mapping"] =
      *mapping ? json{{"host_name", (*mapping)->host_name}, {"domain_name", (*mapping)->domain_name}} : json(nullptr);
  AddHello(j, *system);
  return JsonResponse(j);
}

std::string_view KindOf(const store::LogEntry& e) {
  if (e.level == store::LogLevel::kError) return "error";
  if (e.step == "hello" || e.code.starts_with("hello_")) return "hello";
  if (!e.step.empty()) return "step";
  return "event";
}

json TimelineEntry(int64_t id, base::TimePoint at, std::string_view level, std::string_view code, std::string_view step,
                   std::string_view message, std::string_view kind) {
  return json{{"id", id},       {"at", present::FormatTime(at, TimeStyle::kApi)},
              {"level", level}, {"code", code},
              {"step", step},   {"message", message},
              {"kind", kind}};
}

Response Timeline(const Request& request, const PathParams& params, Context& context) {
  auto system = SystemOf(params, context);
  if (!system) return ErrorFromStatus(system.error());
  auto limit = QuerySize(request, "limit", 1000, 1000);
  if (!limit) return ErrorFromStatus(limit.error());
  // 0 would mean "no limit" to the store.
  if (*limit == 0) return ErrorFromStatus(base::InvalidArgument("limit: give 1 to 1000"));
  store::LogQuery q;
  q.uuid = system->uuid;
  q.limit = *limit;
  auto entries = context.store.QueryLogs(q);
  if (!entries) return ErrorFromStatus(entries.error());

  // Hellos older than the log window (pruned, or before the limit) come
  // from the system record, so the timeline always starts at the first one.
  json items = json::array();
  const bool log_empty = entries->empty();
  const base::TimePoint window_start = log_empty ? base::TimePoint::max() : entries->front().at;
  const base::TimePoint never{};
  if (system->first_hello != never && system->first_hello < window_start) {
    items.push_back(TimelineEntry(0, system->first_hello, "info", "first_hello", "hello",
                                  fmt::format("first hello from {} (older than the log shown)",
                                              system->source_address.empty() ? "?" : system->source_address),
                                  "hello"));
  }
  if (system->last_hello != never && system->last_hello != system->first_hello && system->last_hello < window_start) {
    items.push_back(TimelineEntry(0, system->last_hello, "info", "last_hello", "hello",
                                  fmt::format("last hello ({} in all, retry count {}; older than the log shown)",
                                              system->hello_count, system->last_retry_count),
                                  "hello"));
  }
  for (const auto& e : *entries) {
    items.push_back(TimelineEntry(e.id, e.at, store::LogLevelName(e.level), e.code, e.step, e.message, KindOf(e)));
  }
  return JsonResponse(json{{"uuid", system->uuid}, {"items", std::move(items)}});
}

}  // namespace

void AddSystemRoutes(Router& router) {
  router.Add({"GET", "/api/v1/systems", Access::kRead, "systems, filtered and paged, with counts", List});
  router.Add({"GET", "/api/v1/systems/{uuid}", Access::kRead,
              "one system, with its last hello decoded field by field and its hello window", Detail});
  router.Add({"GET", "/api/v1/systems/{uuid}/timeline", Access::kRead,
              "hellos, steps and errors of this device, oldest first", Timeline});
}

}  // namespace openscs::api
