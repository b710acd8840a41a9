// Fuzzes the hello decoder. Properties checked beyond "no crash":
//  - Parse() and Decode() agree: a whole message Decode() accepts is one that
//    Parse() finds complete at exactly its length;
//  - an accepted hello re-encodes to the same bytes.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "protocol/hello/hello.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace openscs::hello;
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);

  const ParseResult parsed = Parse(bytes);
  const DecodeOutcome decoded = DecodeWithDetail(bytes);
  const bool parse_says_whole = parsed.state == ParseState::kComplete && parsed.consumed == size;
  if (decoded.ok != parse_says_whole) std::abort();
  if (!decoded.ok) return 0;

  auto encoded = Encode(decoded.decoded.hello);
  if (!encoded) std::abort();
  if (encoded->size() != size) std::abort();
  for (size_t i = 0; i < size; ++i) {
    if ((*encoded)[i] != bytes[i]) std::abort();
  }
  return 0;
}
