#include "auth/password.h"

#include <cstdlib>

#include <fmt/format.h>
#include <sodium.h>

namespace openscs::auth {
namespace {

constexpr int kAlgorithm = crypto_pwhash_ALG_ARGON2ID13;
constexpr unsigned long long kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr size_t kMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

// sodium_init() is idempotent and thread-safe; it fails only when the
// library cannot work at all (no randomness for salts).
void InitSodium() {
  if (sodium_init() < 0) std::abort();
}

size_t CodePoints(std::string_view text) {
  size_t n = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) ++n;  // not a continuation byte
  }
  return n;
}

}  // namespace

base::Status CheckPasswordPolicy(std::string_view password) {
  if (CodePoints(password) < kMinPasswordLength) {
    return base::InvalidArgument(fmt::format(
        "password too short: use at least {} characters (a few words make a good one)", kMinPasswordLength));
  }
  if (password.size() > kMaxPasswordBytes) {
    return base::InvalidArgument(fmt::format("password too long: at most {} bytes", kMaxPasswordBytes));
  }
  return base::Status::Ok();
}

base::Result<std::string> HashPassword(std::string_view password) {
  InitSodium();
  if (password.size() > crypto_pwhash_PASSWD_MAX) {
    return base::InvalidArgument("password too long to hash");
  }
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kOpsLimit, kMemLimit, kAlgorithm) != 0) {
    return base::Internal(
        fmt::format("hashing a password: libsodium could not allocate the {} MiB it needs", kMemLimit >> 20));
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  InitSodium();
  // crypto_pwhash_str_verify reads a NUL-terminated string of at most
  // crypto_pwhash_STRBYTES bytes.
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  const std::string terminated(hash);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool NeedsRehash(std::string_view hash) {
  InitSodium();
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return true;
  const std::string terminated(hash);
  // 1: other parameters; -1: not an Argon2id string at all.
  return crypto_pwhash_str_needs_rehash(terminated.c_str(), kOpsLimit, kMemLimit) != 0;
}

}  // namespace openscs::auth
