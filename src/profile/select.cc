// SelectProfile and the selection rules (profile.h).

#include "profile/profile.h"

#include <algorithm>
#include <cctype>
#include <tuple>

#include <fmt/format.h>

#include "base/guid.h"

namespace openscs::profile {
namespace {

constexpr std::string_view kDomainPrefix = "domain:";
constexpr std::string_view kUuidsPrefix = "uuids:";

struct Rule {
  enum Kind { kAll, kDomain, kUuids } kind = kAll;
  std::string domain_suffix;  // lower case, no outer dots
  std::vector<base::Guid> uuids;
};

std::string_view Trim(std::string_view s, std::string_view chars) {
  while (!s.empty() && chars.find(s.front()) != std::string_view::npos) s.remove_prefix(1);
  while (!s.empty() && chars.find(s.back()) != std::string_view::npos) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

base::Result<Rule> ParseRule(std::string_view text) {
  Rule rule;
  if (text.empty()) return rule;
  if (text.starts_with(kDomainPrefix)) {
    rule.kind = Rule::kDomain;
    rule.domain_suffix = Lower(Trim(text.substr(kDomainPrefix.size()), ". "));
    if (rule.domain_suffix.empty()) return base::InvalidArgument("rule 'domain:' needs a domain suffix after it");
    return rule;
  }
  if (text.starts_with(kUuidsPrefix)) {
    rule.kind = Rule::kUuids;
    std::string_view list = text.substr(kUuidsPrefix.size());
    for (size_t index = 1;; ++index) {
      const size_t comma = list.find(',');
      auto guid = base::Guid::Parse(Trim(list.substr(0, comma), " "));
      if (!guid) return guid.error().WithContext(fmt::format("rule 'uuids:' entry {}", index));
      rule.uuids.push_back(*guid);
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
    return rule;
  }
  return base::InvalidArgument(
      fmt::format("rule '{}' is neither empty, 'domain:<suffix>' nor 'uuids:<uuid>,...'", text));
}

bool DomainEndsWith(std::string_view domain_hint, const std::string& suffix) {
  const std::string domain = Lower(Trim(domain_hint, "."));
  return domain == suffix || domain.ends_with("." + suffix);
}

bool Matches(const Rule& rule, const std::optional<base::Guid>& uuid, std::string_view domain_hint) {
  switch (rule.kind) {
    case Rule::kAll: return true;
    case Rule::kDomain: return DomainEndsWith(domain_hint, rule.domain_suffix);
    case Rule::kUuids: return uuid && std::find(rule.uuids.begin(), rule.uuids.end(), *uuid) != rule.uuids.end();
  }
  return false;
}

const store::ProfileRecord& BuiltInDefault() {
  static const store::ProfileRecord kProfile = [] {
    store::ProfileRecord p;
    p.name = std::string(kDefaultProfileName);
    return p;
  }();
  return kProfile;
}

}  // namespace

base::Status ValidateRule(std::string_view rule) {
  auto parsed = ParseRule(rule);
  return parsed ? base::Status::Ok() : parsed.error();
}

const store::ProfileRecord& SelectProfile(const std::vector<store::ProfileRecord>& profiles, std::string_view uuid,
                                          std::string_view domain_hint) {
  std::vector<const store::ProfileRecord*> ordered;
  for (const auto& p : profiles) ordered.push_back(&p);
  std::stable_sort(ordered.begin(), ordered.end(), [](const auto* a, const auto* b) {
    return std::tie(a->priority, a->name) < std::tie(b->priority, b->name);
  });
  std::optional<base::Guid> guid;
  if (auto parsed = base::Guid::Parse(uuid)) guid = *parsed;
  for (const auto* p : ordered) {
    auto rule = ParseRule(p->rule);
    if (rule && Matches(*rule, guid, domain_hint)) return *p;
  }
  for (const auto* p : ordered) {
    if (p->name == kDefaultProfileName) return *p;
  }
  return BuiltInDefault();
}

}  // namespace openscs::profile
