#include "cli/certs_command.h"

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "base/hex.h"
#include "cli/cert_report.h"
#include "cli/command_support.h"
#include "cli/file_io.h"
#include "cli/store_access.h"
#include "cli/table.h"
#include "cli/time_text.h"
#include "manage/certificates.h"
#include "tls/cert_inspect.h"

namespace openscs::cli {
namespace {

base::Result<std::string> ReadText(const std::string& path) {
  auto bytes = ReadBinaryFile(path);
  if (!bytes) return bytes.error();
  return std::string(base::AsChars(*bytes));
}

// The first line of the password file, without its line ending.
base::Result<std::optional<std::string>> ReadPassword(const std::string& path) {
  if (path.empty()) return std::optional<std::string>();
  auto text = ReadText(path);
  if (!text) return text.error();
  std::string password = text->substr(0, text->find('\n'));
  if (password.ends_with('\r')) password.pop_back();
  return std::optional<std::string>(std::move(password));
}

// What to do about a load error, on top of its message.
std::string_view LoadHint(const base::Status& error) {
  if (error.code() == base::StatusCode::kFailedPrecondition) return "; give it with --password-file FILE";
  if (error.message().starts_with("no private key")) return "; give it with --key KEYFILE";
  return "";
}

using manage::FindCertificate;

}  // namespace

int RunCertsImport(const CertsImportOptions& options, store::Store& store, const secrets::Vault& vault,
                   base::TimePoint now, Context& context) {
  auto file = ReadBinaryFile(options.file);
  if (!file) return Fail(context, file.error());
  std::vector<std::byte> key_file;
  if (!options.key_file.empty()) {
    auto key = ReadBinaryFile(options.key_file);
    if (!key) return Fail(context, key.error());
    key_file = std::move(key).value();
  }
  auto password = ReadPassword(options.password_file);
  if (!password) return Fail(context, password.error());

  auto loaded = manage::LoadCertificate(*file, *password, key_file, now);
  if (!loaded) {
    const base::Status& e = loaded.error();
    return Fail(context, {e.code(), fmt::format("{}: {}{}", options.file, e.message(), LoadHint(e))});
  }
  auto stored = manage::StoreCertificate(store, vault, *loaded, options.name, now);
  if (!stored) return Fail(context, stored.error());
  const tls::CertificateReport& report = loaded->report;
  const std::vector<std::string>& notes = loaded->bundle.notes;
  const store::CertificateRecord& record = stored->record;
  const bool replaced = stored->replaced;

  if (options.json) {
    nlohmann::json j = CertificateReportJson(report, notes);
    j["id"] = record.id;
    j["name"] = record.name;
    j["replaced"] = replaced;
    context.out << j.dump(2) << '\n';
  } else {
    context.out << fmt::format("{} certificate {} \"{}\"\n", replaced ? "replaced" : "imported", record.id,
                               record.name);
    PrintCertificateReport(report, notes, context.out);
  }
  return kExitOk;
}

int RunCertsList(bool json, store::Store& store, Context& context) {
  auto all = store.ListCertificates();
  if (!all) return Fail(context, all.error());
  if (json) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& c : *all) {
      j.push_back({{"id", c.id},
                   {"name", c.name},
                   {"leaf_cn", c.leaf_cn},
                   {"root_sha1", c.root_sha1},
                   {"root_sha256", c.root_sha256},
                   {"root_sha384", c.root_sha384},
                   {"not_before", FormatTime(c.not_before)},
                   {"not_after", FormatTime(c.not_after)},
                   {"imported", FormatTime(c.imported)}});
    }
    context.out << j.dump(2) << '\n';
    return kExitOk;
  }
  if (all->empty()) {
    context.out << "no certificates (import one with: openscs certs import FILE)\n";
    return kExitOk;
  }
  Table t({"ID", "NAME", "LEAF CN", "NOT AFTER", "ROOT SHA-1"});
  for (const auto& c : *all) {
    t.AddRow({c.id, c.name, c.leaf_cn, FormatTime(c.not_after), c.root_sha1});
  }
  t.Print(context.out);
  return kExitOk;
}

int RunCertsShow(const std::string& id, bool json, store::Store& store, base::TimePoint now, Context& context) {
  auto record = FindCertificate(store, id);
  if (!record) return Fail(context, record.error());
  auto inspected = manage::InspectStored(*record, now);
  if (!inspected) return Fail(context, inspected.error());
  const tls::CertificateReport& report = *inspected;
  if (json) {
    nlohmann::json j = CertificateReportJson(report, {});
    j["id"] = record->id;
    j["name"] = record->name;
    j["imported"] = FormatTime(record->imported);
    context.out << j.dump(2) << '\n';
  } else {
    context.out << fmt::format("certificate {} \"{}\", imported {}\n", record->id, record->name,
                               FormatTime(record->imported));
    PrintCertificateReport(report, {}, context.out);
  }
  return kExitOk;
}

int RunCertsDelete(const std::string& id, store::Store& store, Context& context) {
  auto record = FindCertificate(store, id);
  if (!record) return Fail(context, record.error());
  if (auto s = store.DeleteCertificate(record->id); !s.ok()) return Fail(context, s);
  context.out << fmt::format("deleted certificate {} \"{}\"\n", record->id, record->name);
  return kExitOk;
}

void AddCertsCommands(CLI::App& app, Context& context, int& exit_code) {
  auto* certs = app.add_subcommand("certs", "Provisioning certificates for PKI Remote Configuration");
  certs->require_subcommand(1);

  auto import = std::make_shared<CertsImportOptions>();
  auto* import_cmd = certs->add_subcommand(
      "import", "Check a provisioning certificate (PEM or PKCS#12 with its chain and key) and store it");
  import_cmd->add_option("file", import->file, "PEM (chain and key, any order) or PKCS#12 (.pfx/.p12)")
      ->required()
      ->check(CLI::ExistingFile);
  import_cmd->add_option("--key", import->key_file, "The private key, when it is in a PEM file of its own")
      ->check(CLI::ExistingFile);
  import_cmd
      ->add_option("--password-file", import->password_file, "A file whose first line is the PKCS#12 or key password")
      ->check(CLI::ExistingFile);
  import_cmd->add_option("--name", import->name, "A label for the certificate (default: its CN)");
  import_cmd->add_flag("--json", import->json, "Machine-readable output");
  import_cmd->callback([import, &context, &exit_code] {
    auto store = OpenStore(context);
    if (!store) return void(exit_code = Fail(context, store.error()));
    auto vault = OpenVault(context, **store);
    if (!vault) return void(exit_code = Fail(context, vault.error()));
    exit_code = RunCertsImport(*import, **store, *vault, context.clock->Now(), context);
  });

  auto list_json = std::make_shared<bool>(false);
  auto* list = certs->add_subcommand("list", "The stored provisioning certificates");
  list->add_flag("--json", *list_json, "Machine-readable output");
  list->callback([list_json, &context, &exit_code] {
    auto store = OpenStore(context);
    exit_code = store ? RunCertsList(*list_json, **store, context) : Fail(context, store.error());
  });

  struct ShowOptions {
    std::string id;
    bool json = false;
  };
  auto show = std::make_shared<ShowOptions>();
  auto* show_cmd = certs->add_subcommand("show", "The report of a stored certificate, checked again now");
  show_cmd->add_option("id", show->id, "Its id (the leaf's SHA-1) or a unique prefix of it")->required();
  show_cmd->add_flag("--json", show->json, "Machine-readable output");
  show_cmd->callback([show, &context, &exit_code] {
    auto store = OpenStore(context);
    exit_code = store ? RunCertsShow(show->id, show->json, **store, context.clock->Now(), context)
                      : Fail(context, store.error());
  });

  auto delete_id = std::make_shared<std::string>();
  auto* delete_cmd = certs->add_subcommand("delete", "Remove a stored certificate and its key");
  delete_cmd->add_option("id", *delete_id, "Its id or a unique prefix of it")->required();
  delete_cmd->callback([delete_id, &context, &exit_code] {
    auto store = OpenStore(context);
    exit_code = store ? RunCertsDelete(*delete_id, **store, context) : Fail(context, store.error());
  });
}

}  // namespace openscs::cli
