#pragma once

// `openscs keys ...`: PID/PPS pairs. Today: generate (to a CSV file or
// stdout). The key store of the server adds add/import/export/list.

#include "cli/context.h"

namespace CLI {
class App;
}

namespace openscs::cli {

void AddKeysCommands(CLI::App& app, Context& context, int& exit_code);

}  // namespace openscs::cli
