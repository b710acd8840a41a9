// MakePlan: every refusal the seed describes is decided before any
// connection, with a code and a message naming what is wrong; a good plan
// carries the secrets the session needs and seals what it stores.
#include "server/plan.h"

#include <gtest/gtest.h>

#include <array>

#include "tests/support/seeded_random.h"

namespace openscs::server {
namespace {

using store::KeyStatus;

class PlanTest : public ::testing::Test {
 protected:
  PlanTest() : vault_(secrets::Vault::FromKeyForTest(std::span<const std::byte, 32>(key_), testing::SeededRandom(1))) {
    store::ProfileRecord def;
    def.name = "default";
    def.priority = 1000;
    input_.profiles.push_back(def);
    input_.system.uuid = "4c4c4544-004b-4210-8033-b6c04f504633";
    input_.now = base::TimePoint{} + std::chrono::hours(24 * 365 * 50);
  }

  void MakePsk(std::string_view mebx_password = "") {
    input_.system.hello_version = 2;
    input_.system.pid = "0000037M";
    store::KeyRecord key;
    key.pid = "0000037M";
    key.pps = vault_.Seal("NKLDG5DCRRNQE9YZZIJL7LFLVJED69XJ");
    if (!mebx_password.empty()) key.mebx_password = vault_.Seal(mebx_password);
    input_.key = key;
  }

  void MakePki(std::string root_sha1, std::string cn, bool valid = true) {
    input_.system.hello_version = 3;
    input_.system.hashes = {"sha1:742c3192e607e424eb4549542be1bbc53e6174e2", "sha1:" + root_sha1};
    store::CertificateRecord cert;
    cert.id = "leaf1";
    cert.leaf_cn = std::move(cn);
    cert.root_sha1 = "00112233445566778899aabbccddeeff00112233";
    cert.chain_pem = "-----BEGIN CERTIFICATE-----...";
    cert.private_key = vault_.Seal("-----BEGIN PRIVATE KEY-----secret");
    cert.not_before = input_.now - std::chrono::hours(1);
    cert.not_after = valid ? input_.now + std::chrono::hours(24) : input_.now - std::chrono::minutes(1);
    input_.certificates.push_back(cert);
  }

  PlanResult Make() { return MakePlan(input_, vault_, testing::SeededRandom(7)); }

  std::array<std::byte, 32> key_{};
  secrets::Vault vault_;
  PlanInput input_;
};

TEST_F(PlanTest, UnknownPidIsTheSeedsFailedToFindPidMapping) {
  MakePsk();
  input_.key.reset();
  const PlanResult r = Make();
  ASSERT_FALSE(r.plan);
  EXPECT_EQ(r.error.code, "pid_not_found");
  EXPECT_NE(r.error.message.find("failed to find PID mapping"), std::string::npos);
  EXPECT_NE(r.error.message.find("0000-037M"), std::string::npos) << "names the PID";
  EXPECT_NE(r.error.message.find(input_.system.uuid), std::string::npos) << "names the UUID";
}

TEST_F(PlanTest, RevokedPidIsRefused) {
  MakePsk();
  input_.key->status = KeyStatus::kRevoked;
  EXPECT_EQ(Make().error.code, "pid_revoked");
}

TEST_F(PlanTest, PskPlanUsesTheKeysMebxPasswordFirstAndAdminLast) {
  MakePsk("Mebx-Pass1!");
  const PlanResult r = Make();
  ASSERT_TRUE(r.plan) << r.error.message;
  EXPECT_EQ(r.plan->setup.kind, provision::SetupCredentials::kPsk);
  EXPECT_EQ(r.plan->setup.pps, "NKLDG5DCRRNQE9YZZIJL7LFLVJED69XJ");
  ASSERT_GE(r.plan->setup.digest_passwords.size(), 2u);
  EXPECT_EQ(r.plan->setup.digest_passwords.front(), "Mebx-Pass1!");
  EXPECT_EQ(r.plan->setup.digest_passwords.back(), "admin");
}

TEST_F(PlanTest, PskPlanGeneratesStrongCredentialsAndSealsThem) {
  MakePsk();
  const PlanResult r = Make();
  ASSERT_TRUE(r.plan);
  const auto& d = r.plan->desired;
  EXPECT_EQ(d.host_name, "amt-4c4c4544");
  EXPECT_GE(d.admin_password.size(), 8u);
  EXPECT_NE(d.admin_password, d.mebx_password);
  EXPECT_EQ(vault_.Open(r.plan->sealed_admin_password).value(), d.admin_password);
  EXPECT_EQ(r.plan->sealed_admin_password.find(d.admin_password), std::string::npos) << "sealed, not clear";
  ASSERT_TRUE(d.next_pid_pps) << "the default profile sets a fresh PID/PPS for re-provisioning";
  ASSERT_TRUE(r.plan->next_key);
  EXPECT_EQ(r.plan->next_key->pid, d.next_pid_pps->first);
  EXPECT_EQ(r.plan->next_key->status, KeyStatus::kBound);
  EXPECT_EQ(vault_.Open(r.plan->next_key->pps).value(), d.next_pid_pps->second);
}

TEST_F(PlanTest, PkiHelloWhoseHashesMatchNoCertificateIsRefusedBeforeConnecting) {
  MakePki("ffffffffffffffffffffffffffffffffffffffff", "scs.corp.example");
  const PlanResult r = Make();
  ASSERT_FALSE(r.plan);
  EXPECT_EQ(r.error.code, "pki_no_matching_root");
  EXPECT_NE(r.error.message.find("742c3192e607e424eb4549542be1bbc53e6174e2"), std::string::npos)
      << "lists the device's hashes";
}

TEST_F(PlanTest, PkiCertificateForAnotherDomainIsRefusedWhenTheDomainIsKnown) {
  MakePki("00112233445566778899aabbccddeeff00112233", "scs.corp.example");
  input_.mapping = store::HostNameMapping{input_.system.uuid, "pc-1", "other.example"};
  const PlanResult r = Make();
  ASSERT_FALSE(r.plan);
  EXPECT_EQ(r.error.code, "pki_domain_mismatch");
  EXPECT_NE(r.error.message.find("other.example"), std::string::npos);
}

TEST_F(PlanTest, ExpiredPkiCertificateIsRefused) {
  MakePki("00112233445566778899aabbccddeeff00112233", "scs.corp.example", false);
  EXPECT_EQ(Make().error.code, "pki_certificate_expired");
}

TEST_F(PlanTest, PkiPlanCarriesTheChainAndKeyAndLogsInAsAdmin) {
  MakePki("00112233445566778899aabbccddeeff00112233", "scs.corp.example");
  input_.mapping = store::HostNameMapping{input_.system.uuid, "pc-7", "corp.example"};
  const PlanResult r = Make();
  ASSERT_TRUE(r.plan) << r.error.message;
  EXPECT_EQ(r.plan->setup.kind, provision::SetupCredentials::kPki);
  EXPECT_EQ(r.plan->setup.key_pem, "-----BEGIN PRIVATE KEY-----secret");
  EXPECT_EQ(r.plan->certificate_id, "leaf1");
  EXPECT_EQ(r.plan->desired.host_name, "pc-7");
  EXPECT_EQ(r.plan->desired.domain_name, "corp.example");
  EXPECT_EQ(r.plan->setup.digest_passwords, std::vector<std::string>{"admin"});
  EXPECT_FALSE(r.plan->next_key) << "no PSK pair for a PKI device";
}

TEST_F(PlanTest, SecretSealedWithAnotherKeyIsReportedWithoutTheSecret) {
  MakePsk();
  std::array<std::byte, 32> other{};
  other[0] = std::byte{1};
  auto foreign = secrets::Vault::FromKeyForTest(std::span<const std::byte, 32>(other));
  input_.key->pps = foreign.Seal("NKLDG5DCRRNQE9YZZIJL7LFLVJED69XJ");
  const PlanResult r = Make();
  ASSERT_FALSE(r.plan);
  EXPECT_EQ(r.error.code, "secret_unreadable");
  EXPECT_EQ(r.error.message.find("NKLD"), std::string::npos);
}

}  // namespace
}  // namespace openscs::server
