#include "secrets/vault.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "tests/support/seeded_random.h"
#include "tests/support/temp_dir.h"

namespace openscs::secrets {
namespace {

using openscs::testing::SeededRandom;

std::array<std::byte, kKeySize> KeyOf(uint8_t fill) {
  std::array<std::byte, kKeySize> key{};
  key.fill(std::byte{fill});
  return key;
}

class VaultFile : public ::testing::Test {
 protected:
  std::filesystem::path Path(const std::string& name) const { return dir_ / name; }
  static mode_t ModeOf(const std::filesystem::path& p) {
    struct stat st {};
    EXPECT_EQ(stat(p.c_str(), &st), 0);
    return st.st_mode & 07777;
  }
  static void WriteFile(const std::filesystem::path& p, const std::string& bytes, mode_t mode) {
    std::ofstream(p, std::ios::binary) << bytes;
    ASSERT_EQ(chmod(p.c_str(), mode), 0);
  }
  openscs::testing::TempDir dir_{"vault"};
};

TEST(Vault, RoundTripsAnyBytes) {
  const Vault vault = Vault::FromKeyForTest(KeyOf(1), SeededRandom(1));
  const std::string plaintext("P@ss\0w\xff" "rd", 9);
  const store::Sealed sealed = vault.Seal(plaintext);
  EXPECT_EQ(sealed.size(), plaintext.size() + kSealedOverhead);
  EXPECT_EQ(static_cast<uint8_t>(sealed[0]), kSealedVersion);
  EXPECT_EQ(sealed.find("P@ss"), std::string::npos);
  auto opened = vault.Open(sealed);
  ASSERT_TRUE(opened) << opened.error().ToString();
  EXPECT_EQ(*opened, plaintext);
}

TEST(Vault, EmptyPlaintextIsSealedAndEmptySealedOpensToNothing) {
  const Vault vault = Vault::FromKeyForTest(KeyOf(1));
  const store::Sealed sealed = vault.Seal("");
  EXPECT_EQ(sealed.size(), kSealedOverhead);
  EXPECT_EQ(vault.Open(sealed).value_or("x"), "");
  EXPECT_EQ(vault.Open(store::Sealed()).value_or("x"), "");
}

TEST(Vault, TwoSealsOfTheSameTextDiffer) {
  const Vault vault = Vault::FromKeyForTest(KeyOf(1));
  EXPECT_NE(vault.Seal("same text"), vault.Seal("same text"));
}

TEST(Vault, TamperingIsDetectedInEveryByte) {
  const Vault vault = Vault::FromKeyForTest(KeyOf(1), SeededRandom(2));
  const store::Sealed sealed = vault.Seal("NKLDG5DCRRNQE9YZZIJL7LFLVJED69XJ");
  for (size_t i = 1; i < sealed.size(); ++i) {
    store::Sealed tampered = sealed;
    tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
    auto opened = vault.Open(tampered);
    ASSERT_FALSE(opened) << "byte " << i;
    EXPECT_EQ(opened.error().code(), base::StatusCode::kDataLoss);
    EXPECT_EQ(opened.error().message(), "sealed value fails authentication (wrong key file?)");
  }
}

TEST(Vault, TruncatedOrUnknownVersionIsDataLoss) {
  const Vault vault = Vault::FromKeyForTest(KeyOf(1));
  store::Sealed sealed = vault.Seal("secret");
  auto truncated = vault.Open(sealed.substr(0, kSealedOverhead - 1));
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().code(), base::StatusCode::kDataLoss);
  sealed[0] = 2;
  auto unknown = vault.Open(sealed);
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message().find("unknown format version 2"), std::string::npos);
}

TEST(Vault, WrongKeyIsDetected) {
  const Vault a = Vault::FromKeyForTest(KeyOf(1));
  const Vault b = Vault::FromKeyForTest(KeyOf(2));
  auto opened = b.Open(a.Seal("secret"));
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code(), base::StatusCode::kDataLoss);
  EXPECT_EQ(opened.error().message().find("secret"), std::string::npos);
}

TEST_F(VaultFile, CreatesA0600KeyFileOnFirstUseAndReadsItAfter) {
  const auto key_file = Path("openscs.key");
  auto first = Vault::OpenOrCreate(key_file, SeededRandom(3));
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(ModeOf(key_file), 0600u);
  EXPECT_EQ(std::filesystem::file_size(key_file), kKeySize);
  // No temporary file is left beside it.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir_.path()), std::filesystem::directory_iterator()), 1);

  const store::Sealed sealed = first->Seal("kept across restarts");
  auto second = Vault::OpenOrCreate(key_file, SeededRandom(4));
  ASSERT_TRUE(second) << second.error().ToString();
  EXPECT_EQ(second->Open(sealed).value_or(""), "kept across restarts");
}

TEST_F(VaultFile, CreatesTheFileAs0600EvenUnderAPermissiveUmask) {
  const mode_t old = umask(0);
  auto vault = Vault::OpenOrCreate(Path("k"));
  umask(old);
  ASSERT_TRUE(vault) << vault.error().ToString();
  EXPECT_EQ(ModeOf(Path("k")), 0600u);
}

TEST_F(VaultFile, RefusesAKeyFileReadableByOthers) {
  const auto key_file = Path("openscs.key");
  WriteFile(key_file, std::string(kKeySize, 'k'), 0644);
  auto vault = Vault::OpenOrCreate(key_file);
  ASSERT_FALSE(vault);
  EXPECT_EQ(vault.error().code(), base::StatusCode::kFailedPrecondition);
  EXPECT_NE(vault.error().message().find(key_file.string()), std::string::npos) << vault.error().message();
  EXPECT_NE(vault.error().message().find("mode 0644"), std::string::npos) << vault.error().message();
  EXPECT_EQ(vault.error().message().find("kkkk"), std::string::npos);
}

TEST_F(VaultFile, RefusesAKeyFileOfTheWrongSize) {
  const auto key_file = Path("openscs.key");
  WriteFile(key_file, std::string(kKeySize + 1, 'k'), 0600);
  auto vault = Vault::OpenOrCreate(key_file);
  ASSERT_FALSE(vault);
  EXPECT_EQ(vault.error().code(), base::StatusCode::kFailedPrecondition);
  EXPECT_NE(vault.error().message().find("33 bytes, expected 32"), std::string::npos) << vault.error().message();
  EXPECT_NE(vault.error().message().find(key_file.string()), std::string::npos);
}

TEST_F(VaultFile, RefusesADirectory) {
  std::filesystem::create_directory(Path("dir"));
  std::filesystem::permissions(Path("dir"), std::filesystem::perms::owner_all);
  auto vault = Vault::OpenOrCreate(Path("dir"));
  ASSERT_FALSE(vault);
  EXPECT_NE(vault.error().message().find("not a regular file"), std::string::npos) << vault.error().message();
}

TEST_F(VaultFile, MissingDirectoryIsAnIoErrorNamingThePath) {
  auto vault = Vault::OpenOrCreate(Path("no/such/dir/openscs.key"));
  ASSERT_FALSE(vault);
  EXPECT_EQ(vault.error().code(), base::StatusCode::kIoError);
  EXPECT_NE(vault.error().message().find("no/such/dir"), std::string::npos) << vault.error().message();
}

}  // namespace
}  // namespace openscs::secrets
