#pragma once

// Storage behind one interface. SQLite (store/sqlite) is the embedded
// default; PostgreSQL is one more implementation when several servers share
// the work. tests/store/store_conformance.h holds the suite every backend
// must pass.
//
// Contract for every implementation:
//  - Each call is one transaction: it happens whole or not at all. A failed
//    call (non-OK Status) leaves the database as it was.
//  - Blocking. A Store object is used by one thread at a time (the server's
//    database thread; a CLI command); other processes may use the same
//    database concurrently (the CLI while the server runs).
//  - Sealed fields are stored and returned byte for byte; a Store never
//    decrypts or logs them, and error messages never contain them.
//  - Time points are kept to the microsecond; finer parts are dropped.
//  - Errors: kNotFound for a missing row where the call needs one (updates
//    and deletes), kAlreadyExists for a duplicate key (message names the
//    key), kIoError / kDataLoss for the database itself.

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "store/records.h"

namespace openscs::store {

class Store {
 public:
  virtual ~Store() = default;

  // The schema version the database is at after migration.
  virtual int SchemaVersion() = 0;

  // ---- Systems ---------------------------------------------------------------
  // Folds hellos into systems, in order: a new UUID becomes a kDiscovered
  // system; an existing one gets last_hello, hello_count + 1, retry count,
  // source address, version and method, PID/hashes and the admin-credentials
  // flag updated (its state is untouched). One transaction for the batch.
  virtual base::Status RecordHellos(std::span<const HelloObservation> hellos) = 0;
  virtual base::Result<std::optional<SystemRecord>> GetSystem(std::string_view uuid) = 0;
  // Ordered by first_hello, then uuid.
  virtual base::Result<std::vector<SystemRecord>> ListSystems(const SystemQuery& query) = 0;

  // Single flight: moves the system to kProvisioning owned by `owner` until
  // `lease_until` (state_changed = now), incrementing attempts, and returns
  // true — if it is kDiscovered or kFailed, or kProvisioning with
  // lease_until < now (its owner died). Returns false (and changes nothing) otherwise, including
  // kOperational. kNotFound if there is no such system.
  virtual base::Result<bool> ClaimForProvisioning(std::string_view uuid, std::string_view owner, base::TimePoint now,
                                                  base::TimePoint lease_until) = 0;
  // Writes what provisioning decides: state, state_changed, amt_version,
  // interface, host_name, domain_name, profile, last_error, provisioned_count,
  // admin_user, admin_password, mebx_password, lease_owner, lease_until.
  // Hello fields are left alone (RecordHellos owns them). kNotFound if absent.
  virtual base::Status UpdateProvisioning(const SystemRecord& system) = 0;

  // ---- Provisioning log ------------------------------------------------------
  // Appends in order; ids are assigned increasing.
  virtual base::Status AppendLogs(std::span<const LogEntry> entries) = 0;
  // Oldest first among the matches; with `limit`, the newest `limit` of them
  // (still oldest first) unless after_id is set, then the oldest `limit`.
  virtual base::Result<std::vector<LogEntry>> QueryLogs(const LogQuery& query) = 0;

  // ---- Keys --------------------------------------------------------------------
  // All or nothing: kAlreadyExists naming the first PID already stored (or
  // repeated within `keys`).
  virtual base::Status AddKeys(std::span<const KeyRecord> keys) = 0;
  virtual base::Result<std::optional<KeyRecord>> GetKey(std::string_view pid) = 0;
  // Ordered by pid; all statuses when `status` is nullopt.
  virtual base::Result<std::vector<KeyRecord>> ListKeys(std::optional<KeyStatus> status) = 0;
  // Writes status, batch, bound_uuid, updated (and pps/mebx_password). kNotFound if absent.
  virtual base::Status UpdateKey(const KeyRecord& key) = 0;
  // UpdateKey for each, all or nothing, each only if its stored status is
  // still `expected`: two processes handing out the same available keys (a
  // setup.bin batch from the CLI and one from the console) cannot both win.
  // kFailedPrecondition naming the first PID whose status moved on (or
  // kNotFound), and nothing written.
  virtual base::Status UpdateKeysIfStatus(std::span<const KeyRecord> keys, KeyStatus expected) = 0;

  // ---- Provisioning certificates ---------------------------------------------
  // Inserts or replaces by id.
  virtual base::Status PutCertificate(const CertificateRecord& cert) = 0;
  virtual base::Result<std::vector<CertificateRecord>> ListCertificates() = 0;
  virtual base::Status DeleteCertificate(std::string_view id) = 0;

  // ---- Profiles and host-name mappings ---------------------------------------
  virtual base::Status PutProfile(const ProfileRecord& profile) = 0;  // insert or replace by name
  virtual base::Result<std::optional<ProfileRecord>> GetProfile(std::string_view name) = 0;
  virtual base::Result<std::vector<ProfileRecord>> ListProfiles() = 0;  // by priority, then name
  // kFailedPrecondition for "default", which always exists.
  virtual base::Status DeleteProfile(std::string_view name) = 0;
  virtual base::Status PutHostNameMappings(std::span<const HostNameMapping> mappings) = 0;  // upsert, all or nothing
  virtual base::Result<std::optional<HostNameMapping>> GetHostNameMapping(std::string_view uuid) = 0;
  // Every mapping, by UUID: the inventory of devices the admin expects
  // (the doctor walks the ones that never said hello).
  virtual base::Result<std::vector<HostNameMapping>> ListHostNameMappings() = 0;

  // ---- Settings (log level, ...) ---------------------------------------------
  virtual base::Result<std::optional<std::string>> GetSetting(std::string_view key) = 0;
  virtual base::Status PutSetting(std::string_view key, std::string_view value) = 0;

  // ---- Console users, API tokens, audit log ----------------------------------
  virtual base::Status PutUser(const UserRecord& user) = 0;  // insert or replace by name
  virtual base::Result<std::optional<UserRecord>> GetUser(std::string_view name) = 0;
  virtual base::Result<std::vector<UserRecord>> ListUsers() = 0;  // by name
  // kNotFound if absent; the user's tokens go with it.
  virtual base::Status DeleteUser(std::string_view name) = 0;
  // kAlreadyExists for a repeated id or digest; kNotFound if the user is absent.
  virtual base::Status AddApiToken(const ApiTokenRecord& token) = 0;
  virtual base::Result<std::optional<ApiTokenRecord>> FindApiTokenByDigest(std::string_view digest) = 0;
  // By created, then id; every user's when `user` is "".
  virtual base::Result<std::vector<ApiTokenRecord>> ListApiTokens(std::string_view user) = 0;
  virtual base::Status DeleteApiToken(std::string_view id) = 0;  // kNotFound if absent
  virtual base::Status TouchApiToken(std::string_view id, base::TimePoint used) = 0;  // sets last_used
  // Appends one entry; returns its id.
  virtual base::Result<int64_t> AppendAudit(const AuditEntry& entry) = 0;
  virtual base::Result<std::vector<AuditEntry>> QueryAudit(const AuditQuery& query) = 0;
};

}  // namespace openscs::store
