#include "manage/keys.h"

#include <fmt/format.h>

#include "manage/key_records.h"

namespace openscs::manage {
namespace {

constexpr std::string_view kRedactedPassword = "<redacted>";

}  // namespace

std::vector<pidpps::Pair> GeneratePairs(size_t count, const base::RandomSource& random) {
  std::vector<pidpps::Pair> pairs;
  pairs.reserve(count);
  for (size_t i = 0; i < count; ++i) pairs.push_back(pidpps::Generate(random));
  return pairs;
}

base::Status StoreNewKeys(store::Store& store, const secrets::Vault& vault, std::span<const pidpps::KeyCsvRow> rows,
                          std::string_view provenance, std::string_view batch, base::TimePoint now) {
  std::vector<store::KeyRecord> records;
  records.reserve(rows.size());
  for (const auto& row : rows) {
    records.push_back(NewKeyRecord(row, std::string(provenance), store::KeyStatus::kAvailable, now, vault));
    records.back().batch = std::string(batch);
  }
  return store.AddKeys(records);
}

base::Result<std::vector<pidpps::Pair>> GenerateKeys(store::Store& store, const secrets::Vault& vault, size_t count,
                                                     std::string_view batch, base::TimePoint now,
                                                     const base::RandomSource& random) {
  std::vector<pidpps::Pair> pairs = GeneratePairs(count, random);
  std::vector<pidpps::KeyCsvRow> rows;
  rows.reserve(pairs.size());
  for (const auto& p : pairs) rows.push_back({p, ""});
  if (auto s = StoreNewKeys(store, vault, rows, "generated", batch, now); !s.ok()) return s;
  return pairs;
}

base::Result<OpenedKeys> OpenKeys(store::Store& store, const secrets::Vault& vault,
                                  std::optional<store::KeyStatus> status) {
  auto records = store.ListKeys(status);
  if (!records) return records.error();
  OpenedKeys out;
  for (auto& k : *records) {
    auto row = OpenKey(k, vault);
    if (!row) return row.error();
    out.rows.push_back(std::move(row).value());
    out.records.push_back(std::move(k));
  }
  return out;
}

std::string KeysCsv(std::span<const pidpps::KeyCsvRow> rows, bool reveal) {
  if (reveal) return pidpps::FormatKeyCsv(rows);
  std::string csv = std::string(pidpps::kKeyCsvHeaderWithMebx) + "\n";
  for (const auto& row : rows) {
    csv += fmt::format("{},{},{}\n", row.pair.pid.display(), row.pair.pps.Redacted(),
                       row.mebx_password.empty() ? "" : kRedactedPassword);
  }
  return csv;
}

}  // namespace openscs::manage
