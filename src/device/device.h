#pragma once

// A simulated Intel AMT device: the firmware's state and every operation that
// changes it — MEBx (Ctrl+P) menus, USB One-Touch, power events, the local
// RCT tool, hello scheduling, and the provisioning calls a server makes over
// SOAP or WS-Management. No I/O and no clock: callers pass `now`, and the
// network layer (src/sim) turns results into wire messages.
//
// Not thread-safe: one owner (a device's strand in the simulator) calls it.
// Behaviour follows shared/reference/amt-setup-protocol.md §2-§7; where the
// sources are unsure, the choice is a field of OemSwitches so that it is one
// switch away (docs/amtsim.md lists them).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "amt/pt_status.h"
#include "amt/version.h"
#include "base/clock.h"
#include "base/guid.h"
#include "base/status.h"
#include "device/hello_schedule.h"
#include "device/mode.h"
#include "protocol/hello/hello.h"

namespace openscs::device {

struct CertHashEntry {
  enum class Origin { kFirmware, kOem, kMebx };  // MEBx-added ones are deleted by unprovision
  hello::HashAlgorithm algorithm = hello::HashAlgorithm::kSha1;
  std::vector<std::byte> digest;
  std::string name;
  bool enabled = true;
  bool is_default = false;
  Origin origin = Origin::kFirmware;
};

// The legacy embedded root hashes (reference §5.2) a device of `version` ships with.
std::vector<CertHashEntry> DefaultCertHashes(const amt::Version& version);

// Board- and firmware-specific behaviour the sources leave open.
struct OemSwitches {
  // CMOS/RTC battery removal returns the ME to factory defaults (§7.5).
  bool cmos_reset_restores_factory = true;
  // Changing the MEBx password on a device in Remote Configuration Setup Mode
  // leaves it there (open question 9); false moves it to mode 3.
  bool password_change_keeps_remote_config = true;
  // A device whose hello window closed (mode 6) still accepts a setup
  // connection on 16993 (§3.1 says the device listens for the whole window).
  bool accepts_setup_after_window = false;
  // Hello schedules (hello_schedule.h).
  std::string psk_schedule = "psk-cycle";
  std::string pki_schedule = "configmgr";
};

struct NetworkSettings {
  std::string host_name;
  std::string domain_name;         // MEBx TCP/IP domain
  bool dhcp = true;
  std::string dhcp_domain_suffix;  // DHCP option 15
  // MEBx static IPv4 settings (used when dhcp is off). The simulator's device
  // keeps its loopback address; these are what the MEBx shows and reports.
  std::string static_address;
  std::string static_netmask;
  std::string static_gateway;
  std::string static_dns;
};

struct SetupSettings {
  std::string provisioning_server_address;  // MEBx/USB static server IP; empty: find by DNS
  uint16_t provisioning_server_port = 9971;
  std::string pki_dns_suffix;               // MEBx "PKI DNS Suffix" (AMT 3.x+)
  std::string config_server_fqdn;           // MEBx/USB "configuration server FQDN" (AMT 3.x+)
};

// What a device starts as when it comes out of the box (or a scenario file).
struct FactoryConfig {
  base::Guid uuid;
  amt::Version version{3, 2, 1};
  bool amt_enabled = true;
  bool remote_configuration = false;  // ships in RCFG mode (2.2/2.6/3.x usually do)
  std::string oem_pid;                // OEM-set PID/PPS (empty: none)
  std::string oem_pps;
  NetworkSettings network;
  SetupSettings setup;
  std::vector<CertHashEntry> extra_hashes;  // OEM custom hashes, added to the defaults
  OemSwitches oem;
};

// Faults the simulator injects per device (scenario files).
struct RuntimeFaults {
  uint32_t generating_keys_busy = 0;  // answer 0x80D this many times before generating keys
};

// The network interfaces an admin may use once provisioned (legacy SOAP
// SetEnabledInterfaces; WS-Man AMT_RedirectionService for SOL and IDE-R).
struct EnabledInterfaces {
  bool web_ui = true;
  bool sol = false;
  bool ider = false;
  friend bool operator==(const EnabledInterfaces&, const EnabledInterfaces&) = default;
};

// Credentials and settings as the device knows them (introspection).
struct CredentialsView {
  std::string mebx_password;
  std::string admin_user = "admin";
  std::optional<std::string> admin_password;  // set in plain text (SetAdminAclEntry, MEBx)
  std::optional<std::string> admin_ha1;       // set as a digest (SetAdminAclEntryEx)
  std::string pid;                             // current PSK identity ("" if none)
  bool pps_set = false;
};

class Device {
 public:
  Device(FactoryConfig config, std::string digest_realm);

  const FactoryConfig& factory() const { return factory_; }
  const base::Guid& uuid() const { return factory_.uuid; }
  const amt::Capabilities& capabilities() const { return caps_; }
  const std::string& digest_realm() const { return realm_; }

  Mode ModeAt(base::TimePoint now) const;
  ProvisioningState provisioning_state() const { return state_; }
  ProvisioningModel provisioning_model() const { return model_; }
  bool amt_enabled() const { return enabled_; }
  const NetworkSettings& network() const { return network_; }
  const SetupSettings& setup() const { return setup_; }
  const std::vector<CertHashEntry>& cert_hashes() const { return hashes_; }
  CredentialsView credentials() const;
  RuntimeFaults& faults() { return faults_; }

  // ---- Power and local tools -------------------------------------------
  // Power-on: a device already in Setup Mode starts its hello cycle.
  void PowerOn(base::TimePoint now);
  // AC unplug / power drain: the ME restarts; a hello cycle restarts (mode 6 -> 4/5).
  void AcCycle(base::TimePoint now);
  // CMOS/RTC battery out ~15 s: factory defaults if the OEM switch says so.
  base::Status CmosReset(base::TimePoint now);
  // The RCT tool's enable switch: turns AMT on; on a device that can do Remote
  // Configuration and has no other setup, starts it (a local agent's
  // StartConfiguration, reopening a 6 h window when one was used).
  base::Status RctEnable(base::TimePoint now);

  // ---- MEBx (Ctrl+P) -----------------------------------------------------
  // Login. With the factory password "admin" the MEBx forces a change:
  // returns FailedPrecondition "must change" unless `new_password` is given
  // and obeys the MEBx rule.
  base::Status MebxLogin(std::string_view password, std::string_view new_password = {});
  base::Status MebxChangePassword(std::string_view current, std::string_view new_password);
  base::Status MebxSetAmtEnabled(bool enabled);
  base::Status MebxSetProvisioningModel(ProvisioningModel model);
  base::Status MebxSetHostName(std::string_view host_name);
  base::Status MebxSetDomain(std::string_view domain);
  base::Status MebxSetDhcp(bool dhcp);
  // Turns DHCP off and sets the static IPv4 parameters (each dotted quad).
  base::Status MebxSetStaticIp(std::string_view address, std::string_view netmask, std::string_view gateway,
                               std::string_view dns);
  base::Status MebxSetProvisioningServer(std::string_view address, uint16_t port);
  // PID/PPS entry: check characters validated; 0x2A/0x2B on bad input (as the
  // firmware status), entering Setup Mode (PSK) on success.
  amt::PtStatus MebxEnterPidPps(std::string_view pid, std::string_view pps, base::TimePoint now);
  base::Status MebxSetRemoteConfiguration(bool enabled, base::TimePoint now);
  base::Status MebxAddCertHash(CertHashEntry entry);
  base::Status MebxSetCertHashEnabled(size_t index, bool enabled);
  base::Status MebxDeleteCertHash(size_t index);
  base::Status MebxSetPkiDnsSuffix(std::string_view suffix);
  base::Status MebxSetConfigServerFqdn(std::string_view fqdn);
  base::Status MebxUnprovision(bool full, base::TimePoint now);

  // ---- USB One-Touch -----------------------------------------------------
  // Consumes the next record of a setup.bin image (in place, as the BIOS
  // does) if the MEBx password is still the factory "admin", and applies it.
  // Returns the record number used.
  base::Result<uint32_t> ApplyUsbOneTouch(std::span<std::byte> setup_bin, base::TimePoint now);

  // ---- Hellos ------------------------------------------------------------
  // When the next hello is due, or nullopt if the device sends none now.
  std::optional<base::TimePoint> NextHelloAt(base::TimePoint now) const;
  // When the current hello window closes (nullopt outside Setup Mode).
  std::optional<base::TimePoint> HelloWindowEndsAt() const;
  // The hello to send now (PSK if a PID/PPS is set, else PKI with the enabled hashes).
  hello::Hello NextHello() const;
  void OnHelloSent(base::TimePoint now);
  uint32_t hellos_sent_total() const { return hellos_total_; }
  uint32_t hellos_sent_in_cycle() const { return cycle_.sent; }

  // ---- Setup connections (server -> device on 16993) ----------------------
  // Whether a setup connection may be accepted now (Setup Mode, window open).
  bool AcceptsSetupConnection(base::TimePoint now) const;
  // TLS-PSK: the key for `identity`, or nullopt (unknown identity / no PSK).
  std::optional<std::string> PskKeyFor(std::string_view identity) const;
  // Digest: the HA1 the device accepts for `user` now (setup: the network
  // admin password, which is the MEBx password until changed over the network).
  std::optional<std::string> Ha1For(std::string_view user) const;

  // ---- Provisioning calls (SOAP / WS-Man). Each returns the PT_STATUS. ----
  amt::PtStatus SetMebxPassword(std::string_view password);
  amt::PtStatus SetHostName(std::string_view host_name);
  amt::PtStatus SetDomainName(std::string_view domain);
  amt::PtStatus SetAdminAclEntry(std::string_view user, std::string_view password);
  amt::PtStatus SetAdminAclEntryEx(std::string_view user, std::string_view ha1_hex);
  amt::PtStatus SetTlsPsk(std::string_view pid, std::string_view pps);
  amt::PtStatus GenerateKeyPair();
  amt::PtStatus SetTlsEnabled(bool enabled);
  amt::PtStatus SetTime(base::TimePoint device_time);
  amt::PtStatus SetEnabledInterfaces(EnabledInterfaces interfaces);
  // SOL and IDE-R only (WS-Man AMT_RedirectionService.RequestStateChange).
  amt::PtStatus SetRedirection(bool sol, bool ider);
  const EnabledInterfaces& enabled_interfaces() const { return interfaces_; }
  // Applies everything set since setup began; 0x809 if essential data
  // (a new admin credential; a non-default MEBx password) is missing.
  amt::PtStatus CommitChanges(base::TimePoint now);
  amt::PtStatus Unprovision(bool partial, base::TimePoint now);
  bool tls_enabled() const { return tls_enabled_; }
  std::optional<base::TimePoint> provisioned_at() const { return provisioned_at_; }

 private:
  struct Pending {
    std::optional<std::string> mebx_password;
    std::optional<std::string> host_name;
    std::optional<std::string> domain_name;
    std::optional<std::string> admin_password;
    std::optional<std::string> admin_ha1;
    std::optional<std::string> next_pid;
    std::optional<std::string> next_pps;
    std::optional<bool> tls_enabled;
    std::optional<EnabledInterfaces> interfaces;
    bool key_pair_generated = false;
  };

  void ResetToFactory();
  void EnterSetupMode(base::TimePoint now, bool later_window);
  bool IsFactoryPassword() const;
  bool HasPsk() const { return !pid_.empty(); }
  const HelloScheduleProfile& ActiveProfile() const;

  FactoryConfig factory_;
  amt::Capabilities caps_;
  std::string realm_;
  HelloScheduleProfile psk_profile_;
  HelloScheduleProfile pki_profile_;

  bool enabled_ = true;
  ProvisioningState state_ = ProvisioningState::kPre;
  ProvisioningModel model_ = ProvisioningModel::kEnterprise;
  std::string mebx_password_ = "admin";
  std::optional<std::string> network_admin_password_;  // unset: equals the MEBx password
  std::optional<std::string> network_admin_ha1_;
  bool remote_configuration_ = false;
  std::string pid_;
  std::string pps_;
  NetworkSettings network_;
  SetupSettings setup_;
  std::vector<CertHashEntry> hashes_;
  bool tls_enabled_ = false;
  EnabledInterfaces interfaces_;

  bool in_cycle_ = false;
  HelloCycle cycle_;
  bool pki_first_window_used_ = false;
  uint32_t hellos_total_ = 0;

  Pending pending_;
  RuntimeFaults faults_;
  std::optional<base::TimePoint> provisioned_at_;
};

}  // namespace openscs::device
