#include "web/url.h"

#include <fmt/format.h>

#include "base/hex.h"

namespace openscs::web {

std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int hi = base::HexDigitValue(text[i + 1]);
      const int lo = base::HexDigitValue(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

base::Result<Target> ParseTarget(std::string_view target) {
  if (target.empty() || target.front() != '/') {
    return base::InvalidArgument("request target must be an absolute path starting with '/'");
  }
  const size_t question = target.find('?');
  const std::string_view raw_path = target.substr(0, question);
  // Encoded separators would become path segments only after the router
  // split the path: refuse them instead of guessing.
  for (std::string_view bad : {"%2f", "%2F", "%5c", "%5C", "%00"}) {
    if (raw_path.find(bad) != std::string_view::npos) {
      return base::InvalidArgument(fmt::format("request path holds an encoded '{}'", bad));
    }
  }
  auto path = PercentDecode(raw_path, false);
  if (!path) return base::InvalidArgument("request path has a malformed percent escape");
  if (path->find('\\') != std::string::npos) return base::InvalidArgument("request path holds a backslash");
  // "." and ".." segments: a client never needs them, an attacker does.
  size_t start = 1;
  while (start <= path->size()) {
    const size_t slash = path->find('/', start);
    const std::string_view segment =
        std::string_view(*path).substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (segment == "." || segment == "..") {
      return base::InvalidArgument("request path holds a '.' or '..' segment");
    }
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  Target out;
  out.path = std::move(*path);
  if (question != std::string_view::npos) {
    std::string_view rest = target.substr(question + 1);
    while (!rest.empty()) {
      const size_t amp = rest.find('&');
      const std::string_view pair = rest.substr(0, amp);
      rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
      if (pair.empty()) continue;
      const size_t eq = pair.find('=');
      auto name = PercentDecode(pair.substr(0, eq), true);
      auto value = PercentDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true);
      if (!name || !value) {
        return base::InvalidArgument(
            fmt::format("query parameter '{}' has a malformed percent escape", pair.substr(0, std::min<size_t>(eq, 40))));
      }
      out.query.emplace(std::move(*name), std::move(*value));
    }
  }
  return out;
}

}  // namespace openscs::web
