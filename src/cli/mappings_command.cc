#include "cli/mappings_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/hex.h"
#include "cli/command_support.h"
#include "cli/file_io.h"
#include "cli/store_access.h"
#include "dns/host_name.h"

namespace openscs::cli {
namespace {

struct ImportOptions {
  std::string file;
  bool json = false;
};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

base::Result<store::HostNameMapping> ParseLine(std::string_view line) {
  std::vector<std::string_view> fields;
  for (size_t start = 0;;) {
    const size_t comma = line.find(',', start);
    fields.push_back(Trim(line.substr(start, comma == std::string_view::npos ? comma : comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (fields.size() < 2 || fields.size() > 3) {
    return base::InvalidArgument(
        fmt::format("expected 'UUID,HOST_NAME' or 'UUID,HOST_NAME,DOMAIN_NAME', got {} field(s)", fields.size()));
  }
  auto uuid = CanonicalUuid(fields[0], "UUID");
  if (!uuid) return uuid.error();
  if (auto s = dns::CheckHostLabel(fields[1]); !s.ok()) return s.WithContext("host name");
  store::HostNameMapping m{*uuid, std::string(fields[1]), ""};
  if (fields.size() == 3 && !fields[2].empty()) {
    if (auto s = dns::CheckFqdn(fields[2]); !s.ok()) return s.WithContext("domain name");
    m.domain_name = std::string(fields[2]);
  }
  return m;
}

int RunImport(const ImportOptions& o, Context& context) {
  auto bytes = ReadBinaryFile(o.file);
  if (!bytes) return Fail(context, bytes.error());
  auto mappings = ParseMappingsCsv(base::AsChars(*bytes));
  if (!mappings) return Fail(context, mappings.error().WithContext(o.file));
  auto store = OpenStore(context);
  if (!store) return Fail(context, store.error());
  if (auto s = (*store)->PutHostNameMappings(*mappings); !s.ok()) return Fail(context, s.WithContext(o.file));
  if (o.json) {
    context.out << nlohmann::json{{"file", o.file}, {"imported", mappings->size()}}.dump(2) << '\n';
  } else {
    context.out << fmt::format("imported {} host-name mapping(s) from {}\n", mappings->size(), o.file);
  }
  return kExitOk;
}

}  // namespace

base::Result<std::vector<store::HostNameMapping>> ParseMappingsCsv(std::string_view text) {
  std::vector<store::HostNameMapping> out;
  size_t line_number = 0;
  bool header_seen = false;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    const std::string_view line = Trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    if (!header_seen) {
      header_seen = true;
      if (line == "uuid,host_name" || line == "uuid,host_name,domain_name") continue;
    }
    auto mapping = ParseLine(line);
    if (!mapping) return mapping.error().WithContext(fmt::format("mappings CSV line {}", line_number));
    out.push_back(std::move(mapping).value());
  }
  if (out.empty()) return base::InvalidArgument("mappings CSV holds no mappings");
  return out;
}

void AddMappingsCommands(CLI::App& app, Context& context, int& exit_code) {
  auto* mappings = app.add_subcommand("mappings", "UUID -> host name table for profiles using \"mapping\"");
  mappings->require_subcommand(1);
  auto o = std::make_shared<ImportOptions>();
  auto* import = mappings->add_subcommand("import", "Add or replace mappings from a CSV uuid,host_name[,domain_name]");
  import->add_option("file", o->file, "The CSV file")->required()->check(CLI::ExistingFile);
  import->add_flag("--json", o->json, "Machine-readable output");
  import->callback([o, &context, &exit_code] { exit_code = RunImport(*o, context); });
}

}  // namespace openscs::cli
