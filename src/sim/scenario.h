#pragma once

// Scenario files: a fleet described as groups of identical devices with
// their AMT version, starting mode and injected faults (docs/amtsim.md has
// the format and examples/scenarios/ has examples). Building a scenario also
// yields the PID/PPS pairs a provisioning server should be given, with the
// faults applied (an "unknown_pid" device's pair is left out, a "wrong_pps"
// device's pair carries another PPS), each with the device's MEBx password:
// entering a PID/PPS in the MEBx means changing the factory password first,
// so a server needs it for the Setup Mode Digest login.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "device/device.h"
#include "protocol/pidpps/key_csv.h"
#include "protocol/pidpps/pid_pps.h"
#include "sim/sim_device.h"

namespace openscs::sim {

enum class Fault {
  kWrongPps,
  kUnknownPid,
  kNoDnsRecord,
  kServerUnreachable,
  kDropMidSession,
  kSlowResponses,
  kKeyGenerationBusy,
  kHashNotInList,
  kDomainMismatch,
  kMebxPasswordChanged,
  kAmtDisabled,
};
std::string_view FaultName(Fault fault);  // "wrong_pps", ...
base::Result<Fault> ParseFault(std::string_view name);
std::vector<Fault> AllFaults();

struct DeviceSpec {
  device::FactoryConfig factory;
  SimDeviceConfig config;
  std::vector<Fault> faults;
  std::string starting_mode;  // "psk", "pki", "factory", ...
  // Applied after construction (MEBx steps a technician would have done).
  std::string mebx_password;  // non-empty: the MEBx password was changed to this
  bool enter_pid_pps = false;
};

struct Scenario {
  double acceleration = 1.0;
  bool setup_over_plain_http = false;  // FleetOptions::setup_over_plain_http
  tls::DeviceTlsOptions tls;           // "tls": {"allow_tls10", "psk_ciphers", "rsa_ciphers"}
  std::vector<DeviceSpec> devices;
  std::vector<pidpps::KeyCsvRow> server_keys;  // what the server should import
  std::string keys_out;                        // where to write them ("" = nowhere)
  std::string trusted_root_sha1;          // hex; added to PKI devices without hash_not_in_list
};

// Parses scenario JSON. `base_dir` resolves relative paths in it. Errors
// name the group and field ("groups[2].amt_version: ...").
base::Result<Scenario> ParseScenario(std::string_view json, uint32_t seed_override = 0);

// Writes `scenario.server_keys` to `scenario.keys_out` (nothing when that is
// empty) as the 3-column key CSV (protocol/pidpps/key_csv.h), mode 0600:
// it holds PPS values and MEBx passwords. IoError naming the path.
base::Status WriteServerKeys(const Scenario& scenario);

// Creates the device in the fleet-ready form: applies the starting mode's
// MEBx steps (password change, PID/PPS entry) to a constructed device.
base::Status PrepareDevice(const DeviceSpec& spec, device::Device& device, base::TimePoint now);

}  // namespace openscs::sim
