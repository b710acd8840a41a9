#pragma once

// Real simulated devices for the client-side tests: a sim::Fleet running on
// its own thread, each device on the calling test's own loopback address
// (127.62.<test>.<n>) with the device's usual ports, which no other test
// binds. Devices are set up before Start() and inspected after Stop(), when
// no I/O thread touches them. The client under test runs on the test's own
// io_context (RunClient).

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <exception>
#include <optional>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "base/guid.h"
#include "sim/fleet.h"

namespace openscs::testing {

inline constexpr const char* kTestPid = "0000037M";
inline constexpr const char* kTestPps = "NKLDG5DCRRNQE9YZZIJL7LFLVJED69XJ";

// A device in PSK Setup Mode, the OEM having set PID/PPS (reference §4.1's example pair).
inline device::FactoryConfig PskDevice(const char* version) {
  device::FactoryConfig f;
  f.uuid = base::Guid::Parse("4c4c4544-004b-4210-8033-b6c04f504633").value();
  f.version = amt::Version::Parse(version).value();
  f.oem_pid = kTestPid;
  f.oem_pps = kTestPps;
  f.network.domain_name = "corp.example.com";
  return f;
}

// A device in Remote Configuration (PKI) Setup Mode under corp.example.com.
inline device::FactoryConfig PkiDevice(const char* version) {
  device::FactoryConfig f = PskDevice(version);
  f.oem_pid.clear();
  f.oem_pps.clear();
  f.remote_configuration = true;
  return f;
}

class SimFleet {
 public:
  explicit SimFleet(sim::FleetOptions options = {}) : fleet_(sim::Fleet::Create(std::move(options)).value()) {}
  ~SimFleet() { Stop(); }

  // Before Start(). Returns the device, valid for the fleet's lifetime.
  sim::SimDevice& Add(device::FactoryConfig factory, std::string address) {
    sim::SimDeviceConfig config;
    config.address = std::move(address);
    EXPECT_TRUE(fleet_->Add(std::move(factory), config).ok());
    return *fleet_->device(fleet_->size() - 1);
  }
  void Start() {
    thread_ = std::thread([this] { fleet_->Run(); });
  }
  void Stop() {
    if (!thread_.joinable()) return;
    fleet_->Stop();
    thread_.join();
  }

 private:
  std::unique_ptr<sim::Fleet> fleet_;
  std::thread thread_;
};

// Runs `coroutine` on `io` until it finishes; returns its value. Objects
// bound to `io` (a Connection) must be destroyed before `io`.
template <typename T>
T RunClient(boost::asio::io_context& io, boost::asio::awaitable<T> coroutine) {
  std::optional<T> out;
  boost::asio::co_spawn(
      io, [&]() -> boost::asio::awaitable<void> { out.emplace(co_await std::move(coroutine)); },
      [](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
      });
  io.restart();
  io.run();
  return std::move(*out);
}

// How often the device logged `text` (its event ring keeps the last 64).
inline int CountEvents(const sim::SimDevice& device, std::string_view text) {
  int n = 0;
  for (const auto& e : device.events()) n += e.text.find(text) != std::string::npos ? 1 : 0;
  return n;
}

}  // namespace openscs::testing
