#pragma once

// Every setup.bin variable of reference §8.4, as data: id, name, value type,
// length limits, the first file version that may carry it and, for u8 enums,
// the names of the values. The table (variables.cc) is the one place where
// the uncertain [L] choices of docs/formats/setupbin.md are made.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <utility>

#include "protocol/setupbin/file.h"

namespace openscs::setupbin {

enum class ValueType {
  kString,    // ASCII text, 1..max_length
  kPid,       // 8 ASCII A-Z/0-9
  kPps,       // 32 ASCII A-Z/0-9 (secret)
  kPassword,  // ASCII text, secret
  kU8,
  kU16,
  kU32,
  kGuid,       // 16 bytes
  kCertHash,   // u8 algorithm, digest, u8 name length, name
  kIpAddress,  // 4 (IPv4) or 16 (IPv6) bytes, network order [L]
  kBinary,     // opaque, up to max_length
};

struct EnumName {
  uint32_t value;
  std::string_view name;
};

struct VariableInfo {
  uint16_t module;
  uint16_t id;
  std::string_view name;  // as shown by `inspect` and in error messages
  ValueType type;
  size_t max_length;                     // bytes, for kString/kPassword/kBinary; fixed-size types ignore it
  FileVersion min_version;               // first file version that may carry it
  std::span<const EnumName> enum_names;  // kU8 only: the defined values; empty = any value
  bool secret = false;                   // shown redacted unless asked
};

// The table entry for (module, variable), or nullopt. The views point into
// static data and never dangle.
std::optional<VariableInfo> LookUpVariable(uint16_t module, uint16_t variable);
// The whole table, ordered by (module, variable).
std::span<const VariableInfo> AllVariables();

// Well-known ids used by the writer's ordering rules and the record builder.
namespace var {
inline constexpr std::pair<uint16_t, uint16_t> kCurrentMebxPassword{1, 1};
inline constexpr std::pair<uint16_t, uint16_t> kNewMebxPassword{1, 2};
inline constexpr std::pair<uint16_t, uint16_t> kFeatureSelection{1, 3};
inline constexpr std::pair<uint16_t, uint16_t> kPowerPackage{1, 6};
inline constexpr std::pair<uint16_t, uint16_t> kPid{2, 1};
inline constexpr std::pair<uint16_t, uint16_t> kPps{2, 2};
inline constexpr std::pair<uint16_t, uint16_t> kPkiDnsSuffix{2, 3};
inline constexpr std::pair<uint16_t, uint16_t> kConfigServerFqdn{2, 4};
inline constexpr std::pair<uint16_t, uint16_t> kRemoteConfigEnabled{2, 5};
inline constexpr std::pair<uint16_t, uint16_t> kPreInstalledCerts{2, 6};
inline constexpr std::pair<uint16_t, uint16_t> kUserCertsConfig{2, 7};
inline constexpr std::pair<uint16_t, uint16_t> kUserCertAdd{2, 8};
inline constexpr std::pair<uint16_t, uint16_t> kSolIder{2, 10};
inline constexpr std::pair<uint16_t, uint16_t> kHostName{2, 11};
inline constexpr std::pair<uint16_t, uint16_t> kDomainName{2, 12};
inline constexpr std::pair<uint16_t, uint16_t> kDhcp{2, 13};
inline constexpr std::pair<uint16_t, uint16_t> kProvisioningMode{2, 16};
inline constexpr std::pair<uint16_t, uint16_t> kServerAddress{2, 17};
inline constexpr std::pair<uint16_t, uint16_t> kServerPort{2, 18};
inline constexpr std::pair<uint16_t, uint16_t> kIpv6{2, 22};
inline constexpr std::pair<uint16_t, uint16_t> kDynamicDnsUpdate{2, 24};
inline constexpr std::pair<uint16_t, uint16_t> kKvmState{2, 25};
inline constexpr std::pair<uint16_t, uint16_t> kProvisioningHaltActivate{2, 28};
}  // namespace var

}  // namespace openscs::setupbin
