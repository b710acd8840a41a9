#include "cli/keys_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/hex.h"
#include "cli/command_support.h"
#include "cli/file_io.h"
#include "cli/key_records.h"
#include "cli/keys_import.h"
#include "cli/keys_list.h"
#include "cli/store_access.h"
#include "cli/table.h"
#include "manage/keys.h"
#include "protocol/mebx/password_rule.h"
#include "protocol/pidpps/key_csv.h"
#include "protocol/pidpps/pid_pps.h"

namespace openscs::cli {
namespace {

struct GenerateOptions {
  size_t count = 1;
  std::string out;
  bool json = false;
  bool no_store = false;
};

struct AddOptions {
  std::string pid;
  std::string pps;
  std::string mebx_password;
};

// Seals and stores `rows` as new keys, all or nothing.
base::Status StoreNewKeys(const std::vector<pidpps::KeyCsvRow>& rows, const std::string& provenance,
                          Context& context) {
  auto store = OpenStore(context);
  if (!store) return store.error();
  auto vault = OpenVault(context, **store);
  if (!vault) return vault.error();
  return manage::StoreNewKeys(**store, *vault, rows, provenance, "", context.clock->Now());
}

int RunGenerate(const GenerateOptions& options, Context& context) {
  const std::vector<pidpps::Pair> pairs = manage::GeneratePairs(options.count, context.random);
  // Stored first: the database is the record of which keys exist, and
  // `keys export --reveal` recovers a file that failed to be written.
  if (!options.no_store) {
    std::vector<pidpps::KeyCsvRow> rows;
    for (const auto& p : pairs) rows.push_back({p, ""});
    if (auto s = StoreNewKeys(rows, "generated", context); !s.ok()) return Fail(context, s);
  }

  if (options.out.empty()) {
    // No file: the pairs themselves are the output, as `openssl rand` prints keys.
    if (options.json) {
      nlohmann::json j = nlohmann::json::array();
      for (const auto& p : pairs) j.push_back({{"pid", p.pid.display()}, {"pps", p.pps.display()}});
      context.out << j.dump(2) << '\n';
    } else {
      context.out << pidpps::FormatKeyCsv(pairs);
    }
    return kExitOk;
  }
  const std::string csv = pidpps::FormatKeyCsv(pairs);
  // Secrets: the file is created 0600 and written atomically.
  if (auto s = WriteFileAtomically(options.out, base::AsBytes(csv), 0600); !s.ok()) return Fail(context, s);
  if (options.json) {
    nlohmann::json j;
    j["file"] = options.out;
    j["count"] = pairs.size();
    j["stored"] = !options.no_store;
    j["pids"] = nlohmann::json::array();
    for (const auto& p : pairs) j["pids"].push_back(p.pid.display());
    context.out << j.dump(2) << '\n';
  } else {
    context.out << fmt::format("wrote {} PID/PPS pairs to {} (mode 0600){}\n", pairs.size(), options.out,
                               options.no_store ? "" : fmt::format("; stored in {} as available", context.db_path));
    Table t({"PID", "PPS"});
    for (const auto& p : pairs) t.AddRow({p.pid.display(), p.pps.Redacted()});
    t.Print(context.out);
  }
  return kExitOk;
}

int RunAdd(const AddOptions& o, Context& context) {
  auto pid = pidpps::Pid::Parse(o.pid);
  if (!pid) return Fail(context, pid.error().WithContext("PID"));
  auto pps = pidpps::Pps::Parse(SecretArgument(o.pps));
  if (!pps) return Fail(context, pps.error().WithContext("PPS"));
  const std::string mebx = SecretArgument(o.mebx_password);
  if (!mebx.empty()) {
    if (auto s = mebx::CheckMebxPassword(mebx); !s.ok()) return Fail(context, s.WithContext("--mebx-password"));
  }
  const std::vector<pidpps::KeyCsvRow> rows = {{{*pid, std::move(pps).value()}, mebx}};
  if (auto s = StoreNewKeys(rows, "added", context); !s.ok()) return Fail(context, s);
  context.out << fmt::format("added PID {} (status available{})\n", pid->display(),
                             mebx.empty() ? "" : ", with its MEBx password");
  return kExitOk;
}

int RunRevoke(const std::string& pid_text, Context& context) {
  auto pid = CompactPid(pid_text, "PID");
  if (!pid) return Fail(context, pid.error());
  auto store = OpenStore(context);
  if (!store) return Fail(context, store.error());
  auto key = (*store)->GetKey(*pid);
  if (!key) return Fail(context, key.error());
  if (!key->has_value()) return Fail(context, base::NotFound(fmt::format("no key with PID {}", DisplayPid(*pid))));
  store::KeyRecord k = std::move(**key);
  const store::KeyStatus was = k.status;
  k.status = store::KeyStatus::kRevoked;
  k.updated = context.clock->Now();
  if (auto s = (*store)->UpdateKey(k); !s.ok()) return Fail(context, s);
  context.out << fmt::format("revoked PID {} (was {})\n", DisplayPid(*pid), store::KeyStatusName(was));
  return kExitOk;
}

CLI::Option* AddStatusOption(CLI::App* cmd, std::string& status) {
  return cmd->add_option("--status", status, "Only keys with this status: available, exported, bound, consumed, revoked");
}

}  // namespace

void AddKeysCommands(CLI::App& app, Context& context, int& exit_code) {
  auto* keys = app.add_subcommand("keys", "PID/PPS security keys for TLS-PSK provisioning");
  keys->require_subcommand(1);

  auto g = std::make_shared<GenerateOptions>();
  auto* generate = keys->add_subcommand("generate", "Generate PID/PPS pairs from the kernel's CSPRNG and store them");
  generate->add_option("--count,-n", g->count, "How many pairs")
      ->check(CLI::Range(size_t{1}, size_t{1000000}))
      ->capture_default_str();
  generate->add_option("--out,-o", g->out, "Write them to this CSV file (created 0600); without it they are printed");
  generate->add_flag("--no-store", g->no_store, "Do not add them to the database");
  generate->add_flag("--json", g->json, "Machine-readable output");
  generate->callback([g, &context, &exit_code] { exit_code = RunGenerate(*g, context); });

  auto a = std::make_shared<AddOptions>();
  auto* add = keys->add_subcommand("add", "Store one PID/PPS pair (status available)");
  add->add_option("pid", a->pid, "The PID (XXXX-XXXX)")->required();
  add->add_option("pps", a->pps, "Its PPS; - reads it from standard input")->required();
  add->add_option("--mebx-password", a->mebx_password,
                  "The MEBx password set with this pair, if known; - reads it from standard input");
  add->callback([a, &context, &exit_code] { exit_code = RunAdd(*a, context); });

  auto i = std::make_shared<KeysImportOptions>();
  auto* import = keys->add_subcommand("import", "Store the pairs of a key CSV (2 or 3 columns) or a setup.bin");
  import->add_option("file", i->file, "The CSV or setup.bin file")->required()->check(CLI::ExistingFile);
  import->add_flag("--json", i->json, "Machine-readable output");
  import->callback([i, &context, &exit_code] { exit_code = RunKeysImport(*i, context); });

  auto e = std::make_shared<KeysExportOptions>();
  auto* exp = keys->add_subcommand("export", "Write the stored keys as CSV (PPS redacted unless --reveal)");
  AddStatusOption(exp, e->status);
  exp->add_option("--out,-o", e->out, "Write to this file (created 0600) instead of standard output");
  exp->add_flag("--reveal", e->reveal, "Write PPS values and MEBx passwords in full (logged as secret_revealed)");
  exp->callback([e, &context, &exit_code] { exit_code = RunKeysExport(*e, context); });

  auto l = std::make_shared<KeysListOptions>();
  auto* list = keys->add_subcommand("list", "Show the stored keys (PPS redacted unless --reveal)");
  AddStatusOption(list, l->status);
  list->add_flag("--json", l->json, "Machine-readable output");
  list->add_flag("--reveal", l->reveal, "Show PPS values and MEBx passwords in full (logged as secret_revealed)");
  list->callback([l, &context, &exit_code] { exit_code = RunKeysList(*l, context); });

  auto r = std::make_shared<std::string>();
  auto* revoke = keys->add_subcommand("revoke", "Mark a stored key revoked");
  revoke->add_option("pid", *r, "The PID")->required();
  revoke->callback([r, &context, &exit_code] { exit_code = RunRevoke(*r, context); });
}

}  // namespace openscs::cli
