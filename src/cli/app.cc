#include "cli/app.h"

#include <CLI/CLI.hpp>

#include "cli/hello_command.h"
#include "cli/keys_command.h"
#include "cli/setupbin_command.h"

namespace openscs::cli {

int Run(const std::vector<std::string>& args, Context& context) {
  CLI::App app{"openscs: Setup and Configuration Server for Intel AMT, and its admin tools", "openscs"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "openscs 0.1.0");

  int exit_code = kExitOk;
  AddHelloCommands(app, context, exit_code);
  AddKeysCommands(app, context, exit_code);
  AddSetupBinCommands(app, context, exit_code);

  // CLI11 parses from the back of a reversed vector.
  std::vector<std::string> reversed(args.rbegin(), args.rend());
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
