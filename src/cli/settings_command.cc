#include "cli/settings_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/command_support.h"
#include "cli/store_access.h"
#include "store/settings.h"

namespace openscs::cli {
namespace {

int RunLogLevel(const std::string& level, Context& context) {
  std::optional<store::LogLevel> parsed;
  if (!level.empty()) {
    parsed = store::ParseLogLevel(level);
    if (!parsed) {
      return Fail(context,
                  base::InvalidArgument(fmt::format("log level '{}': expected error, warning, info or debug", level)));
    }
  }
  auto store = OpenStore(context);
  if (!store) return Fail(context, store.error());
  if (!parsed) {
    auto current = (*store)->GetSetting(store::kLogLevelSetting);
    if (!current) return Fail(context, current.error());
    context.out << current->value_or(std::string(store::kDefaultLogLevel)) << '\n';
    return kExitOk;
  }
  if (auto s = (*store)->PutSetting(store::kLogLevelSetting, store::LogLevelName(*parsed)); !s.ok()) return Fail(context, s);
  context.out << fmt::format("log level set to {} (a running server picks it up without a restart)\n",
                             store::LogLevelName(*parsed));
  return kExitOk;
}

}  // namespace

void AddSettingsCommands(CLI::App& app, Context& context, int& exit_code) {
  auto* settings = app.add_subcommand("settings", "Server settings kept in the database");
  settings->require_subcommand(1);
  auto level = std::make_shared<std::string>();
  auto* log_level = settings->add_subcommand("log-level", "Show the provisioning log level, or set it");
  log_level->add_option("level", *level, "error, warning, info or debug");
  log_level->callback([level, &context, &exit_code] { exit_code = RunLogLevel(*level, context); });
}

}  // namespace openscs::cli
