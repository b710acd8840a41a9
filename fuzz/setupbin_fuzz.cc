// Fuzzes the setup.bin reader, writer and the BIOS consumption algorithm.
// Beyond "no crash, no sanitizer report", it checks:
//  - round trip: when ReadFile accepts the input and WriteFile can encode the
//    result (it refuses what a BIOS would: unknown or too-new variables, bad
//    order, ...), the encoding reads back equal, and encoding is canonical:
//    writing what was read back gives the same bytes again;
//  - consumption: a refusal leaves the bytes untouched; do-not-consume leaves
//    them untouched; otherwise exactly one record is consumed, and a file
//    ReadFile accepted before is still accepted, with that record consumed
//    and every other record unchanged.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "protocol/setupbin/consume.h"
#include "protocol/setupbin/reader.h"
#include "protocol/setupbin/writer.h"

namespace {

using namespace openscs::setupbin;

void Check(bool ok) {
  if (!ok) std::abort();
}

void CheckRoundTrip(const File& file) {
  auto encoded = WriteFile(file);
  if (!encoded) return;
  auto again = ReadFile(*encoded);
  Check(again.has_value());
  Check(*again == file);
  auto reencoded = WriteFile(*again);
  Check(reencoded.has_value());
  Check(*reencoded == *encoded);
}

void CheckConsume(std::span<const std::byte> bytes, const File* before) {
  std::vector<std::byte> copy(bytes.begin(), bytes.end());
  auto consumed = ConsumeNextRecord(copy);
  if (!consumed || !consumed->marked) {
    Check(std::equal(copy.begin(), copy.end(), bytes.begin(), bytes.end()));
    return;
  }
  if (before == nullptr) return;
  auto after = ReadFile(copy);
  Check(after.has_value());
  const uint32_t index = before->consumed;
  Check(after->consumed == index + 1);
  Check(consumed->record == before->records[index]);
  for (uint32_t i = 0; i < after->records.size(); ++i) {
    if (i == index) {
      Check(after->records[i].consumed() && after->records[i].entries.empty());
    } else {
      Check(after->records[i] == before->records[i]);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  auto file = ReadFile(bytes);
  if (file) CheckRoundTrip(*file);
  CheckConsume(bytes, file ? &*file : nullptr);
  return 0;
}
