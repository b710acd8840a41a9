#include "base/status.h"

#include <gtest/gtest.h>

#include <memory>

namespace openscs::base {
namespace {

TEST(Status, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "ok");
}

TEST(Status, ToStringNamesCode) {
  EXPECT_EQ(InvalidArgument("pid too short").ToString(), "invalid_argument: pid too short");
  EXPECT_EQ(DataLoss("x").ToString(), "data_loss: x");
}

TEST(Status, WithContextPrefixesMessageAndKeepsCode) {
  Status s = NotFound("no such key").WithContext("record 3");
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "record 3: no such key");
  EXPECT_TRUE(Status::Ok().WithContext("ignored").ok());
}

TEST(Result, HoldsValueOrError) {
  Result<int> good = 7;
  ASSERT_TRUE(good);
  EXPECT_EQ(*good, 7);
  Result<int> bad = InvalidArgument("nope");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message(), "nope");
}

TEST(Result, MovesOnlyTypes) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(3);
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 3);
}

}  // namespace
}  // namespace openscs::base
