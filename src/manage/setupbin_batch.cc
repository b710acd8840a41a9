#include "manage/setupbin_batch.h"

#include <fmt/format.h>

#include "manage/key_records.h"
#include "protocol/mebx/password_rule.h"
#include "protocol/setupbin/record_builder.h"

namespace openscs::manage {

base::Result<AvailableKeys> TakeAvailableKeys(store::Store& store, const secrets::Vault& vault, size_t count) {
  auto available = store.ListKeys(store::KeyStatus::kAvailable);
  if (!available) return available.error();
  if (available->size() < count) {
    return base::FailedPrecondition(fmt::format(
        "the database has only {} available key(s) (add some with keys generate or keys import)", available->size()));
  }
  available->resize(count);
  AvailableKeys out;
  for (const auto& k : *available) {
    auto row = OpenKey(k, vault);
    if (!row) return row.error();
    out.pairs.push_back(std::move(row->pair));
  }
  out.records = std::move(available).value();
  return out;
}

base::Status MarkExported(store::Store& store, const secrets::Vault& vault, std::vector<store::KeyRecord>& records,
                          const std::string& batch, const std::string& new_mebx_password, base::TimePoint now) {
  for (auto& k : records) {
    k.status = store::KeyStatus::kExported;
    k.batch = batch;
    k.updated = now;
    if (!new_mebx_password.empty()) k.mebx_password = vault.Seal(new_mebx_password);
  }
  // Only keys still available, all or none: another batch made meanwhile
  // (the console and the CLI at once) must not hand out the same PIDs.
  if (auto s = store.UpdateKeysIfStatus(records, store::KeyStatus::kAvailable); !s.ok()) {
    return s.WithContext(fmt::format("marking the batch's {} key(s) exported (nothing was marked; try again)",
                                     records.size()));
  }
  return base::Status::Ok();
}

base::Result<SetupBinBatch> CreateSetupBinBatch(store::Store& store, const secrets::Vault& vault, size_t count,
                                                const SetupBinBatchOptions& options, base::TimePoint now) {
  if (count == 0) return base::InvalidArgument("a setup.bin batch needs at least one key");
  if (options.batch.empty()) return base::InvalidArgument("a setup.bin batch needs a batch name");
  if (auto s = mebx::CheckMebxPassword(options.new_mebx_password); !s.ok()) {
    return s.WithContext("new MEBx password");
  }
  auto keys = TakeAvailableKeys(store, vault, count);
  if (!keys) return keys.error();
  std::vector<setupbin::Record> records;
  records.reserve(keys->pairs.size());
  for (const auto& pair : keys->pairs) {
    setupbin::RecordBuilder b(options.version);
    b.CurrentMebxPassword(options.current_mebx_password);
    b.NewMebxPassword(options.new_mebx_password);
    b.ManageabilityFeature(true);
    b.PidPps(pair.pid.compact(), pair.pps.compact());
    auto record = b.Build();
    if (!record) return record.error();
    records.push_back(std::move(record).value());
  }
  auto bytes = setupbin::BuildFile(options.version, std::move(records), /*do_not_consume=*/false);
  if (!bytes) return bytes.error();
  if (auto s = MarkExported(store, vault, keys->records, options.batch, options.new_mebx_password, now); !s.ok()) {
    return s;
  }
  SetupBinBatch out;
  out.bytes = std::move(bytes).value();
  for (const auto& p : keys->pairs) out.pids.push_back(p.pid.display());
  return out;
}

}  // namespace openscs::manage
