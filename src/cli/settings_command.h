#pragma once

// `openscs settings log-level [LEVEL]`: shows the provisioning log level,
// or sets it (error, warning, info or debug; any case). It is the settings
// key store::kLogLevelSetting; a running server polls it, so a change needs
// no restart. Unset, the level is store::kDefaultLogLevel ("info").

#include <string_view>

#include "cli/context.h"

namespace CLI {
class App;
}

namespace openscs::cli {

void AddSettingsCommands(CLI::App& app, Context& context, int& exit_code);

}  // namespace openscs::cli
