#pragma once

// The seam through which code that needs randomness gets it. Production code
// passes SystemRandom() (the kernel CSPRNG); tests pass a seeded generator so
// that results repeat.

#include <cstddef>
#include <functional>
#include <span>

namespace openscs::base {

// Fills the span with random bytes.
using RandomSource = std::function<void(std::span<std::byte>)>;

// Cryptographically secure bytes from getrandom(2). Aborts if the kernel
// cannot supply them (there is no safe fallback for key material).
RandomSource SystemRandom();

}  // namespace openscs::base
