// HostNameFor and DesiredDomain (profile.h).

#include "profile/profile.h"

#include <fmt/format.h>

#include "base/guid.h"
#include "dns/host_name.h"

namespace openscs::profile {
namespace {

// Replaces {uuid8} and {uuid} in `templ`; InvalidArgument for anything else
// between braces or a brace without its partner.
base::Result<std::string> Expand(std::string_view templ, const std::string& uuid) {
  std::string out;
  size_t i = 0;
  while (i < templ.size()) {
    if (templ[i] == '}') return base::InvalidArgument(fmt::format("'}}' at character {} has no '{{'", i + 1));
    if (templ[i] != '{') {
      out.push_back(templ[i++]);
      continue;
    }
    const size_t close = templ.find('}', i);
    if (close == std::string_view::npos) {
      return base::InvalidArgument(fmt::format("'{{' at character {} has no '}}'", i + 1));
    }
    const std::string_view placeholder = templ.substr(i + 1, close - i - 1);
    if (placeholder == "uuid8") {
      out += uuid.substr(0, 8);
    } else if (placeholder == "uuid") {
      out += uuid;
    } else {
      return base::InvalidArgument(fmt::format("unknown placeholder {{{}}} (known: {{uuid8}}, {{uuid}})", placeholder));
    }
    i = close + 1;
  }
  return out;
}

}  // namespace

base::Result<std::string> HostNameFor(const store::ProfileRecord& profile, std::string_view uuid,
                                      const std::optional<store::HostNameMapping>& mapping) {
  auto guid = base::Guid::Parse(uuid);
  if (!guid) return guid.error();
  const std::string canonical = guid->ToString();

  if (mapping && !mapping->host_name.empty()) {
    if (auto s = dns::CheckHostLabel(mapping->host_name); !s.ok()) {
      return s.WithContext(fmt::format("host-name mapping for {}", canonical));
    }
    return mapping->host_name;
  }
  const std::string_view templ =
      profile.host_name_template == kMappingTemplate ? kFallbackHostNameTemplate : profile.host_name_template;
  auto name = Expand(templ, canonical);
  if (!name) {
    return name.error().WithContext(fmt::format("profile {}: host_name_template '{}'", profile.name, templ));
  }
  if (auto s = dns::CheckHostLabel(*name); !s.ok()) {
    return s.WithContext(
        fmt::format("profile {}: host_name_template '{}' gives '{}' for {}", profile.name, templ, *name, canonical));
  }
  return name;
}

std::string DesiredDomain(const store::ProfileRecord& profile, const std::optional<store::HostNameMapping>& mapping,
                          std::string_view device_domain) {
  if (mapping && !mapping->domain_name.empty()) return mapping->domain_name;
  if (!profile.domain_name.empty()) return profile.domain_name;
  return std::string(device_domain);
}

}  // namespace openscs::profile
