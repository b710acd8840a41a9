#include "auth/user_name.h"

#include <gmock/gmock.h>

#include <string>

namespace openscs::auth {
namespace {

using ::testing::HasSubstr;

TEST(UserName, LettersDigitsAndDotUnderscoreAtDash) {
  for (const char* name : {"alice", "a", "Bob.Smith", "ops_team-2", "alice@corp.test", "0"}) {
    EXPECT_TRUE(CheckUserName(name).ok()) << name;
  }
  EXPECT_TRUE(CheckUserName(std::string(64, 'x')).ok());
}

TEST(UserName, EmptyAndTooLongAreRefused) {
  const base::Status empty = CheckUserName("");
  EXPECT_EQ(empty.code(), base::StatusCode::kInvalidArgument);
  EXPECT_THAT(empty.message(), HasSubstr("empty"));
  const base::Status long_one = CheckUserName(std::string(65, 'x'));
  EXPECT_EQ(long_one.code(), base::StatusCode::kInvalidArgument);
  EXPECT_THAT(long_one.message(), HasSubstr("65 characters"));
  EXPECT_THAT(long_one.message(), HasSubstr("1 to 64"));
}

TEST(UserName, NamesTheFirstCharacterNotAllowed) {
  const base::Status space = CheckUserName("alice smith");
  EXPECT_EQ(space.code(), base::StatusCode::kInvalidArgument);
  EXPECT_THAT(space.message(), HasSubstr("user name 'alice...': character 6 (' ') is not allowed"));
  EXPECT_THAT(CheckUserName("a/b").message(), HasSubstr("character 2 ('/')"));
  EXPECT_THAT(CheckUserName("x\ny").message(), HasSubstr("character 2 (byte 0x0a)"));
  EXPECT_THAT(CheckUserName("\xc3\xa9").message(), HasSubstr("character 1 (byte 0xc3)"));
  EXPECT_FALSE(CheckUserName("name:").ok());
  EXPECT_FALSE(CheckUserName("'; DROP").ok());
}

}  // namespace
}  // namespace openscs::auth
