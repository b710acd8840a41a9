#include "metrics/text_format.h"

#include <cmath>

#include <fmt/format.h>

namespace openscs::metrics {
namespace {

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The index of the first character `ok` refuses, or npos.
template <typename First, typename Rest>
size_t FirstBad(std::string_view name, First first_ok, Rest rest_ok) {
  for (size_t i = 0; i < name.size(); ++i) {
    if (!(i == 0 ? first_ok(name[i]) : rest_ok(name[i]))) return i;
  }
  return std::string_view::npos;
}

base::Status BadCharacter(std::string_view what, std::string_view name, size_t at, std::string_view rule) {
  return base::InvalidArgument(fmt::format("{} '{}': character {} (0x{:02x}) is not allowed there; {} names match {}",
                                           what, name, at, static_cast<unsigned char>(name[at]), what, rule));
}

}  // namespace

base::Status ValidateMetricName(std::string_view name) {
  constexpr std::string_view kRule = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  if (name.empty()) return base::InvalidArgument(fmt::format("metric name is empty; metric names match {}", kRule));
  const size_t bad = FirstBad(
      name, [](char c) { return IsAsciiLetter(c) || c == '_' || c == ':'; },
      [](char c) { return IsAsciiLetter(c) || IsDigit(c) || c == '_' || c == ':'; });
  if (bad != std::string_view::npos) return BadCharacter("metric", name, bad, kRule);
  return base::Status::Ok();
}

base::Status ValidateLabelName(std::string_view name) {
  constexpr std::string_view kRule = "[a-zA-Z_][a-zA-Z0-9_]*";
  if (name.empty()) return base::InvalidArgument(fmt::format("label name is empty; label names match {}", kRule));
  const size_t bad = FirstBad(
      name, [](char c) { return IsAsciiLetter(c) || c == '_'; },
      [](char c) { return IsAsciiLetter(c) || IsDigit(c) || c == '_'; });
  if (bad != std::string_view::npos) return BadCharacter("label", name, bad, kRule);
  if (name.starts_with("__")) {
    return base::InvalidArgument(fmt::format("label '{}': names starting with '__' are reserved for Prometheus", name));
  }
  return base::Status::Ok();
}

std::string EscapeHelp(std::string_view help) {
  std::string out;
  out.reserve(help.size());
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string EscapeLabelValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string FormatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  // fmt's default for a double is the shortest round-trip form.
  return fmt::format("{}", value);
}

std::string FormatValue(uint64_t value) { return fmt::format("{}", value); }

}  // namespace openscs::metrics
