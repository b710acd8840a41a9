#include "kb/kb.h"

#include <algorithm>
#include <array>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "kb/embedded.h"
#include "kb/text.h"

namespace openscs::kb {
namespace {

using nlohmann::json;

constexpr std::array<std::pair<Kind, std::string_view>, 5> kKinds = {{
    {Kind::kOutcome, "outcome"},
    {Kind::kServer, "server"},
    {Kind::kEvent, "event"},
    {Kind::kCause, "cause"},
    {Kind::kPtStatus, "pt_status"},
}};
constexpr std::array<std::string_view, 4> kLevels = {"error", "warning", "info", "debug"};
constexpr std::array<std::string_view, 11> kFields = {"code",   "kind",  "level",     "value",   "title",   "meaning",
                                                      "causes", "fixes", "seed_mode", "aliases", "see_also"};

// Collects the problems of one file; each names the file and the entry.
class Checker {
 public:
  Checker(std::string_view file, std::vector<std::string>& problems) : file_(file), problems_(problems) {}
  void At(std::string where) { where_ = std::move(where); }
  void Problem(std::string_view what) { problems_.push_back(fmt::format("{}: {}: {}", file_, where_, what)); }

  std::string String(const json& j, const char* field, bool required) {
    if (!j.contains(field)) {
      if (required) Problem(fmt::format("missing field '{}'", field));
      return {};
    }
    if (!j[field].is_string() || j[field].get_ref<const std::string&>().empty()) {
      Problem(fmt::format("'{}' must be a non-empty string", field));
      return {};
    }
    return j[field].get<std::string>();
  }

  // `fragments`: items are spliced into sentences, so no final period.
  std::vector<std::string> Strings(const json& j, const char* field, bool fragments) {
    std::vector<std::string> out;
    if (!j.contains(field)) {
      Problem(fmt::format("missing field '{}'", field));
      return out;
    }
    if (!j[field].is_array()) {
      Problem(fmt::format("'{}' must be a list of strings", field));
      return out;
    }
    for (const auto& item : j[field]) {
      if (!item.is_string() || item.get_ref<const std::string&>().empty()) {
        Problem(fmt::format("'{}' must hold non-empty strings", field));
        continue;
      }
      const auto& s = item.get_ref<const std::string&>();
      if (fragments && s.back() == '.') Problem(fmt::format("'{}' item ends with a period: \"{}\"", field, s));
      out.push_back(s);
    }
    return out;
  }

 private:
  std::string_view file_;
  std::vector<std::string>& problems_;
  std::string where_;
};

bool ValidCode(std::string_view code, Kind kind) {
  // PT_STATUS entries use the SDK's upper-case names; every other code is the
  // snake_case key the sources emit.
  const std::string_view allowed =
      kind == Kind::kPtStatus ? "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_" : "abcdefghijklmnopqrstuvwxyz0123456789_";
  return !code.empty() && code.find_first_not_of(allowed) == std::string_view::npos;
}

void ParseEntry(const json& j, Checker& check, std::string_view file, std::vector<Entry>& out) {
  if (!j.is_object()) {
    check.Problem("not an object");
    return;
  }
  Entry e;
  e.file = std::string(file);
  e.code = check.String(j, "code", true);
  if (!e.code.empty()) check.At(e.code);
  for (const auto& [key, value] : j.items()) {
    if (std::find(kFields.begin(), kFields.end(), key) == kFields.end()) check.Problem("unknown field '" + key + "'");
  }
  const std::string kind = check.String(j, "kind", true);
  const auto* k = std::find_if(kKinds.begin(), kKinds.end(), [&](const auto& p) { return p.second == kind; });
  if (k == kKinds.end()) {
    if (!kind.empty()) check.Problem(fmt::format("kind '{}' is not outcome, server, event, cause or pt_status", kind));
  } else {
    e.kind = k->first;
  }
  if (!e.code.empty() && !ValidCode(e.code, e.kind)) {
    check.Problem(e.kind == Kind::kPtStatus ? "a PT_STATUS code is its upper-case name"
                                            : "a code is lower-case snake_case");
  }
  e.level = check.String(j, "level", e.kind == Kind::kEvent);
  if (e.kind != Kind::kEvent && j.contains("level")) check.Problem("'level' is for events only");
  if (!e.level.empty() && std::find(kLevels.begin(), kLevels.end(), e.level) == kLevels.end()) {
    check.Problem(fmt::format("level '{}' is not error, warning, info or debug", e.level));
  }
  const std::string value = check.String(j, "value", e.kind == Kind::kPtStatus);
  if (!value.empty()) {
    if (e.kind != Kind::kPtStatus) check.Problem("'value' is for pt_status entries only");
    if (value.size() < 3 || value.substr(0, 2) != "0x") {
      check.Problem(fmt::format("value '{}' must be hex with 0x", value));
    } else {
      e.value = ParsePtStatusNumber(value);
      if (!e.value) check.Problem(fmt::format("value '{}' is not a number", value));
    }
  }
  e.title = check.String(j, "title", true);
  if (!e.title.empty() && e.title.back() == '.') check.Problem("title ends with a period");
  e.meaning = check.String(j, "meaning", true);
  e.causes = check.Strings(j, "causes", true);
  e.fixes = check.Strings(j, "fixes", true);
  e.aliases = check.Strings(j, "aliases", false);
  e.see_also = check.Strings(j, "see_also", false);
  if (j.contains("seed_mode")) {
    if (!j["seed_mode"].is_number_integer() || j["seed_mode"].get<int>() < 1 || j["seed_mode"].get<int>() > 6) {
      check.Problem("seed_mode must be 1 to 6");
    } else {
      e.seed_mode = j["seed_mode"].get<int>();
    }
  }
  if (!e.code.empty()) out.push_back(std::move(e));
}

}  // namespace

std::string_view KindName(Kind kind) {
  for (const auto& [k, name] : kKinds) {
    if (k == kind) return name;
  }
  return "unknown";
}

base::Result<KnowledgeBase> KnowledgeBase::Load(std::span<const SourceFile> files) {
  std::vector<std::string> problems;
  KnowledgeBase kb;
  for (const auto& file : files) {
    Checker check(file.name, problems);
    check.At("file");
    const json doc = json::parse(file.text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
      check.Problem("not valid JSON");
      continue;
    }
    if (!doc.is_object() || doc.value("format", 0) != 1 || !doc.contains("entries") || !doc["entries"].is_array()) {
      check.Problem("expected {\"format\": 1, \"entries\": [...]}");
      continue;
    }
    size_t index = 0;
    for (const auto& j : doc["entries"]) {
      check.At(fmt::format("entry {}", index++));
      ParseEntry(j, check, file.name, kb.entries_);
    }
  }

  std::set<std::string> codes;
  std::set<uint32_t> values;
  for (const auto& e : kb.entries_) {
    Checker check(e.file, problems);
    check.At(e.code);
    if (!codes.insert(text::Lower(e.code)).second) check.Problem("code used twice");
    if (e.value && !values.insert(*e.value).second) check.Problem(fmt::format("value 0x{:X} used twice", *e.value));
  }
  for (const auto& e : kb.entries_) {
    Checker check(e.file, problems);
    check.At(e.code);
    for (const auto& other : e.see_also) {
      if (!codes.contains(text::Lower(other))) check.Problem(fmt::format("see_also '{}' is no entry", other));
    }
  }
  if (!problems.empty()) return base::InvalidArgument(fmt::format("{}", fmt::join(problems, "\n")));
  return kb;
}

const Entry* KnowledgeBase::Find(std::string_view code) const {
  const std::string wanted = text::Lower(text::Trim(code));
  if (wanted.empty()) return nullptr;
  for (const auto& e : entries_) {
    const std::string lower = text::Lower(e.code);
    if (lower == wanted) return &e;
    if (e.kind == Kind::kPtStatus && lower == "pt_status_" + wanted) return &e;
  }
  if (auto number = ParsePtStatusNumber(wanted)) {
    if (const Entry* e = FindPtStatus(*number)) return e;
    // "10": not a decimal status, but 0x10 is one.
    if (wanted.find_first_not_of("0123456789") == std::string::npos) {
      if (auto hex = ParsePtStatusNumber("0x" + wanted)) return FindPtStatus(*hex);
    }
  }
  return nullptr;
}

const Entry* KnowledgeBase::FindPtStatus(uint32_t value) const {
  for (const auto& e : entries_) {
    if (e.value == value) return &e;
  }
  return nullptr;
}

std::string_view SeedModeName(int mode) {
  static constexpr std::array<std::string_view, 6> kModes = {
      "AMT disabled",
      "AMT enabled, not in Setup Mode (factory default)",
      "AMT enabled, not in Setup Mode (MEBx password changed)",
      "AMT enabled, in Setup Mode for TLS-PSK",
      "AMT enabled, in Setup Mode for Remote Configuration",
      "Setup Mode (4 or 5) with hello packet mode disabled",
  };
  return mode >= 1 && mode <= 6 ? kModes[static_cast<size_t>(mode - 1)] : std::string_view{};
}

std::optional<std::string_view> EmbeddedText(std::string_view name) {
  for (const auto& f : EmbeddedFiles()) {
    if (f.name == name) return f.text;
  }
  return std::nullopt;
}

namespace {

struct BuiltinState {
  KnowledgeBase kb;
  base::Status status;
};

const BuiltinState& State() {
  static const BuiltinState state = [] {
    std::vector<SourceFile> files;
    for (const char* name : {"errors.json", "pt_status.json"}) {
      if (auto text = EmbeddedText(name)) files.push_back({name, *text});
    }
    BuiltinState s;
    auto loaded = KnowledgeBase::Load(files);
    if (loaded) {
      s.kb = std::move(loaded).value();
    } else {
      s.status = loaded.error();
    }
    return s;
  }();
  return state;
}

}  // namespace

const KnowledgeBase& Builtin() { return State().kb; }
const base::Status& BuiltinStatus() { return State().status; }

const Entry* Find(std::string_view code) { return Builtin().Find(code); }
std::vector<Match> Search(std::string_view text, size_t limit) { return Builtin().Search(text, limit); }

}  // namespace openscs::kb
