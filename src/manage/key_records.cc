#include "manage/key_records.h"

#include <fmt/format.h>

namespace openscs::manage {

store::KeyRecord NewKeyRecord(const pidpps::KeyCsvRow& row, std::string provenance, store::KeyStatus status,
                              base::TimePoint now, const secrets::Vault& vault) {
  store::KeyRecord k;
  k.pid = std::string(row.pair.pid.compact());
  k.pps = vault.Seal(row.pair.pps.compact());
  if (!row.mebx_password.empty()) k.mebx_password = vault.Seal(row.mebx_password);
  k.status = status;
  k.provenance = std::move(provenance);
  k.created = now;
  k.updated = now;
  return k;
}

base::Result<pidpps::KeyCsvRow> OpenKey(const store::KeyRecord& key, const secrets::Vault& vault) {
  const std::string where = fmt::format("key {}", pidpps::DisplayPid(key.pid));
  auto pid = pidpps::Pid::Parse(key.pid);
  if (!pid) return base::DataLoss(pid.error().message()).WithContext(where);
  auto pps_text = vault.Open(key.pps);
  if (!pps_text) return pps_text.error().WithContext(where);
  auto pps = pidpps::Pps::Parse(*pps_text);
  if (!pps) return base::DataLoss("the stored PPS is not a valid PPS").WithContext(where);
  auto mebx = vault.Open(key.mebx_password);
  if (!mebx) return mebx.error().WithContext(where + " MEBx password");
  return pidpps::KeyCsvRow{{std::move(pid).value(), std::move(pps).value()}, std::move(mebx).value()};
}

base::Result<std::string> CompactPid(std::string_view text, std::string_view what) {
  auto pid = pidpps::Pid::Parse(text);
  if (!pid) return pid.error().WithContext(what);
  return std::string(pid->compact());
}

base::Result<std::optional<store::KeyStatus>> ParseKeyStatusFilter(std::string_view text, std::string_view what) {
  if (text.empty()) return std::optional<store::KeyStatus>();
  if (auto status = store::ParseKeyStatus(text)) return std::optional<store::KeyStatus>(*status);
  return base::InvalidArgument(
      fmt::format("{} '{}': expected available, exported, bound, consumed or revoked", what, text));
}

}  // namespace openscs::manage
