#include "protocol/pidpps/key_csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace openscs::pidpps {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kPps = "NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XJ";

std::string ErrorOf(const base::Result<std::vector<KeyCsvRow>>& r) { return r ? "<accepted>" : r.error().message(); }

TEST(KeyCsv, ReadsTheTwoColumnForm) {
  auto rows = ParseKeyCsv("pid,pps\r\n# a comment\n\n0000-037M, " + std::string(kPps) + " \r\n");
  ASSERT_TRUE(rows) << rows.error().ToString();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].pair.pid.compact(), "0000037M");
  EXPECT_EQ((*rows)[0].pair.pps.display(), kPps);
  EXPECT_EQ((*rows)[0].mebx_password, "");
}

TEST(KeyCsv, ReadsTheThreeColumnFormWithOrWithoutAPassword) {
  auto rows = ParseKeyCsv("pid,pps,mebx_password\n0000-037M," + std::string(kPps) + ",Sim-0001!a1\n0000037M," +
                          std::string(kPps) + ",\n");
  ASSERT_TRUE(rows) << rows.error().ToString();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].mebx_password, "Sim-0001!a1");
  EXPECT_EQ((*rows)[1].mebx_password, "");
}

TEST(KeyCsv, AHeaderIsOptionalAndAPasswordKeepsItsSpaces) {
  auto rows = ParseKeyCsv("0000-037M," + std::string(kPps) + ",P@ss w0rd \n");
  ASSERT_TRUE(rows) << rows.error().ToString();
  EXPECT_EQ((*rows)[0].mebx_password, "P@ss w0rd ");
}

TEST(KeyCsv, FormatsBothFormsAndReadsThemBack) {
  auto pps = Pps::Parse(kPps);
  auto pid = Pid::Parse("0000-037M");
  ASSERT_TRUE(pps && pid);
  const std::vector<Pair> pairs = {{*pid, *pps}};
  EXPECT_EQ(FormatKeyCsv(pairs), "pid,pps\n0000-037M," + std::string(kPps) + "\n");
  const std::vector<KeyCsvRow> rows = {{{*pid, *pps}, "Sim-0001!a1"}, {{*pid, *pps}, ""}};
  const std::string text = FormatKeyCsv(rows);
  EXPECT_EQ(text, "pid,pps,mebx_password\n0000-037M," + std::string(kPps) + ",Sim-0001!a1\n0000-037M," +
                      std::string(kPps) + ",\n");
  auto back = ParseKeyCsv(text);
  ASSERT_TRUE(back) << back.error().ToString();
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[0].mebx_password, "Sim-0001!a1");
  EXPECT_EQ((*back)[1].pair.pps, *pps);
}

TEST(KeyCsv, ErrorsNameTheLineAndHideThePps) {
  auto r = ParseKeyCsv("pid,pps\n0000-037M," + std::string(kPps) +
                       "\n0000-037M,NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XK\n");
  EXPECT_THAT(ErrorOf(r), HasSubstr("keys CSV line 3: PPS group 8"));
  EXPECT_THAT(ErrorOf(r), Not(HasSubstr("69XK")));
  EXPECT_THAT(ErrorOf(ParseKeyCsv("pid,pps\n")), HasSubstr("no PID/PPS pairs"));
  EXPECT_THAT(ErrorOf(ParseKeyCsv("0000-037M\n")), HasSubstr("line 1: expected 'PID,PPS'"));
}

TEST(KeyCsv, AWeakOrExtraPasswordFieldIsRefusedWithoutEchoingIt) {
  auto weak = ParseKeyCsv("pid,pps,mebx_password\n0000-037M," + std::string(kPps) + ",password1\n");
  EXPECT_THAT(ErrorOf(weak), HasSubstr("keys CSV line 2: MEBx password"));
  EXPECT_THAT(ErrorOf(weak), Not(HasSubstr("password1")));
  auto extra = ParseKeyCsv("0000-037M," + std::string(kPps) + ",Sim-0001!a1,Secret-Extra1\n");
  EXPECT_THAT(ErrorOf(extra), HasSubstr("line 1: expected 'PID,PPS' or 'PID,PPS,MEBX_PASSWORD', got 4 field(s)"));
  EXPECT_THAT(ErrorOf(extra), Not(HasSubstr("Secret")));
  EXPECT_THAT(ErrorOf(extra), Not(HasSubstr("NKLD")));
}

}  // namespace
}  // namespace openscs::pidpps
