#pragma once

// Helpers shared by the setup.bin tests: typical records and files, and
// byte patching for the malformed-file cases.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "protocol/setupbin/reader.h"
#include "protocol/setupbin/record_builder.h"

namespace openscs::setupbin::test_files {

inline constexpr std::string_view kPid = "0000037M";
inline constexpr std::string_view kPps = "NKLDG5DCRRNQE9YZZIJL7LFLVJED69XJ";
inline constexpr std::string_view kNewPassword = "P@ssw0rd";

inline const FileVersion kAllVersions[] = {{1, 0}, {2, 0}, {2, 1}, {3, 0}, {4, 0}};

// A typical USB One-Touch record for `v`, using what the version allows.
inline Record OneTouchRecord(FileVersion v, bool scrambled = false) {
  RecordBuilder b(v);
  b.CurrentMebxPassword("admin").NewMebxPassword(kNewPassword).ManageabilityFeature(true).PidPps(kPid, kPps);
  b.ProvisioningServerAddress("192.0.2.10").ProvisioningServerPort(9971).HostName("pc-0042").DomainName("corp.test");
  if (v >= FileVersion{2, 0}) b.PkiDnsSuffix("corp.test").RemoteConfiguration(true).ProvisioningHaltActivate(true);
  if (v >= FileVersion{2, 1}) b.PowerPackage(std::array<std::byte, 16>{std::byte{0x42}});
  if (v >= FileVersion{3, 0}) b.DynamicDnsUpdate(true);
  if (v >= FileVersion{4, 0}) b.KvmState(true);
  auto r = b.Build(scrambled);
  EXPECT_TRUE(r) << r.error().ToString();
  return r ? *r : Record{};
}

inline std::vector<std::byte> MakeFile(FileVersion v, size_t records, bool scrambled = false,
                                       bool do_not_consume = false) {
  std::vector<Record> rs;
  for (size_t i = 0; i < records; ++i) rs.push_back(OneTouchRecord(v, scrambled));
  auto bytes = BuildFile(v, std::move(rs), do_not_consume);
  EXPECT_TRUE(bytes) << bytes.error().ToString();
  return bytes ? *bytes : std::vector<std::byte>{};
}

// The reader's error message for `bytes`, which must not parse.
inline std::string ReadError(std::span<const std::byte> bytes) {
  auto f = ReadFile(bytes);
  EXPECT_FALSE(f) << "the file parsed";
  return f ? std::string() : f.error().message();
}

inline void PutU16(std::vector<std::byte>& b, size_t off, uint16_t v) {
  b[off] = static_cast<std::byte>(v & 0xff);
  b[off + 1] = static_cast<std::byte>(v >> 8);
}

inline void PutU32(std::vector<std::byte>& b, size_t off, uint32_t v) {
  PutU16(b, off, static_cast<uint16_t>(v));
  PutU16(b, off + 2, static_cast<uint16_t>(v >> 16));
}

inline uint32_t GetU32(std::span<const std::byte> b, size_t off) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) v |= static_cast<uint32_t>(b[off + i]) << (8 * i);
  return v;
}

}  // namespace openscs::setupbin::test_files
