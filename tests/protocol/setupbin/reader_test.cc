// ReadFile on malformed and odd files: one TEST per case, each checking that
// the message names the record number, offset or field.

#include <algorithm>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "base/hex.h"
#include "protocol/setupbin/reader.h"
#include "protocol/setupbin/setupbin_format.h"
#include "protocol/setupbin/writer.h"
#include "tests/protocol/setupbin/test_files.h"

namespace openscs::setupbin {
namespace {

using namespace test_files;

bool Has(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

constexpr size_t kRecord1 = kChunkSize;                  // offset of record 1
constexpr size_t kBody1 = kRecord1 + kRecordHeaderSize;  // first entry of record 1

// A v3 file with one record whose body is empty, for hand-placed entries.
std::vector<std::byte> EmptyRecordFile() {
  File f;
  f.version = {3, 0};
  f.modules = {1, 2};
  f.records = {Record{}};
  return WriteFile(f).value();
}

void PutEntry(std::vector<std::byte>& b, size_t at, uint16_t module, uint16_t variable, uint16_t length) {
  PutU16(b, at, module);
  PutU16(b, at + 2, variable);
  PutU16(b, at + 4, length);
}

TEST(SetupBinRead, ShorterThanHeader) {
  auto bytes = MakeFile({3, 0}, 1);
  bytes.resize(100);
  const auto e = ReadError(bytes);
  EXPECT_TRUE(Has(e, "file is 100 bytes, shorter than its 512-byte header (offset 0)")) << e;
  EXPECT_EQ(ReadFile(bytes).error().code(), base::StatusCode::kDataLoss);
}

TEST(SetupBinRead, TruncatedRecordNamesRecordAndOffset) {
  auto bytes = MakeFile({3, 0}, 3);
  bytes.resize(3 * 512 + 100);
  const auto e = ReadError(bytes);
  EXPECT_TRUE(Has(e, "record 3 is truncated (offset 1536)")) << e;
  EXPECT_EQ(ReadFile(bytes).error().code(), base::StatusCode::kDataLoss);
}

TEST(SetupBinRead, RecordCountLargerThanChunksPresent) {
  auto bytes = MakeFile({3, 0}, 2);
  PutU32(bytes, kHeaderOffsetRecordCount, 5);
  const auto e = ReadError(bytes);
  EXPECT_TRUE(Has(e, "announces 5 records")) << e;
  EXPECT_TRUE(Has(e, "record 3 is truncated (offset 1536)")) << e;
}

TEST(SetupBinRead, SizeNotAMultipleOfTheChunkSize) {
  auto bytes = MakeFile({3, 0}, 2);
  bytes.resize(bytes.size() + 7);
  const auto e = ReadError(bytes);
  EXPECT_TRUE(Has(e, "file is 1543 bytes, not a multiple of 512 (offset 1536)")) << e;
}

TEST(SetupBinRead, MoreChunksThanRecordCount) {
  auto bytes = MakeFile({3, 0}, 2);
  bytes.resize(bytes.size() + 512);
  const auto e = ReadError(bytes);
  EXPECT_TRUE(Has(e, "1 chunks follow the last of the 2 records DataRecordCount announces (offset 1536)")) << e;
}

TEST(SetupBinRead, UnknownGuid) {
  auto bytes = MakeFile({3, 0}, 1);
  bytes[0] = std::byte{0};
  const auto e = ReadError(bytes);
  EXPECT_TRUE(Has(e, "unknown file type GUID")) << e;
  EXPECT_TRUE(Has(e, "(offset 0)")) << e;
}

TEST(SetupBinRead, VersionByteContradictsGuid) {
  auto bytes = MakeFile({3, 0}, 1);
  bytes[kHeaderOffsetMajor] = std::byte{2};
  EXPECT_TRUE(Has(ReadError(bytes), "major version 2 contradicts the version 3 GUID (offset 24)"));
}

TEST(SetupBinRead, UnknownMinorVersion) {
  auto bytes = MakeFile({3, 0}, 1);
  bytes[kHeaderOffsetMinor] = std::byte{1};
  EXPECT_TRUE(Has(ReadError(bytes), "unknown version 3.1 (offset 25)"));
}

TEST(SetupBinRead, BadHeaderByteCount) {
  auto bytes = MakeFile({3, 0}, 1);
  PutU16(bytes, kHeaderOffsetHeaderBytes, 40);
  EXPECT_TRUE(Has(ReadError(bytes), "header byte count is 40, its module list ends at 46 (offset 18)"));
}

TEST(SetupBinRead, HeaderChunkCountZero) {
  auto bytes = MakeFile({3, 0}, 1);
  PutU16(bytes, kHeaderOffsetChunkCount, 0);
  EXPECT_TRUE(Has(ReadError(bytes), "header chunk count is 0 (offset 16)"));
}

TEST(SetupBinRead, HeaderRecordNumberNotZero) {
  auto bytes = MakeFile({3, 0}, 1);
  PutU32(bytes, kHeaderOffsetRecordNumber, 1);
  EXPECT_TRUE(Has(ReadError(bytes), "header record number is 1, expected 0 (offset 20)"));
}

TEST(SetupBinRead, DataRecordChunkCountZero) {
  auto bytes = MakeFile({3, 0}, 1);
  PutU16(bytes, kHeaderOffsetRecordChunks, 0);
  EXPECT_TRUE(Has(ReadError(bytes), "data record chunk count is 0 (offset 36)"));
}

TEST(SetupBinRead, ModuleListNotTerminated) {
  auto bytes = MakeFile({3, 0}, 1);
  for (size_t at = kHeaderOffsetModuleList; at < kChunkSize; at += 2) PutU16(bytes, at, 1);
  EXPECT_TRUE(Has(ReadError(bytes), "module list is not 0-terminated (offset 512)"));
}

TEST(SetupBinRead, ConsumedMoreThanCount) {
  auto bytes = MakeFile({3, 0}, 2);
  PutU32(bytes, kHeaderOffsetConsumed, 3);
  EXPECT_TRUE(Has(ReadError(bytes), "3 records consumed but the file has only 2 (offset 32)"));
}

TEST(SetupBinRead, RecordOutOfSequence) {
  auto bytes = MakeFile({3, 0}, 2);
  PutU32(bytes, 2 * 512 + kRecordOffsetNumber, 7);
  EXPECT_TRUE(Has(ReadError(bytes), "record 2: record number field is 7, expected 2 (offset 1044)"));
}

TEST(SetupBinRead, RecordChunkCountDiffersFromHeader) {
  auto bytes = MakeFile({3, 0}, 2);
  PutU16(bytes, 2 * 512 + kRecordOffsetChunkCount, 2);
  EXPECT_TRUE(Has(ReadError(bytes), "record 2: chunk count 2 differs from the header's 1 (offset 1040)"));
}

TEST(SetupBinRead, RecordHeaderByteCountNot24) {
  auto bytes = MakeFile({3, 0}, 1);
  PutU16(bytes, kRecord1 + kRecordOffsetHeaderBytes, 16);
  EXPECT_TRUE(Has(ReadError(bytes), "record 1: header byte count is 16, expected 24 (offset 530)"));
}

TEST(SetupBinRead, ValueRunsPastRecord) {
  auto bytes = MakeFile({3, 0}, 1);
  PutU16(bytes, kBody1 + kEntryOffsetLength, 600);
  EXPECT_TRUE(Has(ReadError(bytes), "record 1: variable 1/1 value of 600 bytes runs past the record end (offset 536)"));
}

TEST(SetupBinRead, EntryHeaderCrossesTheRecordEnd) {
  // An unknown (raw) 2/99 entry fills the body up to its last 4 bytes, where a
  // second entry's header starts and cannot end.
  auto bytes = EmptyRecordFile();
  const size_t body = kChunkSize - kRecordHeaderSize;
  PutEntry(bytes, kBody1, 2, 99, static_cast<uint16_t>(body - 8 - 4));
  PutU16(bytes, kBody1 + body - 4, 2);  // only module and variable fit
  PutU16(bytes, kBody1 + body - 2, 11);
  EXPECT_TRUE(Has(ReadError(bytes), "record 1: entry 2/11 header runs past the record end (offset 1020)"));
}

TEST(SetupBinRead, OverlongValueForItsType) {
  auto bytes = EmptyRecordFile();
  PutEntry(bytes, kBody1, 2, 11, 64);  // host name: at most 63
  for (size_t i = 0; i < 64; ++i) bytes[kBody1 + 8 + i] = std::byte{'h'};
  EXPECT_TRUE(Has(ReadError(bytes), "record 1: Host name (2/11): length 64 is outside 1..63 (offset 536)"));
}

TEST(SetupBinRead, BadPidCharacters) {
  auto bytes = MakeFile({3, 0}, 1);
  const auto f = ReadFile(bytes).value();
  const auto& es = f.records[0].entries;
  const auto it = std::find_if(es.begin(), es.end(), [](const Entry& e) { return e.module == 2 && e.variable == 1; });
  ASSERT_NE(it, es.end());
  const Entry& pid = *it;
  bytes[pid.file_offset + kEntryHeaderSize] = std::byte{'-'};
  const auto e = ReadError(bytes);
  EXPECT_TRUE(Has(e, fmt::format("record 1: PID (2/1): character 1 is not A-Z or 0-9 (offset {})", pid.file_offset)))
      << e;
}

TEST(SetupBinRead, UnknownEnumValue) {
  auto bytes = EmptyRecordFile();
  PutEntry(bytes, kBody1, 2, 13, 1);  // DHCP: 1 disabled, 2 enabled
  bytes[kBody1 + 8] = std::byte{3};
  EXPECT_TRUE(Has(ReadError(bytes), "record 1: DHCP (2/13): value 3 is not one of the defined values (offset 536)"));
}

TEST(SetupBinRead, Sha256HashInAV2File) {
  auto bytes = MakeFile({2, 0}, 1);
  std::fill(bytes.begin() + kBody1, bytes.end(), std::byte{0});
  PutEntry(bytes, kBody1, 2, 8, 1 + 32 + 1);
  bytes[kBody1 + 8] = std::byte{2};  // SHA-256
  EXPECT_TRUE(
      Has(ReadError(bytes), "record 1: User-defined certificate add (2/8): SHA-256 hashes need file version 3"));
}

TEST(SetupBinRead, UnknownModuleIsAnError) {
  auto bytes = MakeFile({3, 0}, 1);
  PutU16(bytes, kBody1, 9);
  EXPECT_TRUE(Has(ReadError(bytes), "record 1: unknown module 9 (variable 1) (offset 536)"));
}

TEST(SetupBinRead, ModuleMissingFromTheModuleList) {
  File f;
  f.version = {3, 0};
  f.modules = {1};
  f.records = {Record{}};
  auto bytes = WriteFile(f).value();
  PutEntry(bytes, kBody1, 2, 11, 1);
  bytes[kBody1 + 8] = std::byte{'h'};
  EXPECT_TRUE(Has(ReadError(bytes), "record 1: module 2 is not in the header's module list (offset 536)"));
}

TEST(SetupBinRead, UnknownVariableOfAKnownModuleIsKeptWithAWarning) {
  auto bytes = EmptyRecordFile();
  PutEntry(bytes, kBody1, 2, 99, 2);
  bytes[kBody1 + 8] = std::byte{0xab};
  bytes[kBody1 + 9] = std::byte{0xcd};
  auto f = ReadFile(bytes);
  ASSERT_TRUE(f) << f.error().ToString();
  ASSERT_EQ(f->records[0].entries.size(), 1u);
  EXPECT_EQ(f->records[0].entries[0].variable, 99);
  EXPECT_EQ(base::ToHex(f->records[0].entries[0].value), "abcd");
  ASSERT_EQ(f->warnings.size(), 1u);
  EXPECT_EQ(f->warnings[0], "record 1: unknown variable 2/99 kept as raw bytes (offset 536)");
  // The writer only writes what it knows.
  EXPECT_FALSE(WriteFile(*f));
}

TEST(SetupBinRead, VariableNewerThanTheFileVersionWarns) {
  auto bytes = MakeFile({1, 0}, 1);
  std::fill(bytes.begin() + kBody1, bytes.end(), std::byte{0});
  PutEntry(bytes, kBody1, 2, 5, 1);  // remote configuration: v2+
  bytes[kBody1 + 8] = std::byte{1};
  auto f = ReadFile(bytes);
  ASSERT_TRUE(f) << f.error().ToString();
  ASSERT_EQ(f->warnings.size(), 1u);
  EXPECT_TRUE(Has(f->warnings[0], "record 1: Remote configuration enabled (2/5) is newer than file version 1"));
}

// Found by fuzz/setupbin_fuzz.cc: a v1 file with flag bits set read back
// with different flags after a write, because v1 files carry no flags.
TEST(SetupBinRead, RegressionV1FlagsAreIgnored) {
  auto bytes = MakeFile({1, 0}, 1);
  PutU16(bytes, kHeaderOffsetFlags, 0x0700);
  auto f = ReadFile(bytes);
  ASSERT_TRUE(f) << f.error().ToString();
  EXPECT_EQ(f->flags, 0);
  ASSERT_EQ(f->warnings.size(), 1u);
  EXPECT_TRUE(Has(f->warnings[0], "ignored in version 1"));
  EXPECT_EQ(ReadFile(WriteFile(*f).value()).value(), *f);
}

TEST(SetupBinRead, ConsumedRecordsAreReportedNotErrors) {
  auto bytes = MakeFile({3, 0}, 2, /*scrambled=*/true);
  PutU32(bytes, kHeaderOffsetConsumed, 1);
  PutU32(bytes, kRecord1 + kRecordOffsetFlags, kRecordFlagScrambled);  // valid bit clear
  std::fill(bytes.begin() + kBody1, bytes.begin() + 2 * 512, std::byte{0});
  auto f = ReadFile(bytes);
  ASSERT_TRUE(f) << f.error().ToString();
  EXPECT_TRUE(f->warnings.empty()) << f->warnings.front();
  EXPECT_EQ(f->consumed, 1u);
  EXPECT_TRUE(f->records[0].consumed());
  EXPECT_TRUE(f->records[0].entries.empty());
  EXPECT_FALSE(f->records[1].consumed());
  EXPECT_EQ(f->records[1].entries, OneTouchRecord({3, 0}).entries);
}

TEST(SetupBinRead, ConsumedRecordWithABodyWarns) {
  auto bytes = MakeFile({3, 0}, 1);
  PutU32(bytes, kHeaderOffsetConsumed, 1);
  PutU32(bytes, kRecord1 + kRecordOffsetFlags, 0);
  auto f = ReadFile(bytes);
  ASSERT_TRUE(f) << f.error().ToString();
  ASSERT_EQ(f->warnings.size(), 1u);
  EXPECT_EQ(f->warnings[0], "record 1 is consumed but its body is not zeroed (offset 536)");
}

TEST(SetupBinRead, ConsumedBitAndCounterDisagreeWarns) {
  auto bytes = MakeFile({3, 0}, 2);
  PutU32(bytes, 2 * 512 + kRecordOffsetFlags, 0);  // record 2 consumed, counter 0
  std::fill(bytes.begin() + 2 * 512 + 24, bytes.end(), std::byte{0});
  auto f = ReadFile(bytes);
  ASSERT_TRUE(f) << f.error().ToString();
  ASSERT_EQ(f->warnings.size(), 1u);
  EXPECT_EQ(f->warnings[0], "record 2 is consumed but not counted in DataRecordsConsumed 0 (offset 1024)");
}

TEST(SetupBinRead, NonDataRecordIsKeptWithAWarning) {
  auto bytes = MakeFile({3, 0}, 1);
  PutU32(bytes, kRecord1 + kRecordOffsetType, 0);
  auto f = ReadFile(bytes);
  ASSERT_TRUE(f) << f.error().ToString();
  EXPECT_EQ(f->records[0].type, 0u);
  EXPECT_TRUE(f->records[0].entries.empty());
  ASSERT_EQ(f->warnings.size(), 1u);
  EXPECT_EQ(f->warnings[0], "record 1 has type 0, not a data record; its body is ignored (offset 512)");
}

TEST(SetupBinRead, MajorVersionOfGuid) {
  EXPECT_EQ(MajorVersionOfGuid(base::FromHex("96b28158cf6b724c8b91a15e512e99c4").value()), 2);
  EXPECT_EQ(MajorVersionOfGuid(base::FromHex("aaa93452e129a9448d4d081c07b96353").value()), 4);
  EXPECT_EQ(MajorVersionOfGuid(base::FromHex("00a93452e129a9448d4d081c07b96353").value()), 0);
  EXPECT_EQ(MajorVersionOfGuid(base::FromHex("aaa9").value()), 0);
}

}  // namespace
}  // namespace openscs::setupbin
