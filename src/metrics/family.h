#pragma once

// A labelled metric: one name, a fixed list of label names, and one child
// (a Counter, Gauge or Histogram) per distinct list of label values, made
// at zero on first use. Made by a Registry (metrics/registry.h), which owns
// it.
//
// Cardinality is the caller's responsibility: use label values from a small
// fixed set (error codes, step names), never per-device values such as a
// UUID or an address, or the scrape grows without bound.

#include <cassert>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "metrics/metric.h"

namespace openscs::metrics {

class Registry;

template <typename T>
class Family {
 public:
  Family(const Family&) = delete;
  Family& operator=(const Family&) = delete;

  // The child for `values`, one per label name in the same order (a wrong
  // number of values is a bug and asserts). The reference stays valid as
  // long as the Registry. Thread-safe; takes a mutex and looks the values
  // up, so a hot path should look its child up once and keep it.
  T& WithLabels(const std::vector<std::string>& values) {
    assert(values.size() == label_names_.size());
    std::lock_guard lock(mu_);
    auto it = children_.find(values);
    if (it == children_.end()) it = children_.emplace(values, MakeChild()).first;
    return *it->second;
  }

  const std::vector<std::string>& label_names() const { return label_names_; }

  // Calls `visit(label_values, child)` for every child in label-value order,
  // holding the family's lock (so `visit` must not call WithLabels).
  template <typename F>
  void ForEach(F&& visit) const {
    std::lock_guard lock(mu_);
    for (const auto& [values, child] : children_) visit(values, static_cast<const T&>(*child));
  }

 private:
  friend class Registry;
  Family(std::vector<std::string> label_names, std::vector<double> bounds)
      : label_names_(std::move(label_names)), bounds_(std::move(bounds)) {}

  std::unique_ptr<T> MakeChild() const {
    if constexpr (std::is_same_v<T, Histogram>) {
      return std::make_unique<T>(std::span<const double>(bounds_));
    } else {
      return std::make_unique<T>();
    }
  }

  const std::vector<std::string> label_names_;
  const std::vector<double> bounds_;  // Histogram only
  mutable std::mutex mu_;
  // Children are held by pointer so that a reference to one survives the
  // map growing.
  std::map<std::vector<std::string>, std::unique_ptr<T>> children_;  // GUARDED_BY(mu_)
};

using CounterFamily = Family<Counter>;
using GaugeFamily = Family<Gauge>;
using HistogramFamily = Family<Histogram>;

}  // namespace openscs::metrics
