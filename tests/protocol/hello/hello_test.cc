#include "protocol/hello/hello.h"

#include <gtest/gtest.h>

#include "base/hex.h"
#include "protocol/hello/hello_format.h"
#include "tests/protocol/hello/hello_testing.h"

namespace openscs::hello {
namespace {

using testing::Bytes;
using testing::kPkiExampleHex;
using testing::kPskExampleHex;

TEST(HelloDecode, PskReferenceExample) {
  auto decoded = Decode(Bytes(kPskExampleHex));
  ASSERT_TRUE(decoded) << decoded.error().ToString();
  const Hello& h = decoded->hello;
  EXPECT_EQ(h.method, Method::kPsk);
  EXPECT_TRUE(h.admin_credentials_set);
  EXPECT_EQ(h.retry_count, 0u);
  EXPECT_EQ(h.uuid.ToString(), "4c4c4544-004b-4210-8033-b6c04f504633");
  EXPECT_EQ(h.pid, "0000037M");
  EXPECT_TRUE(h.hashes.empty());
  EXPECT_TRUE(decoded->warnings.empty());
}

TEST(HelloDecode, PkiWithSha1Hashes) {
  auto decoded = Decode(Bytes(kPkiExampleHex));
  ASSERT_TRUE(decoded) << decoded.error().ToString();
  const Hello& h = decoded->hello;
  EXPECT_EQ(h.method, Method::kPki);
  EXPECT_EQ(h.retry_count, 3u);
  ASSERT_EQ(h.hashes.size(), 2u);
  EXPECT_EQ(h.hashes[0].algorithm, HashAlgorithm::kSha1);
  EXPECT_EQ(base::ToHex(h.hashes[0].digest), "742c3192e607e424eb4549542be1bbc53e6174e2");
  EXPECT_EQ(base::ToHex(h.hashes[1].digest), "2796bae63f1801e277261ba0d77770028f20eee4");
}

TEST(HelloDecode, PkiWithEveryHashType) {
  Hello in;
  in.method = Method::kPki;
  in.uuid = base::Guid::Parse("01234567-89ab-cdef-0123-456789abcdef").value();
  in.hashes = {{HashAlgorithm::kSha1, std::vector<std::byte>(20, std::byte{0x11})},
               {HashAlgorithm::kSha256, std::vector<std::byte>(32, std::byte{0x22})},
               {HashAlgorithm::kSha384, std::vector<std::byte>(48, std::byte{0x33})}};
  auto bytes = Encode(in);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(bytes->size(), kPkiFixedSize + 22 + 34 + 50);
  auto out = Decode(*bytes);
  ASSERT_TRUE(out) << out.error().ToString();
  EXPECT_EQ(out->hello, in);
}

TEST(HelloEncode, PskRoundTripMatchesReferenceBytes) {
  Hello h;
  h.method = Method::kPsk;
  h.admin_credentials_set = true;
  h.uuid = base::Guid::Parse("4c4c4544-004b-4210-8033-b6c04f504633").value();
  h.pid = "0000037M";
  auto bytes = Encode(h);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(*bytes, Bytes(kPskExampleHex));
}

TEST(HelloEncode, RejectsBadPid) {
  Hello h;
  h.pid = "0000-37M";
  auto bytes = Encode(h);
  ASSERT_FALSE(bytes);
  EXPECT_NE(bytes.error().message().find("pid character 5"), std::string::npos);
  h.pid = "0000037";
  EXPECT_FALSE(Encode(h));
}

TEST(HelloEncode, RejectsDigestOfWrongSize) {
  Hello h;
  h.method = Method::kPki;
  h.hashes = {{HashAlgorithm::kSha256, std::vector<std::byte>(20)}};
  auto bytes = Encode(h);
  ASSERT_FALSE(bytes);
  EXPECT_NE(bytes.error().message().find("hashes[0]"), std::string::npos);
}

TEST(HelloParse, IncrementalPskNeedsMoreUntilLastByte) {
  const auto bytes = Bytes(kPskExampleHex);
  for (size_t n = 0; n < bytes.size(); ++n) {
    auto r = Parse(std::span(bytes).first(n));
    EXPECT_EQ(r.state, ParseState::kNeedMore) << "after " << n << " bytes";
  }
  auto r = Parse(bytes);
  EXPECT_EQ(r.state, ParseState::kComplete);
  EXPECT_EQ(r.consumed, kPskHelloSize);
}

TEST(HelloParse, IncrementalPkiNeedsMoreUntilLastByte) {
  const auto bytes = Bytes(kPkiExampleHex);
  for (size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_EQ(Parse(std::span(bytes).first(n)).state, ParseState::kNeedMore) << "after " << n << " bytes";
  }
  auto r = Parse(bytes);
  EXPECT_EQ(r.state, ParseState::kComplete);
  EXPECT_EQ(r.consumed, bytes.size());
}

TEST(HelloParse, BadVersionDetectedBeforeMessageEnds) {
  // Only four bytes arrived, but they already say this is no hello.
  auto r = Parse(Bytes("00 00 07 00"));
  EXPECT_EQ(r.state, ParseState::kBad);
  EXPECT_EQ(r.error.field, "interface_version");
}

TEST(HelloParse, CompleteMessageFollowedByMoreBytesReportsItsLength) {
  auto bytes = Bytes(kPskExampleHex);
  bytes.push_back(std::byte{0});
  auto r = Parse(bytes);
  EXPECT_EQ(r.state, ParseState::kComplete);
  EXPECT_EQ(r.consumed, kPskHelloSize);
}

TEST(HelloDecode, RetryCountAboveFourteenIsAcceptedWithWarning) {
  auto bytes = Bytes(kPskExampleHex);
  bytes[kOffsetRetryCount] = std::byte{39};
  auto decoded = Decode(bytes);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->hello.retry_count, 39u);
  ASSERT_EQ(decoded->warnings.size(), 1u);
  EXPECT_NE(decoded->warnings[0].find("retry count 39"), std::string::npos);
}

TEST(HelloDecode, RetryCountFourteenHasNoWarning) {
  auto bytes = Bytes(kPskExampleHex);
  bytes[kOffsetRetryCount] = std::byte{14};
  auto decoded = Decode(bytes);
  ASSERT_TRUE(decoded);
  EXPECT_TRUE(decoded->warnings.empty());
}

TEST(HelloDecode, PidWithBadCheckCharacterIsAcceptedWithWarning) {
  auto bytes = Bytes(kPskExampleHex);
  bytes[kOffsetPid + 7] = std::byte{'N'};  // 0000037N: check should be 'M'
  auto decoded = Decode(bytes);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->hello.pid, "0000037N");
  ASSERT_EQ(decoded->warnings.size(), 1u);
  EXPECT_NE(decoded->warnings[0].find("PID 0000-037N fails its check character (expected 'M')"), std::string::npos);
}

TEST(HelloDecode, AdminFlagZeroIsAccepted) {
  auto bytes = Bytes(kPskExampleHex);
  bytes[0] = std::byte{0};
  auto decoded = Decode(bytes);
  ASSERT_TRUE(decoded);
  EXPECT_FALSE(decoded->hello.admin_credentials_set);
}

TEST(HelloDecode, UuidKeepsRawWireBytes) {
  auto decoded = Decode(Bytes(kPskExampleHex));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(base::ToHex(decoded->hello.uuid.raw()), "44454c4c4b0010428033b6c04f504633");
}

}  // namespace
}  // namespace openscs::hello
