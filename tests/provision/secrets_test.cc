// Nothing secret in traces, step events or outcomes: every byte the observer
// is given is scanned for the passwords, the PPS (setup and next), the HA1
// sent to the device and the provisioning key.

#include "http/digest.h"
#include "tests/provision/provision_testing.h"

namespace openscs::provision::testing {
namespace {

// Every form of a secret that may travel: as given, and without dashes.
std::vector<std::string> Forms(const std::vector<std::string>& secrets) {
  std::vector<std::string> out;
  for (const auto& s : secrets) {
    out.push_back(s);
    std::string compact = s;
    std::erase(compact, '-');
    out.push_back(compact);
  }
  return out;
}

void ExpectNoSecret(const std::string& text, const std::vector<std::string>& secrets) {
  for (const auto& s : Forms(secrets)) {
    EXPECT_EQ(text.find(s), std::string::npos) << "secret '" << s << "' leaked into:\n" << text;
  }
}

TEST_F(ProvisionTest, NoSecretInAnyTraceOrEvent) {
  sim::SimDevice& soap_device = fleet_.Add(openscs::testing::PskDevice("2.1"), "127.62.130.5");
  sim::SimDevice& wsman_device = fleet_.Add(openscs::testing::PskDevice("5.0"), "127.62.130.6");
  const std::string wsman_realm = wsman_device.model().digest_realm();
  (void)soap_device;
  fleet_.Start();

  const pidpps::Pair next = OtherPair(9);
  SetupCredentials c = PskCredentials();
  c.digest_passwords = {"Guess-1-Wr0ng!", "admin"};
  DesiredConfig d = Desired();
  d.next_pid_pps = {next.pid.display(), next.pps.display()};
  const Outcome soap = RunProvision({"127.62.130.5"}, c, d);
  EXPECT_TRUE(soap.ok) << Describe(soap);
  const Outcome wsman = RunProvision({"127.62.130.6"}, c, d);
  EXPECT_TRUE(wsman.ok) << Describe(wsman);
  const Outcome rejected = RunVerify({"127.62.130.6"}, "admin", "Verify-Wr0ng!", true);
  EXPECT_EQ(rejected.code, codes::kDigestRejected);

  const std::vector<std::string> secrets = {
      kAdminPassword, kMebxPassword, "Guess-1-Wr0ng!", "Verify-Wr0ng!",
      std::string(kTestPps), next.pps.display(),
      http::DigestHa1("admin", wsman_realm, kAdminPassword)};
  // The scan means something only if the secrets' places were traced.
  const std::string all = recorder_.AllText();
  EXPECT_NE(all.find("<Password>***</Password>"), std::string::npos);
  EXPECT_NE(all.find("DigestPassword>***<"), std::string::npos);
  EXPECT_NE(all.find("PPS>***<"), std::string::npos);
  ExpectNoSecret(all, secrets);
  for (const Outcome* o : {&soap, &wsman, &rejected}) ExpectNoSecret(o->message, secrets);
}

TEST_F(ProvisionTest, NoSecretInFailures) {
  fleet_.Add(openscs::testing::PskDevice("2.1"), "127.62.131.5");
  fleet_.Start();
  SetupCredentials c = PskCredentials();
  c.digest_passwords = {"Guess-2-Wr0ng!"};
  const Outcome digest = RunProvision({"127.62.131.5"}, c, Desired());
  EXPECT_EQ(digest.code, codes::kDigestRejected);
  c = PskCredentials();
  const pidpps::Pair other = OtherPair(12);
  c.pps = other.pps.display();
  const Outcome psk = RunProvision({"127.62.131.5"}, c, Desired());
  EXPECT_EQ(psk.code, codes::kTlsPskMismatch);

  const std::vector<std::string> secrets = {kAdminPassword, kMebxPassword, "Guess-2-Wr0ng!", other.pps.display()};
  ExpectNoSecret(recorder_.AllText(), secrets);
  ExpectNoSecret(digest.message + psk.message, secrets);
}

}  // namespace
}  // namespace openscs::provision::testing
