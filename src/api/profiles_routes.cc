// /api/v1/profiles: how devices are configured (store::ProfileRecord),
// checked as `openscs profiles set` checks them (manage/profiles.h). The
// fixed admin password and the MEBx passwords to try are write-only: PUT
// takes them in clear and seals them; GET shows only whether the one is set
// and how many of the others there are.
//
// PUT /api/v1/profiles/{name} takes the profile as GET shows it. A field
// left out keeps its stored value (the record's defaults for a new
// profile), so a client can send back what it read without wiping the
// passwords it cannot see:
//   "fixed_admin_password": "..." sets it, null clears it;
//   "known_mebx_passwords": [...] replaces the list ([] clears it); the
//       number GET shows is accepted when it is the stored count (kept);
//   "fixed_admin_password_set" is read-only and ignored.

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <limits>

#include "api/audit.h"
#include "api/json_fields.h"
#include "api/json_io.h"
#include "api/routes.h"
#include "dns/host_name.h"
#include "manage/profiles.h"
#include "present/profile_json.h"
#include "profile/profile.h"
#include "protocol/mebx/password_rule.h"
#include "secrets/vault.h"
#include "store/store.h"

namespace openscs::api {
namespace {

using nlohmann::json;

constexpr size_t kMaxTextLength = 4096;
constexpr size_t kMaxKnownMebxPasswords = 16;

// Changes `p` as `body` says; errors name the field.
base::Status Apply(const json& body, const secrets::Vault& vault, store::ProfileRecord& p) {
  if (auto s = CheckKnownFields(body, {"name", "priority", "rule", "host_name_template", "domain_name",
                                       "password_policy", "fixed_admin_password", "fixed_admin_password_set", "tls",
                                       "fresh_psk", "web_ui", "sol_ider", "known_mebx_passwords"});
      !s.ok()) {
    return s;
  }
  auto name = OptionalString(body, "name", kMaxTextLength);
  if (!name) return name.error();
  if (name->has_value() && **name != p.name) {
    return base::InvalidArgument(fmt::format("name: '{}' differs from the path's '{}'", **name, p.name));
  }
  auto priority = OptionalInteger(body, "priority", std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
  if (!priority) return priority.error();
  if (*priority) p.priority = static_cast<int>(**priority);

  auto rule = OptionalString(body, "rule", kMaxTextLength);
  if (!rule) return rule.error();
  if (*rule) {
    if (auto s = profile::ValidateRule(**rule); !s.ok()) return s.WithContext("rule");
    p.rule = std::move(**rule);
  }
  auto host_name_template = OptionalString(body, "host_name_template", kMaxTextLength);
  if (!host_name_template) return host_name_template.error();
  if (*host_name_template) {
    p.host_name_template = std::move(**host_name_template);
    if (auto s = manage::CheckHostNameTemplate(p); !s.ok()) return s.WithContext("host_name_template");
  }
  auto domain = OptionalString(body, "domain_name", kMaxTextLength);
  if (!domain) return domain.error();
  if (*domain) {
    if (!(*domain)->empty()) {
      if (auto s = dns::CheckFqdn(**domain); !s.ok()) return s.WithContext("domain_name");
    }
    p.domain_name = std::move(**domain);
  }
  auto policy = OptionalString(body, "password_policy", kMaxTextLength);
  if (!policy) return policy.error();
  if (*policy) {
    if (auto s = manage::CheckPasswordPolicy("password_policy", **policy); !s.ok()) return s;
    p.password_policy = std::move(**policy);
  }

  if (auto it = body.find("fixed_admin_password"); it != body.end() && it->is_null()) {
    p.fixed_admin_password.clear();
  } else {
    auto password = OptionalString(body, "fixed_admin_password", mebx::kMaxPasswordLength);
    if (!password) return password.error();
    if (*password) {
      if (auto s = mebx::CheckMebxPassword(**password); !s.ok()) return s.WithContext("fixed_admin_password");
      p.fixed_admin_password = vault.Seal(**password);
    }
  }
  if (auto has = OptionalBool(body, "fixed_admin_password_set"); !has) return has.error();

  struct Switch {
    const char* field;
    bool* value;
  };
  for (const Switch& sw : {Switch{"tls", &p.tls}, Switch{"fresh_psk", &p.fresh_psk}, Switch{"web_ui", &p.web_ui},
                           Switch{"sol_ider", &p.sol_ider}}) {
    auto on = OptionalBool(body, sw.field);
    if (!on) return on.error();
    if (*on) *sw.value = **on;
  }

  if (auto it = body.find("known_mebx_passwords"); it != body.end() && it->is_number_integer()) {
    if (it->get<int64_t>() < 0 || it->get<uint64_t>() != p.known_mebx_passwords.size()) {
      return base::InvalidArgument(fmt::format(
          "known_mebx_passwords: {} stored; a number keeps them (send the stored count) and an array of passwords "
          "replaces them",
          p.known_mebx_passwords.size()));
    }
  } else {
    auto known = OptionalStringArray(body, "known_mebx_passwords", mebx::kMaxPasswordLength);
    if (!known) return known.error();
    if (*known) {
      if ((*known)->size() > kMaxKnownMebxPasswords) {
        return base::InvalidArgument(fmt::format("known_mebx_passwords: at most {} passwords", kMaxKnownMebxPasswords));
      }
      std::vector<store::Sealed> sealed;
      for (size_t i = 0; i < (*known)->size(); ++i) {
        const std::string& password = (**known)[i];
        if (auto s = mebx::CheckMebxPassword(password); !s.ok()) {
          return s.WithContext(fmt::format("known_mebx_passwords[{}]", i));
        }
        sealed.push_back(vault.Seal(password));
      }
      p.known_mebx_passwords = std::move(sealed);
    }
  }

  if (p.password_policy == "fixed" && p.fixed_admin_password.empty()) {
    return base::InvalidArgument("password_policy 'fixed' needs fixed_admin_password");
  }
  return base::Status::Ok();
}

Response ListProfiles(const Request& request, const PathParams&, Context& context) {
  auto page = QueryPage(request);
  if (!page) return ErrorFromStatus(page.error());
  auto profiles = context.store.ListProfiles();
  if (!profiles) return ErrorFromStatus(profiles.error());
  json items = json::array();
  for (size_t i = page->offset; i < profiles->size() && items.size() < page->limit; ++i) {
    items.push_back(present::ProfileJson((*profiles)[i]));
  }
  return JsonResponse(json{{"total", profiles->size()}, {"items", std::move(items)}});
}

Response PutProfile(const Request& request, const PathParams& params, Context& context) {
  const std::string& name = params.at("name");
  if (auto s = manage::CheckProfileName(name); !s.ok()) return ErrorFromStatus(s);
  auto body = ParseJsonObject(request);
  if (!body) return BodyErrorResponse(body.error());
  auto existing = context.store.GetProfile(name);
  if (!existing) return ErrorFromStatus(existing.error());
  const bool created = !existing->has_value();
  store::ProfileRecord p;
  p.name = name;
  if (!created) p = std::move(**existing);
  if (auto s = Apply(*body, context.vault, p); !s.ok()) {
    return ErrorFromStatus(s.WithContext(fmt::format("profile '{}'", name)));
  }
  if (auto s = context.store.PutProfile(p); !s.ok()) {
    WriteAudit(context, request, "profiles.put", name, s.message(), false);
    return ErrorFromStatus(s);
  }
  WriteAudit(context, request, "profiles.put", name,
             fmt::format("{} (priority {}, rule '{}', password policy {}, fixed admin password {}, {} MEBx "
                         "password(s) to try)",
                         created ? "created" : "replaced", p.priority, p.rule, p.password_policy,
                         p.fixed_admin_password.empty() ? "not set" : "set", p.known_mebx_passwords.size()));
  return JsonResponse(json{{"created", created}, {"profile", present::ProfileJson(p)}});
}

Response DeleteProfile(const Request& request, const PathParams& params, Context& context) {
  const std::string& name = params.at("name");
  if (name == profile::kDefaultProfileName) {
    WriteAudit(context, request, "profiles.delete", name, "refused: the default profile cannot be deleted", false);
    return ErrorResponse(409, "conflict",
                         "profile 'default' cannot be deleted: it applies when no other profile matches (change it "
                         "with PUT instead)");
  }
  if (auto s = context.store.DeleteProfile(name); !s.ok()) {
    if (s.code() == base::StatusCode::kNotFound) {
      return ErrorResponse(404, "not_found", fmt::format("no profile '{}'", name));
    }
    WriteAudit(context, request, "profiles.delete", name, s.message(), false);
    return ErrorFromStatus(s);
  }
  WriteAudit(context, request, "profiles.delete", name, "deleted");
  return JsonResponse(json{{"deleted", name}});
}

}  // namespace

void AddProfileRoutes(Router& router) {
  router.Add({"GET", "/api/v1/profiles", Access::kRead, "profiles (passwords never shown)", ListProfiles});
  router.Add({"PUT", "/api/v1/profiles/{name}", Access::kWrite, "create or replace a profile", PutProfile});
  router.Add(
      {"DELETE", "/api/v1/profiles/{name}", Access::kWrite, "remove a profile (not \"default\")", DeleteProfile});
}

}  // namespace openscs::api
