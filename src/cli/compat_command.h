#pragma once

// `openscs compat --amt V [--method psk|pki] [--scs V] [--oobm V]`: can this
// firmware be provisioned that way, by openscs or by an Intel SCS / Altiris
// OOBM release (src/compat)? Yes or no, why, and the matching rows of the
// seed article's version table. Exits 0 for yes (for some method when
// --method is not given), 1 for no.

#include "cli/context.h"

namespace CLI {
class App;
}

namespace openscs::cli {

void AddCompatCommand(CLI::App& app, Context& context, int& exit_code);

}  // namespace openscs::cli
