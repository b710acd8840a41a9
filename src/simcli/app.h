#pragma once

// The `amtsim` command line: run a fleet (from a scenario file or flags for
// one device) and talk to a running one through its control socket.

#include <iosfwd>
#include <string>
#include <vector>

namespace openscs::simcli {

// `args` excludes the program name. Returns the process exit code.
int Run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace openscs::simcli
