#include "cli/app.h"

#include <CLI/CLI.hpp>

#include "cli/audit_command.h"
#include "cli/certs_command.h"
#include "cli/compat_command.h"
#include "cli/dns_command.h"
#include "cli/doctor_command.h"
#include "cli/explain_command.h"
#include "cli/hello_command.h"
#include "cli/keys_command.h"
#include "cli/logs_command.h"
#include "cli/mappings_command.h"
#include "cli/pcap_command.h"
#include "cli/profiles_command.h"
#include "cli/serve_command.h"
#include "cli/settings_command.h"
#include "cli/setupbin_command.h"
#include "cli/store_access.h"
#include "cli/systems_command.h"
#include "cli/users_command.h"

namespace openscs::cli {

int Run(const std::vector<std::string>& args, Context& context) {
  CLI::App app{"openscs: Setup and Configuration Server for Intel AMT, and its admin tools", "openscs"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "openscs 0.1.0");
  // Root options (--db, --key-file) may also follow the command; set before
  // adding commands, which inherit it.
  app.fallthrough();
  AddStoreOptions(app, context);

  int exit_code = kExitOk;
  AddHelloCommands(app, context, exit_code);
  AddKeysCommands(app, context, exit_code);
  AddSetupBinCommands(app, context, exit_code);
  AddSystemsCommands(app, context, exit_code);
  AddLogsCommand(app, context, exit_code);
  AddSettingsCommands(app, context, exit_code);
  AddProfilesCommands(app, context, exit_code);
  AddMappingsCommands(app, context, exit_code);
  AddServeCommand(app, context, exit_code);
  AddDnsCommands(app, context, exit_code);
  AddCertsCommands(app, context, exit_code);
  AddExplainCommand(app, context, exit_code);
  AddCompatCommand(app, context, exit_code);
  AddDoctorCommand(app, context, exit_code);
  AddPcapCommands(app, context, exit_code);
  AddUsersCommands(app, context, exit_code);
  AddAuditCommand(app, context, exit_code);

  // `serve --config FILE`: the file's keys become flags before parsing.
  auto expanded = ExpandServeConfig(args);
  if (!expanded) {
    context.err << "error: " << expanded.error().message() << '\n';
    return kExitUsage;
  }
  // CLI11 parses from the back of a reversed vector.
  std::vector<std::string> reversed(expanded->rbegin(), expanded->rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e, context.out, context.err);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e, context.out, context.err);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e, context.out, context.err);
  } catch (const CLI::ParseError& e) {
    app.exit(e, context.err, context.err);
    return kExitUsage;
  }
  return exit_code;
}

}  // namespace openscs::cli
