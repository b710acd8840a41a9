#pragma once

// The MEBx password rule (reference §6.5), which the MEBx, USB One-Touch and
// SetMEBxPassword all enforce: 8-32 characters, at least one digit, one
// lower-case and one upper-case letter and one 7-bit ASCII non-alphanumeric
// character; ':' ',' '"' are not allowed; '_' and space are allowed but do
// not count as the non-alphanumeric character. Some OEM guides ban more
// characters; PasswordRule::extra_banned makes that one switch away.

#include <string>
#include <string_view>

#include "base/status.h"

namespace openscs::mebx {

inline constexpr std::string_view kFactoryDefaultPassword = "admin";
inline constexpr size_t kMinPasswordLength = 8;
inline constexpr size_t kMaxPasswordLength = 32;

struct PasswordRule {
  // Characters banned on top of the Intel rule (HP lists ' < > & and space).
  std::string extra_banned;
};

// OK, or InvalidArgument naming the requirement that failed. The message
// never contains the password or any of its characters except a banned one.
base::Status CheckMebxPassword(std::string_view password, const PasswordRule& rule = {});

bool IsFactoryDefaultPassword(std::string_view password);

}  // namespace openscs::mebx
