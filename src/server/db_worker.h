#pragma once

// The one thread that talks to the database. Network threads never wait on
// it: they enqueue hello observations and log entries (bounded; a full queue
// drops the write and counts it, so overload shows as a number, not a
// stall), and submit jobs whose results are posted back to them.
//
// Order: everything is applied in submission order. Consecutive writes are
// batched into one transaction per kind (RecordHellos, AppendLogs), so a job
// submitted after a hello sees that hello in the store.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <variant>

#include "metrics/family.h"
#include "metrics/metric.h"
#include "store/store.h"

namespace openscs::server {

struct DbWorkerOptions {
  // Writes waiting at most; beyond this a write is dropped and counted.
  // 65,536 hellos is ~4 minutes of a 10,000-device fleet's first burst.
  size_t queue_capacity = 65536;
  // Writes per transaction at most. Larger batches are cheaper per row but
  // hold SQLite's write lock longer (the CLI waits on it).
  size_t batch_size = 512;
  // How often the idle thread runs the periodic callback (settings poll).
  std::chrono::milliseconds poll_interval{1000};
  // Where to record how long each database visit takes on the thread, by
  // label `kind`: "hellos" and "logs" (one batch transaction, its retry
  // included) and "job" (one Submit()ted job). Null: not recorded. Must
  // outlive the DbWorker.
  metrics::HistogramFamily* batch_seconds = nullptr;
};

struct DbCounters {
  uint64_t hellos_written = 0;
  uint64_t logs_written = 0;
  uint64_t writes_dropped_queue_full = 0;  // back-pressure
  uint64_t write_errors = 0;               // batches the database refused
  uint64_t batches = 0;
  size_t queue_depth = 0;
  size_t queue_high_water = 0;
};

class DbWorker {
 public:
  using Job = std::function<void(store::Store&)>;

  // Starts the thread. `periodic` runs on it every poll interval (may be empty).
  DbWorker(std::unique_ptr<store::Store> store, DbWorkerOptions options, Job periodic = {});
  // Applies everything queued, then stops the thread.
  ~DbWorker();
  DbWorker(const DbWorker&) = delete;
  DbWorker& operator=(const DbWorker&) = delete;

  // Thread-safe, never blocks on the database. False when the queue is full
  // (the write is dropped and counted).
  bool EnqueueHello(store::HelloObservation hello);
  bool EnqueueLog(store::LogEntry entry);

  // Runs `job` on the database thread after every write queued before it.
  // Jobs are not bounded by queue_capacity (their number is bounded by the
  // caller's concurrency). Thread-safe.
  void Submit(Job job);

  // Blocks until everything submitted so far has been applied. For shutdown
  // and tests; never call it from a network thread.
  void Flush();

  DbCounters counters() const;

 private:
  using Item = std::variant<store::HelloObservation, store::LogEntry, Job>;
  void Loop();
  void WriteBatch(std::deque<Item>& items);

  std::unique_ptr<store::Store> store_;
  DbWorkerOptions options_;
  Job periodic_;

  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<Item> queue_;   // GUARDED_BY(mu_)
  size_t pending_writes_ = 0;  // GUARDED_BY(mu_)
  bool busy_ = false;        // GUARDED_BY(mu_)
  bool stopping_ = false;    // GUARDED_BY(mu_)
  DbCounters counters_;      // GUARDED_BY(mu_)
  // The children of options_.batch_seconds, looked up once (null when unset).
  metrics::Histogram* hellos_seconds_ = nullptr;
  metrics::Histogram* logs_seconds_ = nullptr;
  metrics::Histogram* job_seconds_ = nullptr;
  std::thread thread_;
};

}  // namespace openscs::server
