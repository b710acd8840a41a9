// openscs serve under load, in one process on loopback (127.65.0.0/16):
//  1. Hello ingest: N PSK hellos with distinct UUIDs sent by a bounded pool
//     of client coroutines, first to a minimal raw-TCP accept-and-read
//     server (the baseline), then to openscs (listener + codec + database
//     + an attempt per unknown device). Reported as a ratio of rates.
//  2. Resident memory per tracked system: RSS growth of the process over
//     the systems the ingest created, divided by their number.
//  3. Provisioning: a simulated fleet of D PSK devices (AMT 2.6 over SOAP
//     and 5.0 over WS-Man) with their keys in the store: provisionings per
//     second and p50/p99 hello -> operational latency from the database.
//
//   server_bench [HELLOS=20000] [DEVICES=2000]
// Prints one JSON object; docs/performance.md records results. Bounded:
// every phase stops after 600 s.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "bench/process_stats.h"
#include <spdlog/spdlog.h>

#include "protocol/hello/hello.h"
#include "secrets/vault.h"
#include "server/server.h"
#include "sim/fleet.h"
#include "sim/scenario.h"
#include "store/sqlite/sqlite_store.h"

namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

std::vector<std::byte> HelloBytes(size_t i) {
  openscs::hello::Hello h;
  std::array<std::byte, 16> raw{};
  for (size_t b = 0; b < 8; ++b) raw[8 + b] = static_cast<std::byte>((i >> (8 * b)) & 0xff);
  raw[0] = std::byte{0x5e};
  h.uuid = openscs::base::Guid(raw);
  h.pid = "0000037M";
  return openscs::hello::Encode(h).value();
}

// Sends `hellos` from `from` to `to`:`port`, at most 64 connections at once.
void SendHellos(const std::vector<std::vector<std::byte>>& hellos, const std::string& from, const std::string& to,
                uint16_t port) {
  asio::io_context io;
  std::atomic<size_t> next{0};
  auto worker = [&]() -> asio::awaitable<void> {
    for (size_t i = next++; i < hellos.size(); i = next++) {
      tcp::socket s(io);
      s.open(tcp::v4());
      s.bind({asio::ip::make_address(from), 0});
      auto [ec] = co_await s.async_connect({asio::ip::make_address(to), port}, asio::as_tuple(asio::use_awaitable));
      if (ec) continue;
      co_await asio::async_write(s, asio::buffer(hellos[i]), asio::as_tuple(asio::use_awaitable));
      boost::system::error_code ignored;
      s.shutdown(tcp::socket::shutdown_both, ignored);
    }
  };
  for (int i = 0; i < 64; ++i) asio::co_spawn(io, worker(), asio::detached);
  io.run();
}

// The baseline: accept, read to EOF, count. Nothing else.
struct RawServer {
  asio::io_context io;
  tcp::acceptor acceptor{io, {asio::ip::make_address("127.65.0.1"), 0}};
  std::atomic<size_t> received{0};
  std::thread thread;
  RawServer() {
    asio::co_spawn(io, Accept(), asio::detached);
    thread = std::thread([this] { io.run(); });
  }
  ~RawServer() {
    io.stop();
    thread.join();
  }
  asio::awaitable<void> Accept() {
    for (;;) {
      auto [ec, s] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
      if (ec) co_return;
      asio::co_spawn(io, Read(std::move(s)), asio::detached);
    }
  }
  asio::awaitable<void> Read(tcp::socket s) {
    std::array<char, 1024> buf{};
    size_t total = 0;
    for (;;) {
      auto [ec, n] = co_await s.async_read_some(asio::buffer(buf), asio::as_tuple(asio::use_awaitable));
      total += n;
      if (ec) break;
    }
    if (total > 0) ++received;
  }
};

template <typename Pred>
bool WaitUntil(Pred done, std::chrono::seconds limit = std::chrono::seconds(600)) {
  const auto until = Clock::now() + limit;
  while (!done()) {
    if (Clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

int main(int argc, char** argv) {
  const size_t n_hellos = argc > 1 ? std::stoul(argv[1]) : 20000;
  const size_t n_devices = argc > 2 ? std::stoul(argv[2]) : 2000;
  openscs::bench::RaiseFileLimit();
  spdlog::set_level(spdlog::level::off);  // the process log would dominate the run
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("openscs-bench-{}", getpid());
  std::filesystem::create_directories(dir);

  std::vector<std::vector<std::byte>> hellos;
  for (size_t i = 0; i < n_hellos; ++i) hellos.push_back(HelloBytes(i));

  // 1a. Baseline.
  double raw_seconds = 0;
  {
    RawServer raw;
    const auto t0 = Clock::now();
    SendHellos(hellos, "127.65.0.5", "127.65.0.1", raw.acceptor.local_endpoint().port());
    WaitUntil([&] { return raw.received.load() >= n_hellos; });
    raw_seconds = Seconds(Clock::now() - t0);
  }

  // 1b. openscs, and 2. memory.
  openscs::server::ServerConfig c;
  c.hello_address = "127.65.0.2";
  c.hello_port = 0;
  c.db = (dir / "ingest.db").string();
  c.key_file = (dir / "openscs.key").string();
  c.log_level = openscs::store::LogLevel::kWarning;
  c.web_enabled = false;  // measures the hello path only
  auto server = openscs::server::Server::Create(c);
  if (!server) {
    std::fprintf(stderr, "%s\n", server.error().ToString().c_str());
    return 1;
  }
  std::thread runner([&] { (*server)->Run(false); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const long rss_before = openscs::bench::ResidentKiB();
  const auto t0 = Clock::now();
  SendHellos(hellos, "127.65.0.5", "127.65.0.2", (*server)->hello_port());
  WaitUntil([&] { return (*server)->stats().hellos_written >= n_hellos; });
  const double scs_seconds = Seconds(Clock::now() - t0);
  WaitUntil([&] { return (*server)->stats().sessions_busy == 0; });
  const long rss_after = openscs::bench::ResidentKiB();
  const auto ingest = (*server)->stats();
  (*server)->Stop();
  runner.join();
  server->reset();

  // 3. Provisioning a fleet.
  c.hello_address = "127.65.0.3";
  c.db = (dir / "fleet.db").string();
  c.max_concurrent = 32;
  server = openscs::server::Server::Create(c);
  if (!server) return 1;
  const uint16_t port = (*server)->hello_port();
  const std::string json = fmt::format(
      R"({{"acceleration": 60, "seed": 3, "server": "127.65.0.3:{}", "groups": [
           {{"count": {}, "address": "127.65.16.1", "amt_version": "2.6", "mode": "psk"}},
           {{"count": {}, "address": "127.65.64.1", "amt_version": "5.0", "mode": "psk"}}]}})",
      port, n_devices / 2, n_devices - n_devices / 2);
  auto scenario = openscs::sim::ParseScenario(json);
  if (!scenario) return 1;
  {
    auto vault = openscs::secrets::Vault::OpenOrCreate(c.key_file);
    auto store = openscs::store::OpenSqliteStore(c.db);
    if (!vault || !store) return 1;
    std::vector<openscs::store::KeyRecord> keys;
    for (const auto& row : scenario->server_keys) {
      openscs::store::KeyRecord k;
      k.pid = std::string(row.pair.pid.compact());
      k.pps = vault->Seal(row.pair.pps.compact());
      k.mebx_password = vault->Seal(row.mebx_password);
      k.provenance = "bench";
      keys.push_back(std::move(k));
    }
    if (!(*store)->AddKeys(keys).ok()) return 1;
  }
  runner = std::thread([&] { (*server)->Run(false); });
  auto fleet = openscs::sim::Fleet::Create({.acceleration = 60});
  if (!fleet) return 1;
  std::thread fleet_runner([&] { (*fleet)->Run(); });
  const auto f0 = Clock::now();
  (void)(*fleet)->Call([&](openscs::sim::Fleet& f) {
    for (const auto& spec : scenario->devices) {
      if (!f.Add(spec.factory, spec.config).ok()) continue;
      auto* d = f.device(f.size() - 1);
      (void)openscs::sim::PrepareDevice(spec, d->model(), d->Now());
      f.Refresh(*d);
    }
  });
  const bool all = WaitUntil([&] { return (*server)->stats().provisionings_succeeded >= n_devices; });
  const double fleet_seconds = Seconds(Clock::now() - f0);
  const auto fleet_stats = (*server)->stats();
  (*fleet)->Stop();
  fleet_runner.join();
  (*server)->Stop();
  runner.join();

  std::vector<double> latencies;
  {
    auto store = openscs::store::OpenSqliteStore(c.db);
    if (!store) return 1;
    auto systems = (*store)->ListSystems({});
    if (!systems) return 1;
    for (const auto& s : *systems) {
      if (s.state == openscs::store::SystemState::kOperational) {
        latencies.push_back(std::chrono::duration<double>(s.state_changed - s.first_hello).count());
      }
    }
  }
  std::sort(latencies.begin(), latencies.end());
  auto pct = [&](double p) {
    return latencies.empty() ? 0.0 : latencies[std::min(latencies.size() - 1, static_cast<size_t>(p * latencies.size()))];
  };
  std::filesystem::remove_all(dir);

  std::printf(
      "{\"hellos\": %zu, \"baseline_hellos_per_s\": %.0f, \"openscs_hellos_per_s\": %.0f, \"ingest_ratio\": %.3f,\n"
      " \"systems_tracked\": %zu, \"rss_growth_kib\": %ld, \"bytes_per_tracked_system\": %.0f,\n"
      " \"devices\": %zu, \"operational\": %zu, \"all_operational\": %s, \"fleet_seconds\": %.1f,\n"
      " \"provisionings_per_s\": %.1f, \"p50_hello_to_operational_s\": %.2f, \"p99_hello_to_operational_s\": %.2f,\n"
      " \"failed_attempts\": %llu}\n",
      n_hellos, static_cast<double>(n_hellos) / raw_seconds, static_cast<double>(n_hellos) / scs_seconds,
      raw_seconds / scs_seconds, static_cast<size_t>(ingest.hellos_written), rss_after - rss_before,
      1024.0 * static_cast<double>(rss_after - rss_before) / static_cast<double>(n_hellos), n_devices,
      latencies.size(), all ? "true" : "false", fleet_seconds,
      static_cast<double>(latencies.size()) / fleet_seconds, pct(0.5), pct(0.99),
      static_cast<unsigned long long>(fleet_stats.provisionings_failed));
  return 0;
}
