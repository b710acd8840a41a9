#include "web/sessions.h"

#include <gtest/gtest.h>

#include "tests/support/seeded_random.h"

namespace openscs::web {
namespace {

using namespace std::chrono_literals;

class SessionTableTest : public ::testing::Test {
 protected:
  base::FakeClock clock_;
  SessionTable table_{clock_, testing::SeededRandom(7), std::chrono::seconds(600), std::chrono::seconds(3600), 3};
};

TEST_F(SessionTableTest, CreatedSessionIsFoundWithItsUserAndCsrfToken) {
  auto created = table_.Create("alice");
  EXPECT_EQ(created.id.size(), 64u);
  EXPECT_EQ(created.csrf_token.size(), 32u);
  EXPECT_NE(created.id, created.csrf_token);
  auto s = table_.Find(created.id);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->user, "alice");
  EXPECT_EQ(s->csrf_token, created.csrf_token);
  EXPECT_FALSE(table_.Find("not-a-session"));
}

TEST_F(SessionTableTest, IdleSessionExpiresAndActivityKeepsItAlive) {
  auto busy = table_.Create("alice");
  auto idle = table_.Create("bob");
  for (int i = 0; i < 5; ++i) {
    clock_.Advance(300s);
    EXPECT_TRUE(table_.Find(busy.id)) << "used every 5 minutes, idle limit 10";
  }
  EXPECT_FALSE(table_.Find(idle.id)) << "unused for 25 minutes";
}

TEST_F(SessionTableTest, LifetimeEndsEvenABusySession) {
  auto s = table_.Create("alice");
  for (int i = 0; i < 11; ++i) {
    clock_.Advance(300s);
    (void)table_.Find(s.id);
  }
  clock_.Advance(301s);
  EXPECT_FALSE(table_.Find(s.id)) << "past the one-hour lifetime";
}

TEST_F(SessionTableTest, RemoveUserEndsAllOfTheirSessions) {
  auto a1 = table_.Create("alice");
  auto a2 = table_.Create("alice");
  auto b = table_.Create("bob");
  table_.RemoveUser("alice");
  EXPECT_FALSE(table_.Find(a1.id));
  EXPECT_FALSE(table_.Find(a2.id));
  EXPECT_TRUE(table_.Find(b.id));
  table_.Remove(b.id);
  EXPECT_FALSE(table_.Find(b.id));
}

TEST_F(SessionTableTest, FullTableDropsTheLeastRecentlyUsed) {
  auto first = table_.Create("a");
  clock_.Advance(1s);
  auto second = table_.Create("b");
  clock_.Advance(1s);
  auto third = table_.Create("c");
  clock_.Advance(1s);
  (void)table_.Find(first.id);  // first is now the most recent
  auto fourth = table_.Create("d");
  EXPECT_EQ(table_.size(), 3u);
  EXPECT_TRUE(table_.Find(first.id));
  EXPECT_FALSE(table_.Find(second.id));
  EXPECT_TRUE(table_.Find(third.id));
  EXPECT_TRUE(table_.Find(fourth.id));
}

TEST(ConstantTimeEquals, ComparesWholeStrings) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
  EXPECT_FALSE(ConstantTimeEquals("", "")) << "an empty token never matches";
}

}  // namespace
}  // namespace openscs::web
