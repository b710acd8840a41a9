#include <fmt/format.h>

#include "store/sqlite/sqlite_store_impl.h"

namespace openscs::store::sqlite {
namespace {

using Mode = Transaction::Mode;

constexpr std::string_view kDefaultProfile = "default";

constexpr std::string_view kSelectProfile =
    "SELECT name, priority, rule, host_name_template, domain_name, password_policy, fixed_admin_password, tls, "
    "fresh_psk, web_ui, sol_ider FROM profiles";

ProfileRecord ReadProfileRow(const Statement& row) {
  ProfileRecord p;
  p.name = row.Text(0);
  p.priority = static_cast<int>(row.Int(1));
  p.rule = row.Text(2);
  p.host_name_template = row.Text(3);
  p.domain_name = row.Text(4);
  p.password_policy = row.Text(5);
  p.fixed_admin_password = row.Blob(6);
  p.tls = row.Bool(7);
  p.fresh_psk = row.Bool(8);
  p.web_ui = row.Bool(9);
  p.sol_ider = row.Bool(10);
  return p;
}

// Fills in each profile's MEBx password list (a child table, in order).
base::Status ReadMebxPasswords(Database& db, std::vector<ProfileRecord>& profiles) {
  auto select = db.Prepare("SELECT password FROM profile_mebx_passwords WHERE profile = ?1 ORDER BY position");
  if (!select) return select.error();
  for (ProfileRecord& p : profiles) {
    (*select)->BindText(1, p.name);
    auto passwords = (*select)->ReadAll<Sealed>([](const Statement& row) { return row.Blob(0); });
    if (!passwords) return passwords.error().WithContext(fmt::format("profile '{}'", p.name));
    p.known_mebx_passwords = std::move(passwords).value();
    (*select)->Reset();
  }
  return base::Status::Ok();
}

base::Result<std::vector<ProfileRecord>> SelectProfiles(Database& db, std::string_view where_and_order,
                                                        std::optional<std::string_view> name) {
  auto select = db.Prepare(std::string(kSelectProfile) + std::string(where_and_order));
  if (!select) return select.error();
  if (name) (*select)->BindText(1, *name);
  auto out = (*select)->ReadAll<ProfileRecord>(ReadProfileRow);
  if (!out) return out.error();
  if (auto s = ReadMebxPasswords(db, *out); !s.ok()) return s;
  return out;
}

base::Result<std::optional<ProfileRecord>> ReadProfile(Database& db, std::string_view name) {
  auto found = SelectProfiles(db, " WHERE name = ?1", name);
  if (!found) return found.error().WithContext(fmt::format("profile '{}'", name));
  if (found->empty()) return std::optional<ProfileRecord>();
  return std::optional<ProfileRecord>(std::move(found->front()));
}

}  // namespace

base::Status SqliteStore::PutProfile(const ProfileRecord& p) {
  return InTransaction(Mode::kWrite, "profiles", [&]() -> base::Status {
    const std::string where = fmt::format("profile '{}'", p.name);
    auto upsert = db_->Prepare(
        "INSERT INTO profiles (name, priority, rule, host_name_template, domain_name, password_policy, "
        "fixed_admin_password, tls, fresh_psk, web_ui, sol_ider) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
        "ON CONFLICT (name) DO UPDATE SET priority = excluded.priority, rule = excluded.rule, "
        "host_name_template = excluded.host_name_template, domain_name = excluded.domain_name, "
        "password_policy = excluded.password_policy, fixed_admin_password = excluded.fixed_admin_password, "
        "tls = excluded.tls, fresh_psk = excluded.fresh_psk, web_ui = excluded.web_ui, sol_ider = excluded.sol_ider");
    if (!upsert) return upsert.error();
    (*upsert)
        ->BindText(1, p.name)
        .Bind(2, int64_t{p.priority})
        .BindText(3, p.rule)
        .BindText(4, p.host_name_template)
        .BindText(5, p.domain_name)
        .BindText(6, p.password_policy)
        .BindBlob(7, p.fixed_admin_password)
        .Bind(8, p.tls)
        .Bind(9, p.fresh_psk)
        .Bind(10, p.web_ui)
        .Bind(11, p.sol_ider);
    if (auto s = (*upsert)->Run(); !s.ok()) return s.WithContext(where);
    auto clear = db_->Prepare("DELETE FROM profile_mebx_passwords WHERE profile = ?1");
    if (!clear) return clear.error();
    (*clear)->BindText(1, p.name);
    if (auto s = (*clear)->Run(); !s.ok()) return s.WithContext(where);
    auto insert = db_->Prepare("INSERT INTO profile_mebx_passwords (profile, position, password) VALUES (?1, ?2, ?3)");
    if (!insert) return insert.error();
    for (size_t i = 0; i < p.known_mebx_passwords.size(); ++i) {
      (*insert)->BindText(1, p.name).Bind(2, static_cast<int64_t>(i)).BindBlob(3, p.known_mebx_passwords[i]);
      if (auto s = (*insert)->Run(); !s.ok()) return s.WithContext(where);
      (*insert)->Reset();
    }
    return base::Status::Ok();
  });
}

base::Result<std::optional<ProfileRecord>> SqliteStore::GetProfile(std::string_view name) {
  return InTransaction(Mode::kRead, "profiles", [&] { return ReadProfile(*db_, name); });
}

base::Result<std::vector<ProfileRecord>> SqliteStore::ListProfiles() {
  return InTransaction(Mode::kRead, "profiles",
                       [&] { return SelectProfiles(*db_, " ORDER BY priority, name", std::nullopt); });
}

base::Status SqliteStore::DeleteProfile(std::string_view name) {
  if (name == kDefaultProfile) {
    return base::FailedPrecondition("profiles: profile 'default' cannot be deleted (change it instead)");
  }
  return InTransaction(Mode::kWrite, "profiles",
                       [&] { return DeleteRow(*db_, "DELETE FROM profiles WHERE name = ?1", name, "profile"); });
}

base::Status SqliteStore::PutHostNameMappings(std::span<const HostNameMapping> mappings) {
  if (mappings.empty()) return base::Status::Ok();
  return InTransaction(Mode::kWrite, "host_name_mappings", [&]() -> base::Status {
    auto upsert = db_->Prepare(
        "INSERT INTO host_name_mappings (uuid, host_name, domain_name) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (uuid) DO UPDATE SET host_name = excluded.host_name, domain_name = excluded.domain_name");
    if (!upsert) return upsert.error();
    for (const HostNameMapping& m : mappings) {
      (*upsert)->BindText(1, m.uuid).BindText(2, m.host_name).BindText(3, m.domain_name);
      if (auto s = (*upsert)->Run(); !s.ok()) return s.WithContext(fmt::format("'{}'", m.uuid));
      (*upsert)->Reset();
    }
    return base::Status::Ok();
  });
}

base::Result<std::optional<HostNameMapping>> SqliteStore::GetHostNameMapping(std::string_view uuid) {
  return InTransaction(Mode::kRead, "host_name_mappings", [&]() -> base::Result<std::optional<HostNameMapping>> {
    auto select = db_->Prepare("SELECT uuid, host_name, domain_name FROM host_name_mappings WHERE uuid = ?1");
    if (!select) return select.error();
    (*select)->BindText(1, uuid);
    auto row = (*select)->Step();
    if (!row) return row.error().WithContext(fmt::format("'{}'", uuid));
    if (!*row) return std::optional<HostNameMapping>();
    return std::optional<HostNameMapping>(
        HostNameMapping{(*select)->Text(0), (*select)->Text(1), (*select)->Text(2)});
  });
}

base::Result<std::vector<HostNameMapping>> SqliteStore::ListHostNameMappings() {
  return InTransaction(Mode::kRead, "host_name_mappings", [&]() -> base::Result<std::vector<HostNameMapping>> {
    auto select = db_->Prepare("SELECT uuid, host_name, domain_name FROM host_name_mappings ORDER BY uuid");
    if (!select) return select.error();
    std::vector<HostNameMapping> out;
    for (;;) {
      auto row = (*select)->Step();
      if (!row) return row.error();
      if (!*row) break;
      out.push_back(HostNameMapping{(*select)->Text(0), (*select)->Text(1), (*select)->Text(2)});
    }
    return out;
  });
}

}  // namespace openscs::store::sqlite
