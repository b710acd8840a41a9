#pragma once

// The `openscs` command line: parses arguments and runs one command, writing
// results to `out` and diagnostics to `err`. Runs in-process so that tests can
// call it like a user would.

#include <string>
#include <vector>

#include "cli/context.h"

namespace openscs::cli {

// `args` excludes the program name. Returns the process exit code.
int Run(const std::vector<std::string>& args, Context& context);

}  // namespace openscs::cli
