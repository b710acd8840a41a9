#pragma once

// `openscs hello ...`: decode hello messages, and send them by hand
// (`hello send`, cli/hello_send.h).

#include "cli/context.h"

namespace CLI {
class App;
}

namespace openscs::cli {

// Registers the `hello` subcommands on `app`. The handlers write to
// `context` and store their exit code in `*exit_code`.
void AddHelloCommands(CLI::App& app, Context& context, int& exit_code);

}  // namespace openscs::cli
