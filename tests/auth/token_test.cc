#include "auth/token.h"

#include <gmock/gmock.h>

#include <set>

#include "tests/support/seeded_random.h"

namespace openscs::auth {
namespace {

using openscs::testing::SeededRandom;
using ::testing::MatchesRegex;

TEST(Token, HasTheDocumentedShape) {
  const NewToken t = MakeApiToken(SeededRandom(1));
  EXPECT_EQ(t.token.size(), kTokenLength);
  EXPECT_THAT(t.token, MatchesRegex("oscs_[A-Za-z0-9_-]{43}"));
  EXPECT_THAT(t.id, MatchesRegex("tok_[0-9a-f]{12}"));
  EXPECT_THAT(t.digest, MatchesRegex("[0-9a-f]{64}"));
  EXPECT_EQ(t.digest, TokenDigest(t.token));
  EXPECT_TRUE(LooksLikeApiToken(t.token));
}

TEST(Token, DigestIsTheSha256OfTheText) {
  // sha256("") and sha256("abc"), FIPS 180-2.
  EXPECT_EQ(TokenDigest(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(TokenDigest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(TokenDigest("oscs_x"), TokenDigest("oscs_x"));
  EXPECT_NE(TokenDigest("oscs_x"), TokenDigest("oscs_y"));
}

TEST(Token, ComesFromTheRandomSource) {
  const NewToken a = MakeApiToken(SeededRandom(7));
  const NewToken b = MakeApiToken(SeededRandom(7));
  EXPECT_EQ(a.token, b.token);
  EXPECT_EQ(a.id, b.id);
  // One source, many tokens: all different, and the id is not part of the secret.
  std::set<std::string> tokens;
  std::set<std::string> ids;
  const base::RandomSource random = SeededRandom(8);
  for (int i = 0; i < 100; ++i) {
    const NewToken t = MakeApiToken(random);
    tokens.insert(t.token);
    ids.insert(t.id);
    EXPECT_EQ(t.token.find(t.id.substr(4)), std::string::npos);
  }
  EXPECT_EQ(tokens.size(), 100u);
  EXPECT_EQ(ids.size(), 100u);
}

TEST(Token, LooksLikeApiTokenChecksPrefixLengthAndAlphabet) {
  const std::string good = "oscs_" + std::string(43, 'A');
  EXPECT_TRUE(LooksLikeApiToken(good));
  EXPECT_TRUE(LooksLikeApiToken("oscs_" + std::string(21, '-') + std::string(22, '_')));
  EXPECT_FALSE(LooksLikeApiToken(""));
  EXPECT_FALSE(LooksLikeApiToken("oscs_"));
  EXPECT_FALSE(LooksLikeApiToken("oscs_" + std::string(42, 'A')));
  EXPECT_FALSE(LooksLikeApiToken("oscs_" + std::string(44, 'A')));
  EXPECT_FALSE(LooksLikeApiToken("OSCS_" + std::string(43, 'A')));
  EXPECT_FALSE(LooksLikeApiToken("oscs_" + std::string(42, 'A') + "="));
  EXPECT_FALSE(LooksLikeApiToken("oscs_" + std::string(42, 'A') + "+"));
  EXPECT_FALSE(LooksLikeApiToken("tok_0123456789ab"));
}

}  // namespace
}  // namespace openscs::auth
