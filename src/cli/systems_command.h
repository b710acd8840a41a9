#pragma once

// `openscs systems ...`: the devices the server has heard from.
//
//   systems list [--state S] [--json]   one line per system, first hello first
//   systems show UUID [--json]          every field of one system
//
// Sealed values (admin and MEBx passwords) are never shown, only whether
// they are set.

#include "cli/context.h"

namespace CLI {
class App;
}

namespace openscs::cli {

void AddSystemsCommands(CLI::App& app, Context& context, int& exit_code);

}  // namespace openscs::cli
