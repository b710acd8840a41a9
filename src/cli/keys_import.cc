#include "cli/keys_import.h"

#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command_support.h"
#include "cli/file_io.h"
#include "cli/store_access.h"
#include "manage/key_import.h"

namespace openscs::cli {

int RunKeysImport(const KeysImportOptions& o, Context& context) {
  auto bytes = ReadBinaryFile(o.file);
  if (!bytes) return Fail(context, bytes.error());
  const std::string name = std::filesystem::path(o.file).filename().string();
  auto imported = manage::ReadKeyFile(*bytes, name);
  if (!imported) return Fail(context, imported.error().WithContext(o.file));

  auto store = OpenStore(context);
  if (!store) return Fail(context, store.error());
  auto vault = OpenVault(context, **store);
  if (!vault) return Fail(context, vault.error());
  const size_t count = imported->keys.size();
  if (auto s = manage::StoreKeyFile(**store, *vault, *imported, context.clock->Now()); !s.ok()) {
    return Fail(context, base::Status(s.code(), fmt::format("{}: {}; nothing was imported", o.file, s.message())));
  }

  if (o.json) {
    nlohmann::json j{{"file", o.file}, {"format", imported->format}, {"imported", count},
                     {"skipped", imported->skipped}, {"pids", nlohmann::json::array()}};
    for (const auto& k : imported->keys) j["pids"].push_back(k.row.pair.pid.display());
    context.out << j.dump(2) << '\n';
    return kExitOk;
  }
  context.out << fmt::format("imported {} key(s) from {} ({}, status {})", count, o.file, imported->format,
                             store::KeyStatusName(imported->keys.front().status));
  if (imported->skipped > 0) context.out << fmt::format("; skipped {} record(s) without a usable pair", imported->skipped);
  context.out << '\n';
  return kExitOk;
}

}  // namespace openscs::cli
