#include "cli/hello_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/hex.h"
#include "cli/file_io.h"
#include "cli/hello_send.h"
#include "cli/table.h"
#include "present/hello_json.h"
#include "protocol/hello/hello.h"

namespace openscs::cli {
namespace {

struct DecodeOptions {
  std::string hex;
  std::string file;
  bool json = false;
};

void PrintHuman(const hello::Hello& h, size_t size, std::ostream& out) {
  Table t({"OFFSET", "FIELD", "VALUE"});
  for (const auto& f : present::HelloFields(h)) t.AddRow({std::to_string(f.offset), f.name, f.value});
  out << fmt::format("{} hello, {} bytes\n", h.method == hello::Method::kPsk ? "PSK" : "PKI", size);
  t.Print(out);
}

int RunDecode(const DecodeOptions& options, Context& context) {
  std::vector<std::byte> bytes;
  if (!options.file.empty()) {
    auto read = ReadBinaryFile(options.file);
    if (!read) {
      context.err << "error: " << read.error().message() << '\n';
      return kExitFailure;
    }
    bytes = std::move(read).value();
  } else {
    auto parsed = base::FromHex(options.hex);
    if (!parsed) {
      context.err << "error: argument is not hex: " << parsed.error().message() << '\n';
      return kExitUsage;
    }
    bytes = std::move(parsed).value();
  }

  const hello::DecodeOutcome outcome = hello::DecodeWithDetail(bytes);
  if (options.json) {
    nlohmann::json j;
    j["size"] = bytes.size();
    j["valid"] = outcome.ok;
    if (outcome.ok) {
      j["hello"] = present::HelloJson(outcome.decoded.hello);
      j["warnings"] = outcome.decoded.warnings;
    } else {
      j["error"] = {{"field", outcome.error.field}, {"offset", outcome.error.offset}, {"reason", outcome.error.reason}};
    }
    context.out << j.dump(2) << '\n';
  } else if (outcome.ok) {
    PrintHuman(outcome.decoded.hello, bytes.size(), context.out);
    for (const auto& w : outcome.decoded.warnings) context.out << "warning: " << w << '\n';
  }
  if (!outcome.ok) {
    context.err << "error: malformed hello (" << bytes.size() << " bytes): " << outcome.error.ToString() << '\n';
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

void AddHelloCommands(CLI::App& app, Context& context, int& exit_code) {
  auto* hello_cmd = app.add_subcommand("hello", "Intel AMT Setup Mode hello messages (TCP 9971)");
  hello_cmd->require_subcommand(1);

  auto options = std::make_shared<DecodeOptions>();
  auto* decode = hello_cmd->add_subcommand("decode", "Decode one hello message and explain every field");
  auto* hex_opt = decode->add_option("hex", options->hex, "The message as hex (spaces, ':' and '-' allowed)");
  auto* file_opt = decode->add_option("--file,-f", options->file, "Read the raw message bytes from a file")
                       ->check(CLI::ExistingFile);
  hex_opt->excludes(file_opt);
  decode->add_flag("--json", options->json, "Machine-readable output");
  decode->callback([options, &context, &exit_code, hex_opt, file_opt] {
    if (hex_opt->count() == 0 && file_opt->count() == 0) {
      throw CLI::RequiredError("give the message as HEX or with --file");
    }
    exit_code = RunDecode(*options, context);
  });
  AddHelloSendCommand(*hello_cmd, context, exit_code);
}

}  // namespace openscs::cli
