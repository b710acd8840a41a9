#include <set>

#include <fmt/format.h>

#include "store/sqlite/sqlite_store_impl.h"

namespace openscs::store::sqlite {
namespace {

using Mode = Transaction::Mode;

constexpr std::string_view kSelectKey =
    "SELECT pid, pps, mebx_password, status, provenance, batch, bound_uuid, created, updated FROM keys";

base::Result<KeyRecord> ReadKey(const Statement& row) {
  KeyRecord k;
  k.pid = row.Text(0);
  k.pps = row.Blob(1);
  k.mebx_password = row.Blob(2);
  const std::string status = row.Text(3);
  const auto parsed = ParseKeyStatus(status);
  if (!parsed) return base::DataLoss(fmt::format("PID '{}' has unknown status '{}'", k.pid, status));
  k.status = *parsed;
  k.provenance = row.Text(4);
  k.batch = row.Text(5);
  k.bound_uuid = row.Text(6);
  k.created = row.Time(7);
  k.updated = row.Time(8);
  return k;
}

base::Result<std::vector<KeyRecord>> ReadKeys(Statement& select) { return select.ReadAll<KeyRecord>(ReadKey); }

}  // namespace

base::Status SqliteStore::AddKeys(std::span<const KeyRecord> keys) {
  if (keys.empty()) return base::Status::Ok();
  return InTransaction(Mode::kWrite, "keys", [&]() -> base::Status {
    auto insert = db_->Prepare(
        "INSERT INTO keys (pid, pps, mebx_password, status, provenance, batch, bound_uuid, created, updated) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!insert) return insert.error();
    std::set<std::string_view> batch;
    for (const KeyRecord& k : keys) {
      if (!batch.insert(k.pid).second) {
        return base::AlreadyExists(fmt::format("PID '{}' appears twice in the keys to add", k.pid));
      }
      (*insert)
          ->BindText(1, k.pid)
          .BindBlob(2, k.pps)
          .BindBlob(3, k.mebx_password)
          .BindText(4, KeyStatusName(k.status))
          .BindText(5, k.provenance)
          .BindText(6, k.batch)
          .BindText(7, k.bound_uuid)
          .BindTime(8, k.created)
          .BindTime(9, k.updated);
      if (auto s = (*insert)->Run(); !s.ok()) {
        if (s.code() == base::StatusCode::kAlreadyExists) {
          return base::AlreadyExists(fmt::format("PID '{}' is already stored", k.pid));
        }
        return s.WithContext(fmt::format("PID '{}'", k.pid));
      }
      (*insert)->Reset();
    }
    return base::Status::Ok();
  });
}

base::Result<std::optional<KeyRecord>> SqliteStore::GetKey(std::string_view pid) {
  return InTransaction(Mode::kRead, "keys", [&]() -> base::Result<std::optional<KeyRecord>> {
    auto select = db_->Prepare(std::string(kSelectKey) + " WHERE pid = ?1");
    if (!select) return select.error();
    (*select)->BindText(1, pid);
    auto keys = ReadKeys(**select);
    if (!keys) return keys.error().WithContext(fmt::format("PID '{}'", pid));
    if (keys->empty()) return std::optional<KeyRecord>();
    return std::optional<KeyRecord>(std::move(keys->front()));
  });
}

base::Result<std::vector<KeyRecord>> SqliteStore::ListKeys(std::optional<KeyStatus> status) {
  return InTransaction(Mode::kRead, "keys", [&]() -> base::Result<std::vector<KeyRecord>> {
    auto select = db_->Prepare(std::string(kSelectKey) + (status ? " WHERE status = ?1" : "") + " ORDER BY pid");
    if (!select) return select.error();
    if (status) (*select)->BindText(1, KeyStatusName(*status));
    return ReadKeys(**select);
  });
}

namespace {

// The UPDATE of UpdateKey; with `expected`, only while the status is that.
constexpr std::string_view kUpdateKey =
    "UPDATE keys SET pps = ?2, mebx_password = ?3, status = ?4, batch = ?5, bound_uuid = ?6, updated = ?7 "
    "WHERE pid = ?1";
constexpr std::string_view kUpdateKeyIfStatus =
    "UPDATE keys SET pps = ?2, mebx_password = ?3, status = ?4, batch = ?5, bound_uuid = ?6, updated = ?7 "
    "WHERE pid = ?1 AND status = ?8";

void BindKey(Statement& update, const KeyRecord& key) {
  update.BindText(1, key.pid)
      .BindBlob(2, key.pps)
      .BindBlob(3, key.mebx_password)
      .BindText(4, KeyStatusName(key.status))
      .BindText(5, key.batch)
      .BindText(6, key.bound_uuid)
      .BindTime(7, key.updated);
}

}  // namespace

base::Status SqliteStore::UpdateKey(const KeyRecord& key) {
  return InTransaction(Mode::kWrite, "keys", [&]() -> base::Status {
    auto update = db_->Prepare(kUpdateKey);
    if (!update) return update.error();
    BindKey(**update, key);
    if (auto s = (*update)->Run(); !s.ok()) return s.WithContext(fmt::format("PID '{}'", key.pid));
    if (db_->Changes() == 0) return base::NotFound(fmt::format("no key with PID '{}'", key.pid));
    return base::Status::Ok();
  });
}

base::Status SqliteStore::UpdateKeysIfStatus(std::span<const KeyRecord> keys, KeyStatus expected) {
  return InTransaction(Mode::kWrite, "keys", [&]() -> base::Status {
    for (const KeyRecord& key : keys) {
      auto update = db_->Prepare(kUpdateKeyIfStatus);
      if (!update) return update.error();
      BindKey(**update, key);
      (*update)->BindText(8, KeyStatusName(expected));
      if (auto s = (*update)->Run(); !s.ok()) return s.WithContext(fmt::format("PID '{}'", key.pid));
      if (db_->Changes() != 0) continue;
      // Why not: gone, or no longer `expected`. The transaction is rolled back.
      auto select = db_->Prepare(std::string(kSelectKey) + " WHERE pid = ?1");
      if (!select) return select.error();
      (*select)->BindText(1, key.pid);
      auto now = ReadKeys(**select);
      if (!now) return now.error().WithContext(fmt::format("PID '{}'", key.pid));
      if (now->empty()) return base::NotFound(fmt::format("no key with PID '{}'", key.pid));
      return base::FailedPrecondition(fmt::format("the key with PID '{}' is {} now, no longer {}", key.pid,
                                                  KeyStatusName(now->front().status), KeyStatusName(expected)));
    }
    return base::Status::Ok();
  });
}

}  // namespace openscs::store::sqlite
