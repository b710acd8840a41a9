#pragma once

// The set of metrics one process exposes, rendered on demand in the
// Prometheus text exposition format 0.0.4 (metrics/text_format.h). The
// server owns one (server::Server::metrics()) and its web listener serves
// RenderPrometheusText() at /metrics.
//
// Registration is by name, once: a name that is malformed or already taken
// (a histogram also takes NAME_bucket, NAME_sum and NAME_count) is refused
// with InvalidArgument / AlreadyExists naming it. What Add* returns is owned
// by the Registry, never moves and stays valid as long as the Registry;
// nothing is ever unregistered.
//
// Thread-safe: any thread may register, update and render at once. Rendering
// reads each value with relaxed atomics and calls the callbacks on the
// rendering thread with no Registry lock held.

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "base/status.h"
#include "metrics/family.h"
#include "metrics/metric.h"

namespace openscs::metrics {

// Upper bounds for a histogram: at least one, finite, strictly increasing.
// InvalidArgument naming the offending bound otherwise.
base::Status ValidateBucketBounds(std::span<const double> bounds);

// Bounds for durations in seconds, from 5 ms to 30 s: one device call, a
// TLS handshake, a database transaction.
std::vector<double> DurationBuckets();

class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // `help` is one line of what the value means (rendered after # HELP).
  base::Result<Counter*> AddCounter(std::string name, std::string help);
  base::Result<Gauge*> AddGauge(std::string name, std::string help);
  base::Result<Histogram*> AddHistogram(std::string name, std::string help, std::vector<double> bounds);

  // Labelled: see metrics/family.h. Label names are validated, distinct, and
  // for a histogram not "le" (its bucket label).
  base::Result<CounterFamily*> AddCounterFamily(std::string name, std::string help,
                                                std::vector<std::string> label_names);
  base::Result<GaugeFamily*> AddGaugeFamily(std::string name, std::string help, std::vector<std::string> label_names);
  base::Result<HistogramFamily*> AddHistogramFamily(std::string name, std::string help,
                                                    std::vector<std::string> label_names, std::vector<double> bounds);

  // A value that already lives elsewhere (a component's own atomic, a queue
  // length), read by calling `read` at every render, on the rendering
  // thread. `read` must be thread-safe, must not register metrics, and
  // whatever it reads must outlive the Registry or every render. A callback
  // counter must only go up.
  base::Status AddCallbackCounter(std::string name, std::string help, std::function<uint64_t()> read);
  base::Status AddCallbackGauge(std::string name, std::string help, std::function<double()> read);

  // Every metric in registration order, each as its # HELP and # TYPE lines
  // followed by its samples (children of a family in label-value order; a
  // family with no child yet has no samples). Ends with a newline.
  std::string RenderPrometheusText() const;

 private:
  class Entry;
  template <typename T>
  class FamilyEntry;
  class CallbackEntry;
  base::Status Reserve(const std::string& name, bool histogram);
  template <typename T>
  base::Result<Family<T>*> AddFamily(std::string name, std::string help, std::vector<std::string> label_names,
                                     std::vector<double> bounds);

  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Entry>> entries_;  // GUARDED_BY(mu_); never shrinks
  std::set<std::string, std::less<>> taken_;     // GUARDED_BY(mu_): names and histogram suffixes
};

}  // namespace openscs::metrics
