#pragma once

// One simulated device as the network sees it: the firmware model
// (device::Device) plus its address, the provisioning server it looks for,
// per-device faults, Digest nonces, and an event log for introspection.
// Owned and used on the fleet's single I/O thread; not thread-safe.

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/random.h"
#include "amt/pt_status.h"
#include "device/device.h"
#include "sim/http_types.h"
#include "tls/device_tls.h"

namespace openscs::sim {

// Faults injected per device (scenario file "faults"). Those that change
// what the device or the server knows (wrong PPS, unknown PID, hash not in
// the list, domain mismatch, no DNS record, MEBx password changed, AMT
// disabled) are applied when the scenario builds the device; these act at run time.
struct NetworkFaults {
  bool server_unreachable = false;       // hellos go to a port where nobody listens
  // Close the connection instead of answering the Nth authenticated request
  // (counted across connections since start), once: a session dropped
  // mid-way that a retry can complete. 0: never.
  uint32_t drop_after_requests = 0;
  base::Duration slow_response{};        // delay before every HTTP response (device time)
};

struct SimDeviceConfig {
  std::string address;              // the device's own loopback address, e.g. "127.1.0.5"
  uint16_t http_port = 16992;       // plain (SOAP/WS-Man, web UI)
  uint16_t tls_port = 16993;
  uint16_t hello_source_port = 0;   // 0: ephemeral (see docs/amtsim.md); the seed saw 16994
  // Where hellos go when the device has no static server address in MEBx:
  // the name resolved through DNS is ProvisionServer[.suffix] (server_locator.h).
  std::string dns_server;           // "127.0.0.1:5353"; empty: hellos need a static address
  NetworkFaults faults;
};

struct DeviceEvent {
  base::TimePoint time;
  std::string level;  // "info", "warning", "error"
  std::string text;
};

class SimDevice final : public tls::DeviceTlsPolicy {
 public:
  SimDevice(device::FactoryConfig factory, SimDeviceConfig config, base::RandomSource random,
            std::shared_ptr<base::Clock> clock);

  device::Device& model() { return model_; }
  const device::Device& model() const { return model_; }
  const SimDeviceConfig& config() const { return config_; }
  SimDeviceConfig& mutable_config() { return config_; }
  base::TimePoint Now() const { return clock_->Now(); }

  // HTTP on 16992 (tls=false) or inside TLS on 16993: Digest authentication,
  // then the legacy SOAP services or /wsman.
  HttpResponse Handle(const HttpRequest& request, bool tls);

  // tls::DeviceTlsPolicy
  std::optional<std::string> PskKeyFor(std::string_view identity) override;
  tls::CertCheckInput PkiCheckInput() override;
  void OnRefused(std::string_view reason_code, std::string_view detail) override;

  // Called after every handled request (its state may have changed), so the
  // fleet can reopen ports and reschedule hellos.
  void set_on_change(std::function<void()> on_change) { on_change_ = std::move(on_change); }

  void Log(std::string_view level, std::string text);
  const std::deque<DeviceEvent>& events() const { return events_; }
  const std::string& last_error() const { return last_error_; }
  // True once, right after the request the drop_after_requests fault names.
  bool TakeDropFault();

  // Host power as RemoteControl sees it: 0 = S0 (on), 5 = S5 (soft off).
  uint32_t power_state() const { return power_state_; }
  // RemoteControl command: 16 reset, 17 power up, 18 power down, 19 power cycle.
  amt::PtStatus RemoteControl(uint32_t command);
  uint64_t requests_served() const { return requests_served_; }

 private:
  HttpResponse Challenge(bool stale);
  bool NonceIsOurs(const std::string& nonce) const;

  device::Device model_;
  SimDeviceConfig config_;
  base::RandomSource random_;
  std::shared_ptr<base::Clock> clock_;
  std::deque<std::string> nonces_;  // recent nonces, newest last
  std::deque<DeviceEvent> events_;  // bounded ring
  std::string last_error_;
  uint64_t requests_served_ = 0;
  uint64_t requests_authenticated_ = 0;
  bool drop_done_ = false;
  uint32_t power_state_ = 0;
  std::function<void()> on_change_;
};

}  // namespace openscs::sim
