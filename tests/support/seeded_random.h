#pragma once

// A deterministic base::RandomSource for tests: the same seed gives the same
// bytes on every run and machine.

#include <cstdint>
#include <memory>
#include <random>
#include <span>

#include "base/random.h"

namespace openscs::testing {

inline base::RandomSource SeededRandom(uint32_t seed) {
  auto engine = std::make_shared<std::mt19937>(seed);
  return [engine](std::span<std::byte> out) {
    for (auto& b : out) b = static_cast<std::byte>((*engine)() & 0xff);
  };
}

}  // namespace openscs::testing
