#pragma once

// Systems and provisioning-log entries as JSON: what `openscs systems
// show --json`, `openscs logs --json` and the REST API answer. Sealed
// fields never appear; a "..._set" boolean says whether there is one.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "present/time_text.h"
#include "store/records.h"

namespace openscs::present {

// Every field of the record but the sealed ones (admin_password_set,
// mebx_password_set instead); "pid" in display form.
nlohmann::json SystemJson(const store::SystemRecord& system, TimeStyle style = TimeStyle::kCli);

// {id, at, uuid, level, code, step, message}.
nlohmann::json LogEntryJson(const store::LogEntry& entry, TimeStyle style = TimeStyle::kCli);

}  // namespace openscs::present
