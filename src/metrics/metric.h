#pragma once

// The three kinds of value a Registry (metrics/registry.h) renders. Each is
// a handful of atomics: updating one takes no lock and never allocates, so
// it is safe and cheap on any thread's hot path. Reads (the Value()/Snapshot
// used at scrape time) are relaxed: they may miss an update racing with them,
// never tear one.
//
// Objects are created by a Registry or a Family and live as long as it does;
// they never move, so a reference to one may be kept and used from any thread.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace openscs::metrics {

// Only goes up (a restart starts it at 0 again, which Prometheus expects).
class Counter {
 public:
  void Inc(uint64_t by = 1) { value_.fetch_add(by, std::memory_order_relaxed); }
  uint64_t Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// Goes up and down. A double, as Prometheus values are; integers up to 2^53
// (any count or depth) are exact.
class Gauge {
 public:
  void Set(double value) { value_.store(value, std::memory_order_relaxed); }
  void Add(double by) { value_.fetch_add(by, std::memory_order_relaxed); }
  void Inc() { Add(1); }
  void Dec() { Add(-1); }
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// Observations counted into fixed buckets by upper bound (inclusive, as
// Prometheus' `le`), plus their sum and number. The bounds are given once,
// strictly increasing and finite; a +Inf bucket is implicit.
class Histogram {
 public:
  // `bounds` must be valid (ValidateBucketBounds in metrics/registry.h); the
  // Registry checks them before it makes a Histogram.
  explicit Histogram(std::span<const double> bounds);

  void Observe(double value);
  // In seconds, the unit Prometheus expects for durations.
  void ObserveDuration(std::chrono::nanoseconds d) { Observe(std::chrono::duration<double>(d).count()); }

  struct Snapshot {
    std::vector<uint64_t> cumulative;  // one per bound, then +Inf (== count)
    double sum = 0;
    uint64_t count = 0;
  };
  // Counts are cumulative and count equals the +Inf bucket even while other
  // threads observe (the sum may then lag or lead by those observations).
  Snapshot Read() const;

  std::span<const double> bounds() const { return bounds_; }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // bounds_.size() + 1, not cumulative
  std::atomic<double> sum_{0};
};

}  // namespace openscs::metrics
