#include "present/system_json.h"

#include "protocol/pidpps/pid_pps.h"

namespace openscs::present {

using nlohmann::json;

json SystemJson(const store::SystemRecord& s, TimeStyle style) {
  return json{{"uuid", s.uuid},
              {"state", store::SystemStateName(s.state)},
              {"state_changed", FormatTime(s.state_changed, style)},
              {"first_hello", FormatTime(s.first_hello, style)},
              {"last_hello", FormatTime(s.last_hello, style)},
              {"hello_count", s.hello_count},
              {"last_retry_count", s.last_retry_count},
              {"source_address", s.source_address},
              {"hello_version", s.hello_version},
              {"method", s.method},
              {"pid", s.pid.empty() ? "" : pidpps::DisplayPid(s.pid)},
              {"hashes", s.hashes},
              {"admin_credentials_set", s.admin_credentials_set},
              {"amt_version", s.amt_version},
              {"interface", s.interface},
              {"host_name", s.host_name},
              {"domain_name", s.domain_name},
              {"profile", s.profile},
              {"last_error", s.last_error},
              {"attempts", s.attempts},
              {"provisioned_count", s.provisioned_count},
              {"admin_user", s.admin_user},
              {"admin_password_set", !s.admin_password.empty()},
              {"mebx_password_set", !s.mebx_password.empty()},
              {"lease_owner", s.lease_owner},
              {"lease_until", FormatTime(s.lease_until, style)}};
}

json LogEntryJson(const store::LogEntry& e, TimeStyle style) {
  return json{{"id", e.id},          {"at", FormatTime(e.at, style)},
              {"uuid", e.uuid},      {"level", store::LogLevelName(e.level)},
              {"code", e.code},      {"step", e.step},
              {"message", e.message}};
}

}  // namespace openscs::present
