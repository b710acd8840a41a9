#include "cli/keys_list.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/hex.h"
#include "cli/command_support.h"
#include "cli/file_io.h"
#include "cli/key_records.h"
#include "cli/store_access.h"
#include "cli/table.h"
#include "cli/time_text.h"
#include "manage/keys.h"

namespace openscs::cli {
namespace {

using manage::OpenedKeys;

base::Result<OpenedKeys> LoadKeys(const std::string& status_text, bool reveal, std::string_view command,
                                  Context& context) {
  auto status = ParseStatusArgument(status_text);
  if (!status) return status.error();
  auto store = OpenStore(context);
  if (!store) return store.error();
  auto vault = OpenVault(context, **store);
  if (!vault) return vault.error();
  if (reveal) {
    // The audit entry comes first: no entry, no secrets.
    if (auto s = LogSecretReveal(**store, context, command); !s.ok()) {
      return s.WithContext("logging the reveal (nothing shown)");
    }
  }
  return manage::OpenKeys(**store, *vault, *status);
}

std::string PpsText(const pidpps::KeyCsvRow& row, bool reveal) {
  return reveal ? row.pair.pps.display() : row.pair.pps.Redacted();
}

}  // namespace

int RunKeysList(const KeysListOptions& o, Context& context) {
  auto keys = LoadKeys(o.status, o.reveal, "keys list", context);
  if (!keys) return Fail(context, keys.error());
  if (o.json) {
    nlohmann::json j = nlohmann::json::array();
    for (size_t i = 0; i < keys->records.size(); ++i) {
      const auto& k = keys->records[i];
      const auto& row = keys->rows[i];
      nlohmann::json item{{"pid", row.pair.pid.display()},
                          {"pps", PpsText(row, o.reveal)},
                          {"mebx_password_set", !row.mebx_password.empty()},
                          {"status", store::KeyStatusName(k.status)},
                          {"provenance", k.provenance},
                          {"batch", k.batch},
                          {"bound_uuid", k.bound_uuid},
                          {"created", FormatTime(k.created)},
                          {"updated", FormatTime(k.updated)}};
      if (o.reveal) item["mebx_password"] = row.mebx_password;
      j.push_back(std::move(item));
    }
    context.out << j.dump(2) << '\n';
    return kExitOk;
  }
  if (keys->records.empty()) {
    context.out << "no keys" << (o.status.empty() ? "" : " with status " + o.status) << '\n';
    return kExitOk;
  }
  Table t({"PID", "PPS", "MEBX PASSWORD", "STATUS", "PROVENANCE", "BATCH", "BOUND TO", "UPDATED"});
  for (size_t i = 0; i < keys->records.size(); ++i) {
    const auto& k = keys->records[i];
    const auto& row = keys->rows[i];
    const std::string mebx = row.mebx_password.empty() ? "-" : (o.reveal ? row.mebx_password : "set");
    t.AddRow({row.pair.pid.display(), PpsText(row, o.reveal), mebx, std::string(store::KeyStatusName(k.status)),
              k.provenance, k.batch.empty() ? "-" : k.batch, k.bound_uuid.empty() ? "-" : k.bound_uuid,
              FormatTime(k.updated)});
  }
  t.Print(context.out);
  return kExitOk;
}

int RunKeysExport(const KeysExportOptions& o, Context& context) {
  auto keys = LoadKeys(o.status, o.reveal, "keys export", context);
  if (!keys) return Fail(context, keys.error());
  const std::string csv = manage::KeysCsv(keys->rows, o.reveal);
  if (o.out.empty()) {
    context.out << csv;
    return kExitOk;
  }
  if (auto s = WriteFileAtomically(o.out, base::AsBytes(csv), 0600); !s.ok()) return Fail(context, s);
  context.out << fmt::format("exported {} key(s) to {} (mode 0600){}\n", keys->rows.size(), o.out,
                             o.reveal ? "" : "; PPS values and passwords redacted (--reveal writes them)");
  return kExitOk;
}

}  // namespace openscs::cli
