#include <algorithm>

#include <fmt/format.h>

#include "store/sqlite/sqlite_store_impl.h"

namespace openscs::store::sqlite {
namespace {

using Mode = Transaction::Mode;

AuditEntry ReadEntry(const Statement& row) {
  AuditEntry e;
  e.id = row.Int(0);
  e.at = row.Time(1);
  e.user = row.Text(2);
  e.via = row.Text(3);
  e.action = row.Text(4);
  e.target = row.Text(5);
  e.detail = row.Text(6);
  e.remote = row.Text(7);
  e.success = row.Bool(8);
  return e;
}

// The SELECT for `query`, from fixed fragments only (values are bound as
// ?1 user, ?2 action prefix, ?3 after_id, ?4 limit), ordered as QueryLogs
// orders the provisioning log. The prefix is compared with substr(), not
// LIKE, whose '_' and '%' are wildcards and which ignores case.
std::string QuerySql(const AuditQuery& query) {
  std::string sql = "SELECT id, at, user, via, action, target, detail, remote, success FROM audit_log WHERE 1 = 1";
  if (!query.user.empty()) sql += " AND user = ?1";
  if (!query.action_prefix.empty()) sql += " AND substr(action, 1, length(?2)) = ?2";
  if (query.after_id > 0) sql += " AND id > ?3";
  const bool newest_first = query.limit > 0 && query.after_id == 0;
  sql += newest_first ? " ORDER BY id DESC" : " ORDER BY id";
  sql += " LIMIT ?4";
  return sql;
}

}  // namespace

base::Result<int64_t> SqliteStore::AppendAudit(const AuditEntry& e) {
  return InTransaction(Mode::kWrite, "audit_log", [&]() -> base::Result<int64_t> {
    auto insert = db_->Prepare(
        "INSERT INTO audit_log (at, user, via, action, target, detail, remote, success) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id");
    if (!insert) return insert.error();
    (*insert)
        ->BindTime(1, e.at)
        .BindText(2, e.user)
        .BindText(3, e.via)
        .BindText(4, e.action)
        .BindText(5, e.target)
        .BindText(6, e.detail)
        .BindText(7, e.remote)
        .Bind(8, e.success);
    const std::string where = fmt::format("entry with action '{}'", e.action);
    auto row = (*insert)->Step();
    if (!row) return row.error().WithContext(where);
    if (!*row) return base::Internal(fmt::format("{}: INSERT ... RETURNING returned no id", where));
    const int64_t id = (*insert)->Int(0);
    // Steps past the last row, which is when SQLite finishes the insert.
    auto done = (*insert)->Step();
    if (!done) return done.error().WithContext(where);
    return id;
  });
}

base::Result<std::vector<AuditEntry>> SqliteStore::QueryAudit(const AuditQuery& query) {
  const std::string sql = QuerySql(query);
  return InTransaction(Mode::kRead, "audit_log", [&]() -> base::Result<std::vector<AuditEntry>> {
    auto select = db_->Prepare(sql);
    if (!select) return select.error();
    if (!query.user.empty()) (*select)->BindText(1, query.user);
    if (!query.action_prefix.empty()) (*select)->BindText(2, query.action_prefix);
    if (query.after_id > 0) (*select)->Bind(3, query.after_id);
    (*select)->Bind(4, query.limit == 0 ? int64_t{-1} : static_cast<int64_t>(query.limit));
    auto out = (*select)->ReadAll<AuditEntry>(ReadEntry);
    if (out && query.limit > 0 && query.after_id == 0) std::reverse(out->begin(), out->end());
    return out;
  });
}

}  // namespace openscs::store::sqlite
