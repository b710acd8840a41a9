#include "present/explain_json.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace openscs::present {
namespace {

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

}  // namespace

nlohmann::json KbEntryJson(const kb::Entry& e) {
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

ExplainAnswer Explain(std::string_view query) {
  ExplainAnswer a;
  a.query = std::string(query);
  if (const kb::Entry* e = kb::Find(query)) {
    a.matches.push_back({e, 0});
    a.exact = true;
    return a;
  }
  const auto hits = kb::Search(query, 3);
  for (const auto& m : hits) {
    if (m.score >= kb::kMatchScore) a.matches.push_back(m);
  }
  if (a.matches.empty()) a.closest = Closest(query, hits);
  return a;
}

nlohmann::json ExplainJson(const ExplainAnswer& a) {
  if (a.matches.empty()) {
    nlohmann::json j{{"query", a.query}, {"found", false}, {"closest", nlohmann::json::array()}};
    for (const auto* e : a.closest) j["closest"].push_back({{"code", e->code}, {"title", e->title}});
    return j;
  }
  nlohmann::json j{{"query", a.query}, {"found", true}, {"exact", a.exact}, {"matches", nlohmann::json::array()}};
  for (const auto& m : a.matches) {
    auto entry = KbEntryJson(*m.entry);
    if (!a.exact) entry["score"] = m.score;
    j["matches"].push_back(std::move(entry));
  }
  return j;
}

}  // namespace openscs::present
