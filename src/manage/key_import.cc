#include "manage/key_import.h"

#include <fmt/format.h>

#include "base/hex.h"
#include "manage/key_records.h"
#include "protocol/setupbin/reader.h"
#include "protocol/setupbin/variables.h"

namespace openscs::manage {
namespace {

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

base::Result<KeyFile> FromSetupBin(std::span<const std::byte> bytes, std::string_view name) {
  auto file = setupbin::ReadFile(bytes);
  if (!file) return file.error();
  KeyFile out{"setup.bin", {}, 0};
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
                    std::string(name)};
    out.keys.push_back(std::move(key));
  }
  if (out.keys.empty()) return base::InvalidArgument("no record holds a PID/PPS pair that is not consumed");
  return out;
}

base::Result<KeyFile> FromCsv(std::span<const std::byte> bytes, std::string_view name) {
  auto rows = pidpps::ParseKeyCsv(base::AsChars(bytes));
  if (!rows) return rows.error();
  KeyFile out{"csv", {}, 0};
  for (auto& row : *rows) {
    out.keys.push_back({std::move(row), fmt::format("csv:{}", name), store::KeyStatus::kAvailable, ""});
  }
  return out;
}

}  // namespace

base::Result<KeyFile> ReadKeyFile(std::span<const std::byte> bytes, std::string_view file_name) {
  return IsSetupBin(bytes) ? FromSetupBin(bytes, file_name) : FromCsv(bytes, file_name);
}

base::Status StoreKeyFile(store::Store& store, const secrets::Vault& vault, const KeyFile& file, base::TimePoint now) {
  std::vector<store::KeyRecord> records;
  records.reserve(file.keys.size());
  for (const auto& k : file.keys) {
    records.push_back(NewKeyRecord(k.row, k.provenance, k.status, now, vault));
    records.back().batch = k.batch;
  }
  return store.AddKeys(records);
}

base::Result<KeyFile> ImportKeyFile(store::Store& store, const secrets::Vault& vault, std::span<const std::byte> bytes,
                                    std::string_view file_name, base::TimePoint now) {
  auto file = ReadKeyFile(bytes, file_name);
  if (!file) return file.error().WithContext(file_name);
  if (auto s = StoreKeyFile(store, vault, *file, now); !s.ok()) {
    return base::Status(s.code(), fmt::format("{}: {}; nothing was imported", file_name, s.message()));
  }
  return file;
}

}  // namespace openscs::manage
