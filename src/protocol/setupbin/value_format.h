#pragma once

// Checking and showing one variable's value by its type.

#include <cstddef>
#include <span>
#include <string>

#include "base/status.h"
#include "protocol/setupbin/variables.h"

namespace openscs::setupbin {

// OK, or InvalidArgument saying what is wrong with the value (never the
// value of a secret).
base::Status ValidateValue(const VariableInfo& info, std::span<const std::byte> value, FileVersion version);

// Display text: strings as text, numbers with enum names, GUIDs, IP
// addresses, certificate hashes; secrets as "<redacted, N characters>"
// unless `reveal`.
std::string FormatValue(const VariableInfo& info, std::span<const std::byte> value, bool reveal);

// Hex for values of unknown variables.
std::string FormatRaw(std::span<const std::byte> value);

}  // namespace openscs::setupbin
