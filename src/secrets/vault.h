#pragma once

// Secrets at rest. A Vault seals a secret (a PPS, an admin or MEBx password,
// a private key) into opaque bytes for the Store and opens them again, with
// libsodium's crypto_secretbox (XSalsa20-Poly1305) under one 32-byte key kept
// in a key file beside the database.
//
// Sealed format, version 1:
//   u8 version (1) | 24-byte random nonce | 16-byte Poly1305 MAC | ciphertext
// so a sealed value is 41 bytes longer than its plaintext. Every Seal() draws
// a fresh nonce: sealing the same text twice gives different bytes.
//
// Secrets never appear in a Status from here: errors name the key file or
// the rule that failed, never key bytes or plaintext.
//
// Thread-safety: Seal() and Open() are const and may run concurrently, as
// long as the RandomSource given at construction is thread-safe (the default,
// base::SystemRandom(), is).

#include <array>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "base/random.h"
#include "base/status.h"
#include "store/records.h"

namespace openscs::secrets {

inline constexpr size_t kKeySize = 32;
inline constexpr uint8_t kSealedVersion = 1;
inline constexpr size_t kNonceSize = 24;
inline constexpr size_t kMacSize = 16;
inline constexpr size_t kSealedOverhead = 1 + kNonceSize + kMacSize;

class Vault {
 public:
  // Reads the key from `key_file`, or creates the file on first use: 32
  // bytes from `random`, mode 0600, published atomically (written to a
  // temporary file opened O_EXCL, then linked into place, so two processes
  // racing to create it both end up with the one that won).
  //
  // Errors name the path:
  //  - kFailedPrecondition: the file is not a regular file, is not 32 bytes
  //    long, or is readable or writable by group or others (chmod 600 it);
  //  - kIoError: it cannot be read, or created in its directory.
  static base::Result<Vault> OpenOrCreate(const std::filesystem::path& key_file,
                                          base::RandomSource random = base::SystemRandom());

  // A vault over a fixed key, for tests.
  static Vault FromKeyForTest(std::span<const std::byte, kKeySize> key,
                              base::RandomSource random = base::SystemRandom());

  Vault(Vault&&) noexcept;
  Vault& operator=(Vault&&) noexcept;
  ~Vault();  // wipes the key from memory

  // The sealed form of `plaintext` (any bytes, NUL included), never empty.
  store::Sealed Seal(std::string_view plaintext) const;

  // The plaintext of a value Seal() made with the same key. An empty Sealed
  // ("no secret", records.h) opens to an empty string. kDataLoss when the
  // value is truncated, has an unknown version byte, or fails
  // authentication: "sealed value fails authentication (wrong key file?)".
  base::Result<std::string> Open(const store::Sealed& sealed) const;

 private:
  struct Key;
  Vault(std::unique_ptr<Key> key, base::RandomSource random);

  std::unique_ptr<Key> key_;  // non-null except in a moved-from Vault
  base::RandomSource random_;
};

}  // namespace openscs::secrets
