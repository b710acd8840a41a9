#pragma once

// The syntax of DNS host names (RFC 952/1123 as hosts use them): what an
// Intel AMT device accepts as its host name and what a provisioning
// certificate's CN must look like. Pure functions; thread-safe.

#include <cstddef>
#include <string_view>

#include "base/status.h"

namespace openscs::dns {

inline constexpr size_t kMaxLabelLength = 63;
inline constexpr size_t kMaxNameLength = 253;  // without the trailing dot

// OK when `label` is 1 to 63 letters, digits and hyphens, neither starting
// nor ending with a hyphen. Otherwise InvalidArgument naming the rule and
// the position (1-based) of the first bad character.
base::Status CheckHostLabel(std::string_view label);

// OK when `name` is a fully qualified host name: at least two labels, each
// passing CheckHostLabel, at most 253 characters; one trailing dot is
// allowed. Wildcards ("*.corp.com") are not host names. InvalidArgument
// naming the offending label otherwise.
base::Status CheckFqdn(std::string_view name);

}  // namespace openscs::dns
