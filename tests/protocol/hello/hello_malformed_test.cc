// One test per way a hello can be malformed; each checks the field and the
// offset the error names, since that is what an admin reads in the log.

#include <gtest/gtest.h>

#include "protocol/hello/hello.h"
#include "protocol/hello/hello_format.h"
#include "tests/protocol/hello/hello_testing.h"

namespace openscs::hello {
namespace {

using testing::Bytes;
using testing::kPkiExampleHex;
using testing::kPskExampleHex;

DecodeError ErrorOf(const std::vector<std::byte>& bytes) {
  DecodeOutcome out = DecodeWithDetail(bytes);
  EXPECT_FALSE(out.ok);
  return out.error;
}

TEST(HelloMalformed, Empty) {
  auto e = ErrorOf({});
  EXPECT_EQ(e.field, "admin_credentials_set");
  EXPECT_EQ(e.offset, 0u);
  EXPECT_NE(e.reason.find("too short"), std::string::npos);
}

TEST(HelloMalformed, TooShortHeader) {
  auto bytes = Bytes(kPskExampleHex);
  bytes.resize(20);
  auto e = ErrorOf(bytes);
  EXPECT_EQ(e.field, "uuid");
  EXPECT_EQ(e.offset, kOffsetUuid);
  EXPECT_NE(e.reason.find("20 bytes"), std::string::npos);
}

TEST(HelloMalformed, TooShortPsk) {
  auto bytes = Bytes(kPskExampleHex);
  bytes.resize(31);
  auto e = ErrorOf(bytes);
  EXPECT_EQ(e.field, "pid");
  EXPECT_EQ(e.offset, kOffsetPid);
}

TEST(HelloMalformed, AdminFlagAboveOne) {
  auto bytes = Bytes(kPskExampleHex);
  bytes[0] = std::byte{2};
  auto e = ErrorOf(bytes);
  EXPECT_EQ(e.field, "admin_credentials_set");
  EXPECT_EQ(e.offset, kOffsetAdminCredentials);
  EXPECT_NE(e.reason.find("flag is 2"), std::string::npos);
}

TEST(HelloMalformed, AdminFlagHighByteSet) {
  auto bytes = Bytes(kPskExampleHex);
  bytes[1] = std::byte{1};
  EXPECT_EQ(ErrorOf(bytes).field, "admin_credentials_set");
}

TEST(HelloMalformed, UnknownVersion) {
  for (uint8_t version : {uint8_t{0}, uint8_t{1}, uint8_t{4}, uint8_t{0xff}}) {
    auto bytes = Bytes(kPskExampleHex);
    bytes[kOffsetInterfaceVersion] = std::byte{version};
    auto e = ErrorOf(bytes);
    EXPECT_EQ(e.field, "interface_version");
    EXPECT_EQ(e.offset, kOffsetInterfaceVersion);
    EXPECT_NE(e.reason.find("unknown interface version"), std::string::npos);
  }
}

TEST(HelloMalformed, PskLongerThan32) {
  auto bytes = Bytes(kPskExampleHex);
  bytes.resize(40, std::byte{0x41});
  auto e = ErrorOf(bytes);
  EXPECT_EQ(e.field, "length");
  EXPECT_EQ(e.offset, kPskHelloSize);
  EXPECT_NE(e.reason.find("exactly 32 bytes, got 40"), std::string::npos);
}

TEST(HelloMalformed, PidLowerCase) {
  auto bytes = Bytes(kPskExampleHex);
  bytes[kOffsetPid + 7] = std::byte{'m'};
  auto e = ErrorOf(bytes);
  EXPECT_EQ(e.field, "pid");
  EXPECT_EQ(e.offset, kOffsetPid + 7);
  EXPECT_NE(e.reason.find("character 8"), std::string::npos);
}

TEST(HelloMalformed, PidWithDash) {
  auto bytes = Bytes(kPskExampleHex);
  bytes[kOffsetPid + 4] = std::byte{'-'};
  auto e = ErrorOf(bytes);
  EXPECT_EQ(e.field, "pid");
  EXPECT_EQ(e.offset, kOffsetPid + 4);
}

TEST(HelloMalformed, PidWithNul) {
  auto bytes = Bytes(kPskExampleHex);
  bytes[kOffsetPid] = std::byte{0};
  auto e = ErrorOf(bytes);
  EXPECT_EQ(e.offset, kOffsetPid);
  EXPECT_NE(e.reason.find("0x00"), std::string::npos);
}

TEST(HelloMalformed, UnknownHashType) {
  auto bytes = Bytes(kPkiExampleHex);
  bytes[kPkiFixedSize + 22] = std::byte{4};  // type of the second entry
  auto e = ErrorOf(bytes);
  EXPECT_EQ(e.field, "hashes[1].type");
  EXPECT_EQ(e.offset, kPkiFixedSize + 22);
  EXPECT_NE(e.reason.find("unknown hash type 4"), std::string::npos);
}

TEST(HelloMalformed, HashTypeZero) {
  auto bytes = Bytes(kPkiExampleHex);
  bytes[kPkiFixedSize] = std::byte{0};
  EXPECT_EQ(ErrorOf(bytes).field, "hashes[0].type");
}

TEST(HelloMalformed, HashLengthNotMatchingType) {
  auto bytes = Bytes(kPkiExampleHex);
  bytes[kPkiFixedSize + 1] = std::byte{32};  // SHA-1 claiming 32 bytes
  auto e = ErrorOf(bytes);
  EXPECT_EQ(e.field, "hashes[0].length");
  EXPECT_EQ(e.offset, kPkiFixedSize + 1);
  EXPECT_NE(e.reason.find("does not match sha1 (expected 20)"), std::string::npos);
}

TEST(HelloMalformed, HashCountLargerThanEntries) {
  auto bytes = Bytes(kPkiExampleHex);
  bytes[kOffsetHashCount] = std::byte{3};
  auto e = ErrorOf(bytes);
  EXPECT_EQ(e.field, "hashes[2].type");
  EXPECT_EQ(e.offset, bytes.size());
  EXPECT_NE(e.reason.find("too short"), std::string::npos);
}

TEST(HelloMalformed, HashCountSmallerThanEntries) {
  auto bytes = Bytes(kPkiExampleHex);
  bytes[kOffsetHashCount] = std::byte{1};
  auto e = ErrorOf(bytes);
  EXPECT_EQ(e.field, "hash_count");
  EXPECT_EQ(e.offset, kOffsetHashCount);
  EXPECT_NE(e.reason.find("22 trailing bytes from offset 47"), std::string::npos);
}

TEST(HelloMalformed, DigestTruncated) {
  auto bytes = Bytes(kPkiExampleHex);
  bytes.resize(bytes.size() - 5);
  auto e = ErrorOf(bytes);
  EXPECT_EQ(e.field, "hashes[1].digest");
  EXPECT_EQ(e.offset, kPkiFixedSize + 22 + 2);
}

TEST(HelloMalformed, PkiMissingCount) {
  auto bytes = Bytes(kPkiExampleHex);
  bytes.resize(kHeaderSize);
  auto e = ErrorOf(bytes);
  EXPECT_EQ(e.field, "hash_count");
  EXPECT_EQ(e.offset, kOffsetHashCount);
}

TEST(HelloMalformed, TrailingGarbageAfterPki) {
  auto bytes = Bytes(kPkiExampleHex);
  bytes.push_back(std::byte{0xde});
  auto e = ErrorOf(bytes);
  EXPECT_EQ(e.field, "hash_count");
  EXPECT_NE(e.reason.find("1 trailing bytes"), std::string::npos);
}

TEST(HelloMalformed, DecodeStatusCarriesFieldAndOffset) {
  auto bytes = Bytes(kPskExampleHex);
  bytes[2] = std::byte{9};
  auto decoded = Decode(bytes);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code(), base::StatusCode::kInvalidArgument);
  EXPECT_EQ(decoded.error().message(),
            "hello: interface_version at offset 2: unknown interface version 9 (expected 2 PSK or 3 PKI)");
}

}  // namespace
}  // namespace openscs::hello
