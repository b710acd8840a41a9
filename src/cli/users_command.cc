#include "cli/users_command.h"

#include <map>
#include <optional>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "auth/password.h"
#include "auth/token.h"
#include "auth/user_name.h"
#include "cli/audit_command.h"
#include "cli/command_support.h"
#include "cli/password_input.h"
#include "cli/store_access.h"
#include "cli/table.h"
#include "cli/time_text.h"

namespace openscs::cli {
namespace {

using nlohmann::json;

constexpr std::string_view kDefaultExpiry = "90d";
constexpr size_t kMaxLabelLength = 100;

struct PasswordOptions {
  std::string name;
  std::string role;  // add only
  bool password_stdin = false;
};

struct TokenAddOptions {
  std::string name;
  std::string label;
  std::string expires = std::string(kDefaultExpiry);
};

struct ListOptions {
  std::string name;  // token list only; "" for every user
  bool json = false;
};

// "error: ..." and the exit code of a command line that is itself wrong.
int Usage(Context& context, const base::Status& status) {
  context.err << "error: " << status.message() << '\n';
  return kExitUsage;
}

base::Result<store::UserRole> RoleArgument(std::string_view text) {
  auto role = store::ParseUserRole(text);
  if (!role) return base::InvalidArgument(fmt::format("role '{}': expected admin or viewer", text));
  return *role;
}

base::Status NoSuchUser(std::string_view name) {
  return base::NotFound(fmt::format("no user '{}' (see users list)", name));
}

// Reads the user's new password, checks it and returns its hash. Errors
// are usage errors: the password itself is what was wrong.
base::Result<std::string> NewPasswordHash(const PasswordOptions& o, Context& context) {
  auto password = ReadNewPassword(o.password_stdin, o.name, context);
  if (!password) return password.error();
  if (auto s = auth::CheckPasswordPolicy(*password); !s.ok()) return s;
  return auth::HashPassword(*password);
}

// The audit entry for a change already made. A failure is reported (exit 1)
// but undoes nothing.
int Audited(store::Store& store, Context& context, std::string_view action, std::string_view target,
            std::string_view detail) {
  if (auto s = AppendCliAudit(store, context, action, target, detail); !s.ok()) {
    return Fail(context, s.WithContext(fmt::format("{} '{}' was done", action, target)));
  }
  return kExitOk;
}

int RunAdd(const PasswordOptions& o, Context& context) {
  if (auto s = auth::CheckUserName(o.name); !s.ok()) return Usage(context, s);
  auto role = RoleArgument(o.role);
  if (!role) return Usage(context, role.error().WithContext("--role"));
  auto store = OpenStore(context);
  if (!store) return Fail(context, store.error());
  // Checked before asking for a password nobody would use.
  auto existing = (*store)->GetUser(o.name);
  if (!existing) return Fail(context, existing.error());
  if (existing->has_value()) {
    return Fail(context, base::AlreadyExists(fmt::format("user '{}' already exists; use users passwd", o.name)));
  }
  auto hash = NewPasswordHash(o, context);
  if (!hash) {
    return hash.error().code() == base::StatusCode::kInvalidArgument ? Usage(context, hash.error())
                                                                     : Fail(context, hash.error());
  }
  store::UserRecord u;
  u.name = o.name;
  u.role = *role;
  u.password_hash = std::move(hash).value();
  u.created = context.clock->Now();
  u.updated = u.created;
  if (auto s = (*store)->PutUser(u); !s.ok()) return Fail(context, s);
  context.out << fmt::format("added user '{}' ({})\n", u.name, store::UserRoleName(u.role));
  return Audited(**store, context, "users.add", u.name, fmt::format("role {}", store::UserRoleName(u.role)));
}

int RunPasswd(const PasswordOptions& o, Context& context) {
  auto store = OpenStore(context);
  if (!store) return Fail(context, store.error());
  auto existing = (*store)->GetUser(o.name);
  if (!existing) return Fail(context, existing.error());
  if (!existing->has_value()) return Fail(context, NoSuchUser(o.name));
  auto hash = NewPasswordHash(o, context);
  if (!hash) {
    return hash.error().code() == base::StatusCode::kInvalidArgument ? Usage(context, hash.error())
                                                                     : Fail(context, hash.error());
  }
  store::UserRecord u = std::move(**existing);
  u.password_hash = std::move(hash).value();
  u.updated = context.clock->Now();
  if (auto s = (*store)->PutUser(u); !s.ok()) return Fail(context, s);
  // A running server checks the password at each login, so the old one
  // stops working now; sessions already open run until they expire.
  context.out << fmt::format("changed the password of user '{}'\n", u.name);
  return Audited(**store, context, "users.passwd", u.name, "");
}

int RunList(bool as_json, Context& context) {
  auto store = OpenStore(context);
  if (!store) return Fail(context, store.error());
  auto users = (*store)->ListUsers();
  if (!users) return Fail(context, users.error());
  auto tokens = (*store)->ListApiTokens("");
  if (!tokens) return Fail(context, tokens.error());
  std::map<std::string, size_t> token_count;
  for (const auto& t : *tokens) ++token_count[t.user];
  if (as_json) {
    json j = json::array();
    for (const auto& u : *users) {
      j.push_back(json{{"name", u.name},
                       {"role", store::UserRoleName(u.role)},
                       {"disabled", u.disabled},
                       {"created", FormatTime(u.created)},
                       {"updated", FormatTime(u.updated)},
                       {"tokens", token_count[u.name]}});
    }
    context.out << j.dump(2) << '\n';
    return kExitOk;
  }
  if (users->empty()) {
    context.out << "no users (add one with: openscs users add NAME --role admin)\n";
    return kExitOk;
  }
  Table t({"NAME", "ROLE", "DISABLED", "CREATED", "TOKENS"});
  for (const auto& u : *users) {
    t.AddRow({u.name, std::string(store::UserRoleName(u.role)), u.disabled ? "yes" : "no", FormatTime(u.created),
              std::to_string(token_count[u.name])});
  }
  t.Print(context.out);
  return kExitOk;
}

int RunRemove(const std::string& name, Context& context) {
  auto store = OpenStore(context);
  if (!store) return Fail(context, store.error());
  auto tokens = (*store)->ListApiTokens(name);
  if (!tokens) return Fail(context, tokens.error());
  if (auto s = (*store)->DeleteUser(name); !s.ok()) {
    return Fail(context, s.code() == base::StatusCode::kNotFound ? NoSuchUser(name) : s);
  }
  context.out << fmt::format("removed user '{}' and {} API token(s)\n", name, tokens->size());
  return Audited(**store, context, "users.remove", name, fmt::format("with {} API token(s)", tokens->size()));
}

// disable, enable, role: one field of an existing user.
template <typename Change>
int ChangeUser(const std::string& name, std::string_view action, Context& context, Change&& change) {
  auto store = OpenStore(context);
  if (!store) return Fail(context, store.error());
  auto existing = (*store)->GetUser(name);
  if (!existing) return Fail(context, existing.error());
  if (!existing->has_value()) return Fail(context, NoSuchUser(name));
  store::UserRecord u = std::move(**existing);
  // change() returns the audit detail, or nullopt when there is nothing to change.
  const std::optional<std::string> detail = change(u);
  if (!detail) return kExitOk;
  u.updated = context.clock->Now();
  if (auto s = (*store)->PutUser(u); !s.ok()) return Fail(context, s);
  return Audited(**store, context, action, name, *detail);
}

int RunSetDisabled(const std::string& name, bool disabled, Context& context) {
  return ChangeUser(name, disabled ? "users.disable" : "users.enable", context,
                    [&](store::UserRecord& u) -> std::optional<std::string> {
                      const char* state = disabled ? "disabled" : "enabled";
                      if (u.disabled == disabled) {
                        context.out << fmt::format("user '{}' is already {}\n", u.name, state);
                        return std::nullopt;
                      }
                      u.disabled = disabled;
                      // The server reads the user on every request, so it sees this at once.
                      context.out << fmt::format("user '{}' {}{}\n", u.name, state,
                                                 disabled ? ": no logins, no API requests" : "");
                      return "";
                    });
}

int RunRole(const std::string& name, const std::string& role_text, Context& context) {
  auto role = RoleArgument(role_text);
  if (!role) return Usage(context, role.error());
  return ChangeUser(name, "users.role", context, [&](store::UserRecord& u) -> std::optional<std::string> {
    if (u.role == *role) {
      context.out << fmt::format("user '{}' is already {}\n", u.name, store::UserRoleName(*role));
      return std::nullopt;
    }
    const std::string detail = fmt::format("{} -> {}", store::UserRoleName(u.role), store::UserRoleName(*role));
    u.role = *role;
    context.out << fmt::format("user '{}' is now {}\n", u.name, store::UserRoleName(u.role));
    return detail;
  });
}

// ---- Tokens ------------------------------------------------------------------

// When a token made at `now` expires: the epoch (never), now + N days or
// hours, or an absolute time that is still to come.
base::Result<base::TimePoint> ParseExpiry(std::string_view text, base::TimePoint now) {
  if (text == "never") return base::TimePoint{};
  // N days or hours: 1 to 6 digits, no leading zero, then d or h.
  const std::string_view digits = text.substr(0, text.empty() ? 0 : text.size() - 1);
  const bool relative = !digits.empty() && digits.size() <= 6 && digits[0] != '0' &&
                        digits.find_first_not_of("0123456789") == std::string_view::npos &&
                        (text.back() == 'd' || text.back() == 'h');
  if (relative) {
    const int64_t n = std::stoll(std::string(digits));
    return now + std::chrono::hours(text.back() == 'd' ? n * 24 : n);
  }
  auto at = ParseTimeArgument(text, now);
  if (!at || *at <= now) {
    return base::InvalidArgument(
        fmt::format("--expires '{}': expected never, a number of days or hours (90d, 12h) or a future "
                    "ISO 8601 time",
                    text));
  }
  return *at;
}

base::Status CheckLabel(std::string_view label) {
  if (label.empty() || label.size() > kMaxLabelLength) {
    return base::InvalidArgument(
        fmt::format("--label: say what the token is for, in 1 to {} characters", kMaxLabelLength));
  }
  for (const char c : label) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return base::InvalidArgument("--label: no control characters (tabs, newlines)");
    }
  }
  return base::Status::Ok();
}

std::string NeverOr(base::TimePoint t) { return t == base::TimePoint{} ? "never" : FormatTime(t); }

int RunTokenAdd(const TokenAddOptions& o, Context& context) {
  if (auto s = CheckLabel(o.label); !s.ok()) return Usage(context, s);
  const base::TimePoint now = context.clock->Now();
  auto expires = ParseExpiry(o.expires, now);
  if (!expires) return Usage(context, expires.error());
  auto store = OpenStore(context);
  if (!store) return Fail(context, store.error());
  const auth::NewToken made = auth::MakeApiToken(context.random);
  store::ApiTokenRecord t;
  t.id = made.id;
  t.user = o.name;
  t.label = o.label;
  t.digest = made.digest;
  t.created = now;
  t.expires = *expires;
  if (auto s = (*store)->AddApiToken(t); !s.ok()) {
    return Fail(context, s.code() == base::StatusCode::kNotFound ? NoSuchUser(o.name) : s);
  }
  // stdout: the token alone, for TOKEN=$(openscs users token add ...).
  context.out << made.token << '\n' << std::flush;
  context.err << fmt::format(
      "created API token {} for user '{}' (label '{}', expires {}).\n"
      "It is shown only this once and cannot be recovered: store it now (revoke with users token revoke {}).\n",
      t.id, t.user, t.label, NeverOr(t.expires), t.id);
  return Audited(**store, context, "users.token.add", t.id,
                 fmt::format("for user '{}', label '{}', expires {}", t.user, t.label, NeverOr(t.expires)));
}

int RunTokenList(const ListOptions& o, Context& context) {
  auto store = OpenStore(context);
  if (!store) return Fail(context, store.error());
  if (!o.name.empty()) {
    auto user = (*store)->GetUser(o.name);
    if (!user) return Fail(context, user.error());
    if (!user->has_value()) return Fail(context, NoSuchUser(o.name));
  }
  auto tokens = (*store)->ListApiTokens(o.name);
  if (!tokens) return Fail(context, tokens.error());
  if (o.json) {
    json j = json::array();
    for (const auto& t : *tokens) {
      j.push_back(json{{"id", t.id},
                       {"user", t.user},
                       {"label", t.label},
                       {"created", FormatTime(t.created)},
                       {"expires", FormatTime(t.expires)},
                       {"last_used", FormatTime(t.last_used)}});
    }
    context.out << j.dump(2) << '\n';
    return kExitOk;
  }
  if (tokens->empty()) {
    context.out << "no API tokens\n";
    return kExitOk;
  }
  const base::TimePoint now = context.clock->Now();
  Table table({"ID", "USER", "LABEL", "CREATED", "EXPIRES", "LAST USED"});
  for (const auto& t : *tokens) {
    std::string expires = NeverOr(t.expires);
    if (t.expires != base::TimePoint{} && t.expires <= now) expires += " (expired)";
    table.AddRow({t.id, t.user, t.label, FormatTime(t.created), expires, NeverOr(t.last_used)});
  }
  table.Print(context.out);
  return kExitOk;
}

int RunTokenRevoke(const std::string& id, Context& context) {
  auto store = OpenStore(context);
  if (!store) return Fail(context, store.error());
  // The owner, for the message and the audit entry.
  auto tokens = (*store)->ListApiTokens("");
  if (!tokens) return Fail(context, tokens.error());
  std::string owner;
  for (const auto& t : *tokens) {
    if (t.id == id) owner = t.user;
  }
  if (auto s = (*store)->DeleteApiToken(id); !s.ok()) {
    if (s.code() == base::StatusCode::kNotFound) {
      return Fail(context, base::NotFound(fmt::format("no API token '{}' (see users token list)", id)));
    }
    return Fail(context, s);
  }
  context.out << fmt::format("revoked API token {} of user '{}'\n", id, owner);
  return Audited(**store, context, "users.token.revoke", id, fmt::format("of user '{}'", owner));
}

void AddPasswordOption(CLI::App& command, PasswordOptions& o) {
  command.add_flag("--password-stdin", o.password_stdin,
                   "Read the password from the first line of standard input (else $OPENSCS_PASSWORD, else a "
                   "prompt)");
}

void AddTokenCommands(CLI::App& users, Context& context, int& exit_code) {
  auto* token = users.add_subcommand("token", "API tokens for scripts (Authorization: Bearer oscs_...)");
  token->require_subcommand(1);

  auto a = std::make_shared<TokenAddOptions>();
  auto* add = token->add_subcommand("add", "Make a token acting as NAME; printed once, only its digest is kept");
  add->add_option("name", a->name, "The user the token acts as (and whose role it has)")->required();
  add->add_option("--label", a->label, "What the token is for (\"prometheus\", \"inventory-sync\")")->required();
  add->add_option("--expires", a->expires, "never, 90d, 12h, or an ISO 8601 time")->capture_default_str();
  add->callback([a, &context, &exit_code] { exit_code = RunTokenAdd(*a, context); });

  auto l = std::make_shared<ListOptions>();
  auto* list = token->add_subcommand("list", "Tokens (never the tokens themselves), oldest first");
  list->add_option("name", l->name, "Only this user's tokens");
  list->add_flag("--json", l->json, "Machine-readable output");
  list->callback([l, &context, &exit_code] { exit_code = RunTokenList(*l, context); });

  auto id = std::make_shared<std::string>();
  auto* revoke = token->add_subcommand("revoke", "Delete a token: requests with it fail from now on");
  revoke->add_option("id", *id, "The token's id (tok_...)")->required();
  revoke->callback([id, &context, &exit_code] { exit_code = RunTokenRevoke(*id, context); });
}

}  // namespace

void AddUsersCommands(CLI::App& app, Context& context, int& exit_code) {
  auto* users = app.add_subcommand("users", "Who may use the web console and the REST API, and their API tokens");
  users->require_subcommand(1);

  auto a = std::make_shared<PasswordOptions>();
  auto* add = users->add_subcommand("add", "Add a user with a password");
  add->add_option("name", a->name, "1 to 64 letters, digits, '.', '_', '@' or '-'")->required();
  add->add_option("--role", a->role, "admin (everything) or viewer (read only, no secrets)")->required();
  AddPasswordOption(*add, *a);
  add->callback([a, &context, &exit_code] { exit_code = RunAdd(*a, context); });

  auto p = std::make_shared<PasswordOptions>();
  auto* passwd = users->add_subcommand("passwd", "Set a user's password");
  passwd->add_option("name", p->name, "The user")->required();
  AddPasswordOption(*passwd, *p);
  passwd->callback([p, &context, &exit_code] { exit_code = RunPasswd(*p, context); });

  auto list_json = std::make_shared<bool>(false);
  auto* list = users->add_subcommand("list", "The users (never their password hashes)");
  list->add_flag("--json", *list_json, "Machine-readable output");
  list->callback([list_json, &context, &exit_code] { exit_code = RunList(*list_json, context); });

  auto remove_name = std::make_shared<std::string>();
  auto* remove = users->add_subcommand("remove", "Remove a user and their API tokens");
  remove->add_option("name", *remove_name, "The user")->required();
  remove->callback([remove_name, &context, &exit_code] { exit_code = RunRemove(*remove_name, context); });

  for (const bool disable : {true, false}) {
    auto name = std::make_shared<std::string>();
    auto* command = users->add_subcommand(
        disable ? "disable" : "enable",
        disable ? "Stop a user's logins and tokens (kept, for enable)" : "Let a disabled user log in again");
    command->add_option("name", *name, "The user")->required();
    command->callback([name, disable, &context, &exit_code] { exit_code = RunSetDisabled(*name, disable, context); });
  }

  auto role_name = std::make_shared<std::string>();
  auto role_value = std::make_shared<std::string>();
  auto* role = users->add_subcommand("role", "Change a user's role");
  role->add_option("name", *role_name, "The user")->required();
  role->add_option("role", *role_value, "admin or viewer")->required();
  role->callback(
      [role_name, role_value, &context, &exit_code] { exit_code = RunRole(*role_name, *role_value, context); });

  AddTokenCommands(*users, context, exit_code);
}

}  // namespace openscs::cli
