#include "http/digest.h"

#include <gtest/gtest.h>

#include "tests/support/seeded_random.h"


namespace openscs::http {
namespace {

// RFC 2617 §3.5 worked example.
TEST(Digest, Rfc2617Example) {
  auto auth = DigestAuthorization::Parse(
      R"(Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093",)"
      R"( uri="/dir/index.html", qop=auth, nc=00000001, cnonce="0a4f113b",)"
      R"( response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41")");
  ASSERT_TRUE(auth) << auth.error().ToString();
  const std::string ha1 = DigestHa1("Mufasa", "testrealm@host.com", "Circle Of Life");
  EXPECT_EQ(ExpectedResponse(*auth, "GET", ha1), auth->response);
  EXPECT_NE(ExpectedResponse(*auth, "GET", DigestHa1("Mufasa", "testrealm@host.com", "circle of life")),
            auth->response);
}

TEST(Digest, AnswerVerifiesOnTheDeviceSide) {
  auto random = openscs::testing::SeededRandom(7);
  const std::string realm = MakeAmtRealm(random);
  ASSERT_EQ(realm.size(), 7u + 32u);
  EXPECT_EQ(realm.rfind("Digest:", 0), 0u);
  const DigestChallenge challenge = MakeChallenge(realm, random);
  auto parsed = DigestChallenge::Parse(challenge.ToHeader());
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ(parsed->realm, realm);
  EXPECT_EQ(parsed->qop, "auth");

  const DigestAuthorization answer =
      Answer(*parsed, "admin", "P@ssw0rd", "POST", "/SecurityAdministrationService", 1, random);
  auto received = DigestAuthorization::Parse(answer.ToHeader());
  ASSERT_TRUE(received) << received.error().ToString();
  EXPECT_EQ(received->nc, "00000001");
  EXPECT_EQ(ExpectedResponse(*received, "POST", DigestHa1("admin", realm, "P@ssw0rd")), received->response);
  EXPECT_NE(ExpectedResponse(*received, "POST", DigestHa1("admin", realm, "admin")), received->response);
}

TEST(Digest, ChallengeWithoutQopGetsRfc2069Answer) {
  auto c = DigestChallenge::Parse(R"(Digest realm="r", nonce="n")");
  ASSERT_TRUE(c);
  auto a = Answer(*c, "admin", "pw", "GET", "/", 1, openscs::testing::SeededRandom(1));
  EXPECT_TRUE(a.qop.empty());
  EXPECT_EQ(a.response, Md5Hex(DigestHa1("admin", "r", "pw") + ":n:" + Md5Hex("GET:/")));
}

TEST(Digest, QuotedValuesWithEscapesAndCommas) {
  auto c = DigestChallenge::Parse(R"(Digest   realm="a, \"b\"",nonce=abc ,  qop="auth,auth-int")");
  ASSERT_TRUE(c) << c.error().ToString();
  EXPECT_EQ(c->realm, R"(a, "b")");
  EXPECT_EQ(c->nonce, "abc");
  EXPECT_EQ(c->qop, "auth,auth-int");
}

TEST(Digest, MalformedHeadersSayWhy) {
  EXPECT_NE(DigestChallenge::Parse("Basic realm=\"x\"").error().message().find("Digest scheme"), std::string::npos);
  EXPECT_NE(DigestChallenge::Parse("Digest realm=\"x").error().message().find("unterminated"), std::string::npos);
  EXPECT_NE(DigestChallenge::Parse("Digest realm=\"x\"").error().message().find("'nonce'"), std::string::npos);
  EXPECT_NE(DigestChallenge::Parse("Digest realm").error().message().find("no '='"), std::string::npos);
  EXPECT_NE(DigestChallenge::Parse("Digest realm=a realm=b").error().message().find("expected ','"),
            std::string::npos);
  EXPECT_NE(DigestChallenge::Parse("Digest realm=a, realm=b, nonce=c").error().message().find("twice"),
            std::string::npos);
  EXPECT_NE(DigestChallenge::Parse("Digest realm=a, nonce=b, algorithm=SHA-256").error().message().find("algorithm"),
            std::string::npos);
  EXPECT_FALSE(DigestAuthorization::Parse(R"(Digest username="a", realm="r", nonce="n", uri="/", response="x",)"
                                          R"( qop=auth)"));
}

// Found by fuzz/digest_fuzz.cc: an nc with characters that are not hex was
// accepted, then written back unquoted and no longer parsed.
TEST(Digest, RegressionNcMustBeEightHexDigits) {
  const std::string base = R"(Digest username="a", realm="r", nonce="n", uri="/", qop=auth, cnonce="c", )"
                           R"(response="6629fae49393a05397450978507c4ef1", nc=)";
  EXPECT_TRUE(DigestAuthorization::Parse(base + "0000000a"));
  auto bad = DigestAuthorization::Parse(base + "\"hnoh-hhhhh)\"");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("nc is not 8 hex digits"), std::string::npos);
  EXPECT_FALSE(DigestAuthorization::Parse(base + "1"));
}

TEST(Digest, ResponseMustBe32HexDigits) {
  auto bad = DigestAuthorization::Parse(R"(Digest username="a", realm="r", nonce="n", uri="/", response="65f")");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("response is not 32 hex digits"), std::string::npos);
}

}  // namespace
}  // namespace openscs::http
