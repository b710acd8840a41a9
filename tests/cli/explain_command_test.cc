// `openscs explain`: codes, PT_STATUS numbers and names, pasted text.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_testing.h"

namespace openscs::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::RunCli;

TEST(ExplainCommand, Code) {
  const auto r = RunCli({"explain", "pid_not_found"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_THAT(r.out, HasSubstr("pid_not_found: Hello's PID is not in the key store\n"));
  EXPECT_THAT(r.out, HasSubstr("kind: server\n"));
  EXPECT_THAT(r.out, HasSubstr("seed mode: 4 (AMT enabled, in Setup Mode for TLS-PSK)\n"));
  EXPECT_THAT(r.out, HasSubstr("Likely causes:\n  - the hello's PID is not in the key store"));
  EXPECT_THAT(r.out, HasSubstr("Fixes:\n  1. import the OEM's keys (`openscs keys import FILE`)"));
  EXPECT_THAT(r.out, HasSubstr("\n  2. "));
  EXPECT_THAT(r.out, Not(HasSubstr("Best match")));
  EXPECT_TRUE(r.err.empty());
}

TEST(ExplainCommand, EventShowsItsLevel) {
  const auto r = RunCli({"explain", "step_attempt_failed"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_THAT(r.out, HasSubstr("kind: event, logged at level warning\n"));
}

TEST(ExplainCommand, PtStatusByNumberAndName) {
  for (const char* what : {"0x80D", "2061", "80d", "PT_STATUS_PKI_GENERATING_KEYS"}) {
    const auto r = RunCli({"explain", what});
    ASSERT_EQ(r.exit_code, kExitOk) << what << r.err;
    EXPECT_THAT(r.out, HasSubstr("PT_STATUS_PKI_GENERATING_KEYS (0x80D, 2061): Generating keys: retry later\n"))
        << what;
  }
  const auto mode = RunCli({"explain", "PT_STATUS_INVALID_PT_MODE"});
  ASSERT_EQ(mode.exit_code, kExitOk);
  EXPECT_THAT(mode.out, HasSubstr("(0x3, 3): Not allowed in the current mode"));
}

TEST(ExplainCommand, PastedLogLine) {
  const auto r =
      RunCli({"explain", "failed to find PID mapping for PID 0000-037M (UUID 4c4c4544-004b-4210-8033-b6c04f504633)"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Best match for 'failed to find PID mapping"));
  EXPECT_THAT(r.out, HasSubstr("pid_not_found: Hello's PID is not in the key store"));
}

TEST(ExplainCommand, SeveralWordsAreOneText) {
  const auto r = RunCli({"explain", "Hello", "Packet", "Mode", "disabled"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_THAT(r.out, HasSubstr("hello_window_closed: Hello window closed"));
  EXPECT_THAT(r.out, HasSubstr("seed mode: 6"));
}

TEST(ExplainCommand, OtherMatchesAreListed) {
  const auto r = RunCli({"explain", "certificate thumbprint mismatch"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Also possible:\n"));
  EXPECT_THAT(r.out, HasSubstr("(openscs explain pki_"));
}

TEST(ExplainCommand, UnknownExitsOneWithClosestCodes) {
  const auto r = RunCli({"explain", "pid_not_fund"});
  EXPECT_EQ(r.exit_code, kExitFailure);
  EXPECT_THAT(r.err, HasSubstr("error: no entry for 'pid_not_fund'\n"));
  EXPECT_THAT(r.err, HasSubstr("closest codes:\n  pid_not_found: "));
  EXPECT_TRUE(r.out.empty());
}

TEST(ExplainCommand, Json) {
  const auto r = RunCli({"explain", "0x80D", "--json"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j["found"].get<bool>());
  EXPECT_TRUE(j["exact"].get<bool>());
  ASSERT_EQ(j["matches"].size(), 1u);
  EXPECT_EQ(j["matches"][0]["code"], "PT_STATUS_PKI_GENERATING_KEYS");
  EXPECT_EQ(j["matches"][0]["kind"], "pt_status");
  EXPECT_EQ(j["matches"][0]["value"], "0x80D");
  EXPECT_EQ(j["matches"][0]["value_decimal"], 2061);
  EXPECT_FALSE(j["matches"][0]["fixes"].empty());

  const auto unknown = RunCli({"explain", "--json", "zzqx"});
  EXPECT_EQ(unknown.exit_code, kExitFailure);
  const auto u = nlohmann::json::parse(unknown.out);
  EXPECT_FALSE(u["found"].get<bool>());
  EXPECT_EQ(u["closest"].size(), 3u);
}

TEST(ExplainCommand, NeedsSomethingToExplain) { EXPECT_EQ(RunCli({"explain"}).exit_code, kExitUsage); }

}  // namespace
}  // namespace openscs::cli
