// Fleet scale: how long N simulated devices take to start (each bound to its
// own loopback address and listening on 16993) and how much resident memory
// an idle device costs. The baseline is the same process with an empty fleet,
// measured in the same run, so the per-device figure excludes the runtime.
//
//   fleet_bench [DEVICES=10000] [IDLE_SECONDS=3]
//
// Prints one JSON object; docs/performance.md records results.

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>

#include <fmt/format.h>

#include "bench/process_stats.h"

#include "sim/fleet.h"
#include "sim/scenario.h"

int main(int argc, char** argv) {
  const size_t devices = argc > 1 ? std::stoul(argv[1]) : 10000;
  const double idle_seconds = argc > 2 ? std::stod(argv[2]) : 3.0;
  openscs::bench::RaiseFileLimit();

  // PSK devices whose server port is closed: hellos fail fast and the fleet
  // goes idle until the next hello a minute later.
  const std::string json = fmt::format(
      R"({{"seed": 5, "server": "127.0.0.1:9", "groups": [{{"count": {}, "address": "127.100.0.1", "mode": "psk"}}]}})",
      devices);
  auto scenario = openscs::sim::ParseScenario(json);
  if (!scenario) {
    std::fprintf(stderr, "%s\n", scenario.error().ToString().c_str());
    return 1;
  }
  auto fleet = openscs::sim::Fleet::Create({});
  if (!fleet) return 1;
  std::thread runner([&] { (*fleet)->Run(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const long baseline_kib = openscs::bench::ResidentKiB();

  const auto start = std::chrono::steady_clock::now();
  openscs::base::Status failed;
  auto called = (*fleet)->Call([&](openscs::sim::Fleet& f) {
    for (const auto& spec : scenario->devices) {
      if (auto s = f.Add(spec.factory, spec.config); !s.ok()) {
        failed = s;
        return;
      }
      auto* d = f.device(f.size() - 1);
      (void)openscs::sim::PrepareDevice(spec, d->model(), d->Now());
      f.Refresh(*d);
    }
  });
  const double startup = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!called.ok() || !failed.ok()) {
    std::fprintf(stderr, "start failed: %s %s\n", called.message().c_str(), failed.message().c_str());
    (*fleet)->Stop();
    runner.join();
    return 1;
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(idle_seconds));
  const long loaded_kib = openscs::bench::ResidentKiB();
  size_t hellos = 0;
  (void)(*fleet)->Call([&](openscs::sim::Fleet& f) {
    for (size_t i = 0; i < f.size(); ++i) hellos += f.device(i)->model().hellos_sent_total();
  });
  (*fleet)->Stop();
  runner.join();

  const double per_device = static_cast<double>(loaded_kib - baseline_kib) / static_cast<double>(devices);
  std::printf(
      "{\"devices\": %zu, \"startup_seconds\": %.3f, \"baseline_rss_kib\": %ld, \"loaded_rss_kib\": %ld, "
      "\"kib_per_idle_device\": %.2f, \"hellos_sent\": %zu}\n",
      devices, startup, baseline_kib, loaded_kib, per_device, hellos);
  return 0;
}
