#include "protocol/hello/hello.h"

#include <fmt/format.h>

#include "base/byte_reader.h"
#include "base/byte_writer.h"
#include "protocol/hello/hello_format.h"
#include "protocol/pidpps/pid_pps.h"

namespace openscs::hello {
namespace {

bool IsPidCharacter(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

std::string Printable(uint8_t byte) {
  if (byte >= 0x20 && byte < 0x7f) return fmt::format("'{}' (0x{:02x})", static_cast<char>(byte), byte);
  return fmt::format("0x{:02x}", byte);
}

ParseResult Bad(std::string field, size_t offset, std::string reason) {
  ParseResult r;
  r.state = ParseState::kBad;
  r.error = {std::move(field), offset, std::move(reason)};
  return r;
}

// Need-more: `field` at `offset` is not complete yet; `needed` is the least
// total message length that could complete it.
ParseResult NeedMore(std::string field, size_t offset, size_t needed) {
  ParseResult r;
  r.state = ParseState::kNeedMore;
  r.error = {std::move(field), offset, fmt::format("message ends before this field (needs at least {} bytes)", needed)};
  return r;
}

bool ParseHashAlgorithm(uint8_t type, HashAlgorithm& out) {
  switch (type) {
    case kHashTypeSha1: out = HashAlgorithm::kSha1; return true;
    case kHashTypeSha256: out = HashAlgorithm::kSha256; return true;
    case kHashTypeSha384: out = HashAlgorithm::kSha384; return true;
    default: return false;
  }
}

ParseResult ParsePskBody(base::ByteReader& in, ParseResult r) {
  if (in.remaining() < kPidSize) return NeedMore("pid", kOffsetPid, kPskHelloSize);
  const auto pid = *in.Bytes(kPidSize);
  for (size_t i = 0; i < kPidSize; ++i) {
    const auto c = static_cast<uint8_t>(pid[i]);
    if (!IsPidCharacter(static_cast<char>(c))) {
      return Bad("pid", kOffsetPid + i,
                 fmt::format("PID character {} is {}, expected A-Z or 0-9", i + 1, Printable(c)));
    }
    r.hello.pid.push_back(static_cast<char>(c));
  }
  // Not a decode error: the device sends the PID it was given. A PID with a
  // bad check character was mistyped when it was entered, so no server can
  // hold its pair; say so where the admin looks.
  const std::string_view text = r.hello.pid;
  if (const char expected = pidpps::CheckCharacter(text.substr(0, kPidSize - 1)); text.back() != expected) {
    r.warnings.push_back(fmt::format("PID {}-{} fails its check character (expected '{}'): it was mistyped when "
                                     "entered, so no key file can match it",
                                     text.substr(0, 4), text.substr(4), expected));
  }
  r.state = ParseState::kComplete;
  r.consumed = in.offset();
  return r;
}

ParseResult ParsePkiBody(base::ByteReader& in, ParseResult r) {
  const auto count = in.U8();
  if (!count) return NeedMore("hash_count", kOffsetHashCount, kPkiFixedSize);
  for (size_t i = 0; i < *count; ++i) {
    const size_t entry_offset = in.offset();
    const auto type = in.U8();
    if (!type) return NeedMore(fmt::format("hashes[{}].type", i), entry_offset, entry_offset + 2);
    HashAlgorithm algorithm{};
    if (!ParseHashAlgorithm(*type, algorithm)) {
      return Bad(fmt::format("hashes[{}].type", i), entry_offset,
                 fmt::format("unknown hash type {} (expected 1 SHA-1, 2 SHA-256 or 3 SHA-384)", *type));
    }
    const auto length = in.U8();
    if (!length) return NeedMore(fmt::format("hashes[{}].length", i), entry_offset + 1, entry_offset + 2);
    if (*length != DigestSize(algorithm)) {
      return Bad(fmt::format("hashes[{}].length", i), entry_offset + 1,
                 fmt::format("length {} does not match {} (expected {})", *length, HashAlgorithmName(algorithm),
                             DigestSize(algorithm)));
    }
    const auto digest = in.Bytes(*length);
    if (!digest) {
      return NeedMore(fmt::format("hashes[{}].digest", i), entry_offset + 2, entry_offset + 2 + *length);
    }
    r.hello.hashes.push_back({algorithm, {digest->begin(), digest->end()}});
  }
  if (*count == 0) r.warnings.push_back("PKI hello lists no certificate hashes: no provisioning certificate can match");
  if (*count > kMaxLegacyHashes) {
    r.warnings.push_back(fmt::format("{} hashes is more than firmware before AMT 7.0 holds ({})", *count,
                                     kMaxLegacyHashes));
  }
  r.state = ParseState::kComplete;
  r.consumed = in.offset();
  return r;
}

}  // namespace

const char* HashAlgorithmName(HashAlgorithm algorithm) {
  switch (algorithm) {
    case HashAlgorithm::kSha1: return "sha1";
    case HashAlgorithm::kSha256: return "sha256";
    case HashAlgorithm::kSha384: return "sha384";
  }
  return "unknown";
}

size_t DigestSize(HashAlgorithm algorithm) {
  switch (algorithm) {
    case HashAlgorithm::kSha1: return kSha1Size;
    case HashAlgorithm::kSha256: return kSha256Size;
    case HashAlgorithm::kSha384: return kSha384Size;
  }
  return 0;
}

uint16_t InterfaceVersion(Method method) { return method == Method::kPsk ? kVersionPsk : kVersionPki; }

std::string DecodeError::ToString() const { return fmt::format("{} at offset {}: {}", field, offset, reason); }

ParseResult Parse(std::span<const std::byte> bytes) {
  base::ByteReader in(bytes);
  ParseResult r;

  // Each header field is checked as soon as it is complete, so a listener can
  // drop a connection sending garbage without waiting for more bytes.
  const auto admin = in.U16Le();
  if (!admin) return NeedMore("admin_credentials_set", kOffsetAdminCredentials, kOffsetInterfaceVersion);
  if (*admin > 1) {
    return Bad("admin_credentials_set", kOffsetAdminCredentials, fmt::format("flag is {}, expected 0 or 1", *admin));
  }
  r.hello.admin_credentials_set = *admin == 1;

  const auto version = in.U16Le();
  if (!version) return NeedMore("interface_version", kOffsetInterfaceVersion, kOffsetRetryCount);
  if (*version == kVersionPsk) {
    r.hello.method = Method::kPsk;
  } else if (*version == kVersionPki) {
    r.hello.method = Method::kPki;
  } else {
    return Bad("interface_version", kOffsetInterfaceVersion,
               fmt::format("unknown interface version {} (expected 2 PSK or 3 PKI)", *version));
  }

  const auto retry = in.U32Le();
  if (!retry) return NeedMore("retry_count", kOffsetRetryCount, kOffsetUuid);
  r.hello.retry_count = *retry;
  if (*retry > kMaxDocumentedRetryCount) {
    r.warnings.push_back(fmt::format("retry count {} is above the documented 0-{} range", *retry,
                                     kMaxDocumentedRetryCount));
  }

  const auto uuid = in.Bytes(kUuidSize);
  if (!uuid) return NeedMore("uuid", kOffsetUuid, kHeaderSize);
  r.hello.uuid = base::Guid(uuid->first<kUuidSize>());

  return r.hello.method == Method::kPsk ? ParsePskBody(in, std::move(r)) : ParsePkiBody(in, std::move(r));
}

DecodeOutcome DecodeWithDetail(std::span<const std::byte> message) {
  DecodeOutcome out;
  ParseResult r = Parse(message);
  switch (r.state) {
    case ParseState::kBad:
      out.error = std::move(r.error);
      return out;
    case ParseState::kNeedMore:
      out.error = {r.error.field, r.error.offset,
                   fmt::format("message too short: {} bytes end before this field", message.size())};
      return out;
    case ParseState::kComplete:
      break;
  }
  if (r.consumed != message.size()) {
    const size_t extra = message.size() - r.consumed;
    if (r.hello.method == Method::kPsk) {
      out.error = {"length", r.consumed,
                   fmt::format("PSK hello must be exactly {} bytes, got {} ({} trailing bytes)", kPskHelloSize,
                               message.size(), extra)};
    } else {
      out.error = {"hash_count", kOffsetHashCount,
                   fmt::format("hash count {} accounts for {} bytes but the message has {} ({} trailing bytes "
                               "from offset {})",
                               r.hello.hashes.size(), r.consumed, message.size(), extra, r.consumed)};
    }
    return out;
  }
  out.ok = true;
  out.decoded = {std::move(r.hello), std::move(r.warnings)};
  return out;
}

base::Result<Decoded> Decode(std::span<const std::byte> message) {
  DecodeOutcome out = DecodeWithDetail(message);
  if (!out.ok) return base::InvalidArgument("hello: " + out.error.ToString());
  return std::move(out.decoded);
}

base::Result<std::vector<std::byte>> Encode(const Hello& hello) {
  base::ByteWriter out;
  out.U16Le(hello.admin_credentials_set ? 1 : 0);
  out.U16Le(InterfaceVersion(hello.method));
  out.U32Le(hello.retry_count);
  out.Bytes(hello.uuid.raw());
  if (hello.method == Method::kPsk) {
    if (hello.pid.size() != kPidSize) {
      return base::InvalidArgument(fmt::format("hello: pid must be {} characters, got {}", kPidSize, hello.pid.size()));
    }
    for (size_t i = 0; i < kPidSize; ++i) {
      if (!IsPidCharacter(hello.pid[i])) {
        return base::InvalidArgument(fmt::format("hello: pid character {} is not A-Z or 0-9", i + 1));
      }
    }
    out.Ascii(hello.pid);
    return std::move(out).Take();
  }
  if (hello.hashes.size() > 255) {
    return base::InvalidArgument(fmt::format("hello: {} hashes do not fit the u8 count", hello.hashes.size()));
  }
  out.U8(static_cast<uint8_t>(hello.hashes.size()));
  for (size_t i = 0; i < hello.hashes.size(); ++i) {
    const auto& hash = hello.hashes[i];
    if (hash.digest.size() != DigestSize(hash.algorithm)) {
      return base::InvalidArgument(fmt::format("hello: hashes[{}] is {} bytes, {} needs {}", i, hash.digest.size(),
                                               HashAlgorithmName(hash.algorithm), DigestSize(hash.algorithm)));
    }
    out.U8(static_cast<uint8_t>(hash.algorithm));
    out.U8(static_cast<uint8_t>(hash.digest.size()));
    out.Bytes(hash.digest);
  }
  return std::move(out).Take();
}

}  // namespace openscs::hello
