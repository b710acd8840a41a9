// The BIOS consumption algorithm (reference §8.5) on files in memory.

#include <gtest/gtest.h>

#include "protocol/setupbin/consume.h"
#include "protocol/setupbin/reader.h"
#include "protocol/setupbin/setupbin_format.h"
#include "protocol/setupbin/writer.h"
#include "tests/protocol/setupbin/test_files.h"

namespace openscs::setupbin {
namespace {

using namespace test_files;

bool BodyIsZero(std::span<const std::byte> file, size_t record_offset) {
  for (size_t i = record_offset + kRecordHeaderSize; i < record_offset + kChunkSize; ++i) {
    if (file[i] != std::byte{0}) return false;
  }
  return true;
}

TEST(SetupBinConsume, ConsumesTwoRecordsInOrderThenStops) {
  auto bytes = MakeFile({3, 0}, 2, /*scrambled=*/true);
  const auto original = bytes;

  auto first = ConsumeNextRecord(bytes);
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(first->record.number, 1u);
  EXPECT_TRUE(first->marked);
  EXPECT_EQ(first->record.entries, OneTouchRecord({3, 0}).entries);
  EXPECT_EQ(GetU32(bytes, kHeaderOffsetConsumed), 1u);
  EXPECT_EQ(GetU32(bytes, 512 + kRecordOffsetFlags), kRecordFlagScrambled);  // valid bit cleared, nothing else
  EXPECT_TRUE(BodyIsZero(bytes, 512));
  // Record 2 and the rest of the header are untouched.
  EXPECT_TRUE(std::equal(bytes.begin() + 1024, bytes.end(), original.begin() + 1024));
  EXPECT_TRUE(std::equal(bytes.begin(), bytes.begin() + kHeaderOffsetConsumed, original.begin()));

  auto second = ConsumeNextRecord(bytes);
  ASSERT_TRUE(second) << second.error().ToString();
  EXPECT_EQ(second->record.number, 2u);
  EXPECT_EQ(GetU32(bytes, kHeaderOffsetConsumed), 2u);
  EXPECT_TRUE(BodyIsZero(bytes, 1024));

  const auto exhausted = bytes;
  auto third = ConsumeNextRecord(bytes);
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().code(), base::StatusCode::kFailedPrecondition);
  EXPECT_EQ(third.error().message(), "setup.bin: all 2 records are consumed");
  EXPECT_EQ(bytes, exhausted);

  auto file = ReadFile(bytes);
  ASSERT_TRUE(file) << file.error().ToString();
  EXPECT_TRUE(file->warnings.empty()) << file->warnings.front();
  EXPECT_EQ(file->consumed, 2u);
  for (const auto& r : file->records) {
    EXPECT_TRUE(r.consumed());
    EXPECT_TRUE(r.scrambled);
    EXPECT_TRUE(r.entries.empty());
  }
}

TEST(SetupBinConsume, DoNotConsumeFlagLeavesTheFileUnchanged) {
  auto bytes = MakeFile({2, 0}, 2, false, /*do_not_consume=*/true);
  const auto before = bytes;
  for (int i = 0; i < 2; ++i) {
    auto r = ConsumeNextRecord(bytes);
    ASSERT_TRUE(r) << r.error().ToString();
    EXPECT_FALSE(r->marked);
    EXPECT_EQ(r->record.number, 1u);  // the same record every boot
  }
  EXPECT_EQ(bytes, before);
}

TEST(SetupBinConsume, V1FilesHaveNoDoNotConsumeFlag) {
  auto bytes = MakeFile({1, 0}, 1);
  PutU16(bytes, kHeaderOffsetFlags, kFileFlagDoNotConsume);
  auto r = ConsumeNextRecord(bytes);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_TRUE(r->marked);
  EXPECT_EQ(GetU32(bytes, kHeaderOffsetConsumed), 1u);
}

TEST(SetupBinConsume, UnknownGuidIsRejectedAndNotWritten) {
  auto bytes = MakeFile({3, 0}, 1);
  bytes[3] = std::byte{0};
  const auto before = bytes;
  auto r = ConsumeNextRecord(bytes);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("unknown file type GUID"), std::string::npos);
  EXPECT_EQ(bytes, before);
}

TEST(SetupBinConsume, TruncatedRecordIsNotWritten) {
  auto bytes = MakeFile({3, 0}, 2);
  bytes.resize(700);
  const auto before = bytes;
  auto r = ConsumeNextRecord(bytes);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), base::StatusCode::kDataLoss);
  EXPECT_NE(r.error().message().find("record 1 is truncated (offset 512)"), std::string::npos) << r.error().message();
  EXPECT_EQ(bytes, before);
}

TEST(SetupBinConsume, RecordAtTheCountMustBeValid) {
  auto bytes = MakeFile({3, 0}, 2);
  PutU32(bytes, 512 + kRecordOffsetFlags, 0);  // record 1 cleared, counter still 0
  const auto before = bytes;
  auto r = ConsumeNextRecord(bytes);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), base::StatusCode::kFailedPrecondition);
  EXPECT_EQ(r.error().message(), "setup.bin record 1: not a valid data record (type 1, consumed) (offset 512)");
  EXPECT_EQ(bytes, before);
}

TEST(SetupBinConsume, OnlyTheRecordInUseIsDecoded) {
  // Like a BIOS, consumption reads the header and one record: a broken record
  // 2 does not stop record 1 from being used (ReadFile refuses the file).
  auto bytes = MakeFile({3, 0}, 2);
  PutU16(bytes, 1024 + kRecordHeaderSize, 9);  // record 2: unknown module
  ASSERT_FALSE(ReadFile(bytes));
  auto r = ConsumeNextRecord(bytes);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->record.number, 1u);
  auto second = ConsumeNextRecord(bytes);
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message().find("record 2: unknown module 9"), std::string::npos);
}

TEST(SetupBinConsume, LocatesRecordsWithSeveralChunks) {
  File f;
  f.version = {4, 0};
  f.record_chunks = 3;
  f.records = {OneTouchRecord(f.version), OneTouchRecord(f.version)};
  auto bytes = WriteFile(f).value();
  ASSERT_TRUE(ConsumeNextRecord(bytes));
  auto r = ConsumeNextRecord(bytes);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->record.file_offset, 512u + 1 * 3 * 512);
  for (size_t i = 512 + 24; i < 512 + 3 * 512; ++i) ASSERT_EQ(bytes[i], std::byte{0}) << i;
}

TEST(SetupBinConsume, ConsumedFileRoundTrips) {
  auto bytes = MakeFile({4, 0}, 3, true);
  ASSERT_TRUE(ConsumeNextRecord(bytes));
  auto file = ReadFile(bytes);
  ASSERT_TRUE(file) << file.error().ToString();
  EXPECT_EQ(WriteFile(*file).value(), bytes);
}

}  // namespace
}  // namespace openscs::setupbin
