#pragma once

// `openscs mappings import FILE [--json]`: the UUID -> host name table that
// profiles with host_name_template "mapping" use. FILE is CSV:
//
//   uuid,host_name[,domain_name]           header line (optional)
//   4c4c4544-004b-4210-8033-b6c04f504633,pc-0042,corp.example
//
// Blank lines and lines starting with '#' are skipped. A UUID already mapped
// gets the new names. Every line is checked first (UUID, host label, domain
// name); an error names the line and nothing is stored.

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "cli/context.h"
#include "store/records.h"

namespace CLI {
class App;
}

namespace openscs::cli {

void AddMappingsCommands(CLI::App& app, Context& context, int& exit_code);

// The mappings of a mappings CSV, UUIDs canonical. Exposed for tests.
base::Result<std::vector<store::HostNameMapping>> ParseMappingsCsv(std::string_view text);

}  // namespace openscs::cli
