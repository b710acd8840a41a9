#include "cli/systems_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command_support.h"
#include "cli/key_records.h"
#include "cli/store_access.h"
#include "cli/table.h"
#include "cli/time_text.h"
#include "present/system_json.h"

namespace openscs::cli {
namespace {

using nlohmann::json;

struct ListOptions {
  std::string state;
  bool json = false;
};

struct ShowOptions {
  std::string uuid;
  bool json = false;
};

std::string OrDash(const std::string& s) { return s.empty() ? "-" : s; }
const char* SetOrNot(const store::Sealed& s) { return s.empty() ? "not set" : "set"; }

void PrintSystem(std::ostream& out, const store::SystemRecord& s) {
  std::string hashes;
  for (const auto& h : s.hashes) hashes += (hashes.empty() ? "" : " ") + h;
  PrintFields(out, {
                       {"uuid", s.uuid},
                       {"state", fmt::format("{} (since {})", store::SystemStateName(s.state),
                                             FormatTime(s.state_changed))},
                       {"first hello", FormatTime(s.first_hello)},
                       {"last hello", fmt::format("{} ({} hello(s), last retry count {})", FormatTime(s.last_hello),
                                                  s.hello_count, s.last_retry_count)},
                       {"source address", OrDash(s.source_address)},
                       {"method", fmt::format("{} (hello version {})", OrDash(s.method), s.hello_version)},
                       {"PID", s.pid.empty() ? "-" : DisplayPid(s.pid)},
                       {"hashes", OrDash(hashes)},
                       {"admin credentials", s.admin_credentials_set ? "set (the hello says so)" : "not set"},
                       {"AMT version", OrDash(s.amt_version)},
                       {"interface", OrDash(s.interface)},
                       {"host name", OrDash(s.host_name)},
                       {"domain name", OrDash(s.domain_name)},
                       {"profile", OrDash(s.profile)},
                       {"last error", OrDash(s.last_error)},
                       {"attempts", fmt::format("{} (provisioned {} time(s))", s.attempts, s.provisioned_count)},
                       {"admin user", OrDash(s.admin_user)},
                       {"admin password", SetOrNot(s.admin_password)},
                       {"MEBx password", SetOrNot(s.mebx_password)},
                       {"lease", s.lease_owner.empty()
                                     ? std::string("-")
                                     : fmt::format("{} until {}", s.lease_owner, FormatTime(s.lease_until))},
                   });
}

int RunList(const ListOptions& o, Context& context) {
  store::SystemQuery query;
  if (!o.state.empty()) {
    query.state = store::ParseSystemState(o.state);
    if (!query.state) {
      return Fail(context, base::InvalidArgument(fmt::format(
                               "--state '{}': expected discovered, provisioning, operational or failed", o.state)));
    }
  }
  auto store = OpenStore(context);
  if (!store) return Fail(context, store.error());
  auto systems = (*store)->ListSystems(query);
  if (!systems) return Fail(context, systems.error());
  if (o.json) {
    json j = json::array();
    for (const auto& s : *systems) j.push_back(present::SystemJson(s));
    context.out << j.dump(2) << '\n';
    return kExitOk;
  }
  if (systems->empty()) {
    context.out << "no systems" << (o.state.empty() ? "" : " in state " + o.state) << '\n';
    return kExitOk;
  }
  Table t({"UUID", "STATE", "METHOD", "ADDRESS", "LAST HELLO", "HELLOS", "HOST NAME", "LAST ERROR"});
  for (const auto& s : *systems) {
    t.AddRow({s.uuid, std::string(store::SystemStateName(s.state)), OrDash(s.method), OrDash(s.source_address),
              FormatTime(s.last_hello), std::to_string(s.hello_count), OrDash(s.host_name), OrDash(s.last_error)});
  }
  t.Print(context.out);
  return kExitOk;
}

struct CredentialsOptions {
  std::string uuid;
  bool reveal = false;
  std::string field;
  bool json = false;
};

// The credentials the server set on a device, for an admin who must log in
// to it (amttool, a browser on 16993). Shown only with --reveal, which is
// logged first.
int RunCredentials(const CredentialsOptions& o, Context& context) {
  auto uuid = CanonicalUuid(o.uuid, "UUID");
  if (!uuid) return Fail(context, uuid.error());
  if (!o.field.empty() && o.field != "admin_user" && o.field != "admin_password" && o.field != "mebx_password") {
    return Fail(context, base::InvalidArgument(fmt::format(
                             "--field: '{}' is not one of admin_user, admin_password, mebx_password", o.field)));
  }
  auto store = OpenStore(context);
  if (!store) return Fail(context, store.error());
  auto system = (*store)->GetSystem(*uuid);
  if (!system) return Fail(context, system.error());
  if (!system->has_value()) return Fail(context, base::NotFound(fmt::format("no system {} (see systems list)", *uuid)));
  const store::SystemRecord& sys = **system;
  if (sys.admin_password.empty()) {
    return Fail(context, base::NotFound(fmt::format("no credentials stored for {}: it has not been provisioned", *uuid)));
  }
  if (!o.reveal) {
    context.out << fmt::format("admin user: {}\nadmin password: set\nMEBx password: {}\n(add --reveal to show them; "
                               "the reveal is logged)\n",
                               sys.admin_user, sys.mebx_password.empty() ? "not set" : "set");
    return kExitOk;
  }
  auto vault = OpenVault(context, **store);
  if (!vault) return Fail(context, vault.error());
  if (auto st = LogSecretReveal(**store, context, "systems credentials", *uuid); !st.ok()) {
    return Fail(context, st.WithContext("logging the reveal (nothing shown)"));
  }
  auto admin = vault->Open(sys.admin_password);
  if (!admin) return Fail(context, admin.error());
  auto mebx = vault->Open(sys.mebx_password);
  if (!mebx) return Fail(context, mebx.error());
  if (o.field == "admin_user") context.out << sys.admin_user << '\n';
  else if (o.field == "admin_password") context.out << *admin << '\n';
  else if (o.field == "mebx_password") context.out << *mebx << '\n';
  else if (o.json) {
    nlohmann::json j{{"uuid", *uuid}, {"admin_user", sys.admin_user}, {"admin_password", *admin}, {"mebx_password", *mebx}};
    context.out << j.dump(2) << '\n';
  } else {
    context.out << fmt::format("admin user: {}\nadmin password: {}\nMEBx password: {}\n", sys.admin_user, *admin, *mebx);
  }
  return kExitOk;
}

int RunShow(const ShowOptions& o, Context& context) {
  auto uuid = CanonicalUuid(o.uuid, "UUID");
  if (!uuid) return Fail(context, uuid.error());
  auto store = OpenStore(context);
  if (!store) return Fail(context, store.error());
  auto system = (*store)->GetSystem(*uuid);
  if (!system) return Fail(context, system.error());
  if (!system->has_value()) {
    return Fail(context, base::NotFound(fmt::format("no system {} (see systems list)", *uuid)));
  }
  if (o.json) {
    context.out << present::SystemJson(**system).dump(2) << '\n';
  } else {
    PrintSystem(context.out, **system);
  }
  return kExitOk;
}

}  // namespace

void AddSystemsCommands(CLI::App& app, Context& context, int& exit_code) {
  auto* systems = app.add_subcommand("systems", "The devices that said hello, and what provisioning did");
  systems->require_subcommand(1);

  auto l = std::make_shared<ListOptions>();
  auto* list = systems->add_subcommand("list", "One line per system, in the order they first said hello");
  list->add_option("--state", l->state, "Only systems in this state: discovered, provisioning, operational, failed");
  list->add_flag("--json", l->json, "Machine-readable output");
  list->callback([l, &context, &exit_code] { exit_code = RunList(*l, context); });

  auto s = std::make_shared<ShowOptions>();
  auto* show = systems->add_subcommand("show", "Every field of one system (passwords only as set/not set)");
  show->add_option("uuid", s->uuid, "The system's UUID")->required();
  show->add_flag("--json", s->json, "Machine-readable output");
  show->callback([s, &context, &exit_code] { exit_code = RunShow(*s, context); });

  auto c = std::make_shared<CredentialsOptions>();
  auto* creds = systems->add_subcommand("credentials", "The admin and MEBx passwords the server set (with --reveal)");
  creds->add_option("uuid", c->uuid, "The system's UUID")->required();
  creds->add_flag("--reveal", c->reveal, "Show the passwords (written to the provisioning log as secret_revealed)");
  creds->add_option("--field", c->field, "Print only this one: admin_user, admin_password, mebx_password");
  creds->add_flag("--json", c->json, "Machine-readable output");
  creds->callback([c, &context, &exit_code] { exit_code = RunCredentials(*c, context); });
}

}  // namespace openscs::cli
