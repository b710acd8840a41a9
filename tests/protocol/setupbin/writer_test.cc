// WriteFile's refusals: the order and content rules a BIOS/MEBx applies.
// Each error names the record number and the variable.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "base/hex.h"
#include "protocol/setupbin/record_builder.h"
#include "protocol/setupbin/setupbin_format.h"
#include "protocol/setupbin/writer.h"
#include "tests/protocol/setupbin/test_files.h"

namespace openscs::setupbin {
namespace {

using namespace test_files;

bool Has(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

std::vector<std::byte> Text(std::string_view s) {
  const auto b = base::AsBytes(s);
  return {b.begin(), b.end()};
}

Entry E(uint16_t module, uint16_t variable, std::vector<std::byte> value) { return Entry{module, variable, value, 0}; }
Entry E(uint16_t module, uint16_t variable, std::string_view text) { return E(module, variable, Text(text)); }
Entry U8(uint16_t module, uint16_t variable, uint8_t v) { return E(module, variable, std::vector{std::byte{v}}); }

// WriteFile's error for a file of the given records, which must be refused.
std::string WriteError(FileVersion v, std::vector<std::vector<Entry>> records) {
  File f;
  f.version = v;
  for (auto& entries : records) {
    Record r;
    r.entries = std::move(entries);
    f.records.push_back(std::move(r));
  }
  auto bytes = WriteFile(f);
  EXPECT_FALSE(bytes) << "the file was written";
  return bytes ? std::string() : bytes.error().message();
}

std::string BuildError(const RecordBuilder& b) {
  auto r = b.Build();
  EXPECT_FALSE(r) << "the record was built";
  return r ? std::string() : r.error().message();
}

TEST(SetupBinWrite, CurrentPasswordMustComeFirst) {
  const auto e = WriteError({3, 0}, {{E(2, 11, "pc"), E(1, 1, "admin"), E(1, 2, kNewPassword)}});
  EXPECT_TRUE(Has(e, "record 1: Current MEBx password (1/1) must come first")) << e;
}

TEST(SetupBinWrite, NewPasswordMustFollowTheCurrentOne) {
  const auto e = WriteError({3, 0}, {{E(1, 2, kNewPassword), E(1, 1, "admin")}});
  EXPECT_TRUE(Has(e, "record 1: Current MEBx password (1/1) must come first")) << e;
}

TEST(SetupBinWrite, FeatureSelectionMustComeBeforeOtherVariables) {
  const auto e = WriteError({3, 0}, {{E(1, 1, "admin"), E(1, 2, kNewPassword), E(2, 11, "pc"), U8(1, 3, 1)}});
  EXPECT_TRUE(Has(e, "record 1: Manageability feature selection (1/3) must come first")) << e;
}

TEST(SetupBinWrite, LeadingVariablesMayBeAbsent) {
  File f;
  f.version = {1, 0};
  f.records = {Record{}};
  f.records[0].entries = {U8(1, 3, 1), E(2, 11, "pc")};
  EXPECT_TRUE(WriteFile(f));
}

TEST(SetupBinWrite, ErrorsNameTheRecordNumber) {
  const auto e = WriteError({3, 0}, {{E(2, 11, "pc")}, {E(2, 11, "pc"), E(1, 1, "admin")}});
  EXPECT_TRUE(Has(e, "setup.bin record 2: Current MEBx password (1/1)")) << e;
}

TEST(SetupBinWrite, AdminMustBeFollowedByANewPasswordFromV2) {
  RecordBuilder b({2, 0});
  b.CurrentMebxPassword("admin").PidPps(kPid, kPps);
  EXPECT_TRUE(Has(BuildError(b), "Current MEBx password (1/1) 'admin' must be followed by a new password (1/2)"));
  RecordBuilder v1({1, 0});
  v1.CurrentMebxPassword("admin").PidPps(kPid, kPps);
  EXPECT_TRUE(v1.Build());
}

TEST(SetupBinWrite, NewPasswordMustObeyTheMebxRule) {
  RecordBuilder b({3, 0});
  b.CurrentMebxPassword("admin").NewMebxPassword("password1");
  const auto e = BuildError(b);
  EXPECT_TRUE(Has(e, "record 1: new MEBx password (1/2): MEBx password needs at least one upper-case")) << e;
  EXPECT_FALSE(Has(e, "password1")) << e;
}

TEST(SetupBinWrite, HaltActivateMustComeAfterTheServerSettings) {
  for (const auto& [id, name] :
       {std::pair{uint16_t{3}, "PKI DNS suffix (2/3)"}, std::pair{uint16_t{4}, "Configuration server FQDN (2/4)"}}) {
    const auto e = WriteError({3, 0}, {{U8(2, 28, 1), E(2, id, "corp.test")}});
    EXPECT_TRUE(Has(e, fmt::format("record 1: {} must come before ME provisioning halt/activate", name))) << e;
  }
  const auto e = WriteError({3, 0}, {{U8(2, 28, 1), E(2, 17, std::vector<std::byte>(4))}});
  EXPECT_TRUE(Has(e, "Provisioning server address (2/17) must come before ME provisioning halt/activate")) << e;
}

TEST(SetupBinWrite, RecordBuilderPutsHaltActivateLast) {
  RecordBuilder b({3, 0});
  b.ProvisioningHaltActivate(true).ConfigServerFqdn("scs.corp.test").NewMebxPassword(kNewPassword);
  b.CurrentMebxPassword("admin");
  auto r = b.Build();
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->entries.size(), 4u);
  EXPECT_EQ(r->entries[0].variable, 1);
  EXPECT_EQ(r->entries[1].variable, 2);
  EXPECT_EQ(r->entries[2].variable, 4);
  EXPECT_EQ(r->entries[3].variable, 28);
}

TEST(SetupBinWrite, VariableNewerThanTheFileVersion) {
  RecordBuilder b({1, 0});
  b.CurrentMebxPassword("admin").NewMebxPassword(kNewPassword).RemoteConfiguration(true);
  EXPECT_TRUE(Has(BuildError(b), "Remote configuration enabled (2/5) needs file version 2 or later (this is 1)"));
}

TEST(SetupBinWrite, Sha256HashNeedsV3) {
  const std::vector<std::byte> digest(32, std::byte{0xab});
  RecordBuilder b({2, 1});
  b.CurrentMebxPassword("admin")
      .NewMebxPassword(kNewPassword)
      .AddCertificateHash(HashAlgorithm::kSha256, digest, "Root");
  EXPECT_TRUE(Has(BuildError(b), "User-defined certificate add (2/8): SHA-256 hashes need file version 3"));
  RecordBuilder v3({3, 0});
  v3.CurrentMebxPassword("admin")
      .NewMebxPassword(kNewPassword)
      .AddCertificateHash(HashAlgorithm::kSha256, digest, "Root");
  EXPECT_TRUE(v3.Build());
}

TEST(SetupBinWrite, Sha1HashWorksFromV2AndRepeats) {
  const std::vector<std::byte> digest(20, std::byte{0x11});
  RecordBuilder b({2, 0});
  b.CurrentMebxPassword("admin").NewMebxPassword(kNewPassword);
  b.AddCertificateHash(HashAlgorithm::kSha1, digest, "One").AddCertificateHash(HashAlgorithm::kSha1, digest, "Two");
  auto r = b.Build();
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->entries.size(), 4u);
}

TEST(SetupBinWrite, CertificateHashNameLimit) {
  RecordBuilder b({3, 0});
  b.AddCertificateHash(HashAlgorithm::kSha1, std::vector<std::byte>(20), std::string(33, 'n'));
  EXPECT_TRUE(Has(BuildError(b), "User-defined certificate add (2/8): friendly name length 33 exceeds 32"));
}

TEST(SetupBinWrite, PowerPackageNeedsV21) {
  const std::array<std::byte, 16> guid{};
  RecordBuilder b({2, 0});
  b.CurrentMebxPassword("admin").NewMebxPassword(kNewPassword).PowerPackage(guid);
  EXPECT_TRUE(Has(BuildError(b), "Power package (1/6) needs file version 2.1 or later (this is 2)"));
  RecordBuilder b21({2, 1});
  b21.CurrentMebxPassword("admin").NewMebxPassword(kNewPassword).PowerPackage(guid);
  EXPECT_TRUE(b21.Build());
}

TEST(SetupBinWrite, Ipv6SettingsNeedV3) {
  RecordBuilder b({2, 1});
  b.Raw(2, 22, std::vector<std::byte>(84));
  EXPECT_TRUE(Has(BuildError(b), "IPv6 (2/22) needs file version 3 or later (this is 2.1)"));
}

TEST(SetupBinWrite, Ipv6ServerAddressNeedsV3) {
  RecordBuilder b({2, 0});
  b.ProvisioningServerAddress("2001:db8::a");
  EXPECT_TRUE(Has(BuildError(b), "Provisioning server address (2/17): IPv6 addresses need file version 3 or later"));
  RecordBuilder v3({3, 0});
  v3.ProvisioningServerAddress("2001:db8::a");
  auto r = v3.Build();
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(base::ToHex(r->entries.at(0).value), "20010db800000000000000000000000a");
}

TEST(SetupBinWrite, BadServerAddressText) {
  for (std::string_view text : {"192.0.2.300", "192.0.2", "2001:db8:::1", "1:2:3:4:5:6:7:8:9", "scs.corp.test"}) {
    RecordBuilder b({3, 0});
    b.ProvisioningServerAddress(text);
    EXPECT_TRUE(Has(BuildError(b), "is not an IPv4 or IPv6 address")) << text;
  }
}

TEST(SetupBinWrite, ServerPortIsLittleEndian) {
  RecordBuilder b({1, 0});
  b.ProvisioningServerPort(9971);
  EXPECT_EQ(base::ToHex(b.Build().value().entries.at(0).value), "f326");
}

TEST(SetupBinWrite, PidAndPpsCharsetAndLength) {
  const std::pair<std::string_view, std::string_view> bad[] = {
      {"0000037m", "PID (2/1): character 8 is not A-Z or 0-9"},
      {"0000-037M", "PID (2/1): must be 8 characters, got 9"},
  };
  for (const auto& [pid, why] : bad) {
    RecordBuilder b({1, 0});
    b.PidPps(pid, kPps);
    EXPECT_TRUE(Has(BuildError(b), why)) << pid;
  }
  RecordBuilder b({1, 0});
  b.PidPps(kPid, std::string(31, 'A'));
  EXPECT_TRUE(Has(BuildError(b), "PPS (2/2): must be 32 characters, got 31"));
}

TEST(SetupBinWrite, PidWithoutPps) {
  const auto e = WriteError({1, 0}, {{E(2, 1, kPid)}});
  EXPECT_TRUE(Has(e, "record 1: PID (2/1) and PPS (2/2) come as a pair")) << e;
}

TEST(SetupBinWrite, VariableTwice) {
  const auto e = WriteError({1, 0}, {{E(2, 11, "a"), E(2, 11, "b")}});
  EXPECT_TRUE(Has(e, "record 1: Host name (2/11) appears twice")) << e;
}

TEST(SetupBinWrite, UnknownVariable) {
  const auto e = WriteError({4, 0}, {{E(2, 9, "x")}});
  EXPECT_TRUE(Has(e, "record 1: unknown variable 2/9")) << e;
}

TEST(SetupBinWrite, ValueTooLongForItsType) {
  const auto e = WriteError({1, 0}, {{E(2, 11, std::string(64, 'h'))}});
  EXPECT_TRUE(Has(e, "record 1: Host name (2/11): length 64 is outside 1..63")) << e;
}

TEST(SetupBinWrite, RecordMustFitItsChunks) {
  RecordBuilder b({3, 0});
  b.CurrentMebxPassword("admin").NewMebxPassword(kNewPassword).PkiDnsSuffix(std::string(200, 'a'));
  b.ConfigServerFqdn(std::string(200, 'b')).DomainName(std::string(200, 'c'));
  EXPECT_TRUE(Has(BuildError(b),
                  "record 1: 656 bytes of entries do not fit 1 chunk(s) (488 bytes after the record "
                  "header)"));

  // The same record fits a file with two chunks per record.
  File f;
  f.version = {3, 0};
  f.record_chunks = 2;
  Record r;
  r.entries = {E(1, 1, "admin"), E(1, 2, kNewPassword), E(2, 3, std::string(200, 'a')), E(2, 4, std::string(200, 'b')),
               E(2, 12, std::string(200, 'c'))};
  f.records = {r};
  auto bytes = WriteFile(f);
  ASSERT_TRUE(bytes) << bytes.error().ToString();
  EXPECT_EQ(bytes->size(), 3 * kChunkSize);
}

TEST(SetupBinWrite, EntriesOnAConsumedRecord) {
  File f;
  f.version = {3, 0};
  f.consumed = 1;
  f.records = {Record{}};
  f.records[0].valid = false;
  f.records[0].entries = {E(2, 11, "pc")};
  auto bytes = WriteFile(f);
  ASSERT_FALSE(bytes);
  EXPECT_TRUE(
      Has(bytes.error().message(), "record 1: has 1 entries but is not a valid data record (type 1, consumed)"));
}

TEST(SetupBinWrite, FileLevelChecks) {
  File f;
  f.version = {2, 2};
  EXPECT_TRUE(Has(WriteFile(f).error().message(), "no file version 2.2"));
  f.version = {1, 0};
  f.flags = kFileFlagDoNotConsume;
  EXPECT_TRUE(Has(WriteFile(f).error().message(), "file flags 0x1 need file version 2 or later"));
  f.flags = 0;
  f.consumed = 1;
  EXPECT_TRUE(Has(WriteFile(f).error().message(), "1 records consumed but the file has only 0"));
  f.consumed = 0;
  f.record_chunks = 0;
  EXPECT_TRUE(Has(WriteFile(f).error().message(), "records need at least one chunk"));
  f.record_chunks = 1;
  f.modules = {1};
  f.records = {Record{}};
  f.records[0].entries = {E(2, 11, "pc")};
  EXPECT_TRUE(Has(WriteFile(f).error().message(), "module 2 is used but not in the module list"));
  f.modules = std::vector<uint16_t>(236, 2);
  EXPECT_TRUE(Has(WriteFile(f).error().message(), "a module list of 236 ids does not fit the header chunk"));
}

}  // namespace
}  // namespace openscs::setupbin
