#include "base/hex.h"

#include <fmt/format.h>

namespace openscs::base {
namespace {

bool IsSeparator(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':' || c == '-'; }

}  // namespace

int HexDigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string ToHex(std::span<const std::byte> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::byte b : bytes) {
    const auto v = static_cast<unsigned>(b);
    out.push_back(kDigits[v >> 4]);
    out.push_back(kDigits[v & 0xF]);
  }
  return out;
}

Result<std::vector<std::byte>> FromHex(std::string_view text) {
  size_t start = 0;
  if (text.starts_with("0x") || text.starts_with("0X")) start = 2;
  std::vector<std::byte> out;
  out.reserve(text.size() / 2);
  int high = -1;
  for (size_t i = start; i < text.size(); ++i) {
    const char c = text[i];
    if (IsSeparator(c)) {
      if (high >= 0) return InvalidArgument(fmt::format("hex: odd digit before separator at position {}", i));
      continue;
    }
    const int v = HexDigitValue(c);
    if (v < 0) return InvalidArgument(fmt::format("hex: '{}' at position {} is not a hex digit", c, i));
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<std::byte>(high << 4 | v));
      high = -1;
    }
  }
  if (high >= 0) return InvalidArgument("hex: odd number of digits");
  return out;
}

std::span<const std::byte> AsBytes(std::string_view text) {
  return std::as_bytes(std::span(text.data(), text.size()));
}

std::string_view AsChars(std::span<const std::byte> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

}  // namespace openscs::base
