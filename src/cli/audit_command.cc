#include "cli/audit_command.h"

#include <cmath>
#include <thread>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/command_support.h"
#include "cli/store_access.h"
#include "cli/time_text.h"

namespace openscs::cli {
namespace {

using nlohmann::json;

constexpr std::chrono::milliseconds kPollInterval{500};

struct AuditOptions {
  std::string user;
  std::string action;
  size_t limit = 200;
  bool follow = false;
  double follow_for = 0;  // seconds; 0 = until interrupted
  bool json = false;
};

std::string TextLine(const store::AuditEntry& e) {
  std::string line = fmt::format("{} {} via {}", FormatTime(e.at), e.user, e.via);
  if (!e.remote.empty()) line += fmt::format(" from {}", e.remote);
  line += fmt::format(" {} {} {}", e.action, e.target.empty() ? "-" : e.target, e.success ? "ok" : "FAILED");
  if (!e.detail.empty()) line += ": " + e.detail;
  return line;
}

json EntryJson(const store::AuditEntry& e) {
  return json{{"id", e.id},           {"at", FormatTime(e.at)}, {"user", e.user},
              {"via", e.via},         {"action", e.action},     {"target", e.target},
              {"success", e.success}, {"detail", e.detail},     {"remote", e.remote}};
}

int64_t Print(const std::vector<store::AuditEntry>& entries, bool as_json, int64_t last, Context& context) {
  for (const auto& e : entries) {
    context.out << (as_json ? EntryJson(e).dump() : TextLine(e)) << '\n';
    last = e.id;
  }
  context.out << std::flush;
  return last;
}

int RunAudit(const AuditOptions& o, Context& context) {
  store::AuditQuery query;
  query.user = o.user;
  query.action_prefix = o.action;
  query.limit = o.limit;
  auto store = OpenStore(context);
  if (!store) return Fail(context, store.error());
  auto entries = (*store)->QueryAudit(query);
  if (!entries) return Fail(context, entries.error());
  const bool following = o.follow || o.follow_for > 0;
  if (!following) {
    if (o.json) {
      json j = json::array();
      for (const auto& e : *entries) j.push_back(EntryJson(e));
      context.out << j.dump(2) << '\n';
    } else {
      Print(*entries, false, 0, context);
    }
    return kExitOk;
  }

  // With nothing printed yet, last_id stays 0 and a poll asks for every
  // match: there were none at the first query, so all it finds is new.
  int64_t last_id = Print(*entries, o.json, 0, context);
  // A number of polls rather than a deadline, so a bounded follow ends on any clock.
  const auto polls = static_cast<int64_t>(std::ceil(o.follow_for * 1000.0 / kPollInterval.count()));
  for (int64_t i = 0; o.follow_for <= 0 || i < polls; ++i) {
    std::this_thread::sleep_for(context.clock->ToRealDuration(kPollInterval));
    store::AuditQuery next = query;
    next.after_id = last_id;
    next.limit = 0;
    auto more = (*store)->QueryAudit(next);
    if (!more) return Fail(context, more.error());
    last_id = Print(*more, o.json, last_id, context);
  }
  return kExitOk;
}

}  // namespace

base::Status AppendCliAudit(store::Store& store, const Context& context, std::string_view action,
                            std::string_view target, std::string_view detail) {
  store::AuditEntry e;
  e.at = context.clock->Now();
  e.user = "cli:" + CurrentUser();
  e.via = "cli";
  e.action = std::string(action);
  e.target = std::string(target);
  e.detail = std::string(detail);
  e.success = true;
  auto id = store.AppendAudit(e);
  if (!id) return id.error().WithContext("writing the audit entry");
  return base::Status::Ok();
}

void AddAuditCommand(CLI::App& app, Context& context, int& exit_code) {
  auto o = std::make_shared<AuditOptions>();
  auto* audit = app.add_subcommand("audit", "Who changed what, or saw which secret, and when (oldest first)");
  audit->add_option("--user", o->user, "Only this user's entries (\"cli:root\" for the CLI's)");
  audit->add_option("--action", o->action, "Only actions starting with PREFIX (\"keys.\", \"users.\", \"login\")");
  audit->add_option("--limit,-n", o->limit, "At most the newest N entries (0: all)")->capture_default_str();
  audit->add_flag("--follow,-f", o->follow, "Keep printing new entries until interrupted");
  audit->add_option("--follow-for", o->follow_for, "Stop following after SECONDS")
      ->check(CLI::PositiveNumber)
      ->group("");  // hidden: for tests
  audit->add_flag("--json", o->json, "Machine-readable output (one object per line with --follow)");
  audit->callback([o, &context, &exit_code] { exit_code = RunAudit(*o, context); });
}

}  // namespace openscs::cli
