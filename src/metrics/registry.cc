#include "metrics/registry.h"

#include <cmath>
#include <string_view>

#include <fmt/format.h>

#include "metrics/text_format.h"

namespace openscs::metrics {
namespace {

// {a="x",b="y"} with `extra` (le="...") appended last; "" when there are none.
std::string LabelText(const std::vector<std::string>& names, const std::vector<std::string>& values,
                      std::string_view extra = {}) {
  if (names.empty() && extra.empty()) return "";
  std::string out = "{";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ',';
    out += fmt::format("{}=\"{}\"", names[i], EscapeLabelValue(values[i]));
  }
  if (!extra.empty()) {
    if (!names.empty()) out += ',';
    out += extra;
  }
  out += '}';
  return out;
}

void RenderFamily(std::string& out, const std::string& name, const CounterFamily& f) {
  f.ForEach([&](const std::vector<std::string>& values, const Counter& c) {
    out += fmt::format("{}{} {}\n", name, LabelText(f.label_names(), values), FormatValue(c.Value()));
  });
}

void RenderFamily(std::string& out, const std::string& name, const GaugeFamily& f) {
  f.ForEach([&](const std::vector<std::string>& values, const Gauge& g) {
    out += fmt::format("{}{} {}\n", name, LabelText(f.label_names(), values), FormatValue(g.Value()));
  });
}

void RenderFamily(std::string& out, const std::string& name, const HistogramFamily& f) {
  f.ForEach([&](const std::vector<std::string>& values, const Histogram& h) {
    const Histogram::Snapshot s = h.Read();
    const auto bounds = h.bounds();
    for (size_t i = 0; i <= bounds.size(); ++i) {
      const std::string le = fmt::format("le=\"{}\"", i < bounds.size() ? FormatValue(bounds[i]) : std::string("+Inf"));
      out += fmt::format("{}_bucket{} {}\n", name, LabelText(f.label_names(), values, le), s.cumulative[i]);
    }
    const std::string labels = LabelText(f.label_names(), values);
    out += fmt::format("{}_sum{} {}\n", name, labels, FormatValue(s.sum));
    out += fmt::format("{}_count{} {}\n", name, labels, s.count);
  });
}

}  // namespace

// One registered metric: its header lines and how to render its samples.
class Registry::Entry {
 public:
  Entry(std::string name, std::string help, std::string_view type)
      : name_(std::move(name)), help_(std::move(help)), type_(type) {}
  virtual ~Entry() = default;

  void Render(std::string& out) const {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name_, EscapeHelp(help_), name_, type_);
    RenderSamples(out);
  }

 protected:
  virtual void RenderSamples(std::string& out) const = 0;
  const std::string name_;

 private:
  const std::string help_;
  const std::string_view type_;
};

namespace {

template <typename T>
constexpr std::string_view TypeName() {
  if constexpr (std::is_same_v<T, Counter>) {
    return "counter";
  } else if constexpr (std::is_same_v<T, Gauge>) {
    return "gauge";
  } else {
    static_assert(std::is_same_v<T, Histogram>);
    return "histogram";
  }
}

}  // namespace

template <typename T>
class Registry::FamilyEntry final : public Registry::Entry {
 public:
  FamilyEntry(std::string name, std::string help, std::unique_ptr<Family<T>> family)
      : Entry(std::move(name), std::move(help), TypeName<T>()), family_(std::move(family)) {}
  Family<T>* family() { return family_.get(); }

 private:
  void RenderSamples(std::string& out) const override { RenderFamily(out, name_, *family_); }
  std::unique_ptr<Family<T>> family_;
};

class Registry::CallbackEntry final : public Registry::Entry {
 public:
  CallbackEntry(std::string name, std::string help, std::string_view type, std::function<std::string()> read)
      : Entry(std::move(name), std::move(help), type), read_(std::move(read)) {}

 private:
  void RenderSamples(std::string& out) const override { out += fmt::format("{} {}\n", name_, read_()); }
  std::function<std::string()> read_;
};

base::Status ValidateBucketBounds(std::span<const double> bounds) {
  if (bounds.empty()) return base::InvalidArgument("histogram bounds: at least one bucket bound is needed");
  for (size_t i = 0; i < bounds.size(); ++i) {
    if (!std::isfinite(bounds[i])) {
      return base::InvalidArgument(fmt::format(
          "histogram bounds: bound {} is {}; bounds must be finite (+Inf is implicit)", i, FormatValue(bounds[i])));
    }
    if (i > 0 && !(bounds[i] > bounds[i - 1])) {
      return base::InvalidArgument(fmt::format("histogram bounds: bound {} ({}) is not greater than bound {} ({})", i,
                                               FormatValue(bounds[i]), i - 1, FormatValue(bounds[i - 1])));
    }
  }
  return base::Status::Ok();
}

std::vector<double> DurationBuckets() { return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}; }

Registry::Registry() = default;
Registry::~Registry() = default;

base::Status Registry::Reserve(const std::string& name, bool histogram) {
  if (auto st = ValidateMetricName(name); !st.ok()) return st;
  std::vector<std::string> names = {name};
  if (histogram) {
    for (const char* suffix : {"_bucket", "_sum", "_count"}) names.push_back(name + suffix);
  }
  for (const auto& n : names) {
    if (taken_.contains(n)) {
      return base::AlreadyExists(n == name
                                     ? fmt::format("metric {} is already registered", name)
                                     : fmt::format("metric {}: its sample name {} is already registered", name, n));
    }
  }
  taken_.insert(names.begin(), names.end());
  return base::Status::Ok();
}

template <typename T>
base::Result<Family<T>*> Registry::AddFamily(std::string name, std::string help, std::vector<std::string> label_names,
                                             std::vector<double> bounds) {
  for (size_t i = 0; i < label_names.size(); ++i) {
    if (auto st = ValidateLabelName(label_names[i]); !st.ok()) return st.WithContext(fmt::format("metric {}", name));
    for (size_t j = 0; j < i; ++j) {
      if (label_names[j] == label_names[i]) {
        return base::InvalidArgument(fmt::format("metric {}: label {} is given twice", name, label_names[i]));
      }
    }
    if (std::is_same_v<T, Histogram> && label_names[i] == "le") {
      return base::InvalidArgument(fmt::format("metric {}: label le is reserved for histogram buckets", name));
    }
  }
  if constexpr (std::is_same_v<T, Histogram>) {
    if (auto st = ValidateBucketBounds(bounds); !st.ok()) return st.WithContext(fmt::format("metric {}", name));
  }
  std::lock_guard lock(mu_);
  if (auto st = Reserve(name, std::is_same_v<T, Histogram>); !st.ok()) return st;
  auto family = std::unique_ptr<Family<T>>(new Family<T>(std::move(label_names), std::move(bounds)));
  auto entry = std::make_unique<FamilyEntry<T>>(std::move(name), std::move(help), std::move(family));
  Family<T>* out = entry->family();
  entries_.push_back(std::move(entry));
  return out;
}

base::Result<Counter*> Registry::AddCounter(std::string name, std::string help) {
  auto family = AddFamily<Counter>(std::move(name), std::move(help), {}, {});
  if (!family) return family.error();
  return &(*family)->WithLabels({});
}

base::Result<Gauge*> Registry::AddGauge(std::string name, std::string help) {
  auto family = AddFamily<Gauge>(std::move(name), std::move(help), {}, {});
  if (!family) return family.error();
  return &(*family)->WithLabels({});
}

base::Result<Histogram*> Registry::AddHistogram(std::string name, std::string help, std::vector<double> bounds) {
  auto family = AddFamily<Histogram>(std::move(name), std::move(help), {}, std::move(bounds));
  if (!family) return family.error();
  return &(*family)->WithLabels({});
}

base::Result<CounterFamily*> Registry::AddCounterFamily(std::string name, std::string help,
                                                        std::vector<std::string> label_names) {
  return AddFamily<Counter>(std::move(name), std::move(help), std::move(label_names), {});
}

base::Result<GaugeFamily*> Registry::AddGaugeFamily(std::string name, std::string help,
                                                    std::vector<std::string> label_names) {
  return AddFamily<Gauge>(std::move(name), std::move(help), std::move(label_names), {});
}

base::Result<HistogramFamily*> Registry::AddHistogramFamily(std::string name, std::string help,
                                                            std::vector<std::string> label_names,
                                                            std::vector<double> bounds) {
  return AddFamily<Histogram>(std::move(name), std::move(help), std::move(label_names), std::move(bounds));
}

base::Status Registry::AddCallbackCounter(std::string name, std::string help, std::function<uint64_t()> read) {
  std::lock_guard lock(mu_);
  if (auto st = Reserve(name, false); !st.ok()) return st;
  entries_.push_back(std::make_unique<CallbackEntry>(std::move(name), std::move(help), "counter",
                                                     [read = std::move(read)] { return FormatValue(read()); }));
  return base::Status::Ok();
}

base::Status Registry::AddCallbackGauge(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard lock(mu_);
  if (auto st = Reserve(name, false); !st.ok()) return st;
  entries_.push_back(std::make_unique<CallbackEntry>(std::move(name), std::move(help), "gauge",
                                                     [read = std::move(read)] { return FormatValue(read()); }));
  return base::Status::Ok();
}

std::string Registry::RenderPrometheusText() const {
  // Entries never move or go away, so the list can be copied and rendered
  // without the lock: a callback that takes a component's lock can then
  // never deadlock against a registration.
  std::vector<const Entry*> entries;
  {
    std::lock_guard lock(mu_);
    entries.reserve(entries_.size());
    for (const auto& e : entries_) entries.push_back(e.get());
  }
  std::string out;
  for (const Entry* e : entries) e->Render(out);
  return out;
}

}  // namespace openscs::metrics
