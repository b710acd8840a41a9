#include "cli/keys_import.h"

#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/hex.h"
#include "cli/command_support.h"
#include "cli/file_io.h"
#include "cli/key_records.h"
#include "cli/store_access.h"
#include "protocol/setupbin/reader.h"
#include "protocol/setupbin/variables.h"

namespace openscs::cli {
namespace {

struct ImportedKey {
  pidpps::KeyCsvRow row;
  std::string provenance;
  store::KeyStatus status = store::KeyStatus::kAvailable;
  std::string batch;
};

struct Imported {
  std::string format;  // "csv" or "setup.bin"
  std::vector<ImportedKey> keys;
  size_t skipped = 0;  // setup.bin records without a pair, or consumed
};

bool IsSetupBin(std::span<const std::byte> bytes) {
  return bytes.size() >= 16 && setupbin::MajorVersionOfGuid(bytes.first(16)) != 0;
}

const setupbin::Entry* FindEntry(const setupbin::Record& record, std::pair<uint16_t, uint16_t> id) {
  for (const auto& e : record.entries) {
    if (e.module == id.first && e.variable == id.second) return &e;
  }
  return nullptr;
}

std::string_view TextOf(const setupbin::Entry& e) { return base::AsChars(e.value); }

base::Result<Imported> FromSetupBin(std::span<const std::byte> bytes, const std::string& name) {
  auto file = setupbin::ReadFile(bytes);
  if (!file) return file.error();
  Imported out{"setup.bin", {}, 0};
  for (const auto& record : file->records) {
    const auto* pid_entry = FindEntry(record, setupbin::var::kPid);
    const auto* pps_entry = FindEntry(record, setupbin::var::kPps);
    if (record.consumed() || pid_entry == nullptr || pps_entry == nullptr) {
      ++out.skipped;
      continue;
    }
    const std::string where = fmt::format("record {}", record.number);
    auto pid = pidpps::Pid::Parse(TextOf(*pid_entry));
    if (!pid) return pid.error().WithContext(where);
    auto pps = pidpps::Pps::Parse(TextOf(*pps_entry));
    if (!pps) return pps.error().WithContext(where);
    const auto* mebx = FindEntry(record, setupbin::var::kNewMebxPassword);
    ImportedKey key{{{std::move(pid).value(), std::move(pps).value()}, mebx ? std::string(TextOf(*mebx)) : ""},
                    fmt::format("setupbin:{}#{}", name, record.number),
                    store::KeyStatus::kExported,
                    name};
    out.keys.push_back(std::move(key));
  }
  if (out.keys.empty()) return base::InvalidArgument("no record holds a PID/PPS pair that is not consumed");
  return out;
}

base::Result<Imported> FromCsv(std::span<const std::byte> bytes, const std::string& name) {
  auto rows = pidpps::ParseKeyCsv(base::AsChars(bytes));
  if (!rows) return rows.error();
  Imported out{"csv", {}, 0};
  for (auto& row : *rows) out.keys.push_back({std::move(row), "csv:" + name, store::KeyStatus::kAvailable, ""});
  return out;
}

}  // namespace

int RunKeysImport(const KeysImportOptions& o, Context& context) {
  auto bytes = ReadBinaryFile(o.file);
  if (!bytes) return Fail(context, bytes.error());
  const std::string name = std::filesystem::path(o.file).filename().string();
  auto imported = IsSetupBin(*bytes) ? FromSetupBin(*bytes, name) : FromCsv(*bytes, name);
  if (!imported) return Fail(context, imported.error().WithContext(o.file));

  auto store = OpenStore(context);
  if (!store) return Fail(context, store.error());
  auto vault = OpenVault(context, **store);
  if (!vault) return Fail(context, vault.error());
  const base::TimePoint now = context.clock->Now();
  std::vector<store::KeyRecord> records;
  for (const auto& k : imported->keys) {
    records.push_back(NewKeyRecord(k.row, k.provenance, k.status, now, *vault));
    records.back().batch = k.batch;
  }
  if (auto s = (*store)->AddKeys(records); !s.ok()) {
    return Fail(context, base::Status(s.code(), fmt::format("{}: {}; nothing was imported", o.file, s.message())));
  }

  if (o.json) {
    nlohmann::json j{{"file", o.file}, {"format", imported->format}, {"imported", records.size()},
                     {"skipped", imported->skipped}, {"pids", nlohmann::json::array()}};
    for (const auto& k : imported->keys) j["pids"].push_back(k.row.pair.pid.display());
    context.out << j.dump(2) << '\n';
    return kExitOk;
  }
  context.out << fmt::format("imported {} key(s) from {} ({}, status {})", records.size(), o.file, imported->format,
                             store::KeyStatusName(imported->keys.front().status));
  if (imported->skipped > 0) context.out << fmt::format("; skipped {} record(s) without a usable pair", imported->skipped);
  context.out << '\n';
  return kExitOk;
}

}  // namespace openscs::cli
