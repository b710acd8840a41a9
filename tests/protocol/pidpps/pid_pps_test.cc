#include "protocol/pidpps/pid_pps.h"

#include <gtest/gtest.h>

#include "tests/support/seeded_random.h"

#include <set>

namespace openscs::pidpps {
namespace {

constexpr std::string_view kIntelPid = "0000-037M";
constexpr std::string_view kIntelPps = "NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XJ";

// A different key character than `c`, for typo simulations.
char Other(char c) { return c == 'A' ? 'B' : 'A'; }

TEST(CheckCharacter, IntelExample) {
  // '0'+'0'+'0'+'0'+'0'+'3'+'7' = 7*48 + 3 + 7 = 346; 346 mod 36 = 22 -> 'M'.
  EXPECT_EQ(CheckCharacter("0000037"), 'M');
  EXPECT_EQ(CheckCharacter("NKL"), 'D');
  EXPECT_EQ(CheckCharacter("69X"), 'J');
}

TEST(Pid, IntelExampleValidatesDashedAndCompact) {
  auto dashed = Pid::Parse(kIntelPid);
  ASSERT_TRUE(dashed) << dashed.error().ToString();
  EXPECT_EQ(dashed->compact(), "0000037M");
  EXPECT_EQ(dashed->display(), "0000-037M");
  auto compact = Pid::Parse("0000037M");
  ASSERT_TRUE(compact);
  EXPECT_EQ(*compact, *dashed);
  auto lower = Pid::Parse("0000-037m");
  ASSERT_TRUE(lower);
  EXPECT_EQ(lower->compact(), "0000037M");
}

TEST(Pps, IntelExampleValidatesDashedAndCompact) {
  auto dashed = Pps::Parse(kIntelPps);
  ASSERT_TRUE(dashed) << dashed.error().ToString();
  EXPECT_EQ(dashed->compact(), "NKLDG5DCRRNQE9YZZIJL7LFLVJED69XJ");
  EXPECT_EQ(dashed->display(), kIntelPps);
  auto compact = Pps::Parse("NKLDG5DCRRNQE9YZZIJL7LFLVJED69XJ");
  ASSERT_TRUE(compact);
  EXPECT_EQ(*compact, *dashed);
  EXPECT_EQ(dashed->Redacted(), "NKLD-****-****-****-****-****-****-****");
}

TEST(Pps, EverySingleCharacterTypoFailsNamingItsGroup) {
  const std::string compact = "NKLDG5DCRRNQE9YZZIJL7LFLVJED69XJ";
  for (size_t i = 0; i < compact.size(); ++i) {
    std::string typo = compact;
    typo[i] = Other(typo[i]);
    auto r = Pps::Parse(typo);
    ASSERT_FALSE(r) << "position " << i;
    EXPECT_NE(r.error().message().find("group " + std::to_string(i / 4 + 1) + " "), std::string::npos)
        << r.error().message();
  }
}

TEST(Pid, EverySingleCharacterTypoFails) {
  const std::string compact = "0000037M";
  for (size_t i = 0; i < compact.size(); ++i) {
    std::string typo = compact;
    typo[i] = Other(typo[i]);
    auto r = Pid::Parse(typo);
    ASSERT_FALSE(r) << "position " << i;
    EXPECT_NE(r.error().message().find("check character"), std::string::npos);
  }
}

TEST(Pps, ErrorsNeverContainTheKey) {
  const std::string compact = "NKLDG5DCRRNQE9YZZIJL7LFLVJED69XJ";
  for (size_t i = 0; i < compact.size(); ++i) {
    std::string typo = compact;
    typo[i] = Other(typo[i]);
    const std::string message = Pps::Parse(typo).error().message();
    for (size_t g = 0; g < 8; ++g) {
      EXPECT_EQ(message.find(typo.substr(g * 4, 4)), std::string::npos) << message;
      EXPECT_EQ(message.find(compact.substr(g * 4, 4)), std::string::npos) << message;
    }
  }
  const std::string bad_char = Pps::Parse("NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69X!").error().message();
  EXPECT_NE(bad_char.find("group 8: character 4"), std::string::npos) << bad_char;
  EXPECT_EQ(bad_char.find("69X"), std::string::npos);
}

TEST(Pid, WrongLength) {
  EXPECT_NE(Pid::Parse("0000-037").error().message().find("8 characters (9 with dashes), got 8"), std::string::npos);
  EXPECT_FALSE(Pid::Parse(""));
  EXPECT_FALSE(Pid::Parse("0000037MM"));
}

TEST(Pps, WrongLength) {
  EXPECT_NE(Pps::Parse("NKLD-G5DC").error().message().find("32 characters (39 with dashes)"), std::string::npos);
}

TEST(Pid, BadCharacter) {
  EXPECT_NE(Pid::Parse("0000+37M").error().message().find("character 5 ('+')"), std::string::npos);
  EXPECT_NE(Pid::Parse("0000-0+7M").error().message().find("character 6 ('+')"), std::string::npos);
}

TEST(Pid, MisplacedDash) {
  EXPECT_NE(Pid::Parse("000-0037M").error().message().find("misplaced '-' at position 4"), std::string::npos);
  EXPECT_NE(Pid::Parse("00000-37M").error().message().find("expected '-' after group 1"), std::string::npos);
}

TEST(Pps, MisplacedDash) {
  EXPECT_FALSE(Pps::Parse("NKL-DG5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XJ"));
}

TEST(Generate, SeededPairsAreValidAndDistinct) {
  auto random = openscs::testing::SeededRandom(42);
  std::set<std::string> pids;
  std::set<std::string> ppss;
  for (int i = 0; i < 1000; ++i) {
    Pair p = Generate(random);
    ASSERT_TRUE(Pid::Parse(p.pid.compact())) << p.pid.display();
    ASSERT_TRUE(Pps::Parse(p.pps.compact()));
    pids.insert(std::string(p.pid.compact()));
    ppss.insert(std::string(p.pps.compact()));
  }
  EXPECT_EQ(pids.size(), 1000u);
  EXPECT_EQ(ppss.size(), 1000u);
}

TEST(Generate, SameSeedSamePairs) {
  auto a = openscs::testing::SeededRandom(7);
  auto b = openscs::testing::SeededRandom(7);
  EXPECT_EQ(Generate(a).pps, Generate(b).pps);
}

TEST(Generate, UsesTheWholeAlphabet) {
  auto random = openscs::testing::SeededRandom(3);
  std::set<char> seen;
  for (int i = 0; i < 200; ++i) {
    const Pair pair = Generate(random);
    for (char c : pair.pps.compact()) seen.insert(c);
  }
  EXPECT_EQ(seen.size(), 36u);
}

TEST(DeriveTlsPsk, IntelExample) {
  auto psk = DeriveTlsPsk(Pid::Parse(kIntelPid).value(), Pps::Parse(kIntelPps).value());
  EXPECT_EQ(psk.identity, "0000037M");
  EXPECT_EQ(psk.key, "NKLDG5DCRRNQE9YZZIJL7LFLVJED69XJ");
}

}  // namespace
}  // namespace openscs::pidpps
