#pragma once

// Console passwords: the policy a new one must meet, and its stored form, a
// libsodium crypto_pwhash_str string (Argon2id, "$argon2id$v=19$m=...").
// The string carries its own random salt and cost parameters, so a hash made
// today still verifies after the defaults change; NeedsRehash() says when
// to replace it (on the next successful login).
//
// Nothing here logs, and no message contains a password.

#include <string>
#include <string_view>

#include "base/status.h"

namespace openscs::auth {

// The policy, deliberately short: at least kMinPasswordLength characters
// (UTF-8 code points) and at most kMaxPasswordBytes bytes. Length is what
// makes a password hard to guess; class rules (a digit, a capital) make it
// harder to remember and barely harder to guess, so there are none.
inline constexpr size_t kMinPasswordLength = 10;
inline constexpr size_t kMaxPasswordBytes = 1024;

// kInvalidArgument naming the rule broken ("at least 10 characters"),
// never the password.
base::Status CheckPasswordPolicy(std::string_view password);

// Hashes with Argon2id at libsodium's INTERACTIVE limits (about 64 MiB and a
// fraction of a second). Does not check the policy. kInternal when libsodium
// cannot allocate the memory the hash needs; kInvalidArgument for a
// password longer than libsodium accepts.
base::Result<std::string> HashPassword(std::string_view password);

// True when `password` matches `hash` (a HashPassword() string). False for a
// wrong password and for a hash that is not a crypto_pwhash_str string
// (an empty one included). For a valid hash it takes the hash's own time,
// right password or wrong.
bool VerifyPassword(std::string_view hash, std::string_view password);

// True when `hash` was made with other parameters than HashPassword() uses
// today (or is not a valid hash): rehash the password after verifying it.
bool NeedsRehash(std::string_view hash);

}  // namespace openscs::auth
