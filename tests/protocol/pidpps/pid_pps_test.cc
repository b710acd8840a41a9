#include "protocol/pidpps/pid_pps.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <set>
#include <string>

#include "base/hex.h"
#include "tests/support/seeded_random.h"

namespace openscs::pidpps {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kIntelPid = "0000-037M";
constexpr std::string_view kIntelPidCompact = "0000037M";
constexpr std::string_view kIntelPps = "NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XJ";
constexpr std::string_view kIntelPpsCompact = "NKLDG5DCRRNQE9YZZIJL7LFLVJED69XJ";

// A different key character than `c`, for typo simulations.
char Other(char c) { return c == 'A' ? 'B' : 'A'; }

std::string ErrorOf(const base::Result<Pid>& r) { return r ? "<accepted>" : r.error().message(); }
std::string ErrorOf(const base::Result<Pps>& r) { return r ? "<accepted>" : r.error().message(); }

// The message must not contain any 4-character group of the PPS as given or
// as intended: a PPS never appears in error text, not even in part.
void ExpectNoGroupOf(const std::string& message, std::string_view compact) {
  for (size_t g = 0; g + kGroupLength <= compact.size(); g += kGroupLength) {
    EXPECT_THAT(message, Not(HasSubstr(std::string(compact.substr(g, kGroupLength))))) << "group " << g / 4 + 1;
  }
}

TEST(CheckCharacter, IntelExample) {
  // 5 x '0' (48) + '3' (51) + '7' (55) = 346; 346 mod 36 = 22 -> 'A' + 12 = 'M'.
  EXPECT_EQ(CheckCharacter("0000037"), 'M');
  const std::array<std::string_view, 8> groups = {"NKLD", "G5DC", "RRNQ", "E9YZ", "ZIJL", "7LFL", "VJED", "69XJ"};
  for (std::string_view g : groups) EXPECT_EQ(CheckCharacter(g.substr(0, 3)), g[3]) << g;
}

TEST(CheckCharacter, MapsZeroToNineAndTenToThirtyFive) {
  EXPECT_EQ(CheckCharacter(""), '0');
  EXPECT_EQ(CheckCharacter("$"), '0');  // 36 mod 36 = 0
  EXPECT_EQ(CheckCharacter("-"), '9');  // 45 mod 36 = 9
  EXPECT_EQ(CheckCharacter("."), 'A');  // 46 mod 36 = 10
  EXPECT_EQ(CheckCharacter("#"), 'Z');  // 35
}

TEST(Pid, IntelExampleValidatesDashedAndCompact) {
  auto dashed = Pid::Parse(kIntelPid);
  ASSERT_TRUE(dashed) << dashed.error().ToString();
  EXPECT_EQ(dashed->compact(), kIntelPidCompact);
  EXPECT_EQ(dashed->display(), "0000-037M");
  auto compact = Pid::Parse(kIntelPidCompact);
  ASSERT_TRUE(compact) << compact.error().ToString();
  EXPECT_EQ(*compact, *dashed);
}

TEST(Pid, LowerCaseIsUpperCased) {
  auto lower = Pid::Parse("abcd-efgx");
  ASSERT_FALSE(lower);  // check fails, but the message shows the upper-cased form
  EXPECT_THAT(ErrorOf(lower), HasSubstr("PID ABCD-EFGX"));
  auto ok = Pid::Parse("0000-037m");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->compact(), kIntelPidCompact);
}

TEST(Pid, EverySingleCharacterChangeFailsNamingTheCheckGroup) {
  for (size_t i = 0; i < kIntelPidCompact.size(); ++i) {
    std::string typo(kIntelPidCompact);
    typo[i] = Other(typo[i]);
    const auto r = Pid::Parse(typo);
    ASSERT_FALSE(r) << "position " << i;
    EXPECT_EQ(r.error().code(), base::StatusCode::kInvalidArgument);
    // The check spans both groups; it lives at group 2, character 4.
    EXPECT_THAT(r.error().message(), HasSubstr("check character (group 2, character 4)")) << "position " << i;
    EXPECT_THAT(r.error().message(), HasSubstr("PID " + typo.substr(0, 4) + "-" + typo.substr(4)));
  }
  EXPECT_EQ(ErrorOf(Pid::Parse("0000-037N")),
            "PID 0000-037N: check character (group 2, character 4) is 'N', expected 'M' (a typo?)");
}

TEST(Pid, WrongLength) {
  EXPECT_EQ(ErrorOf(Pid::Parse("0000-037")), "PID must be 8 characters (9 with dashes), got 7 plus 1 dash(es)");
  EXPECT_EQ(ErrorOf(Pid::Parse("0000037MM")), "PID must be 8 characters (9 with dashes), got 9");
  EXPECT_EQ(ErrorOf(Pid::Parse("")), "PID must be 8 characters (9 with dashes), got 0");
  EXPECT_FALSE(Pid::Parse("0000-037M "));
}

TEST(Pid, BadCharacterNamesGroupPositionAndCharacter) {
  EXPECT_EQ(ErrorOf(Pid::Parse("0000+37M")), "PID group 2, character 1 ('+') is not A-Z or 0-9");
  EXPECT_EQ(ErrorOf(Pid::Parse("0000-0+7M")), "PID group 2, character 2 ('+') is not A-Z or 0-9");
  // Non-printable bytes are shown as hex, never raw.
  EXPECT_EQ(ErrorOf(Pid::Parse(std::string_view("00\n0037M"))), "PID group 1, character 3 (0x0A) is not A-Z or 0-9");
  constexpr char kWithNul[] = {'0', '0', '\0', '0', '0', '3', '7', 'M'};
  EXPECT_EQ(ErrorOf(Pid::Parse(std::string_view(kWithNul, sizeof kWithNul))),
            "PID group 1, character 3 (0x00) is not A-Z or 0-9");
}

TEST(Pid, MisplacedDash) {
  EXPECT_EQ(ErrorOf(Pid::Parse("000-0037M")),
            "PID: misplaced '-' at position 4 (a dash may only separate groups of 4)");
  EXPECT_THAT(ErrorOf(Pid::Parse("00000-37M")), HasSubstr("misplaced '-' at position 6"));
  EXPECT_THAT(ErrorOf(Pid::Parse("-0000037M")), HasSubstr("misplaced '-' at position 1"));
  EXPECT_THAT(ErrorOf(Pid::Parse("0000037M-")), HasSubstr("misplaced '-' at position 9"));
  EXPECT_THAT(ErrorOf(Pid::Parse("0000--037M")), HasSubstr("misplaced '-' at position 6"));
}

TEST(Pid, FromWireAcceptsIntelExample) {
  const auto bytes = base::AsBytes(kIntelPidCompact);
  auto pid = Pid::FromWire(bytes.first<kPidLength>());
  ASSERT_TRUE(pid) << pid.error().ToString();
  EXPECT_EQ(*pid, Pid::Parse(kIntelPid).value());
}

TEST(Pid, FromWireRefusesLowerCaseAndDashes) {
  const auto lower = base::AsBytes("0000037m");
  EXPECT_EQ(ErrorOf(Pid::FromWire(lower.first<kPidLength>())), "PID group 2, character 4 ('m') is not A-Z or 0-9");
  const auto dashed = base::AsBytes("0000-037");
  EXPECT_THAT(ErrorOf(Pid::FromWire(dashed.first<kPidLength>())), HasSubstr("('-') is not A-Z or 0-9"));
}

TEST(Pid, AlphabetAndCheckAreSeparateSteps) {
  // What a hello decoder needs: a bad alphabet and a bad check are
  // distinguishable before a Pid exists.
  EXPECT_TRUE(ValidatePidAlphabet("0000037M").ok());
  EXPECT_TRUE(ValidatePidAlphabet("0000037N").ok());
  EXPECT_FALSE(ValidatePidCheckCharacter("0000037N").ok());
  EXPECT_TRUE(ValidatePidCheckCharacter("0000037M").ok());
  EXPECT_EQ(ValidatePidAlphabet("0000037").message(), "PID must be 8 characters, got 7");
  EXPECT_EQ(ValidatePidAlphabet("0000 37M").message(), "PID group 2, character 1 (0x20) is not A-Z or 0-9");
  EXPECT_EQ(ValidatePidCheckCharacter("0000037").message(), "PID must be 8 characters, got 7");
  // A non-alphabet check byte is still described safely.
  EXPECT_THAT(ValidatePidCheckCharacter(std::string_view("0000037\x1b", 8)).message(), HasSubstr("is 0x1B"));
}

TEST(Pps, IntelExampleValidatesDashedAndCompact) {
  auto dashed = Pps::Parse(kIntelPps);
  ASSERT_TRUE(dashed) << dashed.error().ToString();
  EXPECT_EQ(dashed->compact(), kIntelPpsCompact);
  auto compact = Pps::Parse(kIntelPpsCompact);
  ASSERT_TRUE(compact) << compact.error().ToString();
  EXPECT_EQ(*compact, *dashed);
}

TEST(Pps, LowerCaseIsUpperCased) {
  auto lower = Pps::Parse("nkld-g5dc-rrnq-e9yz-zijl-7lfl-vjed-69xj");
  ASSERT_TRUE(lower) << lower.error().ToString();
  EXPECT_EQ(lower->compact(), kIntelPpsCompact);
}

TEST(Pps, EachBoundaryMayOrMayNotHaveADash) {
  auto mixed = Pps::Parse("NKLDG5DC-RRNQ-E9YZZIJL-7LFL-VJED69XJ");
  ASSERT_TRUE(mixed) << mixed.error().ToString();
  EXPECT_EQ(mixed->compact(), kIntelPpsCompact);
}

TEST(Pps, DisplayFormatIsExact) {
  const Pps pps = Pps::Parse(kIntelPpsCompact).value();
  EXPECT_EQ(pps.display(), kIntelPps);
  EXPECT_EQ(pps.display().size(), kPpsDisplayLength);
  EXPECT_EQ(Pid::Parse(kIntelPidCompact)->display().size(), kPidDisplayLength);
  EXPECT_EQ(pps.Redacted(), "NKLD-****-****-****-****-****-****-****");
}

TEST(Pps, EverySingleCharacterChangeFailsNamingItsGroup) {
  for (size_t i = 0; i < kIntelPpsCompact.size(); ++i) {
    std::string typo(kIntelPpsCompact);
    typo[i] = Other(typo[i]);
    const auto r = Pps::Parse(typo);
    ASSERT_FALSE(r) << "position " << i;
    EXPECT_EQ(r.error().code(), base::StatusCode::kInvalidArgument);
    EXPECT_EQ(r.error().message(), "PPS group " + std::to_string(i / kGroupLength + 1) +
                                       " fails its check character (a typo in that group?)");
  }
}

TEST(Pps, SeveralBadGroupsAreAllNamed) {
  std::string typo(kIntelPpsCompact);
  typo[9] = Other(typo[9]);    // group 3
  typo[20] = Other(typo[20]);  // group 6
  EXPECT_EQ(ErrorOf(Pps::Parse(typo)), "PPS groups 3, 6 fail their check characters (typos in those groups?)");
}

TEST(Pps, ErrorsNeverContainTheKey) {
  std::vector<std::string> bad;
  for (size_t i = 0; i < kIntelPpsCompact.size(); ++i) {
    std::string typo(kIntelPpsCompact);
    typo[i] = Other(typo[i]);
    bad.push_back(typo);
    std::string not_a_char(kIntelPpsCompact);
    not_a_char[i] = '!';
    bad.push_back(not_a_char);
  }
  bad.push_back(std::string(kIntelPps) + "A");
  bad.push_back(std::string(kIntelPps.substr(0, 3)) + "-" + std::string(kIntelPps.substr(3)));
  bad.push_back("nkld-g5dc-rrnq-e9yz-zijl-7lfl-vjed-69xk");
  for (const std::string& text : bad) {
    const std::string message = ErrorOf(Pps::Parse(text));
    ASSERT_NE(message, "<accepted>") << "input #" << &text - bad.data();
    ExpectNoGroupOf(message, kIntelPpsCompact);
    std::string upper;
    for (char c : text) {
      if (c != '-') upper.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
    }
    ExpectNoGroupOf(message, upper);
    EXPECT_THAT(message, Not(ContainsRegex("'[A-Za-z0-9!]'"))) << message;  // no quoted characters
  }
}

TEST(Pps, WrongLength) {
  EXPECT_EQ(ErrorOf(Pps::Parse("NKLD-G5DC")), "PPS must be 32 characters (39 with dashes), got 8 plus 1 dash(es)");
  EXPECT_EQ(ErrorOf(Pps::Parse(std::string(kIntelPpsCompact) + "A")),
            "PPS must be 32 characters (39 with dashes), got 33");
}

TEST(Pps, BadCharacterNamesGroupAndPositionOnly) {
  EXPECT_EQ(ErrorOf(Pps::Parse("NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69X!")),
            "PPS group 8, character 4 is not A-Z or 0-9");
  EXPECT_EQ(ErrorOf(Pps::Parse("NKLDG5DCRRNQ E9YZZIJL7LFLVJED69XJ")),
            "PPS must be 32 characters (39 with dashes), got 33");
  EXPECT_EQ(ErrorOf(Pps::Parse("NKLDG5DCRRN E9YZZIJL7LFLVJED69XJ")), "PPS group 3, character 4 is not A-Z or 0-9");
}

TEST(Pps, MisplacedDash) {
  EXPECT_EQ(ErrorOf(Pps::Parse("NKL-DG5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XJ")),
            "PPS: misplaced '-' at position 4 (a dash may only separate groups of 4)");
  EXPECT_THAT(ErrorOf(Pps::Parse("NKLD--G5DCRRNQE9YZZIJL7LFLVJED69XJ")), HasSubstr("misplaced '-' at position 6"));
  EXPECT_THAT(ErrorOf(Pps::Parse(std::string(kIntelPps) + "-")), HasSubstr("misplaced '-' at position 40"));
}

TEST(Generate, SeededPairsAreValidAndDistinct) {
  const auto random = openscs::testing::SeededRandom(42);
  std::set<std::string> pids;
  std::set<std::string> ppss;
  for (int i = 0; i < 1000; ++i) {
    const Pair p = Generate(random);
    ASSERT_TRUE(Pid::Parse(p.pid.display())) << p.pid.display();
    ASSERT_TRUE(Pps::Parse(p.pps.display()));
    ASSERT_TRUE(ValidatePidAlphabet(p.pid.compact()).ok());
    pids.insert(std::string(p.pid.compact()));
    ppss.insert(std::string(p.pps.compact()));
  }
  EXPECT_EQ(pids.size(), 1000u);
  EXPECT_EQ(ppss.size(), 1000u);
}

TEST(Generate, SameSeedSamePairs) {
  const auto a = openscs::testing::SeededRandom(7);
  const auto b = openscs::testing::SeededRandom(7);
  const Pair x = Generate(a);
  const Pair y = Generate(b);
  EXPECT_EQ(x.pid, y.pid);
  EXPECT_EQ(x.pps, y.pps);
  EXPECT_NE(Generate(a).pps, x.pps);
}

TEST(Generate, RejectsBytesThatWouldBiasTheAlphabet) {
  // 252..255 must be skipped; 0 -> 'A' and 251 (mod 36 = 35) -> '9'. Were
  // 252 taken, it would map to 'A' + 0 again (252 mod 36 = 0) and 255 to '3'.
  const base::RandomSource source = [](std::span<std::byte> out) {
    static constexpr std::array<unsigned, 4> kCycle = {255, 0, 252, 251};
    for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<std::byte>(kCycle[i % kCycle.size()]);
  };
  const Pair p = Generate(source);
  EXPECT_EQ(p.pid.compact().substr(0, 7), "A9A9A9A");
  for (size_t g = 0; g < kPpsLength; g += kGroupLength) {
    for (size_t k = 0; k + 1 < kGroupLength; ++k) {
      const char c = p.pps.compact()[g + k];
      EXPECT_TRUE(c == 'A' || c == '9') << "PPS index " << g + k << " is " << c;
    }
  }
}

TEST(Generate, UsesTheWholeAlphabetRoughlyEvenly) {
  const auto random = openscs::testing::SeededRandom(3);
  std::array<int, 36> counts{};
  int total = 0;
  for (int i = 0; i < 2000; ++i) {
    const Pair pair = Generate(random);
    for (size_t g = 0; g < kPpsLength; g += kGroupLength) {
      for (size_t k = 0; k + 1 < kGroupLength; ++k) {
        ++counts[kAlphabet.find(pair.pps.compact()[g + k])];
        ++total;
      }
    }
  }
  // 48000 draws, 1333 expected per character; a deterministic seed, with a
  // wide margin rather than a statistical test.
  for (size_t c = 0; c < counts.size(); ++c) {
    EXPECT_GT(counts[c], total / 36 * 8 / 10) << kAlphabet[c];
    EXPECT_LT(counts[c], total / 36 * 12 / 10) << kAlphabet[c];
  }
}

TEST(DeriveTlsPsk, IntelExample) {
  const auto psk = DeriveTlsPsk(Pid::Parse(kIntelPid).value(), Pps::Parse(kIntelPps).value());
  EXPECT_EQ(psk.identity, "0000037M");
  EXPECT_EQ(psk.key, "NKLDG5DCRRNQE9YZZIJL7LFLVJED69XJ");
  EXPECT_EQ(psk.key.size(), kPpsLength);  // RFC 4279: the 68-byte pre-master secret uses N = 32
}

TEST(DeriveTlsPsk, IsIndependentOfInputForm) {
  const auto a =
      DeriveTlsPsk(Pid::Parse("0000-037m").value(), Pps::Parse("nkld-g5dc-rrnq-e9yz-zijl-7lfl-vjed-69xj").value());
  const auto b = DeriveTlsPsk(Pid::Parse(kIntelPidCompact).value(), Pps::Parse(kIntelPpsCompact).value());
  EXPECT_EQ(a.identity, b.identity);
  EXPECT_EQ(a.key, b.key);
}

}  // namespace
}  // namespace openscs::pidpps
