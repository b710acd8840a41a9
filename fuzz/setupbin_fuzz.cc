// Fuzzes the setup.bin reader and the BIOS consumption algorithm.
// Properties beyond "no crash":
//  - a file the reader accepts and the writer can encode reads back equal;
//  - consumption never changes a file it rejects, and a consumed file still reads.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "protocol/setupbin/consume.h"
#include "protocol/setupbin/setupbin.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace openscs::setupbin;
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  auto file = ReadFile(bytes);
  if (file) {
    if (auto encoded = WriteFile(*file)) {
      auto again = ReadFile(*encoded);
      if (!again || !(*again == *file)) std::abort();
    }
  }
  std::vector<std::byte> copy(bytes.begin(), bytes.end());
  const auto before = copy;
  auto consumed = ConsumeNextRecord(copy);
  if (!consumed) {
    if (copy != before) std::abort();
  } else if (!ReadFile(copy)) {
    std::abort();
  }
  return 0;
}
