// USB One-Touch: what the BIOS and MEBx do with a setup.bin at power-on.

#include <fmt/format.h>

#include "base/byte_reader.h"
#include "base/hex.h"
#include "device/device.h"
#include "protocol/mebx/password_rule.h"
#include "protocol/pidpps/pid_pps.h"
#include "protocol/setupbin/consume.h"
#include "protocol/setupbin/setupbin.h"
#include "protocol/setupbin/variables.h"

namespace openscs::device {
namespace {

bool Is(const setupbin::Entry& e, std::pair<uint16_t, uint16_t> id) {
  return e.module == id.first && e.variable == id.second;
}

std::string Text(const setupbin::Entry& e) { return std::string(base::AsChars(e.value)); }
uint8_t U8(const setupbin::Entry& e) { return e.value.empty() ? 0 : static_cast<uint8_t>(e.value[0]); }

}  // namespace

base::Result<uint32_t> Device::ApplyUsbOneTouch(std::span<std::byte> setup_bin, base::TimePoint now) {
  if (!IsFactoryPassword()) {
    return base::FailedPrecondition(
        "USB One-Touch needs the factory MEBx password 'admin'; this device's password was changed (mode 3): "
        "enter PID/PPS in the MEBx or enable Remote Configuration instead");
  }
  if (state_ == ProvisioningState::kPost) return base::FailedPrecondition("the device is already provisioned");
  auto file = setupbin::ReadFile(setup_bin);
  if (!file) return file.error();
  if (file->consumed >= file->records.size()) {
    return base::FailedPrecondition(fmt::format("setup.bin: all {} records are consumed", file->records.size()));
  }
  const setupbin::Record& record = file->records[file->consumed];

  // The MEBx applies the record to a copy first; the BIOS marks it consumed
  // only after the MEBx accepted it (reference §8.5).
  Device next = *this;
  bool halt = false;
  for (const auto& e : record.entries) {
    if (Is(e, setupbin::var::kCurrentMebxPassword)) {
      if (Text(e) != next.mebx_password_) {
        return base::PermissionDenied(fmt::format("setup.bin record {}: current MEBx password does not match",
                                                  record.number));
      }
    } else if (Is(e, setupbin::var::kNewMebxPassword)) {
      if (auto s = mebx::CheckMebxPassword(Text(e)); !s.ok()) return s.WithContext(fmt::format("record {}", record.number));
      next.mebx_password_ = Text(e);
    } else if (Is(e, setupbin::var::kFeatureSelection)) {
      next.enabled_ = U8(e) == 1;
    } else if (Is(e, setupbin::var::kPid)) {
      auto pid = pidpps::Pid::Parse(Text(e));
      if (!pid) return pid.error().WithContext(fmt::format("record {} (status 0x2A)", record.number));
      next.pid_ = std::string(pid->compact());
    } else if (Is(e, setupbin::var::kPps)) {
      auto pps = pidpps::Pps::Parse(Text(e));
      if (!pps) return pps.error().WithContext(fmt::format("record {} (status 0x2B)", record.number));
      next.pps_ = std::string(pps->compact());
    } else if (Is(e, setupbin::var::kPkiDnsSuffix)) {
      next.setup_.pki_dns_suffix = Text(e);
    } else if (Is(e, setupbin::var::kConfigServerFqdn)) {
      next.setup_.config_server_fqdn = Text(e);
    } else if (Is(e, setupbin::var::kRemoteConfigEnabled)) {
      next.remote_configuration_ = U8(e) == 1 && caps_.remote_configuration;
    } else if (Is(e, setupbin::var::kPreInstalledCerts)) {
      for (auto& h : next.hashes_) {
        if (h.origin == CertHashEntry::Origin::kFirmware) h.enabled = U8(e) == 1;
      }
    } else if (Is(e, setupbin::var::kUserCertsConfig)) {
      if (U8(e) == 2) {
        std::erase_if(next.hashes_, [](const CertHashEntry& h) { return h.origin == CertHashEntry::Origin::kMebx; });
      }
    } else if (Is(e, setupbin::var::kUserCertAdd)) {
      base::ByteReader in(e.value);
      CertHashEntry h;
      h.algorithm = static_cast<hello::HashAlgorithm>(in.U8().value_or(1));
      const auto digest = in.Bytes(hello::DigestSize(h.algorithm));
      const auto name_length = in.U8();
      if (!digest || !name_length) return base::InvalidArgument(fmt::format("record {}: bad certificate hash", record.number));
      h.digest.assign(digest->begin(), digest->end());
      if (auto name = in.Bytes(*name_length)) h.name = std::string(base::AsChars(*name));
      if (auto s = next.MebxAddCertHash(std::move(h)); !s.ok()) return s.WithContext(fmt::format("record {}", record.number));
    } else if (Is(e, setupbin::var::kHostName)) {
      next.network_.host_name = Text(e);
    } else if (Is(e, setupbin::var::kDomainName)) {
      next.network_.domain_name = Text(e);
    } else if (Is(e, setupbin::var::kDhcp)) {
      next.network_.dhcp = U8(e) == 2;
    } else if (Is(e, setupbin::var::kProvisioningMode)) {
      next.model_ = U8(e) == 2 ? ProvisioningModel::kSmallBusiness : ProvisioningModel::kEnterprise;
    } else if (Is(e, setupbin::var::kServerAddress)) {
      if (e.value.size() == 4) {
        next.setup_.provisioning_server_address =
            fmt::format("{}.{}.{}.{}", static_cast<unsigned>(e.value[0]), static_cast<unsigned>(e.value[1]),
                        static_cast<unsigned>(e.value[2]), static_cast<unsigned>(e.value[3]));
      }
    } else if (Is(e, setupbin::var::kServerPort)) {
      base::ByteReader in(e.value);
      next.setup_.provisioning_server_port = in.U16Le().value_or(9971);
    } else if (Is(e, setupbin::var::kProvisioningHaltActivate)) {
      halt = U8(e) == 0;
    }
  }
  if (next.pid_.empty() != next.pps_.empty()) {
    return base::InvalidArgument(fmt::format("record {}: PID without PPS", record.number));
  }

  auto consumed = setupbin::ConsumeNextRecord(setup_bin);
  if (!consumed) return consumed.error();
  *this = std::move(next);
  if (!halt && enabled_ && (HasPsk() || remote_configuration_)) EnterSetupMode(now, false);
  return consumed->record.number;
}

}  // namespace openscs::device
