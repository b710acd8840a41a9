#include "protocol/mebx/password_rule.h"

#include <gtest/gtest.h>

namespace openscs::mebx {
namespace {

std::string Why(std::string_view pw, const PasswordRule& rule = {}) {
  base::Status s = CheckMebxPassword(pw, rule);
  EXPECT_FALSE(s.ok()) << pw;
  return s.message();
}

TEST(MebxPassword, AcceptsAStrongPassword) {
  EXPECT_TRUE(CheckMebxPassword("P@ssw0rd").ok());
  EXPECT_TRUE(CheckMebxPassword("Demo-Pa55word").ok());
  EXPECT_TRUE(CheckMebxPassword(std::string(29, 'a') + "B1!").ok());  // 32
}

TEST(MebxPassword, Length) {
  EXPECT_NE(Why("P@ssw0r").find("8 to 32 characters long (got 7)"), std::string::npos);
  EXPECT_NE(Why(std::string(30, 'a') + "B1!").find("(got 33)"), std::string::npos);
}

TEST(MebxPassword, EachClassRequired) {
  EXPECT_NE(Why("P@ssword").find("digit"), std::string::npos);
  EXPECT_NE(Why("P@SSW0RD").find("lower-case"), std::string::npos);
  EXPECT_NE(Why("p@ssw0rd").find("upper-case"), std::string::npos);
  EXPECT_NE(Why("Passw0rdX").find("non-alphanumeric"), std::string::npos);
}

TEST(MebxPassword, UnderscoreAndSpaceDoNotCountAsSymbol) {
  EXPECT_NE(Why("Pass_w0rd").find("non-alphanumeric"), std::string::npos);
  EXPECT_NE(Why("Pass w0rd").find("non-alphanumeric"), std::string::npos);
  EXPECT_TRUE(CheckMebxPassword("Pass w0rd_!").ok());
}

TEST(MebxPassword, BannedCharacters) {
  EXPECT_NE(Why("P@ss:w0rd").find("':'"), std::string::npos);
  EXPECT_NE(Why("P@ss,w0rd").find("','"), std::string::npos);
  EXPECT_NE(Why("P@ss\"w0rd").find("'\"'"), std::string::npos);
}

TEST(MebxPassword, OemExtraBans) {
  PasswordRule hp{"'<>& "};
  EXPECT_TRUE(CheckMebxPassword("P&ssw0rd").ok());
  EXPECT_NE(Why("P&ssw0rd", hp).find("OEM rule"), std::string::npos);
}

TEST(MebxPassword, NonAsciiRejected) {
  EXPECT_NE(Why("P@ssw0rd\xc3\xa9").find("7-bit ASCII"), std::string::npos);
  EXPECT_NE(Why("P@ssw0rd\t").find("character 9"), std::string::npos);
}

TEST(MebxPassword, MessagesNeverContainThePassword) {
  for (std::string_view pw : {"Secr3tXY", "secr3t!xy", "SECR3T!XY", "Secret!XY", "Se:cr3t!XY", "S3c!"}) {
    base::Status s = CheckMebxPassword(pw);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.message().find(pw), std::string::npos) << s.message();
    EXPECT_EQ(s.message().find("cr3t"), std::string::npos) << s.message();
  }
}

TEST(MebxPassword, FactoryDefault) {
  EXPECT_TRUE(IsFactoryDefaultPassword("admin"));
  EXPECT_FALSE(IsFactoryDefaultPassword("Admin"));
  EXPECT_FALSE(CheckMebxPassword("admin").ok());
}

}  // namespace
}  // namespace openscs::mebx
