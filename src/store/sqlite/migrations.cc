#include "store/sqlite/migrations.h"

#include <array>

#include <fmt/format.h>

namespace openscs::store::sqlite {
namespace {

// Conventions: STRICT tables; times are INTEGER microseconds since the Unix
// epoch; enums are their records.h names (log levels are integers, so that
// "this level and more severe" is a comparison); sealed values are BLOBs,
// empty for "no secret"; lists of strings are joined with ','.
constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE systems (
  uuid TEXT PRIMARY KEY NOT NULL,
  first_hello INTEGER NOT NULL,
  last_hello INTEGER NOT NULL,
  hello_count INTEGER NOT NULL,
  last_retry_count INTEGER NOT NULL,
  source_address TEXT NOT NULL,
  hello_version INTEGER NOT NULL,
  pid TEXT NOT NULL,
  hashes TEXT NOT NULL,
  admin_credentials_set INTEGER NOT NULL,
  state TEXT NOT NULL,
  amt_version TEXT NOT NULL DEFAULT '',
  method TEXT NOT NULL,
  interface TEXT NOT NULL DEFAULT '',
  host_name TEXT NOT NULL DEFAULT '',
  domain_name TEXT NOT NULL DEFAULT '',
  profile TEXT NOT NULL DEFAULT '',
  last_error TEXT NOT NULL DEFAULT '',
  state_changed INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  provisioned_count INTEGER NOT NULL DEFAULT 0,
  admin_user TEXT NOT NULL DEFAULT '',
  admin_password BLOB NOT NULL DEFAULT x'',
  mebx_password BLOB NOT NULL DEFAULT x'',
  lease_owner TEXT NOT NULL DEFAULT '',
  lease_until INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX systems_by_first_hello ON systems (first_hello, uuid);
CREATE INDEX systems_by_state ON systems (state, first_hello, uuid);

-- AUTOINCREMENT: ids are never reused, even after old entries are deleted,
-- so `logs --follow` (after_id) cannot miss or repeat an entry.
CREATE TABLE provisioning_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  uuid TEXT NOT NULL,
  level INTEGER NOT NULL,
  code TEXT NOT NULL,
  step TEXT NOT NULL,
  message TEXT NOT NULL
) STRICT;
CREATE INDEX provisioning_log_by_uuid ON provisioning_log (uuid, id);

CREATE TABLE keys (
  pid TEXT PRIMARY KEY NOT NULL,
  pps BLOB NOT NULL,
  mebx_password BLOB NOT NULL,
  status TEXT NOT NULL,
  provenance TEXT NOT NULL,
  batch TEXT NOT NULL,
  bound_uuid TEXT NOT NULL,
  created INTEGER NOT NULL,
  updated INTEGER NOT NULL
) STRICT;
CREATE INDEX keys_by_status ON keys (status, pid);

CREATE TABLE certificates (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  chain_pem TEXT NOT NULL,
  private_key BLOB NOT NULL,
  leaf_cn TEXT NOT NULL,
  root_sha1 TEXT NOT NULL,
  root_sha256 TEXT NOT NULL,
  root_sha384 TEXT NOT NULL,
  not_before INTEGER NOT NULL,
  not_after INTEGER NOT NULL,
  imported INTEGER NOT NULL
) STRICT;

CREATE TABLE profiles (
  name TEXT PRIMARY KEY NOT NULL,
  priority INTEGER NOT NULL,
  rule TEXT NOT NULL,
  host_name_template TEXT NOT NULL,
  domain_name TEXT NOT NULL,
  password_policy TEXT NOT NULL,
  fixed_admin_password BLOB NOT NULL,
  tls INTEGER NOT NULL,
  fresh_psk INTEGER NOT NULL,
  web_ui INTEGER NOT NULL,
  sol_ider INTEGER NOT NULL
) STRICT;
CREATE TABLE profile_mebx_passwords (
  profile TEXT NOT NULL REFERENCES profiles (name) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  password BLOB NOT NULL,
  PRIMARY KEY (profile, position)
) STRICT;
INSERT INTO profiles
  (name, priority, rule, host_name_template, domain_name, password_policy, fixed_admin_password,
   tls, fresh_psk, web_ui, sol_ider)
  VALUES ('default', 1000, '', 'amt-{uuid8}', '', 'random', x'', 1, 1, 1, 0);

CREATE TABLE host_name_mappings (
  uuid TEXT PRIMARY KEY NOT NULL,
  host_name TEXT NOT NULL,
  domain_name TEXT NOT NULL
) STRICT;

CREATE TABLE settings (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) STRICT;
)sql";

// Console users, their API tokens (only a token's SHA-256 is kept) and the
// audit log. A token goes with its user (ON DELETE CASCADE).
constexpr std::string_view kSchemaV2 = R"sql(
CREATE TABLE users (
  name TEXT PRIMARY KEY NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL,
  created INTEGER NOT NULL,
  updated INTEGER NOT NULL
) STRICT;

CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY NOT NULL,
  user TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  label TEXT NOT NULL,
  digest TEXT NOT NULL,
  created INTEGER NOT NULL,
  expires INTEGER NOT NULL,
  last_used INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX api_tokens_by_digest ON api_tokens (digest);
CREATE INDEX api_tokens_by_user ON api_tokens (user, created, id);

-- AUTOINCREMENT for the same reason as provisioning_log: `audit --follow`
-- and ?after_id= must never see an id twice.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  user TEXT NOT NULL,
  via TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail TEXT NOT NULL,
  remote TEXT NOT NULL,
  success INTEGER NOT NULL
) STRICT;
CREATE INDEX audit_log_by_user ON audit_log (user, id);
CREATE INDEX audit_log_by_action ON audit_log (action, id);
)sql";

constexpr std::array kMigrations = {
    Migration{1, "systems, provisioning log, keys, certificates, profiles (with 'default'), mappings, settings",
              kSchemaV1},
    Migration{2, "console users, API tokens, audit log", kSchemaV2},
};

constexpr std::string_view kCreateMigrationsTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY NOT NULL,
  description TEXT NOT NULL,
  applied_at INTEGER NOT NULL
) STRICT;
)sql";

base::Status NewerThanKnown(const Database& db, int version) {
  return base::FailedPrecondition(fmt::format(
      "database '{}' is at schema version {}, newer than this openscs knows ({}); use a newer openscs",
      db.path().string(), version, LatestSchemaVersion()));
}

// Applies `m` if the database is exactly one version behind it, all in one
// write transaction.
base::Status Apply(Database& db, const Migration& m) {
  auto tx = Transaction::Begin(db, Transaction::Mode::kWrite);
  if (!tx) return tx.error();
  if (auto s = db.Exec(kCreateMigrationsTable); !s.ok()) return s;
  auto current = CurrentSchemaVersion(db);
  if (!current) return current.error();
  if (*current > LatestSchemaVersion()) return NewerThanKnown(db, *current);
  if (*current >= m.version) return base::Status::Ok();  // another process got here first
  if (auto s = db.Exec(m.sql); !s.ok()) return s;
  auto record = db.Prepare(
      "INSERT INTO schema_migrations (version, description, applied_at) "
      "VALUES (?1, ?2, CAST(strftime('%s', 'now') AS INTEGER) * 1000000)");
  if (!record) return record.error();
  (*record)->Bind(1, int64_t{m.version}).BindText(2, m.description);
  if (auto s = (*record)->Run(); !s.ok()) return s;
  return tx->Commit();
}

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

int LatestSchemaVersion() { return kMigrations.back().version; }

base::Result<int> CurrentSchemaVersion(Database& db) {
  auto exists = db.Prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'");
  if (!exists) return exists.error();
  auto row = (*exists)->Step();
  if (!row) return row.error();
  if (!*row || (*exists)->Int(0) == 0) return 0;
  auto max = db.Prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
  if (!max) return max.error();
  row = (*max)->Step();
  if (!row) return row.error();
  return *row ? static_cast<int>((*max)->Int(0)) : 0;
}

base::Status Migrate(Database& db) {
  auto current = CurrentSchemaVersion(db);
  if (!current) return current.error().WithContext("reading the schema version");
  if (*current > LatestSchemaVersion()) return NewerThanKnown(db, *current);
  for (const Migration& m : kMigrations) {
    if (m.version <= *current) continue;
    if (auto s = Apply(db, m); !s.ok()) {
      return s.WithContext(fmt::format("database '{}': migration {} ({})", db.path().string(), m.version,
                                       m.description));
    }
  }
  return base::Status::Ok();
}

}  // namespace openscs::store::sqlite
