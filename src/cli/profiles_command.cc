#include "cli/profiles_command.h"

#include <set>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command_support.h"
#include "cli/store_access.h"
#include "cli/table.h"
#include "dns/host_name.h"
#include "manage/profiles.h"
#include "present/profile_json.h"
#include "profile/profile.h"
#include "protocol/mebx/password_rule.h"

namespace openscs::cli {
namespace {

using nlohmann::json;

struct SetOptions {
  std::string name;
  std::string rule;
  int priority = 0;
  std::string host_name_template;
  std::string domain;
  std::string password_policy;
  std::string admin_password;
  std::string tls;
  std::string fresh_psk;
  std::string web_ui;
  std::string sol_ider;
  std::vector<std::string> mebx_passwords;
  bool clear_mebx_passwords = false;
};

struct ShowOptions {
  std::string name;
  bool json = false;
};

const char* OnOff(bool on) { return on ? "on" : "off"; }

Fields ProfileFields(const store::ProfileRecord& p) {
  return {{"name", p.name},
          {"priority", std::to_string(p.priority)},
          {"rule", p.rule.empty() ? "(every device)" : p.rule},
          {"host name template", p.host_name_template},
          {"domain name", p.domain_name.empty() ? "(the device's own)" : p.domain_name},
          {"password policy", fmt::format("{} (fixed admin password {})", p.password_policy,
                                          p.fixed_admin_password.empty() ? "not set" : "set")},
          {"TLS", OnOff(p.tls)},
          {"fresh PSK", OnOff(p.fresh_psk)},
          {"web UI", OnOff(p.web_ui)},
          {"SOL/IDE-R", OnOff(p.sol_ider)},
          {"known MEBx passwords", std::to_string(p.known_mebx_passwords.size())}};
}

// Changes `p` as the given options say; `given` holds the option names used.
base::Status Apply(const SetOptions& o, const std::set<std::string>& given, const secrets::Vault* vault,
                   store::ProfileRecord& p) {
  if (given.contains("--rule")) {
    if (auto s = profile::ValidateRule(o.rule); !s.ok()) return s.WithContext("--rule");
    p.rule = o.rule;
  }
  if (given.contains("--priority")) p.priority = o.priority;
  if (given.contains("--host-name-template")) {
    p.host_name_template = o.host_name_template;
    if (auto s = manage::CheckHostNameTemplate(p); !s.ok()) return s.WithContext("--host-name-template");
  }
  if (given.contains("--domain")) {
    if (!o.domain.empty()) {
      if (auto s = dns::CheckFqdn(o.domain); !s.ok()) return s.WithContext("--domain");
    }
    p.domain_name = o.domain;
  }
  if (given.contains("--password-policy")) {
    if (auto s = manage::CheckPasswordPolicy("--password-policy", o.password_policy); !s.ok()) return s;
    p.password_policy = o.password_policy;
  }
  if (given.contains("--admin-password")) {
    const std::string password = SecretArgument(o.admin_password);
    if (auto s = mebx::CheckMebxPassword(password); !s.ok()) return s.WithContext("--admin-password");
    p.fixed_admin_password = vault->Seal(password);
  }
  struct Switch {
    const char* option;
    const std::string* text;
    bool* field;
  };
  for (const Switch& sw : {Switch{"--tls", &o.tls, &p.tls}, Switch{"--fresh-psk", &o.fresh_psk, &p.fresh_psk},
                           Switch{"--web-ui", &o.web_ui, &p.web_ui}, Switch{"--sol-ider", &o.sol_ider, &p.sol_ider}}) {
    if (!given.contains(sw.option)) continue;
    auto on = ParseOnOff(sw.option, *sw.text);
    if (!on) return on.error();
    *sw.field = *on;
  }
  if (o.clear_mebx_passwords) p.known_mebx_passwords.clear();
  if (given.contains("--mebx-password")) {
    p.known_mebx_passwords.clear();
    for (size_t i = 0; i < o.mebx_passwords.size(); ++i) {
      const std::string password = SecretArgument(o.mebx_passwords[i]);
      if (auto s = mebx::CheckMebxPassword(password); !s.ok()) {
        return s.WithContext(fmt::format("--mebx-password #{}", i + 1));
      }
      p.known_mebx_passwords.push_back(vault->Seal(password));
    }
  }
  if (p.password_policy == "fixed" && p.fixed_admin_password.empty()) {
    return base::InvalidArgument("--password-policy fixed needs --admin-password");
  }
  return base::Status::Ok();
}

int RunSet(const SetOptions& o, const std::set<std::string>& given, Context& context) {
  if (auto s = manage::CheckProfileName(o.name); !s.ok()) return Fail(context, s);
  auto store = OpenStore(context);
  if (!store) return Fail(context, store.error());
  auto existing = (*store)->GetProfile(o.name);
  if (!existing) return Fail(context, existing.error());
  store::ProfileRecord p;
  p.name = o.name;
  if (existing->has_value()) p = std::move(**existing);
  // The vault only when there is a password to seal.
  std::optional<secrets::Vault> vault;
  if (given.contains("--admin-password") || given.contains("--mebx-password")) {
    auto v = OpenVault(context, **store);
    if (!v) return Fail(context, v.error());
    vault.emplace(std::move(v).value());
  }
  if (auto s = Apply(o, given, vault ? &*vault : nullptr, p); !s.ok()) {
    return Fail(context, s.WithContext(fmt::format("profile '{}'", o.name)));
  }
  if (auto s = (*store)->PutProfile(p); !s.ok()) return Fail(context, s);
  context.out << fmt::format("{} profile '{}'\n", existing->has_value() ? "updated" : "created", o.name);
  PrintFields(context.out, ProfileFields(p));
  return kExitOk;
}

int RunList(bool as_json, Context& context) {
  auto store = OpenStore(context);
  if (!store) return Fail(context, store.error());
  auto profiles = (*store)->ListProfiles();
  if (!profiles) return Fail(context, profiles.error());
  if (as_json) {
    json j = json::array();
    for (const auto& p : *profiles) j.push_back(present::ProfileJson(p));
    context.out << j.dump(2) << '\n';
    return kExitOk;
  }
  Table t({"NAME", "PRIORITY", "RULE", "HOST NAME", "DOMAIN", "PASSWORDS", "TLS", "FRESH PSK"});
  for (const auto& p : *profiles) {
    t.AddRow({p.name, std::to_string(p.priority), p.rule.empty() ? "*" : p.rule, p.host_name_template,
              p.domain_name.empty() ? "-" : p.domain_name, p.password_policy, OnOff(p.tls), OnOff(p.fresh_psk)});
  }
  t.Print(context.out);
  return kExitOk;
}

int RunShow(const ShowOptions& o, Context& context) {
  auto store = OpenStore(context);
  if (!store) return Fail(context, store.error());
  auto p = (*store)->GetProfile(o.name);
  if (!p) return Fail(context, p.error());
  if (!p->has_value()) return Fail(context, base::NotFound(fmt::format("no profile '{}' (see profiles list)", o.name)));
  if (o.json) {
    context.out << present::ProfileJson(**p).dump(2) << '\n';
  } else {
    PrintFields(context.out, ProfileFields(**p));
  }
  return kExitOk;
}

int RunDelete(const std::string& name, Context& context) {
  if (name == profile::kDefaultProfileName) {
    return Fail(context, base::FailedPrecondition(
                             "profile 'default' cannot be deleted: it applies when no other profile matches "
                             "(change it with profiles set default ...)"));
  }
  auto store = OpenStore(context);
  if (!store) return Fail(context, store.error());
  if (auto s = (*store)->DeleteProfile(name); !s.ok()) return Fail(context, s);
  context.out << fmt::format("deleted profile '{}'\n", name);
  return kExitOk;
}

void AddSetCommand(CLI::App& profiles, Context& context, int& exit_code) {
  auto o = std::make_shared<SetOptions>();
  auto* set = profiles.add_subcommand("set", "Create a profile, or change the given fields of one");
  set->add_option("name", o->name, "The profile's name")->required();
  set->add_option("--rule", o->rule, "Which devices: \"\" (all), domain:<suffix>, uuids:<u1>,<u2>,...");
  set->add_option("--priority", o->priority, "Lower is tried first (default profile: 1000)");
  set->add_option("--host-name-template", o->host_name_template,
                  "mapping (the mappings table), or a template with {uuid8} and {uuid}");
  set->add_option("--domain", o->domain, "Domain name to set (\"\" keeps the device's own)");
  set->add_option("--password-policy", o->password_policy, "random (a new one per device) or fixed");
  set->add_option("--admin-password", o->admin_password, "The fixed admin password; - reads it from stdin");
  set->add_option("--tls", o->tls, "Enable TLS for operation: on|off");
  set->add_option("--fresh-psk", o->fresh_psk, "Give re-provisioned PSK devices a new PID/PPS: on|off");
  set->add_option("--web-ui", o->web_ui, "Enable the device's web UI (legacy SOAP devices): on|off");
  set->add_option("--sol-ider", o->sol_ider, "Enable Serial over LAN and IDE redirection: on|off");
  set->add_option("--mebx-password", o->mebx_passwords,
                  "A MEBx password to try for the Setup Mode login (repeat for several, in order); - reads stdin")
      ->allow_extra_args(false);
  set->add_flag("--clear-mebx-passwords", o->clear_mebx_passwords, "Forget the MEBx passwords to try");
  set->callback([o, set, &context, &exit_code] {
    std::set<std::string> given;
    for (const char* name : {"--rule", "--priority", "--host-name-template", "--domain", "--password-policy",
                             "--admin-password", "--tls", "--fresh-psk", "--web-ui", "--sol-ider", "--mebx-password"}) {
      if (set->count(name) > 0) given.insert(name);
    }
    exit_code = RunSet(*o, given, context);
  });
}

}  // namespace

void AddProfilesCommands(CLI::App& app, Context& context, int& exit_code) {
  auto* profiles = app.add_subcommand("profiles", "How devices are configured: host names, passwords, TLS");
  profiles->require_subcommand(1);

  auto list_json = std::make_shared<bool>(false);
  auto* list = profiles->add_subcommand("list", "The profiles, in the order they are tried");
  list->add_flag("--json", *list_json, "Machine-readable output");
  list->callback([list_json, &context, &exit_code] { exit_code = RunList(*list_json, context); });

  auto s = std::make_shared<ShowOptions>();
  auto* show = profiles->add_subcommand("show", "Every field of one profile (passwords only as set/not set)");
  show->add_option("name", s->name, "The profile's name")->required();
  show->add_flag("--json", s->json, "Machine-readable output");
  show->callback([s, &context, &exit_code] { exit_code = RunShow(*s, context); });

  AddSetCommand(*profiles, context, exit_code);

  auto name = std::make_shared<std::string>();
  auto* del = profiles->add_subcommand("delete", "Remove a profile (not \"default\")");
  del->add_option("name", *name, "The profile's name")->required();
  del->callback([name, &context, &exit_code] { exit_code = RunDelete(*name, context); });
}

}  // namespace openscs::cli
