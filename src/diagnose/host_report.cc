#include "diagnose/host_report.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/guid.h"

namespace openscs::diagnose {
namespace {

using nlohmann::json;

base::Result<std::string> Text(const json& j, const char* key, const std::string& where, bool required) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (required) return base::InvalidArgument(fmt::format("{}.{}: missing", where, key));
    return std::string();
  }
  if (!it->is_string()) return base::InvalidArgument(fmt::format("{}.{}: not a string", where, key));
  return it->get<std::string>();
}

base::Result<HostReport> ParseOne(const json& j, const std::string& where) {
  if (!j.is_object()) return base::InvalidArgument(fmt::format("{}: not a JSON object", where));
  HostReport r;
  auto uuid = Text(j, "uuid", where, true);
  if (!uuid) return uuid.error();
  auto guid = base::Guid::Parse(*uuid);
  if (!guid) return base::InvalidArgument(fmt::format("{}.uuid: '{}' is not a UUID", where, *uuid));
  r.uuid = guid->ToString();
  for (auto [key, field] : {std::pair{"address", &r.address}, std::pair{"domain", &r.domain},
                            std::pair{"amt_version", &r.amt_version}, std::pair{"setup_method", &r.setup_method},
                            std::pair{"provisioning_server", &r.provisioning_server},
                            std::pair{"provisioning_state", &r.provisioning_state}}) {
    auto v = Text(j, key, where, false);
    if (!v) return v.error();
    *field = std::move(*v);
  }
  if (auto it = j.find("amt_enabled"); it != j.end()) {
    if (!it->is_boolean()) return base::InvalidArgument(fmt::format("{}.amt_enabled: not true/false", where));
    r.amt_enabled = it->get<bool>();
  }
  if (auto it = j.find("factory_default_password"); it != j.end() && !it->is_null()) {
    if (!it->is_boolean()) {
      return base::InvalidArgument(fmt::format("{}.factory_default_password: not true/false", where));
    }
    r.factory_default_password = it->get<bool>();
  }
  if (r.amt_enabled && r.provisioning_state != "pre" && r.provisioning_state != "in" &&
      r.provisioning_state != "post") {
    return base::InvalidArgument(
        fmt::format("{}.provisioning_state: '{}' is not pre, in or post", where, r.provisioning_state));
  }
  if (!r.setup_method.empty() && r.setup_method != "psk" && r.setup_method != "pki") {
    return base::InvalidArgument(fmt::format("{}.setup_method: '{}' is not psk or pki", where, r.setup_method));
  }
  return r;
}

}  // namespace

base::Result<std::vector<HostReport>> ParseHostReports(std::string_view text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return base::InvalidArgument("host report: not valid JSON");
  if (j.is_object() && j.contains("devices")) j = j["devices"];
  std::vector<HostReport> out;
  if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) {
      auto r = ParseOne(j[i], fmt::format("host report [{}]", i));
      if (!r) return r.error();
      out.push_back(std::move(*r));
    }
  } else {
    auto r = ParseOne(j, "host report");
    if (!r) return r.error();
    out.push_back(std::move(*r));
  }
  return out;
}

}  // namespace openscs::diagnose
