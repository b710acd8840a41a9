#pragma once

// API tokens for scripts (`Authorization: Bearer oscs_...`).
//
// A token is "oscs_" and 32 random bytes in unpadded base64url (48
// characters in all); the prefix lets secret scanners and people recognise
// one. The store keeps only its SHA-256 (store::ApiTokenRecord::digest), so
// a copy of the database does not let anyone act as its users; the token
// itself is shown once, when it is made. Each token also has a public id,
// "tok_" and 12 hex digits, by which it is listed and revoked.

#include <string>
#include <string_view>

#include "base/random.h"

namespace openscs::auth {

inline constexpr std::string_view kTokenPrefix = "oscs_";
inline constexpr std::string_view kTokenIdPrefix = "tok_";
inline constexpr size_t kTokenRandomBytes = 32;
inline constexpr size_t kTokenLength = 48;  // "oscs_" + 43 base64url characters

struct NewToken {
  std::string token;   // the secret: shown once, never stored or logged
  std::string id;      // "tok_" + 12 lower-case hex digits
  std::string digest;  // TokenDigest(token)
};

// A fresh token from `random` (base::SystemRandom() outside tests). Ids are
// random too, so two servers or CLIs never hand out the same one; a clash
// (one in 2^48) is refused by the store as kAlreadyExists.
NewToken MakeApiToken(const base::RandomSource& random);

// Lower-case hex SHA-256 of the token's text (64 digits). What the store
// keeps, and what a request's bearer token is looked up by.
std::string TokenDigest(std::string_view token);

// True for text shaped like a MakeApiToken() token: the prefix, then 43
// base64url characters. A cheap check before a database lookup; says
// nothing about whether the token is valid.
bool LooksLikeApiToken(std::string_view text);

}  // namespace openscs::auth
