// A system's last hello rebuilt from its stored fields, and the field table
// `openscs hello decode` prints and the console shows.

#include "present/hello_json.h"

#include <gmock/gmock.h>

#include "base/hex.h"

namespace openscs::present {
namespace {

using ::testing::HasSubstr;

store::SystemRecord PskSystem() {
  store::SystemRecord s;
  s.uuid = "4c4c4544-004b-4210-8033-b6c04f504633";
  s.hello_version = 2;
  s.last_retry_count = 0;
  s.admin_credentials_set = true;
  s.pid = "0000037M";
  return s;
}

TEST(LastHelloOf, RebuildsTheReferenceExampleByteForByte) {
  auto h = LastHelloOf(PskSystem());
  ASSERT_TRUE(h) << h.error().ToString();
  auto bytes = hello::Encode(*h);
  ASSERT_TRUE(bytes);
  // docs/formats/hello.md's example (reference §3.7).
  EXPECT_EQ(base::ToHex(*bytes), "010002000000000044454c4c4b0010428033b6c04f504633303030303033374d");
}

TEST(LastHelloOf, RebuildsAPkiHelloFromStoredHashes) {
  store::SystemRecord s = PskSystem();
  s.hello_version = 3;
  s.pid.clear();
  s.hashes = {"sha1:" + std::string(40, 'a'), "sha256:" + std::string(64, 'b')};
  auto h = LastHelloOf(s);
  ASSERT_TRUE(h) << h.error().ToString();
  ASSERT_EQ(h->hashes.size(), 2u);
  EXPECT_EQ(h->hashes[1].algorithm, hello::HashAlgorithm::kSha256);
  const auto fields = HelloFields(*h);
  ASSERT_EQ(fields.size(), 7u);
  EXPECT_EQ(fields[5].name, "hashes[0]");
  EXPECT_EQ(fields[5].offset, 25u);
  EXPECT_EQ(fields[6].offset, 25u + 22u);
  EXPECT_EQ(fields[6].length, 34u);
  EXPECT_EQ(fields[6].value, "sha256 " + std::string(64, 'b'));
}

TEST(LastHelloOf, NamesAStoredFieldThatCouldNotHaveComeOffTheWire) {
  store::SystemRecord s = PskSystem();
  s.hello_version = 7;
  EXPECT_THAT(LastHelloOf(s).error().message(), HasSubstr("hello version 7"));
  s = PskSystem();
  s.pid = "0000-037M";
  EXPECT_THAT(LastHelloOf(s).error().message(), HasSubstr("pid"));
  s = PskSystem();
  s.hello_version = 3;
  s.hashes = {"md5:00"};
  EXPECT_THAT(LastHelloOf(s).error().message(), HasSubstr("hashes[0]"));
  s.hashes = {"sha1:0011"};  // 2 bytes, SHA-1 needs 20
  EXPECT_THAT(LastHelloOf(s).error().message(), HasSubstr("hashes[0]"));
}

TEST(HelloFieldsJson, GivesEachFieldItsBytes) {
  auto h = LastHelloOf(PskSystem());
  ASSERT_TRUE(h);
  auto bytes = hello::Encode(*h);
  ASSERT_TRUE(bytes);
  const auto j = HelloFieldsJson(*h, *bytes);
  EXPECT_EQ(j["size"], 32);
  ASSERT_EQ(j["fields"].size(), 5u);
  EXPECT_EQ(j["fields"][0]["hex"], "0100");
  EXPECT_EQ(j["fields"][2]["hex"], "00000000");
  EXPECT_EQ(j["fields"][4]["hex"], "303030303033374d");
  EXPECT_EQ(j["fields"][4]["value"], "0000-037M");
}

}  // namespace
}  // namespace openscs::present
