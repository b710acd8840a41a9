#include "cli/logs_command.h"

#include <cctype>
#include <cmath>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command_support.h"
#include "cli/store_access.h"
#include "cli/time_text.h"
#include "present/system_json.h"

namespace openscs::cli {
namespace {

using nlohmann::json;

constexpr std::chrono::milliseconds kPollInterval{500};

struct LogsOptions {
  std::string uuid;
  std::string level;
  std::string since;
  size_t limit = 1000;
  bool follow = false;
  double follow_for = 0;  // seconds; 0 = until interrupted
  bool json = false;
};

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string TextLine(const store::LogEntry& e) {
  const std::string where = e.step.empty() ? "" : e.step + ": ";
  return fmt::format("{} {} {} {} {}{}", FormatTime(e.at), Upper(store::LogLevelName(e.level)),
                     e.uuid.empty() ? "-" : e.uuid, e.code, where, e.message);
}

base::Result<store::LogQuery> MakeQuery(const LogsOptions& o, const Context& context) {
  store::LogQuery q;
  q.limit = o.limit;
  if (!o.uuid.empty()) {
    auto uuid = CanonicalUuid(o.uuid, "--uuid");
    if (!uuid) return uuid.error();
    q.uuid = *uuid;
  }
  if (!o.level.empty()) {
    auto level = store::ParseLogLevel(o.level);
    if (!level) {
      return base::InvalidArgument(fmt::format("--level '{}': expected error, warning, info or debug", o.level));
    }
    q.max_level = *level;
  }
  if (!o.since.empty()) {
    auto since = ParseTimeArgument(o.since, context.clock->Now());
    if (!since) return since.error().WithContext("--since");
    q.since = *since;
  }
  return q;
}

// Prints entries as the options ask; returns the last id printed (or `last`).
int64_t Print(const std::vector<store::LogEntry>& entries, const LogsOptions& o, int64_t last, Context& context) {
  for (const auto& e : entries) {
    if (o.json) {
      context.out << present::LogEntryJson(e).dump() << '\n';
    } else {
      context.out << TextLine(e) << '\n';
    }
    last = e.id;
  }
  context.out << std::flush;
  return last;
}

int RunLogs(const LogsOptions& o, Context& context) {
  auto query = MakeQuery(o, context);
  if (!query) return Fail(context, query.error());
  auto store = OpenStore(context);
  if (!store) return Fail(context, store.error());
  auto entries = (*store)->QueryLogs(*query);
  if (!entries) return Fail(context, entries.error());
  if (!o.follow && o.follow_for <= 0) {
    if (o.json) {
      json j = json::array();
      for (const auto& e : *entries) j.push_back(present::LogEntryJson(e));
      context.out << j.dump(2) << '\n';
    } else {
      Print(*entries, o, 0, context);
    }
    return kExitOk;
  }

  int64_t last_id = Print(*entries, o, 0, context);
  // A number of polls rather than a deadline, so a bounded follow ends on any clock.
  const auto polls = static_cast<int64_t>(std::ceil(o.follow_for * 1000.0 / kPollInterval.count()));
  for (int64_t i = 0; o.follow_for <= 0 || i < polls; ++i) {
    std::this_thread::sleep_for(context.clock->ToRealDuration(kPollInterval));
    store::LogQuery next = *query;
    next.after_id = last_id;
    next.limit = 0;
    auto more = (*store)->QueryLogs(next);
    if (!more) return Fail(context, more.error());
    last_id = Print(*more, o, last_id, context);
  }
  return kExitOk;
}

}  // namespace

void AddLogsCommand(CLI::App& app, Context& context, int& exit_code) {
  auto o = std::make_shared<LogsOptions>();
  auto* logs = app.add_subcommand("logs", "The provisioning log, oldest first");
  logs->add_option("--uuid", o->uuid, "Only this system's entries");
  logs->add_option("--level", o->level, "This level and more severe: error, warning, info, debug");
  logs->add_option("--since", o->since, "Only entries since an age (10m, 2h, 1d) or an ISO 8601 time");
  logs->add_option("--limit,-n", o->limit, "At most the newest N entries (0: all)")->capture_default_str();
  logs->add_flag("--follow,-f", o->follow, "Keep printing new entries until interrupted");
  logs->add_option("--follow-for", o->follow_for, "Stop following after SECONDS")
      ->check(CLI::PositiveNumber)
      ->group("");  // hidden: for tests
  logs->add_flag("--json", o->json, "Machine-readable output (one object per line with --follow)");
  logs->callback([o, &context, &exit_code] { exit_code = RunLogs(*o, context); });
}

}  // namespace openscs::cli
