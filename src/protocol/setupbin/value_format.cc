#include "protocol/setupbin/value_format.h"

#include <fmt/format.h>

#include "base/byte_reader.h"
#include "base/guid.h"
#include "base/hex.h"

namespace openscs::setupbin {
namespace {

bool IsKeyChar(std::byte b) {
  const auto c = static_cast<char>(b);
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool IsPrintable(std::byte b) {
  const auto v = static_cast<unsigned>(b);
  return v >= 0x20 && v < 0x7f;
}

size_t DigestSize(uint8_t alg) { return alg == 1 ? 20 : alg == 2 ? 32 : alg == 3 ? 48 : 0; }

std::string_view AlgName(uint8_t alg) { return alg == 1 ? "SHA-1" : alg == 2 ? "SHA-256" : "SHA-384"; }

base::Status Bad(std::string reason) { return base::InvalidArgument(std::move(reason)); }

std::string Number(const VariableInfo& info, uint32_t v) {
  for (const auto& e : info.enum_names) {
    if (e.value == v) return fmt::format("{} ({})", v, e.name);
  }
  return info.enum_names.empty() ? std::to_string(v) : fmt::format("{} (unknown value)", v);
}

}  // namespace

base::Status ValidateValue(const VariableInfo& info, std::span<const std::byte> value, FileVersion version) {
  const size_t n = value.size();
  switch (info.type) {
    case ValueType::kString:
    case ValueType::kPassword:
      if (n == 0 || n > info.max_length) {
        return Bad(fmt::format("length {} is outside 1..{}", n, info.max_length));
      }
      for (size_t i = 0; i < n; ++i) {
        if (!IsPrintable(value[i])) return Bad(fmt::format("character {} is not printable ASCII", i + 1));
      }
      return base::Status::Ok();
    case ValueType::kPid:
    case ValueType::kPps: {
      const size_t want = info.type == ValueType::kPid ? 8 : 32;
      if (n != want) return Bad(fmt::format("must be {} characters, got {}", want, n));
      for (size_t i = 0; i < n; ++i) {
        if (!IsKeyChar(value[i])) return Bad(fmt::format("character {} is not A-Z or 0-9", i + 1));
      }
      return base::Status::Ok();
    }
    case ValueType::kU8:
      if (n != 1) return Bad(fmt::format("must be 1 byte, got {}", n));
      if (!info.enum_names.empty()) {
        const auto v = static_cast<uint32_t>(value[0]);
        for (const auto& e : info.enum_names) {
          if (e.value == v) return base::Status::Ok();
        }
        return Bad(fmt::format("value {} is not one of the defined values", v));
      }
      return base::Status::Ok();
    case ValueType::kU16: return n == 2 ? base::Status::Ok() : Bad(fmt::format("must be 2 bytes, got {}", n));
    case ValueType::kU32: return n == 4 ? base::Status::Ok() : Bad(fmt::format("must be 4 bytes, got {}", n));
    case ValueType::kGuid: return n == 16 ? base::Status::Ok() : Bad(fmt::format("must be 16 bytes, got {}", n));
    case ValueType::kIpAddress:
      if (n != 4 && n != 16) return Bad(fmt::format("must be 4 (IPv4) or 16 (IPv6) bytes, got {}", n));
      // IPv6 came with the v3 file (AMT 6); an IPv6 server address before it is our inference [L].
      if (n == 16 && version.major < 3) return Bad("IPv6 addresses need file version 3 or later");
      return base::Status::Ok();
    case ValueType::kBinary:
      return n <= info.max_length ? base::Status::Ok() : Bad(fmt::format("length {} exceeds {}", n, info.max_length));
    case ValueType::kCertHash: {
      base::ByteReader in(value);
      const auto alg = in.U8();
      if (!alg || DigestSize(*alg) == 0) return Bad("unknown hash algorithm (1 SHA-1, 2 SHA-256, 3 SHA-384)");
      if (*alg != 1 && version.major < 3) {
        return Bad(fmt::format("{} hashes need file version 3 or later", AlgName(*alg)));
      }
      if (!in.Skip(DigestSize(*alg))) return Bad("hash is truncated");
      const auto name_length = in.U8();
      if (!name_length) return Bad("friendly name length is missing");
      if (*name_length > 32) return Bad(fmt::format("friendly name length {} exceeds 32", *name_length));
      if (in.remaining() != *name_length) {
        return Bad(fmt::format("friendly name is {} bytes, its length byte says {}", in.remaining(), *name_length));
      }
      return base::Status::Ok();
    }
  }
  return base::Status::Ok();
}

std::string FormatRaw(std::span<const std::byte> value) { return "0x" + base::ToHex(value); }

std::string FormatValue(const VariableInfo& info, std::span<const std::byte> value, bool reveal) {
  if (info.secret && !reveal) return fmt::format("<redacted, {} characters>", value.size());
  base::ByteReader in(value);
  switch (info.type) {
    case ValueType::kPid:
      if (value.size() == 8) {
        const std::string_view pid = base::AsChars(value);
        return std::string(pid.substr(0, 4)) + "-" + std::string(pid.substr(4));
      }
      return std::string(base::AsChars(value));
    case ValueType::kString:
    case ValueType::kPassword:
    case ValueType::kPps: return std::string(base::AsChars(value));
    case ValueType::kU8:
      if (value.size() == 1) return Number(info, static_cast<uint32_t>(value[0]));
      break;
    case ValueType::kU16:
      if (auto v = in.U16Le(); v && value.size() == 2) return Number(info, *v);
      break;
    case ValueType::kU32:
      if (auto v = in.U32Le(); v && value.size() == 4) return Number(info, *v);
      break;
    case ValueType::kGuid:
      if (value.size() == 16) return base::Guid(value.first<16>()).ToString();
      break;
    case ValueType::kIpAddress:
      if (value.size() == 4) {
        return fmt::format("{}.{}.{}.{}", static_cast<unsigned>(value[0]), static_cast<unsigned>(value[1]),
                           static_cast<unsigned>(value[2]), static_cast<unsigned>(value[3]));
      }
      if (value.size() == 16) {
        std::string out;
        for (size_t i = 0; i < 16; i += 2) {
          if (i != 0) out += ':';
          out += fmt::format("{:x}", static_cast<unsigned>(value[i]) << 8 | static_cast<unsigned>(value[i + 1]));
        }
        return out;
      }
      break;
    case ValueType::kCertHash: {
      const auto alg = in.U8();
      if (!alg || DigestSize(*alg) == 0) break;
      const auto digest = in.Bytes(DigestSize(*alg));
      const auto name_length = in.U8();
      if (!digest || !name_length) break;
      const auto name = in.Bytes(*name_length);
      return fmt::format("{} {} \"{}\"", AlgName(*alg), base::ToHex(*digest),
                         name ? std::string(base::AsChars(*name)) : std::string());
    }
    case ValueType::kBinary: break;
  }
  return FormatRaw(value);
}

}  // namespace openscs::setupbin
