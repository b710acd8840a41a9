#pragma once

// A fleet of simulated devices in one process: one I/O thread serves every
// device's listening sockets and sends every device's hellos from the
// device's own loopback address. A single device is a fleet of one.
//
// Threading: Run() runs the I/O loop on the calling thread; every device is
// touched only there. Other threads (the control interface's callers, tests)
// use Call(), which runs a function on the I/O thread and waits for it.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "base/clock.h"
#include "base/status.h"
#include "device/device.h"
#include "sim/sim_device.h"
#include "tls/device_tls.h"

namespace openscs::sim {

struct FleetOptions {
  // Device time runs this many times faster than real time (1 = real time).
  double acceleration = 1.0;
  tls::DeviceTlsOptions tls;
  // Open the plain HTTP port (16992) in Setup Mode too, for servers that
  // provision without TLS (HP: "TLS optional for PSK"). Off: 16993 only.
  bool setup_over_plain_http = false;
  // How many hellos may be in flight at once (bounded load on the server).
  size_t max_concurrent_hellos = 256;
};

class Fleet {
 public:
  static base::Result<std::unique_ptr<Fleet>> Create(FleetOptions options);
  ~Fleet();
  Fleet(const Fleet&) = delete;
  Fleet& operator=(const Fleet&) = delete;

  // Adds a device and powers it on. Safe before Run() and from the I/O thread.
  // Fails if the device's address cannot be bound.
  base::Status Add(device::FactoryConfig factory, SimDeviceConfig config);

  // Runs until Stop(). Returns when every socket is closed.
  void Run();
  // Thread-safe; Run() returns soon after.
  void Stop();

  // Runs `fn` on the I/O thread with the fleet and waits for it. Must not be
  // called from the I/O thread. Fails when the fleet is not running.
  base::Status Call(const std::function<void(Fleet&)>& fn);

  size_t size() const;
  SimDevice* device(size_t index);
  // The device listening on `address`, or nullptr.
  SimDevice* FindByAddress(std::string_view address);
  SimDevice* FindByUuid(std::string_view uuid_text);
  // After any change to a device's state from outside its own connections
  // (MEBx, power, USB): reopen/close its ports and reschedule its hellos.
  void Refresh(SimDevice& device);

  const std::shared_ptr<base::Clock>& clock() const;

 private:
  struct Impl;
  explicit Fleet(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace openscs::sim
