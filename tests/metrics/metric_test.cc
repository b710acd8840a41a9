// Counters, gauges and histograms: what a scrape reads after updates,
// including updates from several threads at once.
#include "metrics/metric.h"

#include <gtest/gtest.h>

#include <cmath>
#include <thread>
#include <vector>

#include "metrics/registry.h"

namespace openscs::metrics {
namespace {

TEST(Gauge, SetAddIncDec) {
  Gauge g;
  g.Set(10);
  g.Add(2.5);
  g.Inc();
  g.Dec();
  g.Dec();
  EXPECT_DOUBLE_EQ(g.Value(), 11.5);
}

TEST(Histogram, BucketsAreCumulativeAndABoundIsInclusive) {
  const std::vector<double> bounds = {0.1, 1, 10};
  Histogram h(bounds);
  for (double v : {0.05, 0.1, 0.5, 1.0, 3.0, 100.0}) h.Observe(v);
  const Histogram::Snapshot s = h.Read();
  EXPECT_EQ(s.cumulative, (std::vector<uint64_t>{2, 4, 5, 6}));  // le=0.1 holds 0.05 and 0.1 itself
  EXPECT_EQ(s.count, 6u);
  EXPECT_DOUBLE_EQ(s.sum, 104.65);
}

TEST(Histogram, NaNCountsOnlyInTheInfBucket) {
  const std::vector<double> bounds = {1};
  Histogram h(bounds);
  h.Observe(std::nan(""));
  EXPECT_EQ(h.Read().cumulative, (std::vector<uint64_t>{0, 1}));
}

TEST(Histogram, DurationsAreInSeconds) {
  const std::vector<double> bounds = {0.005, 0.25};
  Histogram h(bounds);
  h.ObserveDuration(std::chrono::milliseconds(250));
  h.ObserveDuration(std::chrono::microseconds(5000));
  const Histogram::Snapshot s = h.Read();
  EXPECT_EQ(s.cumulative, (std::vector<uint64_t>{1, 2, 2}));
  EXPECT_DOUBLE_EQ(s.sum, 0.255);
}

TEST(Concurrency, IncrementsFromSeveralThreadsAllCount) {
  Registry r;
  Counter& plain = **r.AddCounter("plain_total", "");
  CounterFamily& coded = **r.AddCounterFamily("coded_total", "", {"code"});
  Histogram& h = **r.AddHistogram("latency_seconds", "", {0.5});
  Gauge& g = **r.AddGauge("open", "");
  constexpr int kThreads = 4;
  constexpr int kPerThread = 20000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        plain.Inc();
        // Children made concurrently by several threads: one per value.
        coded.WithLabels({i % 2 == 0 ? "even" : "odd"}).Inc();
        h.Observe(t % 2 == 0 ? 0.25 : 1.0);
        g.Inc();
        g.Dec();
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(plain.Value(), uint64_t{kThreads * kPerThread});
  EXPECT_EQ(coded.WithLabels({"even"}).Value(), uint64_t{kThreads * kPerThread / 2});
  EXPECT_EQ(coded.WithLabels({"odd"}).Value(), uint64_t{kThreads * kPerThread / 2});
  const Histogram::Snapshot s = h.Read();
  EXPECT_EQ(s.cumulative, (std::vector<uint64_t>{kThreads * kPerThread / 2, kThreads * kPerThread}));
  EXPECT_DOUBLE_EQ(s.sum, kPerThread * 2 * (0.25 + 1.0));
  EXPECT_DOUBLE_EQ(g.Value(), 0);
}

TEST(Concurrency, RenderingWhileOthersUpdateKeepsCountEqualToInf) {
  Registry r;
  Histogram& h = **r.AddHistogram("x_seconds", "", {1});
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int i = 0; i < 50000; ++i) h.Observe(i % 3);
    done = true;
  });
  while (!done) {
    const Histogram::Snapshot s = h.Read();
    ASSERT_EQ(s.count, s.cumulative.back());
    ASSERT_LE(s.cumulative.front(), s.cumulative.back());
    (void)r.RenderPrometheusText();
  }
  writer.join();
  EXPECT_EQ(h.Read().count, 50000u);
}

}  // namespace
}  // namespace openscs::metrics
