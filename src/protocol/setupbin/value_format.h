#pragma once

// Checking and showing one variable's value by its type (variables.h). Pure.

#include <cstddef>
#include <span>
#include <string>

#include "base/status.h"
#include "protocol/setupbin/variables.h"

namespace openscs::setupbin {

// OK, or InvalidArgument saying what is wrong with the value for its type:
// length limits, charsets (printable ASCII; PID/PPS A-Z0-9), fixed sizes,
// enum values, and what depends on the file `version` (SHA-256/384
// certificate hashes and IPv6 server addresses need v3). The message never
// holds the value itself, so a secret cannot leak through it. The variable's
// own minimum version is not checked here (see VariableInfo::min_version).
base::Status ValidateValue(const VariableInfo& info, std::span<const std::byte> value, FileVersion version);

// Display text: strings as text, numbers with enum names, GUIDs, IP
// addresses, certificate hashes; secrets as "<redacted, N characters>"
// unless `reveal`.
std::string FormatValue(const VariableInfo& info, std::span<const std::byte> value, bool reveal);

// "0x" + hex, for values of unknown variables and for values too malformed
// for FormatValue (which falls back to it).
std::string FormatRaw(std::span<const std::byte> value);

}  // namespace openscs::setupbin
