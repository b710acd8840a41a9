#pragma once

// `openscs setupbin create|inspect`: USB One-Touch provisioning files.

#include "cli/context.h"

namespace CLI {
class App;
}

namespace openscs::cli {

void AddSetupBinCommands(CLI::App& app, Context& context, int& exit_code);

}  // namespace openscs::cli
