#include "cli/hello_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/hex.h"
#include "cli/file_io.h"
#include "cli/hello_send.h"
#include "cli/table.h"
#include "protocol/hello/hello.h"
#include "protocol/hello/hello_format.h"

namespace openscs::cli {
namespace {

struct DecodeOptions {
  std::string hex;
  std::string file;
  bool json = false;
};

nlohmann::json HelloJson(const hello::Hello& h) {
  nlohmann::json j;
  j["method"] = h.method == hello::Method::kPsk ? "psk" : "pki";
  j["interface_version"] = hello::InterfaceVersion(h.method);
  j["admin_credentials_set"] = h.admin_credentials_set;
  j["retry_count"] = h.retry_count;
  j["uuid"] = h.uuid.ToString();
  if (h.method == hello::Method::kPsk) {
    j["pid"] = h.pid.substr(0, 4) + "-" + h.pid.substr(4);
  } else {
    j["hashes"] = nlohmann::json::array();
    for (const auto& hash : h.hashes) {
      j["hashes"].push_back({{"algorithm", hello::HashAlgorithmName(hash.algorithm)},
                             {"digest", base::ToHex(hash.digest)}});
    }
  }
  return j;
}

void PrintHuman(const hello::Hello& h, size_t size, std::ostream& out) {
  using namespace hello;
  Table t({"OFFSET", "FIELD", "VALUE"});
  t.AddRow({"0", "admin_credentials_set", h.admin_credentials_set ? "1 (yes)" : "0 (no)"});
  t.AddRow({std::to_string(kOffsetInterfaceVersion), "interface_version",
            fmt::format("{} ({})", InterfaceVersion(h.method), h.method == Method::kPsk ? "PSK" : "PKI")});
  t.AddRow({std::to_string(kOffsetRetryCount), "retry_count", std::to_string(h.retry_count)});
  t.AddRow({std::to_string(kOffsetUuid), "uuid", h.uuid.ToString()});
  if (h.method == Method::kPsk) {
    t.AddRow({std::to_string(kOffsetPid), "pid", h.pid.substr(0, 4) + "-" + h.pid.substr(4)});
  } else {
    t.AddRow({std::to_string(kOffsetHashCount), "hash_count", std::to_string(h.hashes.size())});
    size_t offset = kPkiFixedSize;
    for (size_t i = 0; i < h.hashes.size(); ++i) {
      t.AddRow({std::to_string(offset), fmt::format("hashes[{}]", i),
                fmt::format("{} {}", HashAlgorithmName(h.hashes[i].algorithm), base::ToHex(h.hashes[i].digest))});
      offset += kHashEntryHeaderSize + h.hashes[i].digest.size();
    }
  }
  out << fmt::format("{} hello, {} bytes\n", h.method == Method::kPsk ? "PSK" : "PKI", size);
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
      j["hello"] = HelloJson(outcome.decoded.hello);
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
