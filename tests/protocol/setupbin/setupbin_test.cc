#include <fmt/format.h>
#include <gtest/gtest.h>

#include "base/byte_writer.h"
#include "base/hex.h"
#include "protocol/setupbin/consume.h"
#include "protocol/setupbin/record_builder.h"
#include "protocol/setupbin/setupbin.h"
#include "protocol/setupbin/setupbin_format.h"
#include "protocol/setupbin/value_format.h"
#include "protocol/setupbin/variables.h"

namespace openscs::setupbin {
namespace {

constexpr std::string_view kPid = "0000037M";
constexpr std::string_view kPps = "NKLDG5DCRRNQE9YZZIJL7LFLVJED69XJ";
constexpr std::string_view kNewPassword = "P@ssw0rd";

Record OneTouchRecord(FileVersion v, bool scrambled = false) {
  RecordBuilder b(v);
  b.CurrentMebxPassword("admin").NewMebxPassword(kNewPassword).ManageabilityFeature(true).PidPps(kPid, kPps);
  b.ProvisioningServerAddress("192.0.2.10").ProvisioningServerPort(9971).HostName("pc-0042").DomainName("corp.test");
  if (v.major >= 2) b.PkiDnsSuffix("corp.test").RemoteConfiguration(true).ProvisioningHaltActivate(true);
  return b.Build(scrambled).value();
}

std::vector<std::byte> MakeFile(FileVersion v, size_t records, bool scrambled = false, bool do_not_consume = false) {
  std::vector<Record> rs;
  for (size_t i = 0; i < records; ++i) rs.push_back(OneTouchRecord(v, scrambled));
  return BuildFile(v, std::move(rs), do_not_consume).value();
}

std::string ErrorOf(std::span<const std::byte> bytes) {
  auto f = ReadFile(bytes);
  EXPECT_FALSE(f);
  return f ? std::string() : f.error().message();
}

void PutU16(std::vector<std::byte>& b, size_t off, uint16_t v) {
  b[off] = static_cast<std::byte>(v & 0xff);
  b[off + 1] = static_cast<std::byte>(v >> 8);
}
void PutU32(std::vector<std::byte>& b, size_t off, uint32_t v) {
  PutU16(b, off, static_cast<uint16_t>(v));
  PutU16(b, off + 2, static_cast<uint16_t>(v >> 16));
}

class RoundTrip : public ::testing::TestWithParam<std::tuple<FileVersion, bool>> {};

TEST_P(RoundTrip, WriteThenReadGivesTheSameFile) {
  const auto [version, scrambled] = GetParam();
  const auto bytes = MakeFile(version, 3, scrambled);
  EXPECT_EQ(bytes.size(), 4 * kChunkSize);
  auto file = ReadFile(bytes);
  ASSERT_TRUE(file) << file.error().ToString();
  EXPECT_EQ(file->version, version);
  ASSERT_EQ(file->records.size(), 3u);
  EXPECT_TRUE(file->warnings.empty()) << file->warnings.front();
  for (const auto& r : file->records) {
    EXPECT_TRUE(r.valid);
    EXPECT_EQ(r.scrambled, scrambled);
    EXPECT_EQ(r.entries, OneTouchRecord(version).entries);
  }
  auto again = WriteFile(*file);
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(*again, bytes);
}

INSTANTIATE_TEST_SUITE_P(AllVersions, RoundTrip,
                         ::testing::Combine(::testing::Values(FileVersion{1, 0}, FileVersion{2, 0}, FileVersion{2, 1},
                                                              FileVersion{3, 0}, FileVersion{4, 0}),
                                            ::testing::Bool()),
                         [](const auto& p) {
                           const auto& v = std::get<0>(p.param);
                           return fmt::format("v{}_{}{}", v.major, v.minor, std::get<1>(p.param) ? "_scrambled" : "");
                         });

// A v1 file assembled byte by byte from the reference's tables, not by our
// writer, so that reader and writer cannot agree on a wrong layout.
std::vector<std::byte> HandBuiltV1() {
  base::ByteWriter w;
  w.Bytes(base::FromHex("b516fb7187cbf94ab441ca7b383578f9").value());  // v1 GUID
  w.U16Le(1);       // header chunks
  w.U16Le(40 + 2 * 2 + 2);  // header bytes: two modules
  w.U32Le(0);       // record number
  w.U8(1);          // major
  w.U8(0);          // minor
  w.U16Le(0);       // flags
  w.U32Le(1);       // data record count
  w.U32Le(0);       // consumed
  w.U16Le(1);       // chunks per record
  w.U16Le(0);       // reserved
  w.U16Le(1);       // module list: 1, 2, 0
  w.U16Le(2);
  w.U16Le(0);
  w.PadTo(512);
  // Record 1: type 1, flags valid, 8 reserved, chunk count 1, header 24, number 1.
  w.U32Le(1);
  w.U32Le(1);
  w.Zeros(8);
  w.U16Le(1);
  w.U16Le(24);
  w.U32Le(1);
  // 1/1 "admin" (5 bytes, padded to 8), 1/2 "P@ssw0rd", 2/1 PID, 2/2 PPS.
  w.U16Le(1), w.U16Le(1), w.U16Le(5), w.U16Le(0), w.Ascii("admin"), w.Zeros(3);
  w.U16Le(1), w.U16Le(2), w.U16Le(8), w.U16Le(0), w.Ascii(kNewPassword);
  w.U16Le(2), w.U16Le(1), w.U16Le(8), w.U16Le(0), w.Ascii(kPid);
  w.U16Le(2), w.U16Le(2), w.U16Le(32), w.U16Le(0), w.Ascii(kPps);
  w.PadTo(512);
  return std::move(w).Take();
}

TEST(SetupBinGolden, ReadsAHandBuiltV1File) {
  auto file = ReadFile(HandBuiltV1());
  ASSERT_TRUE(file) << file.error().ToString();
  EXPECT_EQ(file->version, (FileVersion{1, 0}));
  EXPECT_EQ(file->modules, (std::vector<uint16_t>{1, 2}));
  ASSERT_EQ(file->records.size(), 1u);
  const auto& e = file->records[0].entries;
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(base::AsChars(e[0].value), "admin");
  EXPECT_EQ(e[0].file_offset, 512u + 24u);
  EXPECT_EQ(base::AsChars(e[3].value), kPps);
}

TEST(SetupBinGolden, WriterProducesTheHandBuiltBytes) {
  RecordBuilder b({1, 0});
  b.CurrentMebxPassword("admin").NewMebxPassword(kNewPassword).PidPps(kPid, kPps);
  File f;
  f.version = {1, 0};
  f.records = {b.Build().value()};
  auto bytes = WriteFile(f);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(*bytes, HandBuiltV1());
}

TEST(SetupBinRead, ShorterThanHeader) {
  auto bytes = MakeFile({3, 0}, 1);
  bytes.resize(100);
  EXPECT_NE(ErrorOf(bytes).find("100 bytes, shorter than its 512-byte header"), std::string::npos);
}

TEST(SetupBinRead, TruncatedRecordNamesRecordAndOffset) {
  auto bytes = MakeFile({3, 0}, 3);
  bytes.resize(3 * 512 + 100);
  const auto e = ErrorOf(bytes);
  EXPECT_NE(e.find("record 3 is truncated (offset 1536)"), std::string::npos) << e;
  EXPECT_EQ(ReadFile(bytes).error().code(), base::StatusCode::kDataLoss);
}

TEST(SetupBinRead, UnknownGuid) {
  auto bytes = MakeFile({3, 0}, 1);
  bytes[0] = std::byte{0};
  EXPECT_NE(ErrorOf(bytes).find("unknown file type GUID"), std::string::npos);
}

TEST(SetupBinRead, VersionContradictsGuid) {
  auto bytes = MakeFile({3, 0}, 1);
  bytes[kHeaderOffsetMajor] = std::byte{2};
  EXPECT_NE(ErrorOf(bytes).find("major version 2 contradicts the version 3 GUID (offset 24)"), std::string::npos);
}

TEST(SetupBinRead, UnknownMinorVersion) {
  auto bytes = MakeFile({3, 0}, 1);
  bytes[kHeaderOffsetMinor] = std::byte{1};
  EXPECT_NE(ErrorOf(bytes).find("unknown version 3.1"), std::string::npos);
}

TEST(SetupBinRead, BadHeaderByteCount) {
  auto bytes = MakeFile({3, 0}, 1);
  PutU16(bytes, kHeaderOffsetHeaderBytes, 40);
  EXPECT_NE(ErrorOf(bytes).find("header byte count is 40, its module list ends at 46 (offset 18)"), std::string::npos);
}

TEST(SetupBinRead, ConsumedMoreThanCount) {
  auto bytes = MakeFile({3, 0}, 2);
  PutU32(bytes, kHeaderOffsetConsumed, 3);
  EXPECT_NE(ErrorOf(bytes).find("3 records consumed but the file has only 2 (offset 32)"), std::string::npos);
}

TEST(SetupBinRead, RecordCountLargerThanChunks) {
  auto bytes = MakeFile({3, 0}, 2);
  PutU32(bytes, kHeaderOffsetRecordCount, 5);
  EXPECT_NE(ErrorOf(bytes).find("announces 5 records"), std::string::npos);
}

TEST(SetupBinRead, ExtraChunksWarn) {
  auto bytes = MakeFile({3, 0}, 2);
  bytes.resize(bytes.size() + 512);
  auto f = ReadFile(bytes);
  ASSERT_TRUE(f);
  ASSERT_EQ(f->warnings.size(), 1u);
  EXPECT_NE(f->warnings[0].find("512 bytes after the last record"), std::string::npos);
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
  EXPECT_NE(f->warnings[0].find("ignored in version 1"), std::string::npos);
  EXPECT_EQ(ReadFile(WriteFile(*f).value()).value(), *f);
}

TEST(SetupBinRead, RecordOutOfSequence) {
  auto bytes = MakeFile({3, 0}, 2);
  PutU32(bytes, 2 * 512 + kRecordOffsetNumber, 7);
  EXPECT_NE(ErrorOf(bytes).find("record 2: record number field is 7, expected 2 (offset 1044)"), std::string::npos);
}

TEST(SetupBinRead, ValueRunsPastRecord) {
  auto bytes = MakeFile({3, 0}, 1);
  PutU16(bytes, 512 + 24 + 4, 600);  // first entry's length
  const auto e = ErrorOf(bytes);
  EXPECT_NE(e.find("record 1: variable 1/1 value of 600 bytes runs past the record end (offset 536)"), std::string::npos)
      << e;
}

TEST(SetupBinRead, OverlongValueForItsType) {
  RecordBuilder b({3, 0});
  b.CurrentMebxPassword("admin").NewMebxPassword(kNewPassword).HostName("pc");
  auto bytes = BuildFile({3, 0}, {b.Build().value()}, false).value();
  // Make the 1-byte... host name claim 64 bytes of value: too long for 2/11 (63).
  const size_t host_entry = 512 + 24 + 16 + 16;
  ASSERT_EQ(bytes[host_entry + 2], std::byte{11});
  PutU16(bytes, host_entry + 4, 64);
  const auto e = ErrorOf(bytes);
  EXPECT_NE(e.find("record 1: Host name (2/11): length 64 is outside 1..63"), std::string::npos) << e;
}

TEST(SetupBinRead, BadPidCharacters) {
  auto bytes = MakeFile({3, 0}, 1);
  auto f = ReadFile(bytes).value();
  const size_t pid_offset = f.records[0].entries[3].file_offset;
  ASSERT_EQ(f.records[0].entries[3].variable, 1);
  bytes[pid_offset + 8] = std::byte{'-'};
  EXPECT_NE(ErrorOf(bytes).find("PID (2/1): character 1 is not A-Z or 0-9"), std::string::npos);
}

TEST(SetupBinRead, UnknownModuleIsAnError) {
  auto bytes = MakeFile({3, 0}, 1);
  PutU16(bytes, 512 + 24, 9);
  EXPECT_NE(ErrorOf(bytes).find("unknown module 9"), std::string::npos);
}

TEST(SetupBinRead, UnknownVariableOfKnownModuleIsKeptWithWarning) {
  RecordBuilder b({3, 0});
  b.CurrentMebxPassword("admin").NewMebxPassword(kNewPassword);
  // The writer refuses unknown variables, so patch one in by hand.
  auto bytes = BuildFile({3, 0}, {b.Build().value()}, false).value();
  const size_t end_of_list = 512 + 24 + 16 + 16;
  PutU16(bytes, end_of_list, 2);
  PutU16(bytes, end_of_list + 2, 99);
  PutU16(bytes, end_of_list + 4, 2);
  auto f = ReadFile(bytes);
  ASSERT_TRUE(f) << f.error().ToString();
  ASSERT_EQ(f->records[0].entries.size(), 3u);
  EXPECT_EQ(f->records[0].entries[2].variable, 99);
  ASSERT_FALSE(f->warnings.empty());
  EXPECT_NE(f->warnings[0].find("unknown variable 2/99"), std::string::npos);
}

TEST(SetupBinWrite, CurrentPasswordMustComeFirst) {
  File f;
  f.version = {3, 0};
  Record r;
  r.entries = {{2, 11, {std::byte{'p'}}, 0}, {1, 1, {std::byte{'a'}}, 0}};
  f.records = {r};
  auto bytes = WriteFile(f);
  ASSERT_FALSE(bytes);
  EXPECT_NE(bytes.error().message().find("record 1: Current MEBx password (1/1) must come first"), std::string::npos);
}

TEST(SetupBinWrite, AdminMustBeFollowedByNewPasswordInV2) {
  RecordBuilder b({2, 0});
  b.CurrentMebxPassword("admin").PidPps(kPid, kPps);
  auto r = b.Build();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("must be followed by a new password"), std::string::npos);
  RecordBuilder v1({1, 0});
  v1.CurrentMebxPassword("admin").PidPps(kPid, kPps);
  EXPECT_TRUE(v1.Build());
}

TEST(SetupBinWrite, NewPasswordMustObeyMebxRule) {
  RecordBuilder b({3, 0});
  b.CurrentMebxPassword("admin").NewMebxPassword("password1");
  auto r = b.Build();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("new MEBx password: MEBx password needs at least one upper-case"),
            std::string::npos);
  EXPECT_EQ(r.error().message().find("password1"), std::string::npos);
}

TEST(SetupBinWrite, HaltActivateMustComeAfterServerSettings) {
  File f;
  f.version = {3, 0};
  Record r;
  r.entries = {{2, 28, {std::byte{1}}, 0}, {2, 3, {std::byte{'x'}}, 0}};
  f.records = {r};
  auto bytes = WriteFile(f);
  ASSERT_FALSE(bytes);
  EXPECT_NE(bytes.error().message().find("PKI DNS suffix (2/3) must come before ME provisioning halt/activate"),
            std::string::npos);
}

TEST(SetupBinWrite, VariableNewerThanFileVersion) {
  RecordBuilder b({1, 0});
  b.CurrentMebxPassword("admin").NewMebxPassword(kNewPassword).RemoteConfiguration(true);
  auto r = b.Build();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("Remote configuration enabled (2/5) needs file version 2 or later (this is 1)"),
            std::string::npos);
}

TEST(SetupBinWrite, Sha256HashNeedsV3) {
  const std::vector<std::byte> digest(32, std::byte{0xab});
  RecordBuilder b({2, 0});
  b.CurrentMebxPassword("admin").NewMebxPassword(kNewPassword).AddCertificateHash(HashAlgorithm::kSha256, digest, "Corp Root");
  auto r = b.Build();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("SHA-256 hashes need file version 3"), std::string::npos);
  RecordBuilder v3({3, 0});
  v3.CurrentMebxPassword("admin").NewMebxPassword(kNewPassword).AddCertificateHash(HashAlgorithm::kSha256, digest, "Corp Root");
  auto ok = v3.Build();
  ASSERT_TRUE(ok) << ok.error().ToString();
  const auto info = LookUpVariable(2, 8).value();
  EXPECT_EQ(FormatValue(info, ok->entries.back().value, false), "SHA-256 " + base::ToHex(digest) + " \"Corp Root\"");
}

TEST(SetupBinWrite, PowerPackageNeedsV21) {
  const std::array<std::byte, 16> guid{};
  RecordBuilder b({2, 0});
  b.CurrentMebxPassword("admin").NewMebxPassword(kNewPassword).PowerPackage(guid);
  EXPECT_FALSE(b.Build());
  RecordBuilder b21({2, 1});
  b21.CurrentMebxPassword("admin").NewMebxPassword(kNewPassword).PowerPackage(guid);
  EXPECT_TRUE(b21.Build());
}

TEST(SetupBinWrite, BadServerAddress) {
  RecordBuilder b({3, 0});
  b.ProvisioningServerAddress("192.0.2.300");
  auto r = b.Build();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("not an IPv4 address"), std::string::npos);
}

TEST(SetupBinWrite, RecordMustFitItsChunk) {
  RecordBuilder b({3, 0});
  b.CurrentMebxPassword("admin").NewMebxPassword(kNewPassword).PkiDnsSuffix(std::string(200, 'a'))
      .ConfigServerFqdn(std::string(200, 'b')).DomainName(std::string(200, 'c'));
  auto r = b.Build();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("do not fit 1 chunk"), std::string::npos);
}

TEST(SetupBinFormat, SecretsAreRedactedUnlessRevealed) {
  const auto pps = LookUpVariable(2, 2).value();
  const auto bytes = base::AsBytes(kPps);
  EXPECT_EQ(FormatValue(pps, bytes, false), "<redacted, 32 characters>");
  EXPECT_EQ(FormatValue(pps, bytes, true), kPps);
  const auto port = LookUpVariable(2, 18).value();
  const std::byte le9971[2] = {std::byte{0xf3}, std::byte{0x26}};
  EXPECT_EQ(FormatValue(port, le9971, false), "9971");
  const auto mode = LookUpVariable(2, 16).value();
  const std::byte smb[1] = {std::byte{2}};
  EXPECT_EQ(FormatValue(mode, smb, false), "2 (Small Business)");
}

TEST(SetupBinConsume, ConsumesRecordsInOrderThenStops) {
  auto bytes = MakeFile({3, 0}, 2, true);
  auto first = ConsumeNextRecord(bytes);
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(first->record.number, 1u);
  EXPECT_TRUE(first->marked);
  auto second = ConsumeNextRecord(bytes);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->record.number, 2u);
  EXPECT_EQ(second->record.entries, OneTouchRecord({3, 0}).entries);
  auto third = ConsumeNextRecord(bytes);
  ASSERT_FALSE(third);
  EXPECT_NE(third.error().message().find("all 2 records are consumed"), std::string::npos);

  auto file = ReadFile(bytes).value();
  EXPECT_EQ(file.consumed, 2u);
  for (const auto& r : file.records) {
    EXPECT_TRUE(r.consumed());
    EXPECT_TRUE(r.entries.empty());
  }
  // The body of a consumed record is zeroed: no secret is left on the stick.
  for (size_t i = 512 + 24; i < 1024; ++i) ASSERT_EQ(bytes[i], std::byte{0}) << i;
}

TEST(SetupBinConsume, DoNotConsumeFlagLeavesFileUnchanged) {
  auto bytes = MakeFile({2, 0}, 2, false, true);
  const auto before = bytes;
  auto r = ConsumeNextRecord(bytes);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->marked);
  EXPECT_EQ(bytes, before);
}

TEST(SetupBinConsume, BrokenFileIsNotWritten) {
  auto bytes = MakeFile({3, 0}, 2);
  bytes.resize(700);
  const auto before = bytes;
  EXPECT_FALSE(ConsumeNextRecord(bytes));
  EXPECT_EQ(bytes, before);
}

TEST(SetupBinConsume, ConsumedFileRoundTrips) {
  auto bytes = MakeFile({4, 0}, 3, true);
  ASSERT_TRUE(ConsumeNextRecord(bytes));
  auto file = ReadFile(bytes).value();
  EXPECT_EQ(WriteFile(file).value(), bytes);
}

TEST(SetupBinVariables, TableIsComplete) {
  // Every id of reference §8.4: 1/1-1/6 and 2/1-2/35 except 2/9.
  size_t count = 0;
  for (uint16_t v = 1; v <= 6; ++v) count += LookUpVariable(1, v) ? size_t{1} : size_t{0};
  for (uint16_t v = 1; v <= 35; ++v) count += LookUpVariable(2, v) ? size_t{1} : size_t{0};
  EXPECT_EQ(count, 6u + 34u);
  EXPECT_EQ(AllVariables().size(), count);
}

}  // namespace
}  // namespace openscs::setupbin
