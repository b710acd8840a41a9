#include "device/device.h"

#include <fmt/format.h>

#include "base/hex.h"
#include "http/digest.h"
#include "protocol/mebx/password_rule.h"
#include "protocol/pidpps/pid_pps.h"

namespace openscs::device {
namespace {

constexpr std::string_view kFactoryPassword = "admin";

CertHashEntry Sha1Root(std::string_view hex, std::string_view name) {
  CertHashEntry e;
  e.algorithm = hello::HashAlgorithm::kSha1;
  e.digest = base::FromHex(hex).value();
  e.name = name;
  e.is_default = true;
  e.origin = CertHashEntry::Origin::kFirmware;
  return e;
}

HelloScheduleProfile ProfileOrDefault(const std::string& name, std::string_view fallback) {
  if (auto p = ProfileByName(name)) return *p;
  return ProfileByName(fallback).value();
}

}  // namespace

std::vector<CertHashEntry> DefaultCertHashes(const amt::Version& version) {
  std::vector<CertHashEntry> out = {
      Sha1Root("742c3192e607e424eb4549542be1bbc53e6174e2", "VeriSign Class 3 Public Primary CA - G1"),
      Sha1Root("132d0d45534b6997cdb2d5c339e25576609b5cc6", "VeriSign Class 3 Public Primary CA - G3"),
      Sha1Root("2796bae63f1801e277261ba0d77770028f20eee4", "Go Daddy Class 2 CA"),
      Sha1Root("d1eb23a46d17d68fd92564c2f1f1601764d8e349", "Comodo AAA CA"),
      Sha1Root("ad7e1c28b064ef8f6003402014c3d0e3370eb58a", "Starfield Class 2 CA"),
  };
  // "added by later FW" (reference §5.2); taken here as 4.0 and later.
  if (version >= amt::Version{4, 0, 0}) {
    out.push_back(Sha1Root("85371ca6e550143dce2803471bde3a09e8f8770f", "VeriSign Class 3 Public Primary CA - G2"));
  }
  return out;
}

Device::Device(FactoryConfig config, std::string digest_realm)
    : factory_(std::move(config)),
      caps_(amt::CapabilitiesOf(factory_.version).value()),
      realm_(std::move(digest_realm)),
      psk_profile_(ProfileOrDefault(factory_.oem.psk_schedule, "psk-cycle")),
      pki_profile_(ProfileOrDefault(factory_.oem.pki_schedule, "configmgr")) {
  ResetToFactory();
}

void Device::ResetToFactory() {
  enabled_ = factory_.amt_enabled;
  state_ = ProvisioningState::kPre;
  model_ = ProvisioningModel::kEnterprise;
  mebx_password_ = std::string(kFactoryPassword);
  network_admin_password_.reset();
  network_admin_ha1_.reset();
  remote_configuration_ = factory_.remote_configuration && caps_.remote_configuration;
  pid_ = factory_.oem_pid;
  pps_ = factory_.oem_pps;
  network_ = factory_.network;
  setup_ = factory_.setup;
  hashes_ = DefaultCertHashes(caps_.version);
  for (const auto& extra : factory_.extra_hashes) hashes_.push_back(extra);
  tls_enabled_ = false;
  interfaces_ = {};
  in_cycle_ = false;
  cycle_ = {};
  pki_first_window_used_ = false;
  pending_ = {};
  provisioned_at_.reset();
  // An OEM PID/PPS or RCFG shipping configuration puts the device in Setup
  // Mode out of the box; hellos start at the first power-on.
  if (enabled_ && (HasPsk() || remote_configuration_)) state_ = ProvisioningState::kIn;
}

bool Device::IsFactoryPassword() const { return mebx_password_ == kFactoryPassword; }

const HelloScheduleProfile& Device::ActiveProfile() const { return HasPsk() && caps_.psk_hello ? psk_profile_ : pki_profile_; }

Mode Device::ModeAt(base::TimePoint now) const {
  if (!enabled_) return Mode::kAmtDisabled;
  switch (state_) {
    case ProvisioningState::kPost:
      return Mode::kOperational;
    case ProvisioningState::kIn: {
      if (in_cycle_) {
        const auto ends = CycleEndsAt(ActiveProfile(), cycle_);
        if (!NextHelloAt(now) && ends && now >= *ends) return Mode::kHelloDisabled;
      }
      return HasPsk() && caps_.psk_hello ? Mode::kSetupPsk : Mode::kSetupRemoteConfig;
    }
    case ProvisioningState::kPre:
      break;
  }
  return IsFactoryPassword() ? Mode::kFactoryDefault : Mode::kPasswordChanged;
}

CredentialsView Device::credentials() const {
  CredentialsView v;
  v.mebx_password = mebx_password_;
  if (network_admin_ha1_) {
    v.admin_ha1 = network_admin_ha1_;
  } else {
    v.admin_password = network_admin_password_.value_or(mebx_password_);
  }
  v.pid = pid_;
  v.pps_set = !pps_.empty();
  return v;
}

// ---- Power and local tools ------------------------------------------------

void Device::EnterSetupMode(base::TimePoint now, bool later_window) {
  state_ = ProvisioningState::kIn;
  in_cycle_ = true;
  const bool pki = !(HasPsk() && caps_.psk_hello);
  cycle_ = {now, 0, later_window || (pki && pki_first_window_used_)};
  if (pki) pki_first_window_used_ = true;
}

void Device::PowerOn(base::TimePoint now) {
  if (enabled_ && state_ == ProvisioningState::kIn && !in_cycle_) EnterSetupMode(now, false);
}

void Device::AcCycle(base::TimePoint now) {
  if (enabled_ && state_ == ProvisioningState::kIn) EnterSetupMode(now, false);
}

base::Status Device::CmosReset(base::TimePoint now) {
  if (!factory_.oem.cmos_reset_restores_factory) {
    return base::FailedPrecondition("this board keeps ME settings across a CMOS reset (OEM switch)");
  }
  ResetToFactory();
  PowerOn(now);
  return base::Status::Ok();
}

base::Status Device::RctEnable(base::TimePoint now) {
  enabled_ = true;
  if (state_ == ProvisioningState::kPost) return base::Status::Ok();
  if (state_ == ProvisioningState::kIn) {
    // A local agent's StartConfiguration reopens a (6 h) window.
    EnterSetupMode(now, true);
    return base::Status::Ok();
  }
  if (caps_.remote_configuration && !HasPsk()) {
    remote_configuration_ = true;
    EnterSetupMode(now, pki_first_window_used_);
  }
  return base::Status::Ok();
}

// ---- MEBx -----------------------------------------------------------------

base::Status Device::MebxLogin(std::string_view password, std::string_view new_password) {
  if (password != mebx_password_) return base::PermissionDenied("MEBx: wrong password");
  if (!IsFactoryPassword()) return base::Status::Ok();
  if (new_password.empty()) {
    return base::FailedPrecondition("MEBx: the default password must be changed at first login");
  }
  return MebxChangePassword(password, new_password);
}

base::Status Device::MebxChangePassword(std::string_view current, std::string_view new_password) {
  if (current != mebx_password_) return base::PermissionDenied("MEBx: wrong password");
  if (new_password == kFactoryPassword) return base::InvalidArgument("MEBx: the new password must not be 'admin'");
  if (auto s = mebx::CheckMebxPassword(new_password); !s.ok()) return s;
  mebx_password_ = std::string(new_password);
  // Taking ownership leaves factory default (mode 2 -> 3). An RCFG device
  // stays in Setup Mode unless the OEM switch says otherwise.
  if (state_ == ProvisioningState::kIn && !HasPsk() && !factory_.oem.password_change_keeps_remote_config) {
    remote_configuration_ = false;
    state_ = ProvisioningState::kPre;
    in_cycle_ = false;
  }
  return base::Status::Ok();
}

base::Status Device::MebxSetAmtEnabled(bool enabled) {
  enabled_ = enabled;
  if (!enabled) in_cycle_ = false;
  return base::Status::Ok();
}

base::Status Device::MebxSetProvisioningModel(ProvisioningModel model) {
  if (state_ == ProvisioningState::kPost) return base::FailedPrecondition("MEBx: unprovision first");
  model_ = model;
  return base::Status::Ok();
}

base::Status Device::MebxSetHostName(std::string_view host_name) {
  if (host_name.size() > 63) return base::InvalidArgument("MEBx: host name longer than 63 characters");
  network_.host_name = host_name;
  return base::Status::Ok();
}

base::Status Device::MebxSetDomain(std::string_view domain) {
  if (domain.size() > 255) return base::InvalidArgument("MEBx: domain longer than 255 characters");
  network_.domain_name = domain;
  return base::Status::Ok();
}

base::Status Device::MebxSetDhcp(bool dhcp) {
  network_.dhcp = dhcp;
  return base::Status::Ok();
}

namespace {

bool IsDottedQuad(std::string_view s) {
  int parts = 0;
  size_t start = 0;
  while (start <= s.size()) {
    const size_t dot = s.find('.', start);
    const std::string_view part = s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (part.empty() || part.size() > 3) return false;
    int value = 0;
    for (char c : part) {
      if (c < '0' || c > '9') return false;
      value = value * 10 + (c - '0');
    }
    if (value > 255) return false;
    ++parts;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts == 4;
}

}  // namespace

base::Status Device::MebxSetStaticIp(std::string_view address, std::string_view netmask, std::string_view gateway,
                                     std::string_view dns) {
  for (auto [name, value] : {std::pair{"address", address}, std::pair{"netmask", netmask},
                             std::pair{"gateway", gateway}, std::pair{"DNS server", dns}}) {
    if (!value.empty() && !IsDottedQuad(value)) {
      return base::InvalidArgument(fmt::format("MEBx: static {} '{}' is not an IPv4 address", name, value));
    }
  }
  if (address.empty() || netmask.empty()) return base::InvalidArgument("MEBx: a static IP needs an address and a netmask");
  network_.dhcp = false;
  network_.static_address = address;
  network_.static_netmask = netmask;
  network_.static_gateway = gateway;
  network_.static_dns = dns;
  return base::Status::Ok();
}

base::Status Device::MebxSetProvisioningServer(std::string_view address, uint16_t port) {
  setup_.provisioning_server_address = address;
  setup_.provisioning_server_port = port == 0 ? 9971 : port;
  return base::Status::Ok();
}

amt::PtStatus Device::MebxEnterPidPps(std::string_view pid, std::string_view pps, base::TimePoint now) {
  if (!caps_.psk_hello) return amt::PtStatus::kUnsupported;
  if (state_ == ProvisioningState::kPost) return amt::PtStatus::kInvalidProvisioningState;
  auto parsed_pid = pidpps::Pid::Parse(pid);
  if (!parsed_pid) return amt::PtStatus::kInvalidPidFormat;
  auto parsed_pps = pidpps::Pps::Parse(pps);
  if (!parsed_pps) return amt::PtStatus::kInvalidPpsFormat;
  if (model_ == ProvisioningModel::kSmallBusiness) return amt::PtStatus::kInvalidPtMode;
  pid_ = std::string(parsed_pid->compact());
  pps_ = std::string(parsed_pps->compact());
  EnterSetupMode(now, false);
  return amt::PtStatus::kSuccess;
}

base::Status Device::MebxSetRemoteConfiguration(bool enabled, base::TimePoint now) {
  if (!caps_.remote_configuration) {
    return base::FailedPrecondition(fmt::format("AMT {} has no Remote Configuration", caps_.version.ToString()));
  }
  if (state_ == ProvisioningState::kPost) return base::FailedPrecondition("MEBx: unprovision first");
  remote_configuration_ = enabled;
  if (enabled && !HasPsk()) {
    EnterSetupMode(now, pki_first_window_used_);
  } else if (!enabled && !HasPsk()) {
    state_ = ProvisioningState::kPre;
    in_cycle_ = false;
  }
  return base::Status::Ok();
}

base::Status Device::MebxAddCertHash(CertHashEntry entry) {
  if (entry.digest.size() != hello::DigestSize(entry.algorithm)) {
    return base::InvalidArgument("MEBx: hash length does not match its algorithm");
  }
  if (entry.algorithm != hello::HashAlgorithm::kSha1 && !caps_.sha256_hashes) {
    return base::InvalidArgument(fmt::format("MEBx: AMT {} takes SHA-1 hashes only", caps_.version.ToString()));
  }
  size_t custom = 0;
  for (const auto& h : hashes_) custom += h.origin != CertHashEntry::Origin::kFirmware ? 1 : 0;
  if (custom >= 3 && !caps_.sha256_hashes) return base::FailedPrecondition("MEBx: all 3 custom hash slots are used");
  entry.origin = CertHashEntry::Origin::kMebx;
  entry.is_default = false;
  hashes_.push_back(std::move(entry));
  return base::Status::Ok();
}

base::Status Device::MebxSetCertHashEnabled(size_t index, bool enabled) {
  if (index >= hashes_.size()) return base::InvalidArgument(fmt::format("MEBx: no hash number {}", index));
  hashes_[index].enabled = enabled;
  return base::Status::Ok();
}

base::Status Device::MebxDeleteCertHash(size_t index) {
  if (index >= hashes_.size()) return base::InvalidArgument(fmt::format("MEBx: no hash number {}", index));
  if (hashes_[index].origin == CertHashEntry::Origin::kFirmware) {
    return base::FailedPrecondition("MEBx: embedded hashes can be disabled, not deleted");
  }
  hashes_.erase(hashes_.begin() + static_cast<std::ptrdiff_t>(index));
  return base::Status::Ok();
}

base::Status Device::MebxSetPkiDnsSuffix(std::string_view suffix) {
  if (caps_.version.major < 3) return base::FailedPrecondition("MEBx: PKI DNS suffix needs AMT 3.0 or later");
  setup_.pki_dns_suffix = suffix;
  return base::Status::Ok();
}

base::Status Device::MebxSetConfigServerFqdn(std::string_view fqdn) {
  if (caps_.version.major < 3) return base::FailedPrecondition("MEBx: server FQDN needs AMT 3.0 or later");
  setup_.config_server_fqdn = fqdn;
  return base::Status::Ok();
}

base::Status Device::MebxUnprovision(bool full, base::TimePoint now) {
  const amt::PtStatus s = Unprovision(!full, now);
  if (s != amt::PtStatus::kSuccess) return base::FailedPrecondition("MEBx: nothing to unprovision");
  return base::Status::Ok();
}

// ---- Hellos ---------------------------------------------------------------

std::optional<base::TimePoint> Device::NextHelloAt(base::TimePoint) const {
  if (!enabled_ || state_ != ProvisioningState::kIn || !in_cycle_) return std::nullopt;
  if (model_ == ProvisioningModel::kSmallBusiness) return std::nullopt;
  return device::NextHelloAt(ActiveProfile(), cycle_);
}

std::optional<base::TimePoint> Device::HelloWindowEndsAt() const {
  if (state_ != ProvisioningState::kIn || !in_cycle_) return std::nullopt;
  return CycleEndsAt(ActiveProfile(), cycle_);
}

hello::Hello Device::NextHello() const {
  hello::Hello h;
  h.uuid = factory_.uuid;
  h.retry_count = RetryCountFor(cycle_);
  // Real PKI firmware is reported to send 1 whatever the state (reference §3.4).
  h.admin_credentials_set = !IsFactoryPassword() || !(HasPsk() && caps_.psk_hello);
  if (HasPsk() && caps_.psk_hello) {
    h.method = hello::Method::kPsk;
    h.pid = pid_;
    return h;
  }
  h.method = hello::Method::kPki;
  for (const auto& entry : hashes_) {
    if (!entry.enabled) continue;
    if (entry.algorithm != hello::HashAlgorithm::kSha1 && !caps_.sha256_hashes) continue;
    h.hashes.push_back({entry.algorithm, entry.digest});
  }
  return h;
}

void Device::OnHelloSent(base::TimePoint) {
  ++cycle_.sent;
  ++hellos_total_;
}

// ---- Setup connections ------------------------------------------------------

bool Device::AcceptsSetupConnection(base::TimePoint now) const {
  if (!enabled_ || state_ != ProvisioningState::kIn) return false;
  if (ModeAt(now) == Mode::kHelloDisabled) return factory_.oem.accepts_setup_after_window;
  return true;
}

std::optional<std::string> Device::PskKeyFor(std::string_view identity) const {
  if (!HasPsk() || identity != pid_) return std::nullopt;
  return pps_;
}

std::optional<std::string> Device::Ha1For(std::string_view user) const {
  if (user != "admin") return std::nullopt;
  if (network_admin_ha1_) return network_admin_ha1_;
  return http::DigestHa1(user, realm_, network_admin_password_.value_or(mebx_password_));
}

// ---- Provisioning calls -----------------------------------------------------

amt::PtStatus Device::SetMebxPassword(std::string_view password) {
  if (state_ != ProvisioningState::kIn) return amt::PtStatus::kInvalidProvisioningState;
  if (password == kFactoryPassword || !mebx::CheckMebxPassword(password).ok()) return amt::PtStatus::kInvalidPassword;
  pending_.mebx_password = std::string(password);
  return amt::PtStatus::kSuccess;
}

amt::PtStatus Device::SetHostName(std::string_view host_name) {
  if (host_name.empty() || host_name.size() > 63) return amt::PtStatus::kInvalidParameter;
  pending_.host_name = std::string(host_name);
  if (state_ == ProvisioningState::kPost) network_.host_name = *pending_.host_name;
  return amt::PtStatus::kSuccess;
}

amt::PtStatus Device::SetDomainName(std::string_view domain) {
  if (domain.size() > 255) return amt::PtStatus::kInvalidDomainName;
  pending_.domain_name = std::string(domain);
  if (state_ == ProvisioningState::kPost) network_.domain_name = *pending_.domain_name;
  return amt::PtStatus::kSuccess;
}

amt::PtStatus Device::SetAdminAclEntry(std::string_view user, std::string_view password) {
  if (user.empty() || user.size() > 32) return amt::PtStatus::kInvalidParameter;
  if (password.empty() || password.size() > 32) return amt::PtStatus::kInvalidPassword;
  pending_.admin_password = std::string(password);
  pending_.admin_ha1.reset();
  return amt::PtStatus::kSuccess;
}

amt::PtStatus Device::SetAdminAclEntryEx(std::string_view user, std::string_view ha1_hex) {
  if (user.empty() || user.size() > 32) return amt::PtStatus::kInvalidParameter;
  auto bytes = base::FromHex(ha1_hex);
  if (!bytes || bytes->size() != 16) return amt::PtStatus::kInvalidPassword;
  pending_.admin_ha1 = base::ToHex(*bytes);
  pending_.admin_password.reset();
  return amt::PtStatus::kSuccess;
}

amt::PtStatus Device::SetTlsPsk(std::string_view pid, std::string_view pps) {
  auto parsed_pid = pidpps::Pid::Parse(pid);
  if (!parsed_pid) return amt::PtStatus::kInvalidPidFormat;
  auto parsed_pps = pidpps::Pps::Parse(pps);
  if (!parsed_pps) return amt::PtStatus::kInvalidPpsFormat;
  pending_.next_pid = std::string(parsed_pid->compact());
  pending_.next_pps = std::string(parsed_pps->compact());
  return amt::PtStatus::kSuccess;
}

amt::PtStatus Device::GenerateKeyPair() {
  if (faults_.generating_keys_busy > 0) {
    --faults_.generating_keys_busy;
    return amt::PtStatus::kPkiGeneratingKeys;
  }
  pending_.key_pair_generated = true;
  return amt::PtStatus::kSuccess;
}

amt::PtStatus Device::SetTlsEnabled(bool enabled) {
  pending_.tls_enabled = enabled;
  if (state_ == ProvisioningState::kPost) tls_enabled_ = enabled;
  return amt::PtStatus::kSuccess;
}

amt::PtStatus Device::SetTime(base::TimePoint) { return amt::PtStatus::kSuccess; }

amt::PtStatus Device::SetEnabledInterfaces(EnabledInterfaces interfaces) {
  pending_.interfaces = interfaces;
  if (state_ == ProvisioningState::kPost) interfaces_ = interfaces;
  return amt::PtStatus::kSuccess;
}

amt::PtStatus Device::SetRedirection(bool sol, bool ider) {
  EnabledInterfaces next = pending_.interfaces.value_or(interfaces_);
  next.sol = sol;
  next.ider = ider;
  return SetEnabledInterfaces(next);
}

amt::PtStatus Device::CommitChanges(base::TimePoint now) {
  if (state_ != ProvisioningState::kIn) return amt::PtStatus::kInvalidProvisioningState;
  const bool has_admin = pending_.admin_password.has_value() || pending_.admin_ha1.has_value();
  const bool mebx_default_left = IsFactoryPassword() && !pending_.mebx_password;
  if (!has_admin || mebx_default_left) return amt::PtStatus::kDataMissing;

  if (pending_.mebx_password) mebx_password_ = *pending_.mebx_password;
  if (pending_.host_name) network_.host_name = *pending_.host_name;
  if (pending_.domain_name) network_.domain_name = *pending_.domain_name;
  network_admin_password_ = pending_.admin_password;
  network_admin_ha1_ = pending_.admin_ha1;
  if (pending_.next_pid) {
    pid_ = *pending_.next_pid;
    pps_ = *pending_.next_pps;
  }
  if (pending_.tls_enabled) tls_enabled_ = *pending_.tls_enabled;
  if (pending_.interfaces) interfaces_ = *pending_.interfaces;
  pending_ = {};
  state_ = ProvisioningState::kPost;
  in_cycle_ = false;
  provisioned_at_ = now;
  return amt::PtStatus::kSuccess;
}

amt::PtStatus Device::Unprovision(bool partial, base::TimePoint now) {
  if (state_ == ProvisioningState::kPre) return amt::PtStatus::kInvalidProvisioningState;
  pending_ = {};
  provisioned_at_.reset();
  tls_enabled_ = false;
  // MEBx-added hashes go; embedded and OEM ones stay (reference §5.2).
  std::erase_if(hashes_, [](const CertHashEntry& h) { return h.origin == CertHashEntry::Origin::kMebx; });
  if (partial) {
    // Keeps admin ACL, PSK keys, host/domain and server address, and goes
    // back to Setup Mode sending hellos (reference §6.4).
    state_ = ProvisioningState::kIn;
    EnterSetupMode(now, true);
    return amt::PtStatus::kSuccess;
  }
  network_admin_password_.reset();
  network_admin_ha1_.reset();
  pid_.clear();
  pps_.clear();
  network_ = factory_.network;
  setup_ = factory_.setup;
  remote_configuration_ = false;
  state_ = ProvisioningState::kPre;
  in_cycle_ = false;
  return amt::PtStatus::kSuccess;
}

}  // namespace openscs::device
