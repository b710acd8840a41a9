#pragma once

// `openscs explain CODE|TEXT`: the knowledge base (src/kb) at the command
// line. A code ("pid_not_found"), a PT_STATUS ("0x80D", "2061",
// "PT_STATUS_INVALID_PT_MODE") or pasted text (a log line, an error message)
// gives the entry's meaning, likely causes and numbered fixes; text that
// matches nothing exits 1 naming the closest codes.

#include "cli/context.h"

namespace CLI {
class App;
}

namespace openscs::cli {

void AddExplainCommand(CLI::App& app, Context& context, int& exit_code);

}  // namespace openscs::cli
