// Files written byte by byte from the reference's tables (§8.1-8.3), as hex
// literals, so that reader and writer cannot agree on a wrong layout.

#include <gtest/gtest.h>

#include "base/hex.h"
#include "protocol/setupbin/reader.h"
#include "protocol/setupbin/record_builder.h"
#include "protocol/setupbin/writer.h"
#include "tests/protocol/setupbin/test_files.h"

namespace openscs::setupbin {
namespace {

using namespace test_files;

// The hex literals are laid out field by field.
// clang-format off

// Header chunk of a v1 file with `consumed` of one record, modules 1 and 2.
std::string V1HeaderHex(char consumed) {
  return std::string("b516fb7187cbf94ab441ca7b383578f9")  // FileTypeUUID, version 1
         + "0100"                                         // RecordChunkCount 1
         + "2e00"                                         // RecordHeaderByteCount 40 + 2*2 + 2 = 46
         + "00000000"                                     // RecordNumber 0
         + "01" + "00"                                    // MajorVersion 1, MinorVersion 0
         + "0000"                                         // FileFlags
         + "01000000"                                     // DataRecordCount 1
         + "0" + consumed + "000000"                      // DataRecordsConsumed
         + "0100"                                         // DataRecordChunkCount 1
         + "0000"                                         // reserved
         + "0100" + "0200" + "0000";                      // ModuleList 1, 2, 0
}

std::vector<std::byte> Chunk(const std::string& hex, uint8_t fill = 0) {
  auto bytes = base::FromHex(hex).value();
  bytes.resize(512, std::byte{fill});
  return bytes;
}

std::vector<std::byte> Concat(std::vector<std::byte> a, const std::vector<std::byte>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// Record 1: current password "admin", new password, PID, PPS; not scrambled.
std::vector<std::byte> HandBuiltV1() {
  const std::string record = std::string("01000000")  // RecordTypeIdentifier 1
      + "01000000"                                     // RecordFlags: valid
      + "0000000000000000"                             // reserved
      + "0100"                                         // RecordChunkCount
      + "1800"                                         // RecordHeaderByteCount 24
      + "01000000"                                     // RecordNumber 1
      + "0100" "0100" "0500" "0000" "61646d696e" "000000"  // 1/1, length 5, "admin", 3 bytes padding
      + "0100" "0200" "0800" "0000" "5040737377307264"     // 1/2, length 8, "P@ssw0rd"
      + "0200" "0100" "0800" "0000" "303030303033374d"     // 2/1, length 8, "0000037M"
      + "0200" "0200" "2000" "0000"                        // 2/2, length 32, the PPS
        "4e4b4c444735444352524e514539595a5a494a4c374c464c564a45443639584a";
  return Concat(Chunk(V1HeaderHex('0')), Chunk(record));
}

// clang-format on

TEST(SetupBinGolden, ReadsAHandBuiltV1File) {
  auto file = ReadFile(HandBuiltV1());
  ASSERT_TRUE(file) << file.error().ToString();
  EXPECT_EQ(file->version, (FileVersion{1, 0}));
  EXPECT_EQ(file->flags, 0);
  EXPECT_EQ(file->consumed, 0u);
  EXPECT_EQ(file->record_chunks, 1);
  EXPECT_EQ(file->modules, (std::vector<uint16_t>{1, 2}));
  EXPECT_TRUE(file->warnings.empty());
  ASSERT_EQ(file->records.size(), 1u);
  const Record& r = file->records[0];
  EXPECT_EQ(r.number, 1u);
  EXPECT_EQ(r.type, 1u);
  EXPECT_TRUE(r.valid);
  EXPECT_FALSE(r.scrambled);
  EXPECT_EQ(r.file_offset, 512u);
  ASSERT_EQ(r.entries.size(), 4u);
  EXPECT_EQ(r.entries[0].module, 1);
  EXPECT_EQ(r.entries[0].variable, 1);
  EXPECT_EQ(base::AsChars(r.entries[0].value), "admin");
  EXPECT_EQ(r.entries[0].file_offset, 512u + 24u);
  EXPECT_EQ(base::AsChars(r.entries[1].value), kNewPassword);
  EXPECT_EQ(r.entries[1].file_offset, 512u + 24u + 16u);  // after "admin" and its padding
  EXPECT_EQ(r.entries[2].variable, 1);
  EXPECT_EQ(base::AsChars(r.entries[2].value), kPid);
  EXPECT_EQ(base::AsChars(r.entries[3].value), kPps);
}

TEST(SetupBinGolden, WriterProducesTheHandBuiltBytes) {
  RecordBuilder b({1, 0});
  b.CurrentMebxPassword("admin").NewMebxPassword(kNewPassword).PidPps(kPid, kPps);
  File f;
  f.version = {1, 0};
  f.records = {b.Build().value()};
  auto bytes = WriteFile(f);
  ASSERT_TRUE(bytes) << bytes.error().ToString();
  EXPECT_EQ(base::ToHex(*bytes), base::ToHex(HandBuiltV1()));
}

// clang-format off
// The same passwords in a scrambled record: every body byte + 17, including
// the padding and the zero tail (0x11).
std::vector<std::byte> HandScrambledV1() {
  const std::string record = std::string("01000000")  // type 1
                             + "03000000"              // valid | scrambled
                             + "0000000000000000" + "0100" + "1800" + "01000000" +
                             // 1/1 len 5 "admin" pad, then 1/2 len 8 "P@ssw0rd", each byte + 0x11
                             "121112111611111172757e7a7f111111" + "12111311191111116151848488418375";
  return Concat(Chunk(V1HeaderHex('0')), Chunk(record, 0x11));
}

// clang-format on

TEST(SetupBinGolden, ReadsAHandScrambledRecord) {
  auto file = ReadFile(HandScrambledV1());
  ASSERT_TRUE(file) << file.error().ToString();
  const Record& r = file->records.at(0);
  EXPECT_TRUE(r.scrambled);
  ASSERT_EQ(r.entries.size(), 2u);
  EXPECT_EQ(base::AsChars(r.entries[0].value), "admin");
  EXPECT_EQ(base::AsChars(r.entries[1].value), kNewPassword);
}

TEST(SetupBinGolden, WriterScramblesLikeTheHandBuiltBytes) {
  RecordBuilder b({1, 0});
  b.CurrentMebxPassword("admin").NewMebxPassword(kNewPassword);
  File f;
  f.version = {1, 0};
  f.modules = {1, 2};  // as in the hand-built header
  f.records = {b.Build(/*scrambled=*/true).value()};
  auto bytes = WriteFile(f);
  ASSERT_TRUE(bytes) << bytes.error().ToString();
  EXPECT_EQ(base::ToHex(*bytes), base::ToHex(HandScrambledV1()));
}

// What a BIOS leaves: DataRecordsConsumed 1, valid bit clear, body zeroed.
TEST(SetupBinGolden, ReadsAHandBuiltConsumedRecord) {
  // clang-format off
  const std::string record = "01000000" "00000000" "0000000000000000" "0100" "1800" "01000000";
  // clang-format on
  auto file = ReadFile(Concat(Chunk(V1HeaderHex('1')), Chunk(record)));
  ASSERT_TRUE(file) << file.error().ToString();
  EXPECT_EQ(file->consumed, 1u);
  EXPECT_TRUE(file->warnings.empty()) << file->warnings.front();
  ASSERT_EQ(file->records.size(), 1u);
  EXPECT_TRUE(file->records[0].consumed());
  EXPECT_TRUE(file->records[0].entries.empty());
}

}  // namespace
}  // namespace openscs::setupbin
