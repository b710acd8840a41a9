#include "cli/explain_command.h"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "kb/kb.h"
#include "present/explain_json.h"

namespace openscs::cli {
namespace {

struct ExplainOptions {
  std::vector<std::string> words;  // the code or text; several words are joined with spaces
  bool json = false;
};

std::string ValueText(const kb::Entry& e) {
  return e.value ? fmt::format("0x{:X}, {}", *e.value, *e.value) : std::string();
}

void PrintEntry(const kb::Entry& e, std::ostream& out) {
  out << e.code;
  if (e.value) out << " (" << ValueText(e) << ")";
  out << ": " << e.title << '\n';
  out << "kind: " << kb::KindName(e.kind);
  if (!e.level.empty()) out << ", logged at level " << e.level;
  out << '\n';
  if (e.seed_mode) out << fmt::format("seed mode: {} ({})\n", *e.seed_mode, kb::SeedModeName(*e.seed_mode));
  out << '\n' << e.meaning << '\n';
  if (!e.causes.empty()) {
    out << "\nLikely causes:\n";
    for (const auto& c : e.causes) out << "  - " << c << '\n';
  }
  if (!e.fixes.empty()) {
    out << "\nFixes:\n";
    for (size_t i = 0; i < e.fixes.size(); ++i) out << fmt::format("  {}. {}\n", i + 1, e.fixes[i]);
  }
  if (!e.see_also.empty()) out << fmt::format("\nSee also: {}\n", fmt::join(e.see_also, ", "));
}

int RunExplain(const ExplainOptions& o, Context& context) {
  const std::string query = fmt::format("{}", fmt::join(o.words, " "));
  if (!kb::BuiltinStatus().ok()) {
    context.err << "error: the built-in knowledge base is invalid: " << kb::BuiltinStatus().message() << '\n';
    return kExitFailure;
  }
  const present::ExplainAnswer answer = present::Explain(query);
  if (o.json) context.out << present::ExplainJson(answer).dump(2) << '\n';

  if (answer.matches.empty()) {
    context.err << fmt::format("error: no entry for '{}'\n", query);
    if (!answer.closest.empty()) {
      context.err << "closest codes:\n";
      for (const auto* e : answer.closest) context.err << fmt::format("  {}: {}\n", e->code, e->title);
    }
    return kExitFailure;
  }
  if (o.json) return kExitOk;
  if (!answer.exact) context.out << fmt::format("Best match for '{}':\n\n", query);
  PrintEntry(*answer.matches.front().entry, context.out);
  if (answer.matches.size() > 1) {
    context.out << "\nAlso possible:\n";
    for (size_t i = 1; i < answer.matches.size(); ++i) {
      const kb::Entry& e = *answer.matches[i].entry;
      context.out << fmt::format("  {}: {} (openscs explain {})\n", e.code, e.title, e.code);
    }
  }
  return kExitOk;
}

}  // namespace

void AddExplainCommand(CLI::App& app, Context& context, int& exit_code) {
  auto o = std::make_shared<ExplainOptions>();
  auto* explain = app.add_subcommand(
      "explain", "What a code, a PT_STATUS (0x80D, 2061) or a pasted log line means, and how to fix it");
  explain->add_option("what", o->words, "A code (pid_not_found), a PT_STATUS (0x80D) or text to search for")
      ->required();
  explain->add_flag("--json", o->json, "Machine-readable output");
  explain->callback([o, &context, &exit_code] { exit_code = RunExplain(*o, context); });
}

}  // namespace openscs::cli
