#include "base/hex.h"

#include <gtest/gtest.h>

namespace openscs::base {
namespace {

TEST(Hex, RoundTrip) {
  auto bytes = FromHex("00ff10Ab");
  ASSERT_TRUE(bytes);
  EXPECT_EQ(ToHex(*bytes), "00ff10ab");
}

TEST(Hex, AcceptsWiresharkAndHexdumpSeparators) {
  EXPECT_EQ(FromHex("0x01 02:03-04\n05").value().size(), 5u);
}

TEST(Hex, RejectsBadDigitWithPosition) {
  auto r = FromHex("01 0g");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "hex: 'g' at position 4 is not a hex digit");
}

TEST(Hex, RejectsOddDigits) {
  EXPECT_FALSE(FromHex("012"));
  EXPECT_FALSE(FromHex("0 12"));
}

}  // namespace
}  // namespace openscs::base
