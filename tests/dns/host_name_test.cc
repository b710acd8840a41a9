#include "dns/host_name.h"

#include <gtest/gtest.h>

#include <string>

namespace openscs::dns {
namespace {

TEST(HostLabel, AcceptsLettersDigitsAndInnerHyphens) {
  EXPECT_TRUE(CheckHostLabel("amt-4c4c4544").ok());
  EXPECT_TRUE(CheckHostLabel("A").ok());
  EXPECT_TRUE(CheckHostLabel(std::string(63, 'x')).ok());
}

TEST(HostLabel, RefusesEachBrokenRuleWithItsReason) {
  EXPECT_NE(CheckHostLabel("").message().find("empty"), std::string::npos);
  EXPECT_NE(CheckHostLabel(std::string(64, 'x')).message().find("64 characters"), std::string::npos);
  EXPECT_NE(CheckHostLabel("amt_1").message().find("character 4"), std::string::npos);
  EXPECT_NE(CheckHostLabel("-amt").message().find("hyphen"), std::string::npos);
  EXPECT_NE(CheckHostLabel("amt-").message().find("hyphen"), std::string::npos);
  EXPECT_EQ(CheckHostLabel("a.b").code(), base::StatusCode::kInvalidArgument);
}

TEST(Fqdn, NeedsTwoValidLabels) {
  EXPECT_TRUE(CheckFqdn("scs.corp.example.com").ok());
  EXPECT_TRUE(CheckFqdn("scs.corp.").ok());
  EXPECT_NE(CheckFqdn("scs").message().find("single label"), std::string::npos);
  EXPECT_NE(CheckFqdn("*.corp.com").message().find("'*'"), std::string::npos);
  EXPECT_NE(CheckFqdn("scs..corp").message().find("empty"), std::string::npos);
  std::string long_name;
  for (int i = 0; i < 5; ++i) long_name += std::string(60, 'a') + ".";
  long_name += "com";
  EXPECT_NE(CheckFqdn(long_name).message().find("at most 253"), std::string::npos);
}

}  // namespace
}  // namespace openscs::dns
