// The Registry's text is what Prometheus scrapes: a small registry rendered
// byte for byte, and the registrations it must refuse.
#include "metrics/registry.h"

#include <gtest/gtest.h>

#include <set>

namespace openscs::metrics {
namespace {

TEST(Registry, RendersTheTextFormatExactly) {
  Registry r;
  Counter& hellos = **r.AddCounter("openscs_hellos_received_total", "Well-formed hellos received.");
  CounterFamily& failed =
      **r.AddCounterFamily("openscs_provisionings_failed_total", "Failed provisionings by code.", {"code"});
  Gauge& open = **r.AddGauge("openscs_hello_connections_open", "Open connections on the \\hello\\ port.\nNow.");
  HistogramFamily& steps =
      **r.AddHistogramFamily("openscs_provisioning_step_seconds", "Step latency.", {"step", "outcome"}, {0.5, 2});
  ASSERT_TRUE(r.AddCallbackGauge("openscs_db_queue_depth", "Writes waiting.", [] { return 7.0; }).ok());
  ASSERT_TRUE(r.AddCounterFamily("openscs_unused_total", "No child yet.", {"code"}));

  hellos.Inc(3);
  failed.WithLabels({"pid_not_found"}).Inc();
  failed.WithLabels({"tls_psk_mismatch"}).Inc(2);
  open.Set(2);
  steps.WithLabels({"SetHostName", "ok"}).Observe(0.5);
  steps.WithLabels({"SetHostName", "ok"}).Observe(1.25);
  steps.WithLabels({"CommitChanges", "odd \"one\"\n"}).Observe(3);

  EXPECT_EQ(
      r.RenderPrometheusText(),
      "# HELP openscs_hellos_received_total Well-formed hellos received.\n"
      "# TYPE openscs_hellos_received_total counter\n"
      "openscs_hellos_received_total 3\n"
      "# HELP openscs_provisionings_failed_total Failed provisionings by code.\n"
      "# TYPE openscs_provisionings_failed_total counter\n"
      "openscs_provisionings_failed_total{code=\"pid_not_found\"} 1\n"
      "openscs_provisionings_failed_total{code=\"tls_psk_mismatch\"} 2\n"
      "# HELP openscs_hello_connections_open Open connections on the \\\\hello\\\\ port.\\nNow.\n"
      "# TYPE openscs_hello_connections_open gauge\n"
      "openscs_hello_connections_open 2\n"
      "# HELP openscs_provisioning_step_seconds Step latency.\n"
      "# TYPE openscs_provisioning_step_seconds histogram\n"
      "openscs_provisioning_step_seconds_bucket{step=\"CommitChanges\",outcome=\"odd \\\"one\\\"\\n\",le=\"0.5\"} 0\n"
      "openscs_provisioning_step_seconds_bucket{step=\"CommitChanges\",outcome=\"odd \\\"one\\\"\\n\",le=\"2\"} 0\n"
      "openscs_provisioning_step_seconds_bucket{step=\"CommitChanges\",outcome=\"odd \\\"one\\\"\\n\",le=\"+Inf\"} 1\n"
      "openscs_provisioning_step_seconds_sum{step=\"CommitChanges\",outcome=\"odd \\\"one\\\"\\n\"} 3\n"
      "openscs_provisioning_step_seconds_count{step=\"CommitChanges\",outcome=\"odd \\\"one\\\"\\n\"} 1\n"
      "openscs_provisioning_step_seconds_bucket{step=\"SetHostName\",outcome=\"ok\",le=\"0.5\"} 1\n"
      "openscs_provisioning_step_seconds_bucket{step=\"SetHostName\",outcome=\"ok\",le=\"2\"} 2\n"
      "openscs_provisioning_step_seconds_bucket{step=\"SetHostName\",outcome=\"ok\",le=\"+Inf\"} 2\n"
      "openscs_provisioning_step_seconds_sum{step=\"SetHostName\",outcome=\"ok\"} 1.75\n"
      "openscs_provisioning_step_seconds_count{step=\"SetHostName\",outcome=\"ok\"} 2\n"
      "# HELP openscs_db_queue_depth Writes waiting.\n"
      "# TYPE openscs_db_queue_depth gauge\n"
      "openscs_db_queue_depth 7\n"
      "# HELP openscs_unused_total No child yet.\n"
      "# TYPE openscs_unused_total counter\n");
}

TEST(Registry, UnlabelledHistogramHasBareSumAndCount) {
  Registry r;
  Histogram& h = **r.AddHistogram("openscs_provisioning_seconds", "Whole sessions.", {1, 10});
  h.Observe(4);
  EXPECT_EQ(r.RenderPrometheusText(),
            "# HELP openscs_provisioning_seconds Whole sessions.\n"
            "# TYPE openscs_provisioning_seconds histogram\n"
            "openscs_provisioning_seconds_bucket{le=\"1\"} 0\n"
            "openscs_provisioning_seconds_bucket{le=\"10\"} 1\n"
            "openscs_provisioning_seconds_bucket{le=\"+Inf\"} 1\n"
            "openscs_provisioning_seconds_sum 4\n"
            "openscs_provisioning_seconds_count 1\n");
}

TEST(Registry, CallbacksAreReadAtEveryRender) {
  Registry r;
  uint64_t hellos = 1;
  ASSERT_TRUE(r.AddCallbackCounter("hellos_total", "h", [&] { return hellos; }).ok());
  EXPECT_NE(r.RenderPrometheusText().find("\nhellos_total 1\n"), std::string::npos);
  hellos = 41;
  const std::string text = r.RenderPrometheusText();
  EXPECT_NE(text.find("# TYPE hellos_total counter\nhellos_total 41\n"), std::string::npos) << text;
}

TEST(Registry, AChildKeepsItsAddressAsTheFamilyGrows) {
  Registry r;
  CounterFamily& f = **r.AddCounterFamily("by_code_total", "", {"code"});
  Counter* first = &f.WithLabels({"a"});
  first->Inc();
  for (int i = 0; i < 1000; ++i) f.WithLabels({std::to_string(i)});
  EXPECT_EQ(&f.WithLabels({"a"}), first);
  EXPECT_EQ(first->Value(), 1u);
}

TEST(Registry, InvalidNamesAreRefused) {
  Registry r;
  auto bad_name = r.AddCounter("openscs-hellos", "");
  ASSERT_FALSE(bad_name);
  EXPECT_EQ(bad_name.error().code(), base::StatusCode::kInvalidArgument);
  EXPECT_NE(bad_name.error().message().find("openscs-hellos"), std::string::npos);
  EXPECT_FALSE(r.AddGauge("", ""));
  EXPECT_FALSE(r.AddCallbackGauge("1st", "", [] { return 0.0; }).ok());
  EXPECT_FALSE(r.AddCounterFamily("ok_total", "", {"bad-label"}));
  EXPECT_FALSE(r.AddCounterFamily("ok_total", "", {"__reserved"}));
  auto twice = r.AddCounterFamily("ok_total", "", {"code", "code"});
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().message().find("label code is given twice"), std::string::npos);
  auto le = r.AddHistogramFamily("h_seconds", "", {"le"}, {1});
  ASSERT_FALSE(le);
  EXPECT_NE(le.error().message().find("le is reserved"), std::string::npos);
  // Nothing refused was registered: the valid names are still free.
  EXPECT_TRUE(r.AddCounterFamily("ok_total", "", {"code"}));
  EXPECT_TRUE(r.AddHistogramFamily("h_seconds", "", {"step"}, {1}));
  EXPECT_TRUE(r.AddCounter("openscs_hellos", ""));
}

TEST(Registry, BadBucketBoundsAreRefused) {
  Registry r;
  EXPECT_FALSE(r.AddHistogram("a", "", {}));
  EXPECT_FALSE(r.AddHistogram("b", "", {1, 1}));
  EXPECT_FALSE(r.AddHistogram("c", "", {2, 1}));
  auto inf = r.AddHistogram("d", "", {1, std::numeric_limits<double>::infinity()});
  ASSERT_FALSE(inf);
  EXPECT_NE(inf.error().message().find("bound 1 is +Inf"), std::string::npos) << inf.error().message();
  EXPECT_TRUE(r.AddHistogram("e", "", DurationBuckets()));
}

TEST(Registry, ANameIsTakenOnceIncludingAHistogramsSampleNames) {
  Registry r;
  ASSERT_TRUE(r.AddCounter("x_total", ""));
  auto again = r.AddGauge("x_total", "");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), base::StatusCode::kAlreadyExists);
  EXPECT_EQ(r.AddCallbackCounter("x_total", "", [] { return uint64_t{0}; }).code(), base::StatusCode::kAlreadyExists);

  ASSERT_TRUE(r.AddHistogram("lat_seconds", "", {1}));
  EXPECT_FALSE(r.AddCounter("lat_seconds_count", ""));
  ASSERT_TRUE(r.AddCounter("db_sum", ""));
  auto clash = r.AddHistogram("db", "", {1});
  ASSERT_FALSE(clash);
  EXPECT_NE(clash.error().message().find("db_sum is already registered"), std::string::npos);
}

TEST(Registry, DurationBucketsSpanFiveMillisecondsToThirtySeconds) {
  const std::vector<double> b = DurationBuckets();
  EXPECT_TRUE(ValidateBucketBounds(b).ok());
  EXPECT_DOUBLE_EQ(b.front(), 0.005);
  EXPECT_DOUBLE_EQ(b.back(), 30);
}

}  // namespace
}  // namespace openscs::metrics
