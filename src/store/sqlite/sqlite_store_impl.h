#pragma once

// The SQLite Store (sqlite_store.h is the public entry point). The methods
// are spread over one .cc per group of tables: systems.cc, logs.cc,
// keys.cc, certificates.cc, profiles.cc (profiles and host-name mappings),
// users.cc (console users and API tokens), audit.cc and sqlite_store.cc
// (opening, schema version, settings).

#include <memory>
#include <string>
#include <string_view>

#include "store/sqlite/database.h"
#include "store/store.h"

namespace openscs::store::sqlite {

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(std::unique_ptr<Database> db) : db_(std::move(db)) {}

  int SchemaVersion() override;

  base::Status RecordHellos(std::span<const HelloObservation> hellos) override;
  base::Result<std::optional<SystemRecord>> GetSystem(std::string_view uuid) override;
  base::Result<std::vector<SystemRecord>> ListSystems(const SystemQuery& query) override;
  base::Result<bool> ClaimForProvisioning(std::string_view uuid, std::string_view owner, base::TimePoint now,
                                          base::TimePoint lease_until) override;
  base::Status UpdateProvisioning(const SystemRecord& system) override;

  base::Status AppendLogs(std::span<const LogEntry> entries) override;
  base::Result<std::vector<LogEntry>> QueryLogs(const LogQuery& query) override;

  base::Status AddKeys(std::span<const KeyRecord> keys) override;
  base::Result<std::optional<KeyRecord>> GetKey(std::string_view pid) override;
  base::Result<std::vector<KeyRecord>> ListKeys(std::optional<KeyStatus> status) override;
  base::Status UpdateKey(const KeyRecord& key) override;
  base::Status UpdateKeysIfStatus(std::span<const KeyRecord> keys, KeyStatus expected) override;

  base::Status PutCertificate(const CertificateRecord& cert) override;
  base::Result<std::vector<CertificateRecord>> ListCertificates() override;
  base::Status DeleteCertificate(std::string_view id) override;

  base::Status PutProfile(const ProfileRecord& profile) override;
  base::Result<std::optional<ProfileRecord>> GetProfile(std::string_view name) override;
  base::Result<std::vector<ProfileRecord>> ListProfiles() override;
  base::Status DeleteProfile(std::string_view name) override;
  base::Status PutHostNameMappings(std::span<const HostNameMapping> mappings) override;
  base::Result<std::optional<HostNameMapping>> GetHostNameMapping(std::string_view uuid) override;
  base::Result<std::vector<HostNameMapping>> ListHostNameMappings() override;

  base::Result<std::optional<std::string>> GetSetting(std::string_view key) override;
  base::Status PutSetting(std::string_view key, std::string_view value) override;

  base::Status PutUser(const UserRecord& user) override;
  base::Result<std::optional<UserRecord>> GetUser(std::string_view name) override;
  base::Result<std::vector<UserRecord>> ListUsers() override;
  base::Status DeleteUser(std::string_view name) override;
  base::Status AddApiToken(const ApiTokenRecord& token) override;
  base::Result<std::optional<ApiTokenRecord>> FindApiTokenByDigest(std::string_view digest) override;
  base::Result<std::vector<ApiTokenRecord>> ListApiTokens(std::string_view user) override;
  base::Status DeleteApiToken(std::string_view id) override;
  base::Status TouchApiToken(std::string_view id, base::TimePoint used) override;
  base::Result<int64_t> AppendAudit(const AuditEntry& entry) override;
  base::Result<std::vector<AuditEntry>> QueryAudit(const AuditQuery& query) override;

 private:
  // Runs `body` (returning a Status or a Result) in one transaction and
  // commits it if the body succeeded; otherwise the transaction rolls back.
  // Errors get `table` as context, so every message names the table.
  template <typename Body>
  auto InTransaction(Transaction::Mode mode, std::string_view table, Body&& body) -> decltype(body());

  std::unique_ptr<Database> db_;
};

// Runs `delete_sql`, a DELETE of the row whose key is ?1 = `key`:
// kNotFound "no <what> '<key>'" when there is none.
base::Status DeleteRow(Database& db, std::string_view delete_sql, std::string_view key, std::string_view what);

namespace internal {
inline bool Failed(const base::Status& s) { return !s.ok(); }
inline base::Status ErrorOf(const base::Status& s) { return s; }
template <typename T>
bool Failed(const base::Result<T>& r) {
  return !r.has_value();
}
template <typename T>
base::Status ErrorOf(const base::Result<T>& r) {
  return r.error();
}
}  // namespace internal

template <typename Body>
auto SqliteStore::InTransaction(Transaction::Mode mode, std::string_view table, Body&& body) -> decltype(body()) {
  auto tx = Transaction::Begin(*db_, mode);
  if (!tx) return tx.error().WithContext(table);
  auto result = body();
  if (internal::Failed(result)) return internal::ErrorOf(result).WithContext(table);
  if (auto s = tx->Commit(); !s.ok()) return s.WithContext(table);
  return result;
}

}  // namespace openscs::store::sqlite
