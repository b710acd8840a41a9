// GenerateAdminPassword (profile.h).

#include "profile/profile.h"

#include <array>
#include <cassert>
#include <cstddef>

namespace openscs::profile {
namespace {

constexpr std::string_view kDigits = "0123456789";
constexpr std::string_view kLower = "abcdefghijklmnopqrstuvwxyz";
constexpr std::string_view kUpper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
// Non-alphanumeric characters that count for the MEBx rule and that neither
// Intel (: , ") nor HP (' < > & space) bans; no '_' (it does not count),
// no backslash or backquote (escaping trouble when an admin pastes it).
constexpr std::string_view kSymbols = "!#$%*+-./=?@^~";

// Uniform integers below n (n <= 256) from a RandomSource, drawing bytes in
// batches and discarding those that would bias the result.
class UniformBelow {
 public:
  explicit UniformBelow(const base::RandomSource& random) : random_(random) {}

  size_t Next(size_t n) {
    assert(n > 0 && n <= 256);
    const size_t limit = 256 - 256 % n;
    for (;;) {
      if (next_ == pool_.size()) {
        random_(pool_);
        next_ = 0;
      }
      const auto b = std::to_integer<size_t>(pool_[next_++]);
      if (b < limit) return b % n;
    }
  }

  char From(std::string_view alphabet) { return alphabet[Next(alphabet.size())]; }

 private:
  const base::RandomSource& random_;
  std::array<std::byte, 64> pool_{};
  size_t next_ = pool_.size();
};

}  // namespace

std::string GenerateAdminPassword(const base::RandomSource& random) {
  assert(random);
  static const std::string kAll =
      std::string(kDigits) + std::string(kLower) + std::string(kUpper) + std::string(kSymbols);
  static_assert(kGeneratedPasswordLength >= 4);
  UniformBelow uniform(random);
  // One of each class the rule asks for, the rest from all of them, then a
  // shuffle so the classes do not sit at fixed positions.
  std::string password = {uniform.From(kDigits), uniform.From(kLower), uniform.From(kUpper), uniform.From(kSymbols)};
  while (password.size() < kGeneratedPasswordLength) password.push_back(uniform.From(kAll));
  for (size_t i = password.size() - 1; i > 0; --i) std::swap(password[i], password[uniform.Next(i + 1)]);
  return password;
}

}  // namespace openscs::profile
