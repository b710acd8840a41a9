#include "protocol/mebx/password_rule.h"

#include <gtest/gtest.h>

namespace openscs::mebx {
namespace {

std::string Why(std::string_view pw, const PasswordRule& rule = {}) {
  base::Status s = CheckMebxPassword(pw, rule);
  EXPECT_FALSE(s.ok()) << "accepted";
  EXPECT_EQ(s.code(), base::StatusCode::kInvalidArgument);
  return s.message();
}

bool Has(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

TEST(MebxPassword, AcceptsStrongPasswords) {
  EXPECT_TRUE(CheckMebxPassword("P@ssw0rd").ok());
  EXPECT_TRUE(CheckMebxPassword("Demo-Pa55word").ok());
  EXPECT_TRUE(CheckMebxPassword("~1aB~~~~").ok());
}

TEST(MebxPassword, LengthBoundaries) {
  EXPECT_TRUE(Has(Why(""), "8 to 32 characters long (got 0)"));
  EXPECT_TRUE(Has(Why("P@ssw0r"), "8 to 32 characters long (got 7)"));
  EXPECT_TRUE(CheckMebxPassword("P@ssw0rd").ok());                    // 8
  EXPECT_TRUE(CheckMebxPassword(std::string(29, 'a') + "B1!").ok());  // 32
  EXPECT_TRUE(Has(Why(std::string(30, 'a') + "B1!"), "(got 33)"));    // 33
}

TEST(MebxPassword, NeedsADigit) { EXPECT_TRUE(Has(Why("P@ssword"), "needs at least one digit")); }

TEST(MebxPassword, NeedsALowerCaseLetter) { EXPECT_TRUE(Has(Why("P@SSW0RD"), "needs at least one lower-case letter")); }

TEST(MebxPassword, NeedsAnUpperCaseLetter) {
  EXPECT_TRUE(Has(Why("p@ssw0rd"), "needs at least one upper-case letter"));
}

TEST(MebxPassword, NeedsANonAlphanumericCharacter) {
  EXPECT_TRUE(Has(Why("Passw0rdX"), "needs at least one non-alphanumeric character other than '_' or space"));
}

TEST(MebxPassword, UnderscoreAndSpaceAreAllowedButDoNotCount) {
  EXPECT_TRUE(Has(Why("Pass_w0rd"), "non-alphanumeric"));
  EXPECT_TRUE(Has(Why("Pass w0rd"), "non-alphanumeric"));
  EXPECT_TRUE(CheckMebxPassword("Pass w0rd_!").ok());
}

TEST(MebxPassword, ColonCommaAndQuoteAreBanned) {
  EXPECT_TRUE(Has(Why("P@ss:w0rd"), "must not contain ':'"));
  EXPECT_TRUE(Has(Why("P@ss,w0rd"), "must not contain ','"));
  EXPECT_TRUE(Has(Why("P@ss\"w0rd"), "must not contain '\"'"));
  // Banned even when the rest is weak: the ban is reported, not the weakness.
  EXPECT_TRUE(Has(Why("password:"), "must not contain ':'"));
}

TEST(MebxPassword, ExtraBannedCharactersAreConfigurable) {
  const PasswordRule hp{std::string(kHpExtraBanned)};
  EXPECT_TRUE(PasswordRule{}.extra_banned.empty());
  EXPECT_TRUE(CheckMebxPassword("P&ssw0rd").ok());
  EXPECT_TRUE(Has(Why("P&ssw0rd", hp), "must not contain '&' (extra banned characters)"));
  EXPECT_TRUE(Has(Why("P'ssw0rd", hp), "'''"));
  EXPECT_TRUE(Has(Why("P<ssw0rd", hp), "'<'"));
  EXPECT_TRUE(Has(Why("P>ssw0rd", hp), "'>'"));
  EXPECT_TRUE(CheckMebxPassword("Pass w0rd!").ok());
  EXPECT_TRUE(Has(Why("Pass w0rd!", hp), "' '"));
}

TEST(MebxPassword, NonAsciiAndControlCharactersAreRejected) {
  EXPECT_TRUE(Has(Why("P@ssw0rd\xc3\xa9"), "character 9 is not a printable 7-bit ASCII character"));
  EXPECT_TRUE(Has(Why("P@ssw0rd\t"), "character 9 is not a printable 7-bit ASCII character"));
  EXPECT_TRUE(Has(Why("P@ssw0rd\x7f"), "character 9"));
  EXPECT_TRUE(Has(Why(std::string_view("P@ss\0w0rd", 9)), "character 5"));
}

TEST(MebxPassword, MessagesNeverContainThePassword) {
  for (std::string_view pw :
       {"Secr3tXY", "secr3t!xy", "SECR3T!XY", "Secret!XY", "Se:cr3t!XY", "S3c!", "Secr3t!XY\xff", "Secr3t!XY&"}) {
    base::Status s = CheckMebxPassword(pw, PasswordRule{std::string(kHpExtraBanned)});
    ASSERT_FALSE(s.ok()) << pw;
    EXPECT_FALSE(Has(s.message(), pw)) << s.message();
    EXPECT_FALSE(Has(s.message(), "cr3t")) << s.message();
    EXPECT_FALSE(Has(s.message(), "S3c")) << s.message();
  }
}

TEST(MebxPassword, FactoryDefault) {
  EXPECT_TRUE(IsFactoryDefaultPassword("admin"));
  EXPECT_FALSE(IsFactoryDefaultPassword("Admin"));
  EXPECT_FALSE(IsFactoryDefaultPassword("admin "));
  EXPECT_FALSE(CheckMebxPassword("admin").ok());  // too weak to be a new password
}

}  // namespace
}  // namespace openscs::mebx
