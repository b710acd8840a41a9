// DbWorker: writes are applied in order and batched; a job sees every write
// queued before it; a full queue drops writes and counts them instead of
// blocking the caller.
#include "server/db_worker.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <future>

#include "store/sqlite/sqlite_store.h"
#include "tests/support/temp_dir.h"

namespace openscs::server {
namespace {

store::HelloObservation HelloFor(int i) {
  store::HelloObservation h;
  h.uuid = fmt::format("00000000-0000-0000-0000-{:012d}", i);
  h.at = base::TimePoint{} + std::chrono::seconds(1000 + i);
  h.source_address = "127.0.0.1";
  h.pid = "0000037M";
  return h;
}

std::unique_ptr<store::Store> OpenStore(const testing::TempDir& dir) {
  auto s = store::OpenSqliteStore(dir / "db");
  EXPECT_TRUE(s) << s.error().ToString();
  return std::move(*s);
}

TEST(DbWorker, AJobSeesEveryWriteQueuedBeforeIt) {
  testing::TempDir dir("dbworker");
  DbWorker db(OpenStore(dir), {});
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(db.EnqueueHello(HelloFor(i)));
  std::promise<size_t> seen;
  db.Submit([&](store::Store& s) { seen.set_value(s.ListSystems({})->size()); });
  EXPECT_EQ(seen.get_future().get(), 1000u);
  db.Flush();
  const DbCounters c = db.counters();
  EXPECT_EQ(c.hellos_written, 1000u);
  EXPECT_LT(c.batches, 1000u) << "writes are batched";
  EXPECT_EQ(c.writes_dropped_queue_full, 0u);
}

TEST(DbWorker, AFullQueueDropsAndCountsInsteadOfBlocking) {
  testing::TempDir dir("dbworker");
  DbWorkerOptions options;
  options.queue_capacity = 10;
  DbWorker db(OpenStore(dir), options);
  // Hold the database thread so the queue cannot drain.
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> holding;
  db.Submit([&](store::Store&) {
    holding.set_value();
    released.wait();
  });
  holding.get_future().wait();
  int accepted = 0;
  for (int i = 0; i < 25; ++i) accepted += db.EnqueueHello(HelloFor(i)) ? 1 : 0;
  EXPECT_EQ(accepted, 10);
  EXPECT_EQ(db.counters().writes_dropped_queue_full, 15u);
  EXPECT_EQ(db.counters().queue_depth, 10u);
  release.set_value();
  db.Flush();
  EXPECT_EQ(db.counters().hellos_written, 10u);
}

TEST(DbWorker, RepeatedHellosFoldIntoOneSystemInOrder) {
  testing::TempDir dir("dbworker");
  {
    DbWorker db(OpenStore(dir), {});
    for (uint32_t retry = 0; retry < 5; ++retry) {
      auto h = HelloFor(1);
      h.retry_count = retry;
      h.at += std::chrono::seconds(retry);
      db.EnqueueHello(std::move(h));
    }
  }  // the destructor applies everything queued
  auto s = OpenStore(dir);
  auto sys = s->GetSystem(HelloFor(1).uuid);
  ASSERT_TRUE(sys && *sys);
  EXPECT_EQ((*sys)->hello_count, 5u);
  EXPECT_EQ((*sys)->last_retry_count, 4u);
}

}  // namespace
}  // namespace openscs::server
