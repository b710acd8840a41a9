#pragma once

// `openscs serve`: the composition root, the one place that wires the
// modules together (store, vault, database thread, hello listener,
// provisioning engine, trace). docs/architecture.md "Life of a hello".
//
// Threads: `io_threads` I/O threads run the listener and every provisioning
// session; one database thread owns the Store (server/db_worker.h).
// Shutdown has one path: SIGINT/SIGTERM or Stop() closes the listener, lets
// running sessions finish for up to `shutdown_grace`, stops the I/O threads
// and then applies every queued write.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string_view>

#include "base/status.h"
#include "server/config.h"

namespace openscs::metrics {
class Registry;
}  // namespace openscs::metrics

namespace openscs::server {

// A snapshot of the server's counters (for benchmarks, metrics, tests).
struct ServerStats {
  uint64_t hellos = 0;            // well-formed hellos received
  uint64_t hellos_malformed = 0;
  uint64_t hellos_written = 0;    // folded into systems by the database thread
  uint64_t writes_dropped = 0;    // back-pressure: queue full
  size_t queue_depth = 0;
  uint64_t provisionings_started = 0;
  uint64_t provisionings_succeeded = 0;
  uint64_t provisionings_failed = 0;
  size_t sessions_busy = 0;       // running or waiting
};

class Server {
 public:
  // Opens (creating and migrating) the database and key file, binds the
  // hello port. Fails with a message naming the file or address.
  static base::Result<std::unique_ptr<Server>> Create(ServerConfig config);
  ~Server();

  // Serves until SIGINT/SIGTERM (when `handle_signals`) or Stop(). Returns
  // the process exit code.
  int Run(bool handle_signals = true);
  // Thread-safe.
  void Stop();

  // The bound hello port (useful with port 0).
  uint16_t hello_port() const;
  // The web console's bound port; 0 when it is off.
  uint16_t web_port() const;
  bool web_tls() const;
  // Thread-safe.
  ServerStats stats() const;
  // Every metric of the server (docs/server.md "Metrics"); render it with
  // RenderPrometheusText() from any thread while the Server exists.
  const metrics::Registry& metrics() const;

 private:
  struct Impl;
  static ServerStats StatsOf(const Impl& impl);
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace openscs::server
