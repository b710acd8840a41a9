#include <fmt/format.h>

#include "store/sqlite/sqlite_store_impl.h"

namespace openscs::store::sqlite {
namespace {

using Mode = Transaction::Mode;

constexpr std::string_view kSelectSystem =
    "SELECT uuid, first_hello, last_hello, hello_count, last_retry_count, source_address, hello_version, pid, "
    "hashes, admin_credentials_set, state, amt_version, method, interface, host_name, domain_name, profile, "
    "last_error, state_changed, attempts, provisioned_count, admin_user, admin_password, mebx_password, "
    "lease_owner, lease_until FROM systems";

// Each hello is one upsert; the statement is prepared once and reused for
// the whole batch.
constexpr std::string_view kUpsertHello =
    "INSERT INTO systems (uuid, first_hello, last_hello, hello_count, last_retry_count, source_address, "
    "hello_version, pid, hashes, admin_credentials_set, state, method, state_changed) "
    "VALUES (?1, ?2, ?2, 1, ?3, ?4, ?5, ?6, ?7, ?8, 'discovered', ?9, ?2) "
    "ON CONFLICT (uuid) DO UPDATE SET last_hello = excluded.last_hello, hello_count = hello_count + 1, "
    "last_retry_count = excluded.last_retry_count, source_address = excluded.source_address, "
    "hello_version = excluded.hello_version, pid = excluded.pid, hashes = excluded.hashes, "
    "admin_credentials_set = excluded.admin_credentials_set, method = excluded.method";

constexpr char kListSeparator = ',';

std::string JoinHashes(const std::vector<std::string>& hashes) {
  std::string out;
  for (const auto& h : hashes) {
    if (!out.empty()) out += kListSeparator;
    out += h;
  }
  return out;
}

std::vector<std::string> SplitHashes(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const size_t end = text.find(kListSeparator);
    out.emplace_back(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  }
  return out;
}

// Hello interface version 3 is PKI; every other version (2) is PSK.
std::string_view MethodOf(uint16_t hello_version) { return hello_version == 3 ? "pki" : "psk"; }

base::Result<SystemRecord> ReadSystem(const Statement& row) {
  SystemRecord s;
  s.uuid = row.Text(0);
  s.first_hello = row.Time(1);
  s.last_hello = row.Time(2);
  s.hello_count = static_cast<uint64_t>(row.Int(3));
  s.last_retry_count = static_cast<uint32_t>(row.Int(4));
  s.source_address = row.Text(5);
  s.hello_version = static_cast<uint16_t>(row.Int(6));
  s.pid = row.Text(7);
  s.hashes = SplitHashes(row.Text(8));
  s.admin_credentials_set = row.Bool(9);
  const std::string state = row.Text(10);
  const auto parsed = ParseSystemState(state);
  if (!parsed) return base::DataLoss(fmt::format("system '{}' has unknown state '{}'", s.uuid, state));
  s.state = *parsed;
  s.amt_version = row.Text(11);
  s.method = row.Text(12);
  s.interface = row.Text(13);
  s.host_name = row.Text(14);
  s.domain_name = row.Text(15);
  s.profile = row.Text(16);
  s.last_error = row.Text(17);
  s.state_changed = row.Time(18);
  s.attempts = static_cast<uint32_t>(row.Int(19));
  s.provisioned_count = static_cast<uint32_t>(row.Int(20));
  s.admin_user = row.Text(21);
  s.admin_password = row.Blob(22);
  s.mebx_password = row.Blob(23);
  s.lease_owner = row.Text(24);
  s.lease_until = row.Time(25);
  return s;
}

// Escapes LIKE's wildcards so that a prefix matches only itself.
std::string LikePrefix(std::string_view prefix) {
  std::string out;
  for (char c : prefix) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + '%';
}

}  // namespace

base::Status SqliteStore::RecordHellos(std::span<const HelloObservation> hellos) {
  if (hellos.empty()) return base::Status::Ok();
  return InTransaction(Mode::kWrite, "systems", [&]() -> base::Status {
    auto upsert = db_->Prepare(kUpsertHello);
    if (!upsert) return upsert.error();
    for (const HelloObservation& h : hellos) {
      for (const auto& hash : h.hashes) {
        if (hash.find(kListSeparator) != std::string::npos) {
          return base::InvalidArgument(fmt::format("'{}': a certificate hash holds a ','", h.uuid));
        }
      }
      (*upsert)
          ->BindText(1, h.uuid)
          .BindTime(2, h.at)
          .Bind(3, int64_t{h.retry_count})
          .BindText(4, h.source_address)
          .Bind(5, int64_t{h.hello_version})
          .BindText(6, h.pid)
          .BindText(7, JoinHashes(h.hashes))
          .Bind(8, h.admin_credentials_set)
          .BindText(9, MethodOf(h.hello_version));
      if (auto s = (*upsert)->Run(); !s.ok()) return s.WithContext(fmt::format("'{}'", h.uuid));
      (*upsert)->Reset();
    }
    return base::Status::Ok();
  });
}

base::Result<std::optional<SystemRecord>> SqliteStore::GetSystem(std::string_view uuid) {
  return InTransaction(Mode::kRead, "systems", [&]() -> base::Result<std::optional<SystemRecord>> {
    auto select = db_->Prepare(std::string(kSelectSystem) + " WHERE uuid = ?1");
    if (!select) return select.error();
    (*select)->BindText(1, uuid);
    auto row = (*select)->Step();
    if (!row) return row.error().WithContext(fmt::format("'{}'", uuid));
    if (!*row) return std::optional<SystemRecord>();
    auto system = ReadSystem(**select);
    if (!system) return system.error();
    return std::optional<SystemRecord>(std::move(system).value());
  });
}

base::Result<std::vector<SystemRecord>> SqliteStore::ListSystems(const SystemQuery& query) {
  // Only fixed fragments go into the text; values are bound.
  std::string sql(kSelectSystem);
  sql += " WHERE 1";
  if (query.state) sql += " AND state = ?1";
  if (!query.uuid_prefix.empty()) sql += " AND uuid LIKE ?2 ESCAPE '\\'";
  sql += " ORDER BY first_hello, uuid LIMIT ?3 OFFSET ?4";
  return InTransaction(Mode::kRead, "systems", [&]() -> base::Result<std::vector<SystemRecord>> {
    auto select = db_->Prepare(sql);
    if (!select) return select.error();
    if (query.state) (*select)->BindText(1, SystemStateName(*query.state));
    if (!query.uuid_prefix.empty()) (*select)->BindText(2, LikePrefix(query.uuid_prefix));
    (*select)->Bind(3, query.limit == 0 ? int64_t{-1} : static_cast<int64_t>(query.limit));
    (*select)->Bind(4, static_cast<int64_t>(query.offset));
    return (*select)->ReadAll<SystemRecord>(ReadSystem);
  });
}

base::Result<bool> SqliteStore::ClaimForProvisioning(std::string_view uuid, std::string_view owner,
                                                     base::TimePoint now, base::TimePoint lease_until) {
  return InTransaction(Mode::kWrite, "systems", [&]() -> base::Result<bool> {
    auto claim = db_->Prepare(
        "UPDATE systems SET state = 'provisioning', state_changed = ?3, lease_owner = ?2, lease_until = ?4, "
        "attempts = attempts + 1 WHERE uuid = ?1 AND (state IN ('discovered', 'failed') OR "
        "(state = 'provisioning' AND lease_until < ?3))");
    if (!claim) return claim.error();
    (*claim)->BindText(1, uuid).BindText(2, owner).BindTime(3, now).BindTime(4, lease_until);
    if (auto s = (*claim)->Run(); !s.ok()) return s.WithContext(fmt::format("'{}'", uuid));
    if (db_->Changes() == 1) return true;
    auto exists = db_->Prepare("SELECT 1 FROM systems WHERE uuid = ?1");
    if (!exists) return exists.error();
    (*exists)->BindText(1, uuid);
    auto row = (*exists)->Step();
    if (!row) return row.error();
    if (!*row) return base::NotFound(fmt::format("no system '{}'", uuid));
    return false;
  });
}

base::Status SqliteStore::UpdateProvisioning(const SystemRecord& system) {
  return InTransaction(Mode::kWrite, "systems", [&]() -> base::Status {
    auto update = db_->Prepare(
        "UPDATE systems SET state = ?2, state_changed = ?3, amt_version = ?4, interface = ?5, host_name = ?6, "
        "domain_name = ?7, profile = ?8, last_error = ?9, provisioned_count = ?10, admin_user = ?11, "
        "admin_password = ?12, mebx_password = ?13, lease_owner = ?14, lease_until = ?15 WHERE uuid = ?1");
    if (!update) return update.error();
    (*update)
        ->BindText(1, system.uuid)
        .BindText(2, SystemStateName(system.state))
        .BindTime(3, system.state_changed)
        .BindText(4, system.amt_version)
        .BindText(5, system.interface)
        .BindText(6, system.host_name)
        .BindText(7, system.domain_name)
        .BindText(8, system.profile)
        .BindText(9, system.last_error)
        .Bind(10, int64_t{system.provisioned_count})
        .BindText(11, system.admin_user)
        .BindBlob(12, system.admin_password)
        .BindBlob(13, system.mebx_password)
        .BindText(14, system.lease_owner)
        .BindTime(15, system.lease_until);
    if (auto s = (*update)->Run(); !s.ok()) return s.WithContext(fmt::format("'{}'", system.uuid));
    if (db_->Changes() == 0) return base::NotFound(fmt::format("no system '{}'", system.uuid));
    return base::Status::Ok();
  });
}

}  // namespace openscs::store::sqlite
