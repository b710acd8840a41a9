#include "cli/explain_command.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "kb/kb.h"

namespace openscs::cli {
namespace {

struct ExplainOptions {
  std::vector<std::string> words;  // the code or text; several words are joined with spaces
  bool json = false;
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// Codes to suggest for text that matched nothing: near misspellings of a
// code first, then weak search hits, then the codes closest in spelling.
std::vector<const kb::Entry*> Closest(std::string_view text, const std::vector<kb::Match>& weak) {
  const std::string lower = Lower(text);
  std::vector<std::pair<size_t, const kb::Entry*>> by_distance;
  for (const auto& e : kb::Builtin().entries()) by_distance.emplace_back(EditDistance(lower, Lower(e.code)), &e);
  std::stable_sort(by_distance.begin(), by_distance.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<const kb::Entry*> out;
  auto add = [&](const kb::Entry* e) {
    if (out.size() < 3 && std::find(out.begin(), out.end(), e) == out.end()) out.push_back(e);
  };
  const size_t typo = std::max<size_t>(2, lower.size() / 4);
  for (const auto& [distance, e] : by_distance) {
    if (distance <= typo) add(e);
  }
  for (const auto& m : weak) add(m.entry);
  for (const auto& [distance, e] : by_distance) add(e);
  return out;
}

std::string ValueText(const kb::Entry& e) {
  return e.value ? fmt::format("0x{:X}, {}", *e.value, *e.value) : std::string();
}

nlohmann::json EntryJson(const kb::Entry& e) {
  nlohmann::json j;
  j["code"] = e.code;
  j["kind"] = kb::KindName(e.kind);
  if (!e.level.empty()) j["level"] = e.level;
  if (e.value) {
    j["value"] = fmt::format("0x{:X}", *e.value);
    j["value_decimal"] = *e.value;
  }
  j["title"] = e.title;
  j["meaning"] = e.meaning;
  j["causes"] = e.causes;
  j["fixes"] = e.fixes;
  if (e.seed_mode) {
    j["seed_mode"] = *e.seed_mode;
    j["seed_mode_name"] = kb::SeedModeName(*e.seed_mode);
  }
  j["aliases"] = e.aliases;
  j["see_also"] = e.see_also;
  return j;
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
  std::vector<kb::Match> matches;
  bool exact = false;
  if (const kb::Entry* e = kb::Find(query)) {
    matches.push_back({e, 0});
    exact = true;
  } else {
    for (const auto& m : kb::Search(query, 3)) {
      if (m.score >= kb::kMatchScore) matches.push_back(m);
    }
  }

  if (matches.empty()) {
    const auto closest = Closest(query, kb::Search(query, 3));
    if (o.json) {
      nlohmann::json j{{"query", query}, {"found", false}, {"closest", nlohmann::json::array()}};
      for (const auto* e : closest) j["closest"].push_back({{"code", e->code}, {"title", e->title}});
      context.out << j.dump(2) << '\n';
    }
    context.err << fmt::format("error: no entry for '{}'\n", query);
    if (!closest.empty()) {
      context.err << "closest codes:\n";
      for (const auto* e : closest) context.err << fmt::format("  {}: {}\n", e->code, e->title);
    }
    return kExitFailure;
  }

  if (o.json) {
    nlohmann::json j{{"query", query}, {"found", true}, {"exact", exact}, {"matches", nlohmann::json::array()}};
    for (const auto& m : matches) {
      auto entry = EntryJson(*m.entry);
      if (!exact) entry["score"] = m.score;
      j["matches"].push_back(std::move(entry));
    }
    context.out << j.dump(2) << '\n';
    return kExitOk;
  }
  if (!exact) context.out << fmt::format("Best match for '{}':\n\n", query);
  PrintEntry(*matches.front().entry, context.out);
  if (matches.size() > 1) {
    context.out << "\nAlso possible:\n";
    for (size_t i = 1; i < matches.size(); ++i) {
      const kb::Entry& e = *matches[i].entry;
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
