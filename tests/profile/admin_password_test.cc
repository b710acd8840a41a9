#include <gtest/gtest.h>

#include <set>

#include "profile/profile.h"
#include "protocol/mebx/password_rule.h"
#include "tests/support/seeded_random.h"

namespace openscs::profile {
namespace {

using openscs::testing::SeededRandom;

TEST(GenerateAdminPassword, TenThousandSeededPasswordsPassTheRuleAndDiffer) {
  const auto random = SeededRandom(20240601);
  const mebx::PasswordRule hp{std::string(mebx::kHpExtraBanned)};
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) {
    const std::string password = GenerateAdminPassword(random);
    ASSERT_EQ(password.size(), kGeneratedPasswordLength);
    // Assertion messages give the index, never the password.
    ASSERT_TRUE(mebx::CheckMebxPassword(password).ok())
        << "password " << i << ": " << mebx::CheckMebxPassword(password).message();
    ASSERT_TRUE(mebx::CheckMebxPassword(password, hp).ok()) << "password " << i << " fails HP's rule";
    ASSERT_FALSE(mebx::IsFactoryDefaultPassword(password));
    seen.insert(password);
  }
  EXPECT_EQ(seen.size(), 10000u);
}

TEST(GenerateAdminPassword, SameSeedSamePassword) {
  EXPECT_EQ(GenerateAdminPassword(SeededRandom(7)), GenerateAdminPassword(SeededRandom(7)));
  EXPECT_NE(GenerateAdminPassword(SeededRandom(7)), GenerateAdminPassword(SeededRandom(8)));
}

TEST(GenerateAdminPassword, ClassesDoNotSitAtFixedPositions) {
  const auto random = SeededRandom(3);
  std::set<size_t> digit_positions;
  for (int i = 0; i < 200; ++i) {
    const std::string password = GenerateAdminPassword(random);
    for (size_t p = 0; p < password.size(); ++p) {
      if (password[p] >= '0' && password[p] <= '9') digit_positions.insert(p);
    }
  }
  EXPECT_EQ(digit_positions.size(), kGeneratedPasswordLength);
}

}  // namespace
}  // namespace openscs::profile
