#pragma once

// Hex text <-> bytes, for CLI input, logs and test vectors.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace openscs::base {

// The value of one hex digit (either case), or -1 when `c` is not one.
int HexDigitValue(char c);

// Lower-case hex, no separators.
std::string ToHex(std::span<const std::byte> bytes);

// Accepts upper/lower case and ignores whitespace, ':' and '-' between bytes
// (what people paste from Wireshark or a hexdump), and an optional "0x"
// prefix. Errors name the character position of the first bad character.
Result<std::vector<std::byte>> FromHex(std::string_view text);

std::span<const std::byte> AsBytes(std::string_view text);
std::string_view AsChars(std::span<const std::byte> bytes);

}  // namespace openscs::base
