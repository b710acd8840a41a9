#include "auth/token.h"

#include <array>
#include <cstdlib>

#include <sodium.h>

#include "base/hex.h"

namespace openscs::auth {
namespace {

constexpr size_t kIdRandomBytes = 6;  // 12 hex digits

void InitSodium() {
  if (sodium_init() < 0) std::abort();
}

bool IsBase64UrlChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

}  // namespace

NewToken MakeApiToken(const base::RandomSource& random) {
  InitSodium();
  std::array<std::byte, kTokenRandomBytes> secret{};
  random(secret);
  // sodium_base64_ENCODED_LEN counts the terminating NUL.
  std::array<char, sodium_base64_ENCODED_LEN(kTokenRandomBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)> text{};
  sodium_bin2base64(text.data(), text.size(), reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(secret.data(), secret.size());

  NewToken out;
  out.token = std::string(kTokenPrefix) + text.data();
  sodium_memzero(text.data(), text.size());
  std::array<std::byte, kIdRandomBytes> id{};
  random(id);
  out.id = std::string(kTokenIdPrefix) + base::ToHex(id);
  out.digest = TokenDigest(out.token);
  return out;
}

std::string TokenDigest(std::string_view token) {
  InitSodium();
  std::array<std::byte, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(reinterpret_cast<unsigned char*>(digest.data()),
                     reinterpret_cast<const unsigned char*>(token.data()), token.size());
  return base::ToHex(digest);
}

bool LooksLikeApiToken(std::string_view text) {
  if (text.size() != kTokenLength || !text.starts_with(kTokenPrefix)) return false;
  for (const char c : text.substr(kTokenPrefix.size())) {
    if (!IsBase64UrlChar(c)) return false;
  }
  return true;
}

}  // namespace openscs::auth
