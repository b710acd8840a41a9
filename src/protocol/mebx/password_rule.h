#pragma once

// The MEBx password rule (reference §6.5; docs/formats/mebx-password.md),
// which the MEBx, USB One-Touch (setup.bin "new MEBx password") and
// SetMEBxPassword all enforce:
//  - 8 to 32 characters, each printable 7-bit ASCII (0x20-0x7e);
//  - at least one digit, one lower-case letter, one upper-case letter and one
//    non-alphanumeric character; '_' and space are allowed but do not count
//    as that non-alphanumeric character;
//  - ':' ',' '"' are not allowed.
// Some OEM guides ban more characters; PasswordRule::extra_banned makes that
// one switch away. Pure functions; thread-safe.

#include <cstddef>
#include <string>
#include <string_view>

#include "base/status.h"

namespace openscs::mebx {

// The password every unit ships with; it must be changed at first MEBx login.
inline constexpr std::string_view kFactoryDefaultPassword = "admin";
inline constexpr size_t kMinPasswordLength = 8;
inline constexpr size_t kMaxPasswordLength = 32;
// Banned by Intel's rule.
inline constexpr std::string_view kBannedCharacters = ":,\"";
// What HP's guides ban on top: ' < > & and space.
inline constexpr std::string_view kHpExtraBanned = "'<>& ";

struct PasswordRule {
  // Characters banned on top of Intel's rule. Default: none (Intel's rule);
  // kHpExtraBanned for HP's stricter list.
  std::string extra_banned;
};

// OK, or InvalidArgument naming the first requirement that failed, checked in
// this order: length; each character (printable 7-bit ASCII, not banned);
// digit; lower-case; upper-case; non-alphanumeric. The message never contains
// the password; it may quote the one banned character it found and give a
// character's position.
base::Status CheckMebxPassword(std::string_view password, const PasswordRule& rule = {});

// True for the factory default "admin" (case-sensitive).
bool IsFactoryDefaultPassword(std::string_view password);

}  // namespace openscs::mebx
