// WriteFile then ReadFile, for every version, scrambled and not.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "protocol/setupbin/reader.h"
#include "protocol/setupbin/setupbin_format.h"
#include "protocol/setupbin/writer.h"
#include "tests/protocol/setupbin/test_files.h"

namespace openscs::setupbin {
namespace {

using namespace test_files;

class SetupBinRoundTrip : public ::testing::TestWithParam<std::tuple<FileVersion, bool>> {};

TEST_P(SetupBinRoundTrip, WriteThenReadGivesTheSameFile) {
  const auto [version, scrambled] = GetParam();
  const auto bytes = MakeFile(version, 3, scrambled);
  ASSERT_EQ(bytes.size(), 4 * kChunkSize);
  EXPECT_EQ(static_cast<uint8_t>(bytes[kHeaderOffsetMajor]), version.major);
  EXPECT_EQ(static_cast<uint8_t>(bytes[kHeaderOffsetMinor]), version.minor);
  auto file = ReadFile(bytes);
  ASSERT_TRUE(file) << file.error().ToString();
  EXPECT_EQ(file->version, version);
  EXPECT_EQ(file->modules, (std::vector<uint16_t>{1, 2}));
  ASSERT_EQ(file->records.size(), 3u);
  EXPECT_TRUE(file->warnings.empty()) << file->warnings.front();
  for (uint32_t i = 0; i < 3; ++i) {
    const Record& r = file->records[i];
    EXPECT_EQ(r.number, i + 1);
    EXPECT_TRUE(r.valid);
    EXPECT_EQ(r.scrambled, scrambled);
    EXPECT_EQ(r.entries, OneTouchRecord(version).entries);
  }
  auto again = WriteFile(*file);
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(*again, bytes);
}

INSTANTIATE_TEST_SUITE_P(AllVersions, SetupBinRoundTrip,
                         ::testing::Combine(::testing::ValuesIn(kAllVersions), ::testing::Bool()), [](const auto& p) {
                           const auto& v = std::get<0>(p.param);
                           return fmt::format("v{}_{}{}", v.major, v.minor, std::get<1>(p.param) ? "_scrambled" : "");
                         });

TEST(SetupBinRoundTrip, ScramblingAddsSeventeenToEveryBodyByte) {
  for (const FileVersion v : kAllVersions) {
    const auto plain = MakeFile(v, 1, false);
    const auto mixed = MakeFile(v, 1, true);
    ASSERT_EQ(plain.size(), mixed.size());
    EXPECT_EQ(GetU32(mixed, kChunkSize + kRecordOffsetFlags), kRecordFlagValid | kRecordFlagScrambled);
    for (size_t i = kChunkSize + kRecordHeaderSize; i < plain.size(); ++i) {
      ASSERT_EQ(static_cast<uint8_t>(mixed[i]), static_cast<uint8_t>(static_cast<unsigned>(plain[i]) + 17))
          << v.ToString() << " offset " << i;
    }
  }
}

TEST(SetupBinRoundTrip, ConsumedRecordsAndFlags) {
  File f;
  f.version = {2, 1};
  f.flags = kFileFlagDoNotConsume;
  f.consumed = 1;
  f.records = {OneTouchRecord(f.version, true), OneTouchRecord(f.version, true)};
  f.records[0].valid = false;
  f.records[0].entries.clear();
  f.records[0].number = 1;
  f.records[1].number = 2;
  f.modules = {1, 2};
  auto bytes = WriteFile(f);
  ASSERT_TRUE(bytes) << bytes.error().ToString();
  auto back = ReadFile(*bytes);
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(*back, f);
}

TEST(SetupBinRoundTrip, TwoChunksPerRecord) {
  File f;
  f.version = {4, 0};
  f.record_chunks = 2;
  f.records = {OneTouchRecord(f.version), OneTouchRecord(f.version)};
  f.records[1].number = 2;
  auto bytes = WriteFile(f);
  ASSERT_TRUE(bytes) << bytes.error().ToString();
  EXPECT_EQ(bytes->size(), 5 * kChunkSize);
  auto back = ReadFile(*bytes);
  ASSERT_TRUE(back) << back.error().ToString();
  f.modules = {1, 2};  // derived by the writer
  EXPECT_EQ(*back, f);
}

}  // namespace
}  // namespace openscs::setupbin
