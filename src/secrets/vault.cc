#include "secrets/vault.h"

#include <cassert>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>
#include <sodium.h>

#include "secrets/key_file.h"

namespace openscs::secrets {

static_assert(kKeySize == crypto_secretbox_KEYBYTES);
static_assert(kNonceSize == crypto_secretbox_NONCEBYTES);
static_assert(kMacSize == crypto_secretbox_MACBYTES);

struct Vault::Key {
  std::array<unsigned char, kKeySize> bytes{};
  Key() = default;
  Key(const Key&) = delete;
  Key& operator=(const Key&) = delete;
  ~Key() { sodium_memzero(bytes.data(), bytes.size()); }
};

namespace {

// sodium_init() is idempotent and thread-safe; it fails only when the
// library cannot work at all, where no secret can be kept safely.
void InitSodium() {
  if (sodium_init() < 0) std::abort();
}

auto* Uchar(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }
const auto* Uchar(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

}  // namespace

Vault::Vault(std::unique_ptr<Key> key, base::RandomSource random) : key_(std::move(key)), random_(std::move(random)) {}
Vault::Vault(Vault&&) noexcept = default;
Vault& Vault::operator=(Vault&&) noexcept = default;
Vault::~Vault() = default;

base::Result<Vault> Vault::OpenOrCreate(const std::filesystem::path& key_file, base::RandomSource random) {
  InitSodium();
  auto bytes = LoadOrCreateKeyFile(key_file, random);
  if (!bytes) return bytes.error();
  auto key = std::make_unique<Key>();
  std::memcpy(key->bytes.data(), bytes->data(), kKeySize);
  sodium_memzero(bytes->data(), bytes->size());
  return Vault(std::move(key), std::move(random));
}

Vault Vault::FromKeyForTest(std::span<const std::byte, kKeySize> key, base::RandomSource random) {
  InitSodium();
  auto k = std::make_unique<Key>();
  std::memcpy(k->bytes.data(), key.data(), kKeySize);
  return Vault(std::move(k), std::move(random));
}

store::Sealed Vault::Seal(std::string_view plaintext) const {
  assert(key_ != nullptr);
  store::Sealed out(kSealedOverhead + plaintext.size(), '\0');
  out[0] = static_cast<char>(kSealedVersion);
  unsigned char* nonce = Uchar(out) + 1;
  random_(std::as_writable_bytes(std::span(nonce, kNonceSize)));
  // Writes MAC then ciphertext after the nonce.
  crypto_secretbox_easy(nonce + kNonceSize, Uchar(plaintext), plaintext.size(), nonce, key_->bytes.data());
  return out;
}

base::Result<std::string> Vault::Open(const store::Sealed& sealed) const {
  assert(key_ != nullptr);
  if (sealed.empty()) return std::string();
  if (sealed.size() < kSealedOverhead) {
    return base::DataLoss(fmt::format("sealed value is truncated ({} bytes, at least {} expected)", sealed.size(),
                                      kSealedOverhead));
  }
  const auto version = static_cast<uint8_t>(sealed[0]);
  if (version != kSealedVersion) {
    return base::DataLoss(fmt::format("sealed value has unknown format version {}", version));
  }
  const unsigned char* nonce = Uchar(sealed) + 1;
  const unsigned char* box = nonce + kNonceSize;
  const size_t box_size = sealed.size() - 1 - kNonceSize;
  std::string plaintext(box_size - kMacSize, '\0');
  if (crypto_secretbox_open_easy(Uchar(plaintext), box, box_size, nonce, key_->bytes.data()) != 0) {
    return base::DataLoss("sealed value fails authentication (wrong key file?)");
  }
  return plaintext;
}

}  // namespace openscs::secrets
