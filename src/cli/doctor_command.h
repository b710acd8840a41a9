#pragma once

// `openscs doctor (UUID | IP | HOSTNAME)` and `openscs doctor --fleet`: the
// seed's troubleshooting walk over live evidence (docs/troubleshooting.md).

#include "cli/context.h"

namespace CLI {
class App;
}

namespace openscs::cli {

void AddDoctorCommand(CLI::App& app, Context& context, int& exit_code);

}  // namespace openscs::cli
