#include <algorithm>

#include <fmt/format.h>

#include "store/sqlite/sqlite_store_impl.h"

namespace openscs::store::sqlite {
namespace {

using Mode = Transaction::Mode;

base::Result<LogEntry> ReadEntry(const Statement& row) {
  LogEntry e;
  e.id = row.Int(0);
  e.at = row.Time(1);
  e.uuid = row.Text(2);
  const int64_t level = row.Int(3);
  if (level < static_cast<int64_t>(LogLevel::kError) || level > static_cast<int64_t>(LogLevel::kDebug)) {
    return base::DataLoss(fmt::format("entry {} has unknown level {}", e.id, level));
  }
  e.level = static_cast<LogLevel>(level);
  e.code = row.Text(4);
  e.step = row.Text(5);
  e.message = row.Text(6);
  return e;
}

// The SELECT for `query`, from fixed fragments only (values are bound as
// ?1 uuid, ?2 level, ?3 since, ?4 after_id, ?5 limit). A uuid filter walks
// the (uuid, id) index; without one, the id order is the table's own.
std::string QuerySql(const LogQuery& query) {
  std::string sql = "SELECT id, at, uuid, level, code, step, message FROM provisioning_log WHERE level <= ?2";
  if (!query.uuid.empty()) sql += " AND uuid = ?1";
  if (query.since) sql += " AND at >= ?3";
  if (query.after_id > 0) sql += " AND id > ?4";
  // The newest `limit` (read backwards, reversed below), unless following.
  const bool newest_first = query.limit > 0 && query.after_id == 0;
  sql += newest_first ? " ORDER BY id DESC" : " ORDER BY id";
  sql += " LIMIT ?5";
  return sql;
}

}  // namespace

base::Status SqliteStore::AppendLogs(std::span<const LogEntry> entries) {
  if (entries.empty()) return base::Status::Ok();
  return InTransaction(Mode::kWrite, "provisioning_log", [&]() -> base::Status {
    auto insert = db_->Prepare(
        "INSERT INTO provisioning_log (at, uuid, level, code, step, message) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!insert) return insert.error();
    for (const LogEntry& e : entries) {
      (*insert)
          ->BindTime(1, e.at)
          .BindText(2, e.uuid)
          .Bind(3, static_cast<int64_t>(e.level))
          .BindText(4, e.code)
          .BindText(5, e.step)
          .BindText(6, e.message);
      if (auto s = (*insert)->Run(); !s.ok()) return s.WithContext(fmt::format("entry with code '{}'", e.code));
      (*insert)->Reset();
    }
    return base::Status::Ok();
  });
}

base::Result<std::vector<LogEntry>> SqliteStore::QueryLogs(const LogQuery& query) {
  const std::string sql = QuerySql(query);
  return InTransaction(Mode::kRead, "provisioning_log", [&]() -> base::Result<std::vector<LogEntry>> {
    auto select = db_->Prepare(sql);
    if (!select) return select.error();
    if (!query.uuid.empty()) (*select)->BindText(1, query.uuid);
    (*select)->Bind(2, static_cast<int64_t>(query.max_level));
    if (query.since) (*select)->BindTime(3, *query.since);
    if (query.after_id > 0) (*select)->Bind(4, query.after_id);
    (*select)->Bind(5, query.limit == 0 ? int64_t{-1} : static_cast<int64_t>(query.limit));
    auto out = (*select)->ReadAll<LogEntry>(ReadEntry);
    if (out && query.limit > 0 && query.after_id == 0) std::reverse(out->begin(), out->end());
    return out;
  });
}

}  // namespace openscs::store::sqlite
