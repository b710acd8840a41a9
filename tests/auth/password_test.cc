#include "auth/password.h"

#include <gmock/gmock.h>
#include <sodium.h>

#include <string>

namespace openscs::auth {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr std::string_view kPassword = "correct horse battery staple";

TEST(Password, HashVerifiesTheRightPasswordOnly) {
  auto hash = HashPassword(kPassword);
  ASSERT_TRUE(hash) << hash.error().ToString();
  EXPECT_THAT(*hash, StartsWith("$argon2id$"));
  EXPECT_TRUE(VerifyPassword(*hash, kPassword));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse battery stapl"));
  EXPECT_FALSE(VerifyPassword(*hash, "Correct horse battery staple"));
  EXPECT_FALSE(VerifyPassword(*hash, ""));
}

TEST(Password, TheHashNeverContainsThePassword) {
  auto hash = HashPassword("Sup3r-Secret-Pw");
  ASSERT_TRUE(hash);
  EXPECT_THAT(*hash, Not(HasSubstr("Sup3r-Secret-Pw")));
  EXPECT_THAT(*hash, Not(HasSubstr("Secret")));
}

TEST(Password, EachHashHasItsOwnSalt) {
  auto a = HashPassword(kPassword);
  auto b = HashPassword(kPassword);
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(VerifyPassword(*a, kPassword));
  EXPECT_TRUE(VerifyPassword(*b, kPassword));
}

TEST(Password, UsesTheInteractiveLimitsAndNeedsNoRehash) {
  auto hash = HashPassword(kPassword);
  ASSERT_TRUE(hash);
  EXPECT_THAT(*hash, HasSubstr("$m=65536,t=2,p=1$"));  // libsodium's INTERACTIVE: 64 MiB, 2 passes
  EXPECT_FALSE(NeedsRehash(*hash));
}

TEST(Password, AHashWithOtherParametersStillVerifiesButNeedsARehash) {
  // As an older openscs (or other defaults) would have stored it: 8 MiB, 1 pass.
  ASSERT_GE(sodium_init(), 0);
  char old[crypto_pwhash_STRBYTES];
  ASSERT_EQ(crypto_pwhash_str_alg(old, kPassword.data(), kPassword.size(), 1, 8u << 20, crypto_pwhash_ALG_ARGON2ID13),
            0);
  EXPECT_THAT(std::string(old), HasSubstr("$m=8192,t=1,"));
  EXPECT_TRUE(VerifyPassword(old, kPassword));
  EXPECT_TRUE(NeedsRehash(old));
  EXPECT_TRUE(NeedsRehash(""));
  EXPECT_TRUE(NeedsRehash("not a hash"));
}

TEST(Password, MalformedHashesNeverVerify) {
  EXPECT_FALSE(VerifyPassword("", ""));
  EXPECT_FALSE(VerifyPassword("", kPassword));
  EXPECT_FALSE(VerifyPassword("$argon2id$v=19$m=65536,t=2,p=1$", kPassword));
  EXPECT_FALSE(VerifyPassword(kPassword, kPassword));  // a clear password stored by mistake
  EXPECT_FALSE(VerifyPassword(std::string(4096, '$'), kPassword));
}

TEST(Password, PolicyWantsTenCharactersAndNeverQuotesThePassword) {
  EXPECT_TRUE(CheckPasswordPolicy("abcdefghij").ok());  // one class is fine
  EXPECT_TRUE(CheckPasswordPolicy("mot de passe").ok());
  EXPECT_TRUE(CheckPasswordPolicy("\xc3\xa9t\xc3\xa9\xc3\xa9t\xc3\xa9\xc3\xa9t\xc3\xa9t").ok());  // 10 code points
  const base::Status short_one = CheckPasswordPolicy("Sh0rt!pw9");
  EXPECT_EQ(short_one.code(), base::StatusCode::kInvalidArgument);
  EXPECT_THAT(short_one.message(), HasSubstr("at least 10 characters"));
  EXPECT_THAT(short_one.message(), Not(HasSubstr("Sh0rt!pw9")));
  // Nine code points in 18 bytes is still short.
  EXPECT_FALSE(CheckPasswordPolicy("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9").ok());
  EXPECT_FALSE(CheckPasswordPolicy("").ok());
  EXPECT_TRUE(CheckPasswordPolicy(std::string(1024, 'x')).ok());
  const base::Status long_one = CheckPasswordPolicy(std::string(1025, 'x'));
  EXPECT_EQ(long_one.code(), base::StatusCode::kInvalidArgument);
  EXPECT_THAT(long_one.message(), HasSubstr("at most 1024 bytes"));
}

}  // namespace
}  // namespace openscs::auth
