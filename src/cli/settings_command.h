#pragma once

// `openscs settings log-level [LEVEL]`: shows the provisioning log level,
// or sets it (error, warning, info or debug; any case). It is the settings
// key "log_level"; a running server polls it, so a change needs no restart.
// Unset, the level is "info" (kDefaultLogLevel).

#include <string_view>

#include "cli/context.h"

namespace CLI {
class App;
}

namespace openscs::cli {

inline constexpr std::string_view kLogLevelSetting = "log_level";
inline constexpr std::string_view kDefaultLogLevel = "info";

void AddSettingsCommands(CLI::App& app, Context& context, int& exit_code);

}  // namespace openscs::cli
