#include "protocol/setupbin/record_builder.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "base/byte_writer.h"
#include "base/hex.h"
#include "protocol/setupbin/setupbin_format.h"
#include "protocol/setupbin/variables.h"
#include "protocol/setupbin/writer.h"

namespace openscs::setupbin {
namespace {

std::vector<std::byte> Text(std::string_view s) {
  auto b = base::AsBytes(s);
  return {b.begin(), b.end()};
}

std::vector<std::byte> U8(uint8_t v) { return {std::byte{v}}; }

// "a.b.c.d" with each part 0..255, as 4 bytes.
std::optional<std::vector<std::byte>> ParseIpv4(std::string_view text) {
  std::vector<std::byte> out;
  size_t start = 0;
  for (int part = 0; part < 4; ++part) {
    const size_t end = part < 3 ? text.find('.', start) : text.size();
    if (end == std::string_view::npos || end == start || end - start > 3) return std::nullopt;
    unsigned value = 0;
    for (size_t i = start; i < end; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      value = value * 10 + static_cast<unsigned>(text[i] - '0');
    }
    if (value > 255) return std::nullopt;
    out.push_back(static_cast<std::byte>(value));
    start = end + 1;
  }
  return out;
}

// Colon-separated groups of 1-4 hex digits, e.g. "2001:db8::1".
std::optional<std::vector<uint16_t>> ParseHexGroups(std::string_view text) {
  std::vector<uint16_t> groups;
  if (text.empty()) return groups;
  size_t start = 0;
  for (;;) {
    const size_t end = std::min(text.find(':', start), text.size());
    if (end == start || end - start > 4) return std::nullopt;
    unsigned value = 0;
    for (size_t i = start; i < end; ++i) {
      const char c = text[i];
      unsigned digit = 0;
      if (c >= '0' && c <= '9') {
        digit = static_cast<unsigned>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        digit = static_cast<unsigned>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        digit = static_cast<unsigned>(c - 'A' + 10);
      } else {
        return std::nullopt;
      }
      value = value * 16 + digit;
    }
    groups.push_back(static_cast<uint16_t>(value));
    if (end == text.size()) return groups;
    start = end + 1;
  }
}

// RFC 4291 text form without an embedded IPv4 part, as 16 bytes.
std::optional<std::vector<std::byte>> ParseIpv6(std::string_view text) {
  const size_t gap = text.find("::");
  std::vector<uint16_t> groups;
  if (gap == std::string_view::npos) {
    auto all = ParseHexGroups(text);
    if (!all || all->size() != 8) return std::nullopt;
    groups = std::move(*all);
  } else {
    auto head = ParseHexGroups(text.substr(0, gap));
    auto tail = ParseHexGroups(text.substr(gap + 2));
    if (!head || !tail || head->size() + tail->size() > 7) return std::nullopt;
    groups = std::move(*head);
    groups.resize(8 - tail->size(), 0);
    groups.insert(groups.end(), tail->begin(), tail->end());
  }
  base::ByteWriter w;
  for (uint16_t g : groups) {
    w.U8(static_cast<uint8_t>(g >> 8));
    w.U8(static_cast<uint8_t>(g));
  }
  return std::move(w).Take();
}

// Sort key: the three leading ME entries, then (module, variable), then the
// provisioning halt/activate last.
int Rank(const Entry& e) {
  if (e.module == var::kCurrentMebxPassword.first && e.variable == var::kCurrentMebxPassword.second) return 0;
  if (e.module == var::kNewMebxPassword.first && e.variable == var::kNewMebxPassword.second) return 1;
  if (e.module == var::kFeatureSelection.first && e.variable == var::kFeatureSelection.second) return 2;
  if (e.module == var::kProvisioningHaltActivate.first && e.variable == var::kProvisioningHaltActivate.second) return 4;
  return 3;
}

}  // namespace

RecordBuilder& RecordBuilder::Set(std::pair<uint16_t, uint16_t> id, std::vector<std::byte> value) {
  const bool repeatable = id == var::kUserCertAdd;
  if (!repeatable) {
    std::erase_if(entries_, [&](const Entry& e) { return e.module == id.first && e.variable == id.second; });
  }
  entries_.push_back({id.first, id.second, std::move(value), 0});
  return *this;
}

RecordBuilder& RecordBuilder::CurrentMebxPassword(std::string_view p) {
  return Set(var::kCurrentMebxPassword, Text(p));
}
RecordBuilder& RecordBuilder::NewMebxPassword(std::string_view p) { return Set(var::kNewMebxPassword, Text(p)); }
RecordBuilder& RecordBuilder::ManageabilityFeature(bool amt) { return Set(var::kFeatureSelection, U8(amt ? 1 : 0)); }
RecordBuilder& RecordBuilder::PowerPackage(std::span<const std::byte, 16> guid) {
  return Set(var::kPowerPackage, {guid.begin(), guid.end()});
}
RecordBuilder& RecordBuilder::PidPps(std::string_view pid, std::string_view pps) {
  Set(var::kPid, Text(pid));
  return Set(var::kPps, Text(pps));
}
RecordBuilder& RecordBuilder::PkiDnsSuffix(std::string_view s) { return Set(var::kPkiDnsSuffix, Text(s)); }
RecordBuilder& RecordBuilder::ConfigServerFqdn(std::string_view s) { return Set(var::kConfigServerFqdn, Text(s)); }
RecordBuilder& RecordBuilder::RemoteConfiguration(bool on) { return Set(var::kRemoteConfigEnabled, U8(on ? 1 : 0)); }
RecordBuilder& RecordBuilder::PreInstalledCertificates(bool on) { return Set(var::kPreInstalledCerts, U8(on ? 1 : 0)); }
RecordBuilder& RecordBuilder::UserCertificatesConfig(uint8_t mode) { return Set(var::kUserCertsConfig, U8(mode)); }
RecordBuilder& RecordBuilder::AddCertificateHash(HashAlgorithm algorithm, std::span<const std::byte> digest,
                                                 std::string_view name) {
  base::ByteWriter w;
  w.U8(static_cast<uint8_t>(algorithm));
  w.Bytes(digest);
  w.U8(static_cast<uint8_t>(std::min<size_t>(name.size(), 255)));
  w.Ascii(name);
  return Set(var::kUserCertAdd, std::move(w).Take());
}
RecordBuilder& RecordBuilder::SolIder(uint8_t bits) { return Set(var::kSolIder, U8(bits)); }
RecordBuilder& RecordBuilder::HostName(std::string_view h) { return Set(var::kHostName, Text(h)); }
RecordBuilder& RecordBuilder::DomainName(std::string_view d) { return Set(var::kDomainName, Text(d)); }
RecordBuilder& RecordBuilder::Dhcp(bool enabled) { return Set(var::kDhcp, U8(enabled ? 2 : 1)); }
RecordBuilder& RecordBuilder::ProvisioningMode(bool smb) { return Set(var::kProvisioningMode, U8(smb ? 2 : 1)); }
RecordBuilder& RecordBuilder::ProvisioningServerAddress(std::string_view address) {
  if (auto octets = ParseIpv4(address)) return Set(var::kServerAddress, std::move(*octets));
  if (auto octets = ParseIpv6(address)) return Set(var::kServerAddress, std::move(*octets));
  if (error_.ok()) {
    error_ = base::InvalidArgument(
        fmt::format("Provisioning server address (2/17): '{}' is not an IPv4 or IPv6 address", address));
  }
  return *this;
}
RecordBuilder& RecordBuilder::ProvisioningServerPort(uint16_t port) {
  base::ByteWriter w;
  w.U16Le(port);
  return Set(var::kServerPort, std::move(w).Take());
}
RecordBuilder& RecordBuilder::ProvisioningHaltActivate(bool start) {
  return Set(var::kProvisioningHaltActivate, U8(start ? 1 : 0));
}
RecordBuilder& RecordBuilder::DynamicDnsUpdate(bool enabled) {
  return Set(var::kDynamicDnsUpdate, U8(enabled ? 1 : 0));
}
RecordBuilder& RecordBuilder::KvmState(bool enabled) { return Set(var::kKvmState, U8(enabled ? 1 : 0)); }
RecordBuilder& RecordBuilder::Raw(uint16_t module, uint16_t variable, std::vector<std::byte> value) {
  return Set({module, variable}, std::move(value));
}

base::Result<Record> RecordBuilder::Build(bool scrambled) const {
  if (!error_.ok()) return error_;
  Record record;
  record.number = 1;
  record.scrambled = scrambled;
  record.entries = entries_;
  std::stable_sort(record.entries.begin(), record.entries.end(), [](const Entry& a, const Entry& b) {
    const int ra = Rank(a);
    const int rb = Rank(b);
    if (ra != rb) return ra < rb;
    return std::pair(a.module, a.variable) < std::pair(b.module, b.variable);
  });
  // Check it as the writer will, with a one-record file.
  File probe;
  probe.version = version_;
  probe.records = {record};
  if (auto bytes = WriteFile(probe); !bytes) return bytes.error();
  return record;
}

base::Result<std::vector<std::byte>> BuildFile(FileVersion version, std::vector<Record> records, bool do_not_consume) {
  File file;
  file.version = version;
  file.flags = do_not_consume ? kFileFlagDoNotConsume : 0;
  file.records = std::move(records);
  return WriteFile(file);
}

}  // namespace openscs::setupbin
