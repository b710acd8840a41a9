#include "store/sqlite/sqlite_store.h"

#include <fmt/format.h>

#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_store_impl.h"

namespace openscs::store {

base::Result<std::unique_ptr<Store>> OpenSqliteStore(const std::filesystem::path& path,
                                                     const SqliteOptions& options) {
  auto db = sqlite::Database::Open(path, options.busy_timeout_ms);
  if (!db) return db.error();
  if (auto s = sqlite::Migrate(**db); !s.ok()) return s;
  return std::unique_ptr<Store>(std::make_unique<sqlite::SqliteStore>(std::move(db).value()));
}

namespace sqlite {

using Mode = Transaction::Mode;

base::Status DeleteRow(Database& db, std::string_view delete_sql, std::string_view key, std::string_view what) {
  auto remove = db.Prepare(delete_sql);
  if (!remove) return remove.error();
  (*remove)->BindText(1, key);
  if (auto s = (*remove)->Run(); !s.ok()) return s.WithContext(fmt::format("{} '{}'", what, key));
  if (db.Changes() == 0) return base::NotFound(fmt::format("no {} '{}'", what, key));
  return base::Status::Ok();
}

int SqliteStore::SchemaVersion() {
  auto version = InTransaction(Mode::kRead, "schema_migrations", [&] { return CurrentSchemaVersion(*db_); });
  // Migrate() read it successfully at open; failing now means the file broke.
  return version.value_or(0);
}

base::Result<std::optional<std::string>> SqliteStore::GetSetting(std::string_view key) {
  return InTransaction(Mode::kRead, "settings", [&]() -> base::Result<std::optional<std::string>> {
    auto select = db_->Prepare("SELECT value FROM settings WHERE key = ?1");
    if (!select) return select.error();
    (*select)->BindText(1, key);
    auto row = (*select)->Step();
    if (!row) return row.error().WithContext(fmt::format("'{}'", key));
    if (!*row) return std::optional<std::string>();
    return std::optional<std::string>((*select)->Text(0));
  });
}

base::Status SqliteStore::PutSetting(std::string_view key, std::string_view value) {
  return InTransaction(Mode::kWrite, "settings", [&]() -> base::Status {
    auto upsert = db_->Prepare(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (!upsert) return upsert.error();
    (*upsert)->BindText(1, key).BindText(2, value);
    return (*upsert)->Run().WithContext(fmt::format("'{}'", key));
  });
}

}  // namespace sqlite
}  // namespace openscs::store
