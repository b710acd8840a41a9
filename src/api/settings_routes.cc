// GET /api/v1/settings and PUT /api/v1/settings/log-level: the settings kept
// in the database that an admin reads or changes at run time. The running
// server re-reads the log level every second (server.cc PollSettings), as
// it does after `openscs settings log-level`.
//
// Only these settings are shown: others in the table (the vault's check
// value, the web listener's sealed TLS key) are not settings for people.

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api/audit.h"
#include "api/json_io.h"
#include "api/routes.h"
#include "store/store.h"
#include "store/settings.h"

namespace openscs::api {
namespace {

using store::kDefaultLogLevel;
using store::kHelloEndpointSetting;
using store::kLogLevelSetting;

base::Result<std::string> Setting(store::Store& store, std::string_view key, std::string_view fallback) {
  auto value = store.GetSetting(key);
  if (!value) return value.error();
  return value->value_or(std::string(fallback));
}

base::Result<nlohmann::json> SettingsJson(store::Store& store) {
  auto level = Setting(store, kLogLevelSetting, kDefaultLogLevel);
  if (!level) return level.error();
  auto endpoint = Setting(store, kHelloEndpointSetting, "");
  if (!endpoint) return endpoint.error();
  return nlohmann::json{
      {"log_level", *level}, {"log_levels", {"error", "warning", "info", "debug"}}, {"hello_endpoint", *endpoint}};
}

Response Get(const Request&, const PathParams&, Context& context) {
  auto j = SettingsJson(context.store);
  if (!j) return ErrorFromStatus(j.error());
  return JsonResponse(*j);
}

Response PutLogLevel(const Request& request, const PathParams&, Context& context) {
  auto body = ParseJsonObject(request);
  if (!body) return BodyErrorResponse(body.error());
  const auto it = body->find("level");
  if (it == body->end() || !it->is_string()) {
    return ErrorFromStatus(base::InvalidArgument("level: give a string, one of error, warning, info, debug"));
  }
  const std::string text = it->get<std::string>();
  const auto level = store::ParseLogLevel(text);
  if (!level) {
    return ErrorFromStatus(
        base::InvalidArgument(fmt::format("level: '{}' is not one of error, warning, info, debug", text)));
  }
  auto before = Setting(context.store, kLogLevelSetting, kDefaultLogLevel);
  if (!before) return ErrorFromStatus(before.error());
  const std::string after(store::LogLevelName(*level));
  if (auto st = context.store.PutSetting(kLogLevelSetting, after); !st.ok()) {
    WriteAudit(context, request, "settings.log_level", kLogLevelSetting,
               fmt::format("{} -> {}: {}", *before, after, st.message()), false);
    return ErrorFromStatus(st);
  }
  WriteAudit(context, request, "settings.log_level", kLogLevelSetting, fmt::format("{} -> {}", *before, after));
  auto j = SettingsJson(context.store);
  if (!j) return ErrorFromStatus(j.error());
  return JsonResponse(*j);
}

}  // namespace

void AddSettingsRoutes(Router& router) {
  router.Add({"GET", "/api/v1/settings", Access::kRead, "the run-time settings (log level, hello endpoint)", Get});
  router.Add({"PUT", "/api/v1/settings/log-level", Access::kWrite,
              "set the provisioning log level ({\"level\":\"debug\"})", PutLogLevel});
}

}  // namespace openscs::api
