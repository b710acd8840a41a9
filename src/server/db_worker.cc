#include "server/db_worker.h"

#include <spdlog/spdlog.h>

#include <vector>

namespace openscs::server {
namespace {

// Records its lifetime into `into` (when set). The steady clock, like the
// poll timer: a duration must not jump with the wall clock.
class ScopedTimer {
 public:
  explicit ScopedTimer(metrics::Histogram* into) : into_(into) {}
  ~ScopedTimer() {
    if (into_ != nullptr) into_->ObserveDuration(std::chrono::steady_clock::now() - start_);
  }
  ScopedTimer(const ScopedTimer&) = delete;
  ScopedTimer& operator=(const ScopedTimer&) = delete;

 private:
  metrics::Histogram* into_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace

DbWorker::DbWorker(std::unique_ptr<store::Store> store, DbWorkerOptions options, Job periodic)
    : store_(std::move(store)), options_(options), periodic_(std::move(periodic)) {
  if (options_.batch_seconds != nullptr) {
    hellos_seconds_ = &options_.batch_seconds->WithLabels({"hellos"});
    logs_seconds_ = &options_.batch_seconds->WithLabels({"logs"});
    job_seconds_ = &options_.batch_seconds->WithLabels({"job"});
  }
  thread_ = std::thread([this] { Loop(); });
}

DbWorker::~DbWorker() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

bool DbWorker::EnqueueHello(store::HelloObservation hello) {
  {
    std::lock_guard lock(mu_);
    if (pending_writes_ >= options_.queue_capacity) {
      ++counters_.writes_dropped_queue_full;
      return false;
    }
    queue_.emplace_back(std::move(hello));
    ++pending_writes_;
    counters_.queue_high_water = std::max(counters_.queue_high_water, pending_writes_);
  }
  wake_.notify_one();
  return true;
}

bool DbWorker::EnqueueLog(store::LogEntry entry) {
  {
    std::lock_guard lock(mu_);
    if (pending_writes_ >= options_.queue_capacity) {
      ++counters_.writes_dropped_queue_full;
      return false;
    }
    queue_.emplace_back(std::move(entry));
    ++pending_writes_;
    counters_.queue_high_water = std::max(counters_.queue_high_water, pending_writes_);
  }
  wake_.notify_one();
  return true;
}

void DbWorker::Submit(Job job) {
  {
    std::lock_guard lock(mu_);
    queue_.emplace_back(std::move(job));
  }
  wake_.notify_one();
}

void DbWorker::Flush() {
  std::unique_lock lock(mu_);
  idle_.wait(lock, [&] { return queue_.empty() && !busy_; });
}

DbCounters DbWorker::counters() const {
  std::lock_guard lock(mu_);
  DbCounters c = counters_;
  c.queue_depth = pending_writes_;
  return c;
}

void DbWorker::Loop() {
  auto next_poll = std::chrono::steady_clock::now();
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait_until(lock, next_poll, [&] { return !queue_.empty() || stopping_; });
    if (queue_.empty() && stopping_) return;
    // The periodic callback runs on time under load too (a settings change
    // must not wait for a quiet moment).
    if (periodic_ && std::chrono::steady_clock::now() >= next_poll) {
      busy_ = true;
      lock.unlock();
      periodic_(*store_);
      lock.lock();
      busy_ = false;
      next_poll = std::chrono::steady_clock::now() + options_.poll_interval;
    } else if (!periodic_) {
      next_poll = std::chrono::steady_clock::now() + options_.poll_interval;
    }
    if (queue_.empty()) {
      idle_.notify_all();
      continue;
    }
    // Take a run of writes (up to a batch) or one job, in order.
    std::deque<Item> taken;
    if (std::holds_alternative<Job>(queue_.front())) {
      taken.push_back(std::move(queue_.front()));
      queue_.pop_front();
    } else {
      while (!queue_.empty() && taken.size() < options_.batch_size && !std::holds_alternative<Job>(queue_.front())) {
        taken.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      pending_writes_ -= taken.size();
    }
    busy_ = true;
    lock.unlock();
    if (auto* job = std::get_if<Job>(&taken.front())) {
      ScopedTimer timer(job_seconds_);
      (*job)(*store_);
    } else {
      WriteBatch(taken);
    }
    lock.lock();
    busy_ = false;
    if (queue_.empty()) idle_.notify_all();
  }
}

void DbWorker::WriteBatch(std::deque<Item>& items) {
  std::vector<store::HelloObservation> hellos;
  std::vector<store::LogEntry> logs;
  for (auto& item : items) {
    if (auto* h = std::get_if<store::HelloObservation>(&item)) hellos.push_back(std::move(*h));
    if (auto* l = std::get_if<store::LogEntry>(&item)) logs.push_back(std::move(*l));
  }
  // A refused batch is retried once (a CLI writer may hold the lock past
  // busy_timeout); then it is counted as lost and reported.
  auto write = [&](auto&& call, const char* what, size_t count, metrics::Histogram* seconds) {
    base::Status st;
    {
      ScopedTimer timer(seconds);
      st = call();
      if (!st.ok()) st = call();
    }
    std::lock_guard lock(mu_);
    ++counters_.batches;
    if (!st.ok()) {
      ++counters_.write_errors;
      spdlog::error("database: {} {} lost: {}", count, what, st.ToString());
      return false;
    }
    return true;
  };
  bool hellos_ok =
      hellos.empty() || write([&] { return store_->RecordHellos(hellos); }, "hellos", hellos.size(), hellos_seconds_);
  bool logs_ok =
      logs.empty() || write([&] { return store_->AppendLogs(logs); }, "log entries", logs.size(), logs_seconds_);
  std::lock_guard lock(mu_);
  if (hellos_ok) counters_.hellos_written += hellos.size();
  if (logs_ok) counters_.logs_written += logs.size();
}

}  // namespace openscs::server
