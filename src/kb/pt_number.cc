#include <charconv>

#include "kb/kb.h"

namespace openscs::kb {
namespace {

std::optional<uint32_t> ParseBase(std::string_view digits, int base) {
  if (digits.empty() || digits.size() > 8) return std::nullopt;
  uint32_t value = 0;
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
  if (ec != std::errc() || ptr != digits.data() + digits.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<uint32_t> ParsePtStatusNumber(std::string_view text) {
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) return ParseBase(text.substr(2), 16);
  if (text.find_first_not_of("0123456789") == std::string_view::npos) return ParseBase(text, 10);
  return ParseBase(text, 16);
}

}  // namespace openscs::kb
