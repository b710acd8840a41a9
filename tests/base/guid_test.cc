#include "base/guid.h"

#include <gtest/gtest.h>

#include "base/hex.h"

namespace openscs::base {
namespace {

TEST(Guid, TextUsesLittleEndianFirstThreeFields) {
  auto raw = FromHex("44454c4c4b0010428033b6c04f504633").value();
  Guid g(std::span<const std::byte, 16>(raw.data(), 16));
  EXPECT_EQ(g.ToString(), "4c4c4544-004b-4210-8033-b6c04f504633");
}

TEST(Guid, ParseIsInverseOfToString) {
  auto g = Guid::Parse("{4C4C4544-004B-4210-8033-B6C04F504633}");
  ASSERT_TRUE(g);
  EXPECT_EQ(ToHex(g->raw()), "44454c4c4b0010428033b6c04f504633");
  EXPECT_EQ(g->ToString(), "4c4c4544-004b-4210-8033-b6c04f504633");
}

TEST(Guid, ParseRejectsMalformedText) {
  EXPECT_FALSE(Guid::Parse("4c4c4544004b42108033b6c04f504633"));
  EXPECT_FALSE(Guid::Parse("4c4c4544-004b-4210-8033-b6c04f50463"));
  EXPECT_FALSE(Guid::Parse("4c4c4544-004b-4210-8033-b6c04f50463z"));
}

}  // namespace
}  // namespace openscs::base
