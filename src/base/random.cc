#include "base/random.h"

#include <sys/random.h>

#include <cerrno>
#include <cstdlib>

namespace openscs::base {

RandomSource SystemRandom() {
  return [](std::span<std::byte> out) {
    size_t filled = 0;
    while (filled < out.size()) {
      const ssize_t n = getrandom(out.data() + filled, out.size() - filled, 0);
      if (n < 0) {
        if (errno == EINTR) continue;
        std::abort();
      }
      filled += static_cast<size_t>(n);
    }
  };
}

}  // namespace openscs::base
