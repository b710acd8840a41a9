#pragma once

// A 16-byte GUID/UUID kept exactly as it travels on the wire. Intel AMT (and
// SMBIOS) store the first three fields little-endian, so the text form
// "4c4c4544-004b-4210-8033-b6c04f504633" is bytes 44 45 4c 4c 4b 00 10 42 80 33 ...

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "base/status.h"

namespace openscs::base {

class Guid {
 public:
  static constexpr size_t kSize = 16;

  Guid() = default;  // all zero
  explicit Guid(std::span<const std::byte, kSize> raw);

  // Parses canonical text (8-4-4-4-12 hex, optional braces, any case).
  static Result<Guid> Parse(std::string_view text);

  // Canonical lower-case text, first three fields byte-swapped from the wire.
  std::string ToString() const;
  const std::array<std::byte, kSize>& raw() const { return raw_; }

  friend auto operator<=>(const Guid&, const Guid&) = default;

 private:
  std::array<std::byte, kSize> raw_{};
};

}  // namespace openscs::base
