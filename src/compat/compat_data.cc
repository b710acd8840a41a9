#include "compat/compat_data.h"

#include <algorithm>
#include <array>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace openscs::compat::internal {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 9> kConditionKeys = {
    "target", "method", "amt", "amt_min", "amt_below", "capabilities", "scs", "scs_below", "oobm"};

class Parser {
 public:
  explicit Parser(std::vector<std::string>& problems) : problems_(problems) {}
  void At(std::string where) { where_ = std::move(where); }
  void Problem(std::string_view what) { problems_.push_back(fmt::format("compat.json: {}: {}", where_, what)); }

  std::string String(const json& j, const char* key, bool required) {
    if (!j.contains(key)) {
      if (required) Problem(fmt::format("missing '{}'", key));
      return {};
    }
    if (!j[key].is_string()) {
      Problem(fmt::format("'{}' must be a string", key));
      return {};
    }
    return j[key].get<std::string>();
  }

  std::optional<VersionPattern> Pattern(const json& j) {
    if (!j.is_string()) {
      Problem("a version must be a string");
      return std::nullopt;
    }
    auto p = ParsePattern(j.get<std::string>());
    if (!p) {
      Problem(p.error().message());
      return std::nullopt;
    }
    return *p;
  }

  std::vector<VersionPattern> Patterns(const json& j, const char* key) {
    std::vector<VersionPattern> out;
    if (!j.contains(key)) return out;
    if (!j[key].is_array() || j[key].empty()) {
      Problem(fmt::format("'{}' must be a non-empty list of versions", key));
      return out;
    }
    for (const auto& v : j[key]) {
      if (auto p = Pattern(v)) out.push_back(*p);
    }
    return out;
  }

  std::optional<amt::Version> Version(const json& j, const char* key) {
    if (!j.contains(key)) return std::nullopt;
    if (auto p = Pattern(j[key])) return p->version;
    return std::nullopt;
  }

 private:
  std::vector<std::string>& problems_;
  std::string where_;
};

Condition ParseCondition(const json& j, Parser& p) {
  Condition c;
  if (!j.is_object()) {
    p.Problem("'when' must be an object");
    return c;
  }
  for (const auto& [key, value] : j.items()) {
    if (std::find(kConditionKeys.begin(), kConditionKeys.end(), key) == kConditionKeys.end()) {
      p.Problem(fmt::format("unknown condition '{}'", key));
    }
  }
  if (j.contains("target")) {
    c.target = p.String(j, "target", true);
    if (c.target != "openscs" && c.target != "scs") p.Problem("target must be \"openscs\" or \"scs\"");
  }
  if (j.contains("method")) {
    auto m = ParseMethod(p.String(j, "method", true));
    if (m) {
      c.method = *m;
    } else {
      p.Problem(m.error().message());
    }
  }
  c.amt = p.Patterns(j, "amt");
  c.amt_min = p.Version(j, "amt_min");
  c.amt_below = p.Version(j, "amt_below");
  c.scs = p.Patterns(j, "scs");
  c.scs_below = p.Version(j, "scs_below");
  c.oobm = p.Patterns(j, "oobm");
  if (j.contains("capabilities")) {
    if (!j["capabilities"].is_array()) p.Problem("'capabilities' must be a list");
    for (const auto& cap : j["capabilities"]) {
      if (!cap.is_string()) {
        p.Problem("a capability must be a string");
        continue;
      }
      std::string name = cap.get<std::string>();
      const bool wanted = name.empty() || name[0] != '!';
      if (!wanted) name.erase(0, 1);
      if (!Capability(amt::Capabilities{}, name)) p.Problem(fmt::format("unknown capability '{}'", name));
      c.capabilities.emplace_back(std::move(name), wanted);
    }
  }
  return c;
}

}  // namespace

base::Result<VersionPattern> ParsePattern(std::string_view text) {
  auto v = amt::Version::Parse(text);
  if (!v) return v.error();
  VersionPattern p{*v, 1 + static_cast<int>(std::count(text.begin(), text.end(), '.')), std::string(text)};
  if (p.parts > 3) return base::InvalidArgument(fmt::format("version '{}' has more than three parts", text));
  return p;
}

bool Matches(const VersionPattern& pattern, const amt::Version& version) {
  if (pattern.version.major != version.major) return false;
  if (pattern.parts >= 2 && pattern.version.minor != version.minor) return false;
  if (pattern.parts >= 3 && pattern.version.patch != version.patch) return false;
  return true;
}

std::optional<bool> Capability(const amt::Capabilities& caps, std::string_view name) {
  if (name == "remote_configuration") return caps.remote_configuration;
  if (name == "psk_hello") return caps.psk_hello;
  if (name == "legacy_soap") return caps.legacy_soap;
  if (name == "wsman") return caps.wsman;
  if (name == "sha256_hashes") return caps.sha256_hashes;
  if (name == "tls10") return caps.tls10;
  if (name == "tls12") return caps.tls12;
  if (name == "two_label_cn_match") return caps.two_label_cn_match;
  if (name == "notebook") return caps.form_factor == amt::FormFactor::kNotebook;
  return std::nullopt;
}

base::Result<Data> ParseData(std::string_view json_text) {
  std::vector<std::string> problems;
  Parser p(problems);
  p.At("file");
  const json doc = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object() || doc.value("format", 0) != 1) {
    return base::InvalidArgument("compat.json: not JSON of {\"format\": 1, ...}");
  }
  Data data;
  p.At("openscs");
  if (doc.contains("openscs") && doc["openscs"].is_object()) {
    data.summary = p.String(doc["openscs"], "summary", true);
  } else {
    p.Problem("missing object 'openscs'");
  }

  size_t index = 0;
  for (const auto& r : doc.value("rows", json::array())) {
    p.At(fmt::format("rows[{}]", index++));
    Row row;
    row.row.oobm = p.String(r, "oobm", true);
    row.row.scs = p.String(r, "scs", true);
    row.row.source = p.String(r, "source", true);
    row.row.note = p.String(r, "note", false);
    if (auto o = p.Pattern(row.row.oobm)) row.oobm = *o;
    if (auto s = p.Pattern(row.row.scs)) row.scs = *s;
    row.amt = p.Patterns(r, "amt");
    if (row.amt.empty()) p.Problem("missing 'amt'");
    for (const auto& a : row.amt) row.row.amt.push_back(a.text);
    if (row.row.source != "seed" && row.row.source != "reference") p.Problem("source must be seed or reference");
    data.table.push_back(row.row);
    data.rows.push_back(std::move(row));
  }
  if (data.rows.empty()) p.Problem("no rows");

  std::set<std::string> ids;
  index = 0;
  for (const auto& r : doc.value("rules", json::array())) {
    Rule rule;
    rule.id = p.String(r, "id", true);
    p.At(rule.id.empty() ? fmt::format("rules[{}]", index) : "rule " + rule.id);
    ++index;
    if (!rule.id.empty() && !ids.insert(rule.id).second) p.Problem("rule id used twice");
    if (!r.contains("when")) p.Problem("missing 'when'");
    rule.when = ParseCondition(r.value("when", json::object()), p);
    const std::string effect = p.String(r, "effect", true);
    if (effect == "fail") {
      rule.effect = Effect::kFail;
    } else if (effect == "warn") {
      rule.effect = Effect::kWarn;
    } else if (effect == "note") {
      rule.effect = Effect::kNote;
    } else {
      p.Problem("effect must be fail, warn or note");
    }
    rule.cause = p.String(r, "cause", false);
    rule.text = p.String(r, "text", true);
    data.rules.push_back(std::move(rule));
  }
  if (!problems.empty()) return base::InvalidArgument(fmt::format("{}", fmt::join(problems, "\n")));
  return data;
}

}  // namespace openscs::compat::internal
