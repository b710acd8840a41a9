#pragma once

// `openscs serve [--config FILE] [--option value ...]`: runs the server
// (server/server.h). Every ServerConfig field is a flag and a key of the
// config file (key = value lines; docs/server.md).

#include <string>
#include <vector>

#include "base/status.h"
#include "cli/context.h"

namespace CLI {
class App;
}

namespace openscs::cli {

void AddServeCommand(CLI::App& app, Context& context, int& exit_code);

// For `serve --config FILE`: the arguments with the file's `key = value`
// lines put in place of `--config FILE` as `--key value` (a bare `key`, or
// `key = true`, is a flag), so that every config key is a flag by
// construction, and flags given after --config win. `#` starts a comment;
// `key_name` and `key-name` are the same key. Other arguments are returned
// as they are. Errors name the file and line. An unknown key fails the
// command line like an unknown flag does.
base::Result<std::vector<std::string>> ExpandServeConfig(const std::vector<std::string>& args);

}  // namespace openscs::cli
