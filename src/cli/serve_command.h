#pragma once

// `openscs serve [--config FILE] [--option value ...]`: runs the server
// (server/server.h). Every ServerConfig field is a flag and a key of the
// config file (key = value lines; docs/server.md).

#include "cli/context.h"

namespace CLI {
class App;
}

namespace openscs::cli {

void AddServeCommand(CLI::App& app, Context& context, int& exit_code);

}  // namespace openscs::cli
