#include "cli/keys_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/hex.h"
#include "cli/file_io.h"
#include "cli/key_csv.h"
#include "cli/table.h"
#include "protocol/pidpps/pid_pps.h"

namespace openscs::cli {
namespace {

struct GenerateOptions {
  size_t count = 1;
  std::string out;
  bool json = false;
};

int RunGenerate(const GenerateOptions& options, Context& context) {
  std::vector<pidpps::Pair> pairs;
  pairs.reserve(options.count);
  for (size_t i = 0; i < options.count; ++i) pairs.push_back(pidpps::Generate(context.random));

  if (options.out.empty()) {
    // No file: the pairs themselves are the output, as `openssl rand` prints keys.
    if (options.json) {
      nlohmann::json j = nlohmann::json::array();
      for (const auto& p : pairs) j.push_back({{"pid", p.pid.display()}, {"pps", p.pps.display()}});
      context.out << j.dump(2) << '\n';
    } else {
      context.out << FormatKeyCsv(pairs);
    }
    return kExitOk;
  }
  const std::string csv = FormatKeyCsv(pairs);
  // Secrets: the file is created 0600 and written atomically.
  if (auto s = WriteFileAtomically(options.out, base::AsBytes(csv), 0600); !s.ok()) {
    context.err << "error: " << s.message() << '\n';
    return kExitFailure;
  }
  if (options.json) {
    nlohmann::json j;
    j["file"] = options.out;
    j["count"] = pairs.size();
    j["pids"] = nlohmann::json::array();
    for (const auto& p : pairs) j["pids"].push_back(p.pid.display());
    context.out << j.dump(2) << '\n';
  } else {
    context.out << fmt::format("wrote {} PID/PPS pairs to {} (mode 0600)\n", pairs.size(), options.out);
    Table t({"PID", "PPS"});
    for (const auto& p : pairs) t.AddRow({p.pid.display(), p.pps.Redacted()});
    t.Print(context.out);
  }
  return kExitOk;
}

}  // namespace

void AddKeysCommands(CLI::App& app, Context& context, int& exit_code) {
  auto* keys = app.add_subcommand("keys", "PID/PPS security keys for TLS-PSK provisioning");
  keys->require_subcommand(1);

  auto options = std::make_shared<GenerateOptions>();
  auto* generate = keys->add_subcommand("generate", "Generate PID/PPS pairs from the kernel's CSPRNG");
  generate->add_option("--count,-n", options->count, "How many pairs")
      ->check(CLI::Range(size_t{1}, size_t{1000000}))
      ->capture_default_str();
  generate->add_option("--out,-o", options->out,
                       "Write them to this CSV file (created 0600); without it they are printed");
  generate->add_flag("--json", options->json, "Machine-readable output");
  generate->callback([options, &context, &exit_code] { exit_code = RunGenerate(*options, context); });
}

}  // namespace openscs::cli
