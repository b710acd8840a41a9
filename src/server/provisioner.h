#pragma once

// The provisioning engine: turns a hello into a configured device. For each
// hello it claims the system in the store (single flight across threads and
// servers), makes a Plan (key or certificate, profile, credentials), writes
// the intended credentials BEFORE touching the device (so a crash after
// CommitChanges can still be verified and finished), runs the session
// (provision/session.h), verifies with the new credentials and records the
// outcome. Every attempt ends in the log with a code, and failures with
// cause and fix.
//
// Concurrency: at most `max_concurrent` sessions; more hellos wait in FIFO
// order, one entry per UUID. Hellos for a UUID already waiting or in progress
// are recorded (by the caller) and not acted on.
//
// Thread-safe: OnHello may be called from any I/O thread.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "base/clock.h"
#include "base/random.h"
#include "metrics/family.h"
#include "metrics/metric.h"
#include "secrets/vault.h"
#include "server/config.h"
#include "server/db_worker.h"
#include "server/hello_listener.h"
#include "server/provisioning_log.h"
#include "server/trace.h"

namespace openscs::server {

struct ProvisionerCounters {
  std::atomic<uint64_t> started{0};
  std::atomic<uint64_t> succeeded{0};
  std::atomic<uint64_t> failed{0};
  std::atomic<uint64_t> hellos_ignored_in_flight{0};
  std::atomic<uint64_t> recovered{0};
};

// What the engine records into the server's metrics registry
// (server/server_metrics.h registers them; docs/server.md "Metrics"). A null
// member is not recorded. Each must outlive the Provisioner's sessions.
struct ProvisionerMetrics {
  // {code}: each failed attempt by its code (provision/error_codes.h, the
  // plan's and store_error).
  metrics::CounterFamily* failed_by_code = nullptr;
  // {step}: each attempt of each step a session makes ("connect",
  // "SetHostName", "CommitChanges", the verify steps), successful or not.
  metrics::HistogramFamily* step_seconds = nullptr;
  // A whole attempt, from the claim to its recorded outcome.
  metrics::Histogram* attempt_seconds = nullptr;
};

class Provisioner {
 public:
  // Everything borrowed must outlive the Provisioner and its sessions.
  Provisioner(boost::asio::any_io_executor executor, const ServerConfig& config, DbWorker& db, ProvisioningLog& log,
              Trace* trace, const secrets::Vault& vault, std::shared_ptr<base::Clock> clock, base::RandomSource random,
              ProvisionerMetrics metrics = {});

  void OnHello(const ReceivedHello& hello);

  // Systems this server (same server_id) left in "provisioning" when it
  // stopped, and any whose lease expired: verified with the stored
  // credentials (the device may have committed), else put back to
  // discovered to wait for the next hello.
  void RecoverInterrupted();

  // Sessions running or waiting.
  size_t busy() const;
  const ProvisionerCounters& counters() const { return counters_; }

 private:
  struct Waiting {
    std::string uuid;
    base::TimePoint hello_at;
  };
  void StartLocked(Waiting w);
  void Finish(const std::string& uuid);
  boost::asio::awaitable<void> Attempt(Waiting w);
  boost::asio::awaitable<void> Recover(store::SystemRecord system);
  // Whether the device takes the system's stored credentials as a
  // provisioned device (TLS port first, then plain).
  boost::asio::awaitable<bool> VerifyStored(const store::SystemRecord& system);

  boost::asio::any_io_executor executor_;
  const ServerConfig& config_;
  DbWorker& db_;
  ProvisioningLog& log_;
  Trace* trace_;
  const secrets::Vault& vault_;
  std::shared_ptr<base::Clock> clock_;
  base::RandomSource random_;
  ProvisionerCounters counters_;
  ProvisionerMetrics metrics_;

  mutable std::mutex mu_;
  std::set<std::string> in_flight_;  // GUARDED_BY(mu_): running or waiting
  std::deque<Waiting> waiting_;      // GUARDED_BY(mu_)
  size_t running_ = 0;               // GUARDED_BY(mu_)
};

}  // namespace openscs::server
