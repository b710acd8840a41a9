#include "base/guid.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/hex.h"

namespace openscs::base {
namespace {

// Wire index of each byte in text order: three little-endian fields, then
// eight bytes as they are.
constexpr std::array<size_t, Guid::kSize> kTextOrder = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};

}  // namespace

Guid::Guid(std::span<const std::byte, kSize> raw) { std::copy(raw.begin(), raw.end(), raw_.begin()); }

Result<Guid> Guid::Parse(std::string_view text) {
  if (text.size() == 38 && text.front() == '{' && text.back() == '}') text = text.substr(1, 36);
  if (text.size() != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-') {
    return InvalidArgument(fmt::format("uuid '{}': expected 8-4-4-4-12 hex digits", text));
  }
  auto bytes = FromHex(text);
  if (!bytes) return InvalidArgument(fmt::format("uuid '{}': {}", text, bytes.error().message()));
  Guid guid;
  for (size_t i = 0; i < kSize; ++i) guid.raw_[kTextOrder[i]] = (*bytes)[i];
  return guid;
}

std::string Guid::ToString() const {
  std::array<std::byte, kSize> text_order{};
  for (size_t i = 0; i < kSize; ++i) text_order[i] = raw_[kTextOrder[i]];
  const std::string hex = ToHex(text_order);
  return fmt::format("{}-{}-{}-{}-{}", hex.substr(0, 8), hex.substr(8, 4), hex.substr(12, 4), hex.substr(16, 4),
                     hex.substr(20));
}

}  // namespace openscs::base
