#pragma once

// Decode and encode the binary Hello a device in Setup Mode sends to TCP 9971.
// Pure functions over bytes: no I/O, no allocation beyond the result.
//
// Two entry points:
//  - Parse() looks at the bytes received so far on a connection and says
//    complete / need-more / bad, as early as the bytes allow. A listener calls
//    it after each read.
//  - Decode() takes the whole message (the device closes the connection after
//    writing it) and turns need-more into "too short" and extra bytes into
//    "trailing bytes".

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/guid.h"
#include "base/status.h"

namespace openscs::hello {

enum class Method { kPsk, kPki };  // interface version 2, 3

enum class HashAlgorithm : uint8_t { kSha1 = 1, kSha256 = 2, kSha384 = 3 };
const char* HashAlgorithmName(HashAlgorithm algorithm);  // "sha1", "sha256", "sha384"
size_t DigestSize(HashAlgorithm algorithm);

struct CertificateHash {
  HashAlgorithm algorithm = HashAlgorithm::kSha1;
  std::vector<std::byte> digest;  // DigestSize(algorithm) bytes
  friend bool operator==(const CertificateHash&, const CertificateHash&) = default;
};

struct Hello {
  Method method = Method::kPsk;
  bool admin_credentials_set = false;
  uint32_t retry_count = 0;
  base::Guid uuid;
  std::string pid;                      // kPsk: 8 characters A-Z/0-9, no dash
  std::vector<CertificateHash> hashes;  // kPki: the device's enabled root hashes
  friend bool operator==(const Hello&, const Hello&) = default;
};

uint16_t InterfaceVersion(Method method);

// Where and why a message is malformed. `field` is a stable name
// ("interface_version", "hashes[2].length", ...) used in logs and --json.
struct DecodeError {
  std::string field;
  size_t offset = 0;  // byte offset of the offending field in the message
  std::string reason;
  std::string ToString() const;  // "<field> at offset <n>: <reason>"
};

enum class ParseState { kComplete, kNeedMore, kBad };

struct ParseResult {
  ParseState state = ParseState::kNeedMore;
  size_t consumed = 0;  // kComplete: the message length
  Hello hello;          // valid when kComplete
  DecodeError error;    // kBad: what is wrong; kNeedMore: the field still missing
  std::vector<std::string> warnings;  // kComplete: accepted oddities (retry count > 14, ...)
};

// Examines a prefix of a connection's bytes. Never reads past `bytes`.
ParseResult Parse(std::span<const std::byte> bytes);

struct Decoded {
  Hello hello;
  std::vector<std::string> warnings;
};

// Decodes exactly one whole message. On failure returns an InvalidArgument
// Status whose message is DecodeError::ToString(); DecodeWithDetail() also
// returns the structured error.
base::Result<Decoded> Decode(std::span<const std::byte> message);

struct DecodeOutcome {
  bool ok = false;
  Decoded decoded;    // when ok
  DecodeError error;  // when !ok
};
DecodeOutcome DecodeWithDetail(std::span<const std::byte> message);

// Encodes a hello. Fails (InvalidArgument, naming the field) if the value
// could not have come off the wire: PID not 8 x [A-Z0-9], digest size not
// matching its algorithm, more than 255 hashes.
base::Result<std::vector<std::byte>> Encode(const Hello& hello);

}  // namespace openscs::hello
