#include "web/event_hub.h"

#include <gtest/gtest.h>

#include <thread>

namespace openscs::web {
namespace {

TEST(EventHub, SubscribersReceiveCoalescedSystemsAndEveryLog) {
  EventHub hub;
  auto a = hub.Subscribe();
  auto b = hub.Subscribe();
  hub.PublishSystem("u1");
  hub.PublishSystem("u2");
  hub.PublishSystem("u1");
  store::LogEntry e;
  e.code = "provisioned";
  hub.PublishLog(e);
  auto batch = a->Take();
  EXPECT_EQ(batch.systems, (std::vector<std::string>{"u1", "u2"}));
  ASSERT_EQ(batch.logs.size(), 1u);
  EXPECT_EQ(batch.logs[0].code, "provisioned");
  EXPECT_FALSE(batch.dropped);
  EXPECT_TRUE(a->Take().systems.empty()) << "taken once";
  EXPECT_EQ(b->Take().systems.size(), 2u) << "each subscriber has its own queue";
}

TEST(EventHub, UnsubscribedGetsNothingAndFreesItsPlace) {
  EventHub hub(1);
  auto a = hub.Subscribe();
  EXPECT_EQ(hub.Subscribe(), nullptr) << "limit of one";
  hub.Unsubscribe(a);
  EXPECT_EQ(hub.subscribers(), 0u);
  hub.PublishSystem("u1");
  EXPECT_TRUE(a->Take().systems.empty());
  EXPECT_NE(hub.Subscribe(), nullptr);
}

TEST(EventHub, SlowSubscriberLosesOldestLogsAndIsToldToReload) {
  EventHub hub(4, 3);
  auto a = hub.Subscribe();
  for (int i = 0; i < 5; ++i) {
    store::LogEntry e;
    e.id = i;
    hub.PublishLog(e);
  }
  auto batch = a->Take();
  ASSERT_EQ(batch.logs.size(), 3u);
  EXPECT_EQ(batch.logs.front().id, 2);
  EXPECT_TRUE(batch.dropped);
  EXPECT_FALSE(a->Take().dropped) << "reset after it was reported";
}

TEST(EventHub, ConcurrentPublishersLoseNothingBelowTheLimit) {
  EventHub hub(4, 100000);
  auto a = hub.Subscribe();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&hub, t] {
      for (int i = 0; i < 500; ++i) hub.PublishSystem(std::to_string(t) + "-" + std::to_string(i));
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(a->Take().systems.size(), 2000u);
}

}  // namespace
}  // namespace openscs::web
