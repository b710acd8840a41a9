#pragma once

// The records openscs keeps: systems (one per device UUID), the provisioning
// log, PID/PPS keys, provisioning certificates, profiles, host-name mappings
// and settings. Plain values, no behaviour; a Store reads and writes them.
//
// Secrets (PPS, admin and MEBx passwords, private keys) are held here only
// as sealed bytes (secrets::Vault): a Store never sees them in clear, so no
// backend can log or leak them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"

namespace openscs::store {

// A sealed secret: opaque ciphertext from secrets::Vault::Seal (nonce +
// MAC + ciphertext). Empty means "no secret".
using Sealed = std::string;

// ---- Systems ---------------------------------------------------------------

// discovered -> provisioning -> operational | failed; failed -> provisioning
// on the next hello (the device is still in Setup Mode and asking).
enum class SystemState { kDiscovered, kProvisioning, kOperational, kFailed };
std::string_view SystemStateName(SystemState state);  // "discovered", ...
std::optional<SystemState> ParseSystemState(std::string_view name);  // any case, like every Parse* here

// One hello as the listener saw it; RecordHellos() folds it into a system.
struct HelloObservation {
  std::string uuid;            // canonical lower-case text
  base::TimePoint at;
  std::string source_address;  // the TCP peer address (the device's IP)
  uint16_t hello_version = 2;  // interface version: 2 PSK, 3 PKI
  uint32_t retry_count = 0;
  bool admin_credentials_set = false;
  std::string pid;                  // PSK: compact PID
  std::vector<std::string> hashes;  // PKI: "sha1:<hex>", in hello order
};

struct SystemRecord {
  std::string uuid;
  base::TimePoint first_hello{};
  base::TimePoint last_hello{};
  uint64_t hello_count = 0;
  uint32_t last_retry_count = 0;
  std::string source_address;
  uint16_t hello_version = 0;
  std::string pid;
  std::vector<std::string> hashes;
  bool admin_credentials_set = false;
  SystemState state = SystemState::kDiscovered;
  std::string amt_version;   // "3.2.1" once the device told us; empty before
  std::string method;        // "psk" or "pki" (from the hello version)
  std::string interface;     // "soap" or "wsman" once chosen
  std::string host_name;     // what was (or will be) configured
  std::string domain_name;
  std::string profile;       // the profile used for the last attempt
  std::string last_error;    // error code of the last failure ("" if none)
  base::TimePoint state_changed{};
  uint32_t attempts = 0;        // provisioning attempts started
  uint32_t provisioned_count = 0;  // times CommitChanges succeeded (1 for a healthy device)
  // Credentials the server set (or is about to set) on the device. Written
  // before CommitChanges so a crash after it can still verify and finish.
  std::string admin_user;
  Sealed admin_password;
  Sealed mebx_password;
  // Single flight across threads and servers: who is provisioning now, and
  // until when the claim holds (an expired claim belongs to a dead server).
  std::string lease_owner;
  base::TimePoint lease_until{};
};

struct SystemQuery {
  std::optional<SystemState> state;
  std::string uuid_prefix;  // "" for all
  size_t limit = 0;         // 0: no limit
  size_t offset = 0;
};

// ---- Provisioning log ---------------------------------------------------------

// The seed's logging levels (Configuration Service Settings › General). A
// level includes everything more severe: kWarning shows errors and warnings.
enum class LogLevel { kError = 0, kWarning = 1, kInfo = 2, kDebug = 3 };
std::string_view LogLevelName(LogLevel level);  // "error", "warning", "info", "debug"
std::optional<LogLevel> ParseLogLevel(std::string_view name);  // any case

struct LogEntry {
  int64_t id = 0;  // assigned by the store, increasing
  base::TimePoint at;
  std::string uuid;     // "" for server-wide entries
  LogLevel level = LogLevel::kInfo;
  std::string code;     // stable error/event code: "pid_not_found", "provisioned", ...
  std::string step;     // "hello", "lookup", "connect", "tls", "SetHostName", ...
  std::string message;  // human text; never a secret
};

struct LogQuery {
  std::string uuid;                     // "" for all
  LogLevel max_level = LogLevel::kDebug;  // include this level and more severe
  std::optional<base::TimePoint> since;
  int64_t after_id = 0;                 // for --follow: only newer entries
  size_t limit = 1000;                  // 0: no limit
};

// ---- Keys --------------------------------------------------------------------

// available -> exported (written into a setup.bin batch) -> bound (a device
// with this PID said hello) -> consumed (the device was provisioned with it);
// revoked at any time by an admin.
enum class KeyStatus { kAvailable, kExported, kBound, kConsumed, kRevoked };
std::string_view KeyStatusName(KeyStatus status);
std::optional<KeyStatus> ParseKeyStatus(std::string_view name);

struct KeyRecord {
  std::string pid;        // compact, the primary key
  Sealed pps;             // sealed compact PPS
  Sealed mebx_password;   // the MEBx password a setup.bin record set with this pair, if known
  KeyStatus status = KeyStatus::kAvailable;
  std::string provenance;  // "generated", "csv:keys.csv", "setupbin:setup.bin#3", "added", "SetTLSPSK:<uuid>"
  std::string batch;       // setup.bin batch it was exported in
  std::string bound_uuid;
  base::TimePoint created{};
  base::TimePoint updated{};
};

// ---- Provisioning certificates ---------------------------------------------

struct CertificateRecord {
  std::string id;          // hex SHA-1 of the leaf (stable, unique)
  std::string name;        // admin's label
  std::string chain_pem;   // leaf first, up to and including the root
  Sealed private_key;      // sealed PEM of the leaf's key
  std::string leaf_cn;
  std::string root_sha1;   // hex, lower case
  std::string root_sha256;
  std::string root_sha384;
  base::TimePoint not_before{};
  base::TimePoint not_after{};
  base::TimePoint imported{};
};

// ---- Profiles ----------------------------------------------------------------

// How a device is configured. Stored as a whole; `rule` selects it.
struct ProfileRecord {
  std::string name;             // primary key; "default" always exists
  int priority = 100;           // lower is tried first
  // Selection: "" matches every device; "domain:<suffix>" matches a device
  // whose domain (from PKI certificate or mapping) ends with it;
  // "uuids:<u1>,<u2>,..." matches those UUIDs.
  std::string rule;
  // Host name: "mapping" (UUID -> name table, falling back to the template)
  // or a template with {uuid8} (first 8 hex digits) and {uuid}.
  std::string host_name_template = "amt-{uuid8}";
  std::string domain_name;      // "" keeps the device's own domain
  // "random": a fresh strong password per device (MEBx rule), stored sealed;
  // "fixed": `fixed_admin_password`.
  std::string password_policy = "random";
  Sealed fixed_admin_password;
  bool tls = true;              // enable TLS for operation (SetTlsEnabled)
  bool fresh_psk = true;        // SetTLSPSK with a new pair for re-provisioning
  bool web_ui = true;           // enabled interfaces
  bool sol_ider = false;
  // MEBx passwords to try, in order, for the Setup Mode Digest login when the
  // device's own is not known from its key (PSK devices set in the MEBx).
  std::vector<Sealed> known_mebx_passwords;
};

struct HostNameMapping {
  std::string uuid;
  std::string host_name;
  std::string domain_name;  // "" keeps the profile's
};

// ---- Console users, API tokens, audit log ----------------------------------

// admin: everything; viewer: read only, and never a secret (no PPS, no
// passwords, no setup.bin, no key export).
enum class UserRole { kViewer, kAdmin };
std::string_view UserRoleName(UserRole role);                // "viewer", "admin"
std::optional<UserRole> ParseUserRole(std::string_view name);  // any case

// A person who logs in to the web console or the REST API.
struct UserRecord {
  std::string name;           // primary key: [A-Za-z0-9._@-]{1,64}
  UserRole role = UserRole::kViewer;
  std::string password_hash;  // libsodium crypto_pwhash_str (Argon2id) string; never a clear password
  bool disabled = false;
  base::TimePoint created{};
  base::TimePoint updated{};
};

// A bearer token for scripts (`Authorization: Bearer oscs_...`). Only its
// SHA-256 is stored: the token itself is shown once, when it is created.
struct ApiTokenRecord {
  std::string id;      // public handle, primary key ("tok_" + 12 hex): listed, revoked
  std::string user;    // the user it acts as (and whose role it has)
  std::string label;   // what it is for: "prometheus", "inventory-sync"
  std::string digest;  // hex SHA-256 of the token, unique
  base::TimePoint created{};
  base::TimePoint expires{};    // epoch (default) = never
  base::TimePoint last_used{};  // epoch = never used
};

// Who changed what, or saw which secret, and when. Append only.
struct AuditEntry {
  int64_t id = 0;  // assigned by the store, increasing
  base::TimePoint at;
  std::string user;    // "alice"; "cli:root" for CLI commands
  std::string via;     // "session", "token:tok_...", "cli"
  std::string action;  // dotted verb: "login", "keys.generate", "keys.setupbin", "settings.log_level", ...
  std::string target;  // what it acted on: a PID, profile name, UUID, user; "" if none
  std::string detail;  // human text; never a secret
  std::string remote;  // client address ("" for the CLI)
  bool success = true; // false: refused or failed (a failed login, a viewer asking for a secret)
};

struct AuditQuery {
  std::string user;           // "" for all
  std::string action_prefix;  // "keys." for every key action; "" for all
  int64_t after_id = 0;
  size_t limit = 200;         // the newest `limit` matches, oldest first; 0: no limit
};

}  // namespace openscs::store
