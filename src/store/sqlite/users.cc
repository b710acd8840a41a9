#include <fmt/format.h>

#include "store/sqlite/sqlite_store_impl.h"

namespace openscs::store::sqlite {
namespace {

using Mode = Transaction::Mode;

constexpr std::string_view kSelectUser = "SELECT name, role, password_hash, disabled, created, updated FROM users";
constexpr std::string_view kSelectToken = "SELECT id, user, label, digest, created, expires, last_used FROM api_tokens";

base::Result<UserRecord> ReadUser(const Statement& row) {
  UserRecord u;
  u.name = row.Text(0);
  const std::string role = row.Text(1);
  const auto parsed = ParseUserRole(role);
  if (!parsed) return base::DataLoss(fmt::format("user '{}' has unknown role '{}'", u.name, role));
  u.role = *parsed;
  u.password_hash = row.Text(2);
  u.disabled = row.Bool(3);
  u.created = row.Time(4);
  u.updated = row.Time(5);
  return u;
}

ApiTokenRecord ReadToken(const Statement& row) {
  ApiTokenRecord t;
  t.id = row.Text(0);
  t.user = row.Text(1);
  t.label = row.Text(2);
  t.digest = row.Text(3);
  t.created = row.Time(4);
  t.expires = row.Time(5);
  t.last_used = row.Time(6);
  return t;
}

base::Result<bool> UserExists(Database& db, std::string_view name) {
  auto select = db.Prepare("SELECT 1 FROM users WHERE name = ?1");
  if (!select) return select.error();
  (*select)->BindText(1, name);
  return (*select)->Step();
}

// The id of the token whose digest is `digest`, "" if there is none.
base::Result<std::string> TokenIdByDigest(Database& db, std::string_view digest) {
  auto select = db.Prepare("SELECT id FROM api_tokens WHERE digest = ?1");
  if (!select) return select.error();
  (*select)->BindText(1, digest);
  auto row = (*select)->Step();
  if (!row) return row.error();
  return *row ? (*select)->Text(0) : std::string();
}

base::Result<bool> TokenIdExists(Database& db, std::string_view id) {
  auto select = db.Prepare("SELECT 1 FROM api_tokens WHERE id = ?1");
  if (!select) return select.error();
  (*select)->BindText(1, id);
  return (*select)->Step();
}

}  // namespace

base::Status SqliteStore::PutUser(const UserRecord& u) {
  return InTransaction(Mode::kWrite, "users", [&]() -> base::Status {
    // An upsert, not INSERT OR REPLACE: that would delete the row first and
    // take the user's tokens with it (ON DELETE CASCADE).
    auto upsert = db_->Prepare(
        "INSERT INTO users (name, role, password_hash, disabled, created, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
        "ON CONFLICT (name) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash, "
        "disabled = excluded.disabled, created = excluded.created, updated = excluded.updated");
    if (!upsert) return upsert.error();
    (*upsert)
        ->BindText(1, u.name)
        .BindText(2, UserRoleName(u.role))
        .BindText(3, u.password_hash)
        .Bind(4, u.disabled)
        .BindTime(5, u.created)
        .BindTime(6, u.updated);
    return (*upsert)->Run().WithContext(fmt::format("user '{}'", u.name));
  });
}

base::Result<std::optional<UserRecord>> SqliteStore::GetUser(std::string_view name) {
  return InTransaction(Mode::kRead, "users", [&]() -> base::Result<std::optional<UserRecord>> {
    auto select = db_->Prepare(std::string(kSelectUser) + " WHERE name = ?1");
    if (!select) return select.error();
    (*select)->BindText(1, name);
    auto users = (*select)->ReadAll<UserRecord>(ReadUser);
    if (!users) return users.error().WithContext(fmt::format("user '{}'", name));
    if (users->empty()) return std::optional<UserRecord>();
    return std::optional<UserRecord>(std::move(users->front()));
  });
}

base::Result<std::vector<UserRecord>> SqliteStore::ListUsers() {
  return InTransaction(Mode::kRead, "users", [&]() -> base::Result<std::vector<UserRecord>> {
    auto select = db_->Prepare(std::string(kSelectUser) + " ORDER BY name");
    if (!select) return select.error();
    return (*select)->ReadAll<UserRecord>(ReadUser);
  });
}

base::Status SqliteStore::DeleteUser(std::string_view name) {
  return InTransaction(Mode::kWrite, "users", [&]() -> base::Status {
    // Explicitly as well as by the foreign key, so no token can outlive its
    // user even on a connection opened without PRAGMA foreign_keys.
    auto tokens = db_->Prepare("DELETE FROM api_tokens WHERE user = ?1");
    if (!tokens) return tokens.error();
    (*tokens)->BindText(1, name);
    if (auto s = (*tokens)->Run(); !s.ok()) return s.WithContext(fmt::format("tokens of user '{}'", name));
    return DeleteRow(*db_, "DELETE FROM users WHERE name = ?1", name, "user");
  });
}

base::Status SqliteStore::AddApiToken(const ApiTokenRecord& t) {
  return InTransaction(Mode::kWrite, "api_tokens", [&]() -> base::Status {
    const std::string where = fmt::format("API token '{}'", t.id);
    // Checked here rather than left to the foreign key, whose error would not
    // say which user is missing.
    auto exists = UserExists(*db_, t.user);
    if (!exists) return exists.error().WithContext(where);
    if (!*exists) return base::NotFound(fmt::format("{}: no user '{}'", where, t.user));
    auto insert = db_->Prepare(
        "INSERT INTO api_tokens (id, user, label, digest, created, expires, last_used) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!insert) return insert.error();
    (*insert)
        ->BindText(1, t.id)
        .BindText(2, t.user)
        .BindText(3, t.label)
        .BindText(4, t.digest)
        .BindTime(5, t.created)
        .BindTime(6, t.expires)
        .BindTime(7, t.last_used);
    const base::Status s = (*insert)->Run();
    if (s.code() != base::StatusCode::kAlreadyExists) return s.WithContext(where);
    // Which key was repeated: the id, or the digest (the same token twice).
    auto id_taken = TokenIdExists(*db_, t.id);
    if (!id_taken) return id_taken.error().WithContext(where);
    if (*id_taken) return base::AlreadyExists(fmt::format("{} already exists", where));
    auto other = TokenIdByDigest(*db_, t.digest);
    if (!other) return other.error().WithContext(where);
    return base::AlreadyExists(fmt::format("{}: its digest is already stored, for API token '{}'", where, *other));
  });
}

base::Result<std::optional<ApiTokenRecord>> SqliteStore::FindApiTokenByDigest(std::string_view digest) {
  return InTransaction(Mode::kRead, "api_tokens", [&]() -> base::Result<std::optional<ApiTokenRecord>> {
    auto select = db_->Prepare(std::string(kSelectToken) + " WHERE digest = ?1");
    if (!select) return select.error();
    (*select)->BindText(1, digest);
    auto tokens = (*select)->ReadAll<ApiTokenRecord>(ReadToken);
    if (!tokens) return tokens.error();
    if (tokens->empty()) return std::optional<ApiTokenRecord>();
    return std::optional<ApiTokenRecord>(std::move(tokens->front()));
  });
}

base::Result<std::vector<ApiTokenRecord>> SqliteStore::ListApiTokens(std::string_view user) {
  return InTransaction(Mode::kRead, "api_tokens", [&]() -> base::Result<std::vector<ApiTokenRecord>> {
    auto select =
        db_->Prepare(std::string(kSelectToken) + (user.empty() ? "" : " WHERE user = ?1") + " ORDER BY created, id");
    if (!select) return select.error();
    if (!user.empty()) (*select)->BindText(1, user);
    return (*select)->ReadAll<ApiTokenRecord>(ReadToken);
  });
}

base::Status SqliteStore::DeleteApiToken(std::string_view id) {
  return InTransaction(Mode::kWrite, "api_tokens",
                       [&] { return DeleteRow(*db_, "DELETE FROM api_tokens WHERE id = ?1", id, "API token"); });
}

base::Status SqliteStore::TouchApiToken(std::string_view id, base::TimePoint used) {
  return InTransaction(Mode::kWrite, "api_tokens", [&]() -> base::Status {
    auto update = db_->Prepare("UPDATE api_tokens SET last_used = ?2 WHERE id = ?1");
    if (!update) return update.error();
    (*update)->BindText(1, id).BindTime(2, used);
    if (auto s = (*update)->Run(); !s.ok()) return s.WithContext(fmt::format("API token '{}'", id));
    if (db_->Changes() == 0) return base::NotFound(fmt::format("no API token '{}'", id));
    return base::Status::Ok();
  });
}

}  // namespace openscs::store::sqlite
