// `openscs compat`: the brief's cases, human and JSON.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_testing.h"

namespace openscs::cli {
namespace {

using ::testing::HasSubstr;
using testing::RunCli;

nlohmann::json Json(std::vector<std::string> args, int expected_exit) {
  args.push_back("--json");
  const auto r = RunCli(args);
  EXPECT_EQ(r.exit_code, expected_exit) << r.out << r.err;
  return nlohmann::json::parse(r.out);
}

TEST(CompatCommand, Amt21PkiIsNo) {
  const auto r = RunCli({"compat", "--amt", "2.1", "--method", "pki"});
  EXPECT_EQ(r.exit_code, kExitFailure);
  EXPECT_THAT(r.out, HasSubstr("AMT 2.1 (vPro desktop Q965, 2006)\n"));
  EXPECT_THAT(r.out, HasSubstr("openscs provisions AMT 2.0 and later"));
  EXPECT_THAT(r.out, HasSubstr("openscs with PKI: no\n"));
  EXPECT_THAT(r.out, HasSubstr("why not: AMT 2.1 has no Remote Configuration"));
  EXPECT_THAT(r.out, HasSubstr("[version_no_remote_configuration]"));
  EXPECT_THAT(r.out, HasSubstr("Intel SCS releases listing this version:\n"));
  EXPECT_THAT(r.out, HasSubstr("6.2   3.2.1"));
}

TEST(CompatCommand, Amt22PkiWithScs30IsNoAndWith321IsYes) {
  const auto no = RunCli({"compat", "--amt", "2.2", "--method", "pki", "--scs", "3.0"});
  EXPECT_EQ(no.exit_code, kExitFailure);
  EXPECT_THAT(no.out, HasSubstr("Intel SCS 3.0 with PKI: no\n"));
  EXPECT_THAT(no.out, HasSubstr("needs Intel SCS 3.2.1 or later (given: SCS 3.0) [version_needs_scs_3_2_1]"));
  EXPECT_THAT(no.out, HasSubstr("Compatibility table rows for this question:\n"));
  EXPECT_THAT(no.out, HasSubstr("2.0, 2.1, 2.5, 3.0"));

  const auto yes = RunCli({"compat", "--amt", "2.2", "--method", "pki", "--scs", "3.2.1"});
  EXPECT_EQ(yes.exit_code, kExitOk) << yes.out;
  EXPECT_THAT(yes.out, HasSubstr("Intel SCS 3.2.1 with PKI: yes\n"));
}

TEST(CompatCommand, Amt30PkiIsYes) {
  const auto j = Json({"compat", "--amt", "3.0", "--method", "pki"}, kExitOk);
  EXPECT_TRUE(j["works"].get<bool>());
  EXPECT_EQ(j["subject"], "openscs");
  ASSERT_EQ(j["results"].size(), 1u);
  EXPECT_EQ(j["results"][0]["method"], "pki");
  EXPECT_TRUE(j["results"][0]["reasons"].empty());
  EXPECT_TRUE(j["capabilities"]["remote_configuration"].get<bool>());
}

TEST(CompatCommand, Amt11PskIsNo) {
  const auto j = Json({"compat", "--amt", "11.0", "--method", "psk"}, kExitFailure);
  EXPECT_FALSE(j["works"].get<bool>());
  EXPECT_EQ(j["results"][0]["reasons"][0]["cause"], "version_no_psk");
}

TEST(CompatCommand, Oobm61Amt30IsNotInTheTable) {
  const auto r = RunCli({"compat", "--amt", "3.0", "--oobm", "6.1", "--method", "pki"});
  EXPECT_EQ(r.exit_code, kExitFailure);
  EXPECT_THAT(r.out, HasSubstr("Altiris OOBM 6.1 with PKI: no\n"));
  EXPECT_THAT(r.out, HasSubstr("the table lists AMT 2.0, 2.1 for Intel SCS 1.2 (OOBM 6.1), not 3.0"));
}

TEST(CompatCommand, Scs12WorksWithAWarning) {
  const auto r = RunCli({"compat", "--amt", "2.0", "--scs", "1.2", "--method", "psk"});
  EXPECT_EQ(r.exit_code, kExitOk) << r.out;
  EXPECT_THAT(r.out, HasSubstr("Intel SCS 1.2 with PSK: yes, with warnings\n"));
  EXPECT_THAT(r.out, HasSubstr("warning: Intel SCS 1.2 was unstable"));
}

TEST(CompatCommand, UnknownVersionIsAClearNo) {
  const auto r = RunCli({"compat", "--amt", "99"});
  EXPECT_EQ(r.exit_code, kExitFailure);
  EXPECT_THAT(r.out, HasSubstr("openscs with PSK: no\n"));
  EXPECT_THAT(r.out, HasSubstr("AMT 99.0 is newer than the version table"));
  EXPECT_THAT(r.out, HasSubstr("[version_unknown]"));
}

TEST(CompatCommand, WithoutMethodBothAreAnswered) {
  const auto r = RunCli({"compat", "--amt", "2.1"});
  EXPECT_EQ(r.exit_code, kExitOk) << r.out;
  EXPECT_THAT(r.out, HasSubstr("openscs with PSK: yes\n"));
  EXPECT_THAT(r.out, HasSubstr("openscs with PKI: no\n"));
  const auto j = Json({"compat", "--amt", "2.1"}, kExitOk);
  EXPECT_EQ(j["results"].size(), 2u);
  EXPECT_TRUE(j["works"].get<bool>());
}

TEST(CompatCommand, Usage) {
  EXPECT_EQ(RunCli({"compat"}).exit_code, kExitUsage);
  EXPECT_EQ(RunCli({"compat", "--amt", "3.0", "--method", "kerberos"}).exit_code, kExitUsage);
}

}  // namespace
}  // namespace openscs::cli
