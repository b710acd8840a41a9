#include "dns/host_name.h"

#include <fmt/format.h>

namespace openscs::dns {
namespace {

bool IsLetterOrDigit(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

}  // namespace

base::Status CheckHostLabel(std::string_view label) {
  if (label.empty()) return base::InvalidArgument("host name label is empty");
  if (label.size() > kMaxLabelLength) {
    return base::InvalidArgument(
        fmt::format("host name label '{}' is {} characters; at most {}", label, label.size(), kMaxLabelLength));
  }
  for (size_t i = 0; i < label.size(); ++i) {
    if (!IsLetterOrDigit(label[i]) && label[i] != '-') {
      return base::InvalidArgument(
          fmt::format("host name label '{}': character {} is not a letter, digit or hyphen", label, i + 1));
    }
  }
  if (label.front() == '-' || label.back() == '-') {
    return base::InvalidArgument(fmt::format("host name label '{}' starts or ends with a hyphen", label));
  }
  return base::Status::Ok();
}

base::Status CheckFqdn(std::string_view name) {
  if (name.ends_with('.')) name.remove_suffix(1);
  if (name.size() > kMaxNameLength) {
    return base::InvalidArgument(
        fmt::format("'{}' is {} characters; a DNS name has at most {}", name, name.size(), kMaxNameLength));
  }
  if (name.find('.') == std::string_view::npos) {
    return base::InvalidArgument(fmt::format("'{}' is a single label, not a fully qualified name", name));
  }
  size_t start = 0;
  while (true) {
    const size_t dot = name.find('.', start);
    const std::string_view label = name.substr(start, dot == std::string_view::npos ? name.npos : dot - start);
    if (auto s = CheckHostLabel(label); !s.ok()) return s.WithContext(fmt::format("'{}'", name));
    if (dot == std::string_view::npos) return base::Status::Ok();
    start = dot + 1;
  }
}

}  // namespace openscs::dns
