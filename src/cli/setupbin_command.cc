#include "cli/setupbin_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <optional>

#include "base/hex.h"
#include "cli/command_support.h"
#include "cli/file_io.h"
#include "cli/store_access.h"
#include "cli/table.h"
#include "manage/setupbin_batch.h"
#include "protocol/pidpps/key_csv.h"
#include "protocol/pidpps/pid_pps.h"
#include "protocol/setupbin/record_builder.h"
#include "protocol/setupbin/setupbin.h"
#include "protocol/setupbin/value_format.h"
#include "protocol/setupbin/variables.h"

namespace openscs::cli {
namespace {

using setupbin::FileVersion;

struct CreateOptions {
  std::string version = "3";
  std::string out;
  std::string current_password = "admin";
  std::string new_password;
  std::string keys;
  std::string pid;
  std::string pps;
  std::string server;
  uint16_t port = 0;
  std::string pki_dns_suffix;
  std::string config_server_fqdn;
  std::string remote_config;
  std::string pre_installed_certs;
  std::vector<std::string> cert_hashes;
  std::string host_name;
  std::string domain;
  std::string dhcp;
  std::string provisioning_mode;
  std::string feature = "amt";
  std::string halt_activate;
  size_t records = 1;
  size_t from_store = 0;  // 0: not from the store
  std::string batch;
  bool scramble = false;
  bool no_consume = false;
  bool json = false;
};

struct InspectOptions {
  std::string file;
  bool json = false;
  bool reveal = false;
};

base::Result<FileVersion> ParseVersion(std::string_view text) {
  if (text == "1") return FileVersion{1, 0};
  if (text == "2") return FileVersion{2, 0};
  if (text == "2.1") return FileVersion{2, 1};
  if (text == "3") return FileVersion{3, 0};
  if (text == "4") return FileVersion{4, 0};
  return base::InvalidArgument(fmt::format("--version '{}': expected 1, 2, 2.1, 3 or 4", text));
}

base::Status AddCertHash(setupbin::RecordBuilder& b, std::string_view spec) {
  // ALG:HEX[:NAME]
  const size_t first = spec.find(':');
  if (first == std::string_view::npos) return base::InvalidArgument(fmt::format("--cert-hash '{}': expected ALG:HEX[:NAME]", spec));
  const std::string_view alg = spec.substr(0, first);
  std::string_view rest = spec.substr(first + 1);
  const size_t second = rest.find(':');
  const std::string_view hex = rest.substr(0, second);
  const std::string_view name = second == std::string_view::npos ? std::string_view("Custom root") : rest.substr(second + 1);
  setupbin::HashAlgorithm a{};
  if (alg == "sha1") {
    a = setupbin::HashAlgorithm::kSha1;
  } else if (alg == "sha256") {
    a = setupbin::HashAlgorithm::kSha256;
  } else if (alg == "sha384") {
    a = setupbin::HashAlgorithm::kSha384;
  } else {
    return base::InvalidArgument(fmt::format("--cert-hash: unknown algorithm '{}' (sha1, sha256, sha384)", alg));
  }
  auto digest = base::FromHex(hex);
  if (!digest) return digest.error().WithContext("--cert-hash");
  b.AddCertificateHash(a, *digest, name);
  return base::Status::Ok();
}

base::Result<setupbin::Record> BuildRecord(const CreateOptions& o, FileVersion v, const std::string& new_password,
                                           const pidpps::Pair* keys) {
  setupbin::RecordBuilder b(v);
  b.CurrentMebxPassword(o.current_password);
  if (!new_password.empty()) b.NewMebxPassword(new_password);
  if (!o.feature.empty()) {
    if (o.feature != "amt" && o.feature != "none") return base::InvalidArgument("--feature: expected amt or none");
    b.ManageabilityFeature(o.feature == "amt");
  }
  if (keys != nullptr) b.PidPps(keys->pid.compact(), keys->pps.compact());
  if (!o.server.empty()) b.ProvisioningServerAddress(o.server);
  if (o.port != 0) b.ProvisioningServerPort(o.port);
  if (!o.pki_dns_suffix.empty()) b.PkiDnsSuffix(o.pki_dns_suffix);
  if (!o.config_server_fqdn.empty()) b.ConfigServerFqdn(o.config_server_fqdn);
  if (!o.remote_config.empty()) {
    auto on = ParseOnOff("--remote-config", o.remote_config);
    if (!on) return on.error();
    b.RemoteConfiguration(*on);
  }
  if (!o.pre_installed_certs.empty()) {
    auto on = ParseOnOff("--pre-installed-certs", o.pre_installed_certs);
    if (!on) return on.error();
    b.PreInstalledCertificates(*on);
  }
  for (const auto& spec : o.cert_hashes) {
    if (auto s = AddCertHash(b, spec); !s.ok()) return s;
  }
  if (!o.host_name.empty()) b.HostName(o.host_name);
  if (!o.domain.empty()) b.DomainName(o.domain);
  if (!o.dhcp.empty()) {
    auto on = ParseOnOff("--dhcp", o.dhcp);
    if (!on) return on.error();
    b.Dhcp(*on);
  }
  if (!o.provisioning_mode.empty()) {
    if (o.provisioning_mode != "enterprise" && o.provisioning_mode != "smb") {
      return base::InvalidArgument("--provisioning-mode: expected enterprise or smb");
    }
    b.ProvisioningMode(o.provisioning_mode == "smb");
  }
  if (!o.halt_activate.empty()) {
    if (o.halt_activate != "start" && o.halt_activate != "stop") {
      return base::InvalidArgument("--halt-activate: expected start or stop");
    }
    b.ProvisioningHaltActivate(o.halt_activate == "start");
  }
  return b.Build(o.scramble);
}

// The first `count` available keys (by PID), opened, for a new batch, with
// the store and vault that mark them exported once the file is written.
struct StoreKeys {
  std::unique_ptr<store::Store> store;
  secrets::Vault vault;
  manage::AvailableKeys keys;
};

base::Result<StoreKeys> TakeAvailableKeys(size_t count, Context& context) {
  auto store = OpenStore(context);
  if (!store) return store.error();
  auto vault = OpenVault(context, **store);
  if (!vault) return vault.error();
  auto keys = manage::TakeAvailableKeys(**store, *vault, count);
  if (!keys) {
    if (keys.error().code() == base::StatusCode::kFailedPrecondition) {
      return keys.error().WithContext(fmt::format("--from-store {}", count));
    }
    return keys.error();
  }
  return StoreKeys{std::move(store).value(), std::move(vault).value(), std::move(keys).value()};
}

int RunCreate(const CreateOptions& o, Context& context) {
  auto version = ParseVersion(o.version);
  if (!version) return Fail(context, version.error());
  if (o.no_consume && version->major < 2) {
    return Fail(context, base::InvalidArgument("--no-consume needs file version 2 or later"));
  }
  const std::string new_password = SecretArgument(o.new_password);

  std::vector<pidpps::Pair> pairs;
  std::optional<StoreKeys> from_store;
  if (o.from_store > 0) {
    auto taken = TakeAvailableKeys(o.from_store, context);
    if (!taken) return Fail(context, taken.error());
    from_store.emplace(std::move(taken).value());
    pairs = from_store->keys.pairs;
  } else if (!o.keys.empty()) {
    auto text = ReadBinaryFile(o.keys);
    if (!text) return Fail(context, text.error());
    auto parsed = pidpps::ParseKeyCsv(base::AsChars(*text));
    if (!parsed) return Fail(context, parsed.error().WithContext(o.keys));
    for (auto& row : *parsed) pairs.push_back(std::move(row.pair));
  } else if (!o.pid.empty() || !o.pps.empty()) {
    auto pid = pidpps::Pid::Parse(o.pid);
    if (!pid) return Fail(context, pid.error().WithContext("--pid"));
    auto pps = pidpps::Pps::Parse(SecretArgument(o.pps));
    if (!pps) return Fail(context, pps.error().WithContext("--pps"));
    pairs.push_back({std::move(pid).value(), std::move(pps).value()});
  }

  std::vector<setupbin::Record> records;
  const size_t count = pairs.empty() ? o.records : pairs.size();
  for (size_t i = 0; i < count; ++i) {
    auto record = BuildRecord(o, *version, new_password, pairs.empty() ? nullptr : &pairs[i]);
    if (!record) return Fail(context, record.error());
    records.push_back(std::move(record).value());
  }
  auto bytes = setupbin::BuildFile(*version, std::move(records), o.no_consume);
  if (!bytes) return Fail(context, bytes.error());
  // Holds MEBx passwords and PPS values: created 0600, written atomically.
  if (auto s = WriteFileAtomically(o.out, *bytes, 0600); !s.ok()) return Fail(context, s);
  if (from_store) {
    if (auto s = manage::MarkExported(*from_store->store, from_store->vault, from_store->keys.records, o.batch,
                                      new_password, context.clock->Now());
        !s.ok()) {
      return Fail(context, s.WithContext(fmt::format("wrote {}, but", o.out)));
    }
  }

  if (o.json) {
    nlohmann::json j{{"file", o.out}, {"version", version->ToString()}, {"records", count}, {"bytes", bytes->size()}};
    if (from_store) {
      j["batch"] = o.batch;
      j["pids"] = nlohmann::json::array();
      for (const auto& p : pairs) j["pids"].push_back(p.pid.display());
    }
    context.out << j.dump(2) << '\n';
  } else {
    context.out << fmt::format("wrote {}: setup.bin version {}, {} record(s), {} bytes\n", o.out, version->ToString(),
                               count, bytes->size());
    if (from_store) {
      context.out << fmt::format("marked {} key(s) exported in batch '{}'\n", pairs.size(), o.batch);
    }
  }
  return kExitOk;
}

std::string EntryName(const setupbin::Entry& e) {
  const auto info = setupbin::LookUpVariable(e.module, e.variable);
  return info ? std::string(info->name) : "unknown";
}

std::string EntryValue(const setupbin::Entry& e, bool reveal) {
  const auto info = setupbin::LookUpVariable(e.module, e.variable);
  return info ? setupbin::FormatValue(*info, e.value, reveal) : setupbin::FormatRaw(e.value);
}

int RunInspect(const InspectOptions& o, Context& context) {
  auto bytes = ReadBinaryFile(o.file);
  if (!bytes) return Fail(context, bytes.error());
  auto file = setupbin::ReadFile(*bytes);
  if (!file) return Fail(context, file.error().WithContext(o.file));
  const bool do_not_consume = file->version.major >= 2 && (file->flags & 1) != 0;

  if (o.json) {
    nlohmann::json j;
    j["file"] = o.file;
    j["version"] = file->version.ToString();
    j["flags"] = file->flags;
    j["do_not_consume"] = do_not_consume;
    j["record_count"] = file->records.size();
    j["records_consumed"] = file->consumed;
    j["modules"] = file->modules;
    j["warnings"] = file->warnings;
    j["records"] = nlohmann::json::array();
    for (const auto& r : file->records) {
      nlohmann::json jr{{"number", r.number}, {"offset", r.file_offset}, {"consumed", r.consumed()},
                        {"scrambled", r.scrambled}, {"type", r.type}};
      jr["variables"] = nlohmann::json::array();
      for (const auto& e : r.entries) {
        jr["variables"].push_back({{"module", e.module},
                                   {"variable", e.variable},
                                   {"name", EntryName(e)},
                                   {"length", e.value.size()},
                                   {"offset", e.file_offset},
                                   {"value", EntryValue(e, o.reveal)}});
      }
      j["records"].push_back(std::move(jr));
    }
    context.out << j.dump(2) << '\n';
    return kExitOk;
  }
  context.out << fmt::format("{}: setup.bin version {}, {} record(s), {} consumed{}\n", o.file,
                             file->version.ToString(), file->records.size(), file->consumed,
                             do_not_consume ? ", do-not-consume flag set" : "");
  for (const auto& w : file->warnings) context.out << "warning: " << w << '\n';
  for (const auto& r : file->records) {
    context.out << fmt::format("\nrecord {} (offset {}): {}{}\n", r.number, r.file_offset,
                               r.consumed() ? "consumed" : "not consumed", r.scrambled ? ", scrambled" : "");
    if (r.entries.empty()) continue;
    Table t({"MOD/VAR", "NAME", "LEN", "VALUE"});
    for (const auto& e : r.entries) {
      t.AddRow({fmt::format("{}/{}", e.module, e.variable), EntryName(e), std::to_string(e.value.size()),
                EntryValue(e, o.reveal)});
    }
    t.Print(context.out);
  }
  return kExitOk;
}

}  // namespace

void AddSetupBinCommands(CLI::App& app, Context& context, int& exit_code) {
  auto* cmd = app.add_subcommand("setupbin", "USB One-Touch setup.bin files");
  cmd->require_subcommand(1);

  auto c = std::make_shared<CreateOptions>();
  auto* create = cmd->add_subcommand("create", "Write a setup.bin: one record per PID/PPS pair (or --records N)");
  create->add_option("--version", c->version, "File version: 1, 2, 2.1, 3 or 4")->capture_default_str();
  create->add_option("--out,-o", c->out, "Output file (created 0600)")->required();
  create->add_option("--current-password", c->current_password, "Current MEBx password (factory: admin); - reads stdin")
      ->capture_default_str();
  create->add_option("--new-password", c->new_password, "New MEBx password (MEBx rule applies); - reads stdin");
  auto* keys = create->add_option("--keys", c->keys, "PID/PPS CSV (from `openscs keys generate`): a record per pair")
                   ->check(CLI::ExistingFile);
  auto* pid = create->add_option("--pid", c->pid, "One PID (XXXX-XXXX)");
  create->add_option("--pps", c->pps, "Its PPS; - reads stdin")->needs(pid);
  pid->excludes(keys);
  auto* from_store = create->add_option("--from-store", c->from_store,
                                        "Take this many available keys from the database: a record each, "
                                        "then marked exported in --batch")
                         ->check(CLI::Range(size_t{1}, size_t{100000}));
  auto* batch = create->add_option("--batch", c->batch, "Batch name recorded on the keys taken --from-store");
  from_store->needs(batch)->excludes(keys)->excludes(pid);
  batch->needs(from_store);
  create->add_option("--records", c->records, "Identical records to write when no keys are given")
      ->check(CLI::Range(size_t{1}, size_t{100000}));
  create->add_option("--provision-server", c->server, "Provisioning server IPv4 address");
  create->add_option("--port", c->port, "Provisioning server port (9971 if unset)");
  create->add_option("--pki-dns-suffix", c->pki_dns_suffix, "PKI DNS suffix (v2+)");
  create->add_option("--config-server-fqdn", c->config_server_fqdn, "Configuration server FQDN (v2+)");
  create->add_option("--remote-config", c->remote_config, "Remote Configuration: on|off (v2+)");
  create->add_option("--pre-installed-certs", c->pre_installed_certs, "Pre-installed root hashes: on|off (v2+)");
  create->add_option("--cert-hash", c->cert_hashes, "Custom root hash ALG:HEX[:NAME] (sha1; sha256/384 v3+)");
  create->add_option("--host-name", c->host_name, "Host name");
  create->add_option("--domain", c->domain, "Domain name");
  create->add_option("--dhcp", c->dhcp, "DHCP: on|off");
  create->add_option("--provisioning-mode", c->provisioning_mode, "enterprise|smb");
  create->add_option("--feature", c->feature, "Manageability feature selection: amt|none")->capture_default_str();
  create->add_option("--halt-activate", c->halt_activate, "ME provisioning halt/activate: start|stop (v2+)");
  create->add_flag("--scramble", c->scramble, "Scramble record bodies (+17 per byte)");
  create->add_flag("--no-consume", c->no_consume, "Set the do-not-consume flag (v2+): every machine uses record 1");
  create->add_flag("--json", c->json, "Machine-readable output");
  create->callback([c, &context, &exit_code] { exit_code = RunCreate(*c, context); });

  auto i = std::make_shared<InspectOptions>();
  auto* inspect = cmd->add_subcommand("inspect", "Show every record and variable of a setup.bin, consumed or not");
  inspect->add_option("file", i->file, "The setup.bin")->required()->check(CLI::ExistingFile);
  inspect->add_flag("--json", i->json, "Machine-readable output");
  inspect->add_flag("--reveal", i->reveal, "Show passwords and PPS values instead of redacting them");
  inspect->callback([i, &context, &exit_code] { exit_code = RunInspect(*i, context); });
}

}  // namespace openscs::cli
