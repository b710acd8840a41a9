#include "kb/kb.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kb/embedded.h"
#include "kb/text.h"

namespace openscs::kb {
namespace {

using ::testing::HasSubstr;

constexpr std::string_view kMinimal = R"({"format": 1, "entries": [
  {"code": "a_code", "kind": "server", "title": "A", "meaning": "M.", "causes": ["c"], "fixes": ["f"],
   "aliases": ["some alias"], "see_also": []}
]})";

std::string LoadError(std::vector<SourceFile> files) {
  auto kb = KnowledgeBase::Load(files);
  return kb ? std::string("loaded") : kb.error().message();
}

std::string EntryJson(std::string_view fields) {
  return std::string(R"({"format": 1, "entries": [{)") + std::string(fields) + "}]}";
}

std::vector<std::string> Codes(const std::vector<Match>& matches) {
  std::vector<std::string> out;
  for (const auto& m : matches) out.push_back(m.entry->code);
  return out;
}

TEST(KbLoad, BuiltinFilesAreEmbeddedAndValid) {
  ASSERT_TRUE(EmbeddedText("errors.json").has_value());
  ASSERT_TRUE(EmbeddedText("pt_status.json").has_value());
  ASSERT_TRUE(EmbeddedText("compat.json").has_value());
  EXPECT_FALSE(EmbeddedText("nothing.json").has_value());
  ASSERT_TRUE(BuiltinStatus().ok()) << BuiltinStatus().message();
  EXPECT_GT(Builtin().entries().size(), 100u);
}

TEST(KbLoad, EachFileHoldsItsKinds) {
  for (const auto& e : Builtin().entries()) {
    if (e.file == "pt_status.json") {
      EXPECT_EQ(e.kind, Kind::kPtStatus) << e.code;
      EXPECT_TRUE(e.value.has_value()) << e.code;
    } else {
      EXPECT_EQ(e.file, "errors.json");
      EXPECT_NE(e.kind, Kind::kPtStatus) << e.code;
    }
    EXPECT_EQ(e.kind == Kind::kEvent, !e.level.empty()) << e.code;
  }
}

TEST(KbLoad, MinimalFileLoads) {
  auto kb = KnowledgeBase::Load(std::vector<SourceFile>{{"a.json", kMinimal}});
  ASSERT_TRUE(kb) << kb.error().message();
  ASSERT_EQ(kb->entries().size(), 1u);
  EXPECT_EQ(kb->entries()[0].file, "a.json");
  EXPECT_EQ(kb->entries()[0].kind, Kind::kServer);
}

TEST(KbLoad, DuplicateCodeAcrossFilesNamesFileAndCode) {
  EXPECT_THAT(LoadError({{"a.json", kMinimal}, {"b.json", kMinimal}}), HasSubstr("b.json: a_code: code used twice"));
}

TEST(KbLoad, MissingFieldNamesFileAndCode) {
  const std::string j = EntryJson(R"("code": "x_y", "kind": "server", "title": "T", "meaning": "M.",
                                     "causes": [], "aliases": [], "see_also": [])");
  EXPECT_THAT(LoadError({{"errors.json", j}}), HasSubstr("errors.json: x_y: missing field 'fixes'"));
}

TEST(KbLoad, EntryWithoutCodeIsNamedByIndex) {
  const std::string j = EntryJson(R"("kind": "server", "title": "T", "meaning": "M.", "causes": [], "fixes": [],
                                     "aliases": [], "see_also": [])");
  EXPECT_THAT(LoadError({{"errors.json", j}}), HasSubstr("errors.json: entry 0: missing field 'code'"));
}

TEST(KbLoad, RejectsWrongKindsLevelsAndFields) {
  const std::string base = R"("title": "T", "meaning": "M.", "causes": [], "fixes": [], "aliases": [], "see_also": [])";
  EXPECT_THAT(LoadError({{"f", EntryJson(R"("code": "a", "kind": "bogus", )" + base)}}),
              HasSubstr("f: a: kind 'bogus'"));
  EXPECT_THAT(LoadError({{"f", EntryJson(R"("code": "a", "kind": "event", )" + base)}}),
              HasSubstr("f: a: missing field 'level'"));
  EXPECT_THAT(LoadError({{"f", EntryJson(R"("code": "a", "kind": "event", "level": "loud", )" + base)}}),
              HasSubstr("level 'loud'"));
  EXPECT_THAT(LoadError({{"f", EntryJson(R"("code": "a", "kind": "cause", "seedmode": 2, )" + base)}}),
              HasSubstr("f: a: unknown field 'seedmode'"));
  EXPECT_THAT(LoadError({{"f", EntryJson(R"("code": "a", "kind": "cause", "seed_mode": 7, )" + base)}}),
              HasSubstr("seed_mode must be 1 to 6"));
  EXPECT_THAT(LoadError({{"f", EntryJson(R"("code": "Upper", "kind": "cause", )" + base)}}),
              HasSubstr("lower-case snake_case"));
  EXPECT_THAT(LoadError({{"f", EntryJson(R"("code": "PT_X", "kind": "pt_status", )" + base)}}),
              HasSubstr("f: PT_X: missing field 'value'"));
  EXPECT_THAT(LoadError({{"f", "{not json"}}), HasSubstr("f: file: not valid JSON"));
}

TEST(KbLoad, RejectsPeriodsDanglingSeeAlsoAndDuplicateValues) {
  EXPECT_THAT(LoadError({{"f", EntryJson(R"("code": "a", "kind": "cause", "title": "T", "meaning": "M.",
      "causes": [], "fixes": ["do this."], "aliases": [], "see_also": [])")}}),
              HasSubstr("f: a: 'fixes' item ends with a period"));
  EXPECT_THAT(LoadError({{"f", EntryJson(R"("code": "a", "kind": "cause", "title": "T", "meaning": "M.",
      "causes": [], "fixes": [], "aliases": [], "see_also": ["nowhere"])")}}),
              HasSubstr("f: a: see_also 'nowhere' is no entry"));
  const std::string two = R"({"format": 1, "entries": [
    {"code": "PT_A", "kind": "pt_status", "value": "0x10", "title": "T", "meaning": "M.", "causes": [], "fixes": [], "aliases": [], "see_also": []},
    {"code": "PT_B", "kind": "pt_status", "value": "0x010", "title": "T", "meaning": "M.", "causes": [], "fixes": [], "aliases": [], "see_also": []}]})";
  EXPECT_THAT(LoadError({{"f", two}}), HasSubstr("f: PT_B: value 0x10 used twice"));
}

TEST(KbFind, Codes) {
  const Entry* e = Find("pid_not_found");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->kind, Kind::kServer);
  EXPECT_EQ(e->seed_mode, 4);
  EXPECT_EQ(Find("PID_NOT_FOUND"), e);
  EXPECT_EQ(Find("  pid_not_found\n"), e);
  EXPECT_EQ(Find("hello_received")->level, "info");
  EXPECT_EQ(Find("version_no_psk")->kind, Kind::kCause);
  EXPECT_EQ(Find("tls_psk_mismatch")->kind, Kind::kOutcome);
  EXPECT_EQ(Find("no_such_code"), nullptr);
  EXPECT_EQ(Find(""), nullptr);
}

TEST(KbFind, PtStatusByNumberAndName) {
  const Entry* keys = Find("0x80D");
  ASSERT_NE(keys, nullptr);
  EXPECT_EQ(keys->code, "PT_STATUS_PKI_GENERATING_KEYS");
  EXPECT_EQ(keys->value, 0x80Du);
  EXPECT_EQ(Find("0x80d"), keys);
  EXPECT_EQ(Find("80d"), keys);
  EXPECT_EQ(Find("2061"), keys);
  EXPECT_EQ(Find("0x0000080D"), keys);
  EXPECT_EQ(Find("PT_STATUS_PKI_GENERATING_KEYS"), keys);
  EXPECT_EQ(Find("pt_status_pki_generating_keys"), keys);
  EXPECT_EQ(Find("PKI_GENERATING_KEYS"), keys);
  EXPECT_EQ(Find("PT_STATUS_INVALID_PT_MODE")->value, 0x03u);
  EXPECT_EQ(Find("0x1007")->code, "SDK_NETWORK_ERROR");
  EXPECT_EQ(Find("0x803")->code, "PT_STATUS_INVALID_COMMAND");
  EXPECT_EQ(Find("0")->code, "PT_STATUS_SUCCESS");
  // 10 is no decimal status; 0x10 is.
  EXPECT_EQ(Find("10")->code, "PT_STATUS_NOT_PERMITTED");
  // 36 is decimal 0x24 (SOAP StatusCode is decimal).
  EXPECT_EQ(Find("36")->code, "PT_STATUS_INVALID_PARAMETER");
  EXPECT_EQ(Find("0x7777"), nullptr);
  // The pt_status outcome code is not the PT_STATUS_ prefix of a name.
  EXPECT_EQ(Find("pt_status")->kind, Kind::kOutcome);
}

TEST(KbFind, ParsePtStatusNumber) {
  EXPECT_EQ(ParsePtStatusNumber("0x80D"), 0x80Du);
  EXPECT_EQ(ParsePtStatusNumber("0X80d"), 0x80Du);
  EXPECT_EQ(ParsePtStatusNumber("2061"), 2061u);
  EXPECT_EQ(ParsePtStatusNumber("80d"), 0x80Du);
  EXPECT_FALSE(ParsePtStatusNumber("").has_value());
  EXPECT_FALSE(ParsePtStatusNumber("0x").has_value());
  EXPECT_FALSE(ParsePtStatusNumber("pid").has_value());
  EXPECT_FALSE(ParsePtStatusNumber("-1").has_value());
  EXPECT_FALSE(ParsePtStatusNumber("0x123456789").has_value());
}

TEST(KbSearch, PastedLogLineFindsPidNotFound) {
  const auto m = Search("failed to find PID mapping for PID 0000-037M (UUID 4c4c4544-004b-4210-8033-b6c04f504633)");
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0].entry->code, "pid_not_found");
  EXPECT_GE(m[0].score, kMatchScore);
}

TEST(KbSearch, MessageWithHexStatusFindsThePtStatus) {
  const auto m = Search("step_attempt_failed: attempt 2 of SetTLSKeyAndCertificate failed: pt_status: 0x80D");
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0].entry->code, "PT_STATUS_PKI_GENERATING_KEYS");
  EXPECT_THAT(Codes(Search("CommitChanges returned PT_STATUS_DATA_MISSING", 3)),
              ::testing::Contains("PT_STATUS_DATA_MISSING"));
}

TEST(KbSearch, AliasesFromOtherTools) {
  EXPECT_EQ(Search("Hello Packet Mode disabled")[0].entry->code, "hello_window_closed");
  EXPECT_EQ(Search("system missing from the console")[0].entry->code, "no_hellos_received");
  EXPECT_THAT(Codes(Search("AmtConfig.log: certificate thumbprint mismatch", 2)),
              ::testing::UnorderedElementsAre("pki_certificate_refused", "pki_no_matching_root"));
  EXPECT_EQ(Search("SSL routines: tlsv1 alert unknown psk identity")[0].entry->code, "tls_unknown_identity");
  EXPECT_EQ(Search("FQDN not acquired")[0].entry->code, "host_name_invalid");
}

TEST(KbSearch, CodeInsideTextAndCaseInsensitive) {
  EXPECT_EQ(Search("ERROR 4c4c4544 tls_psk_mismatch handshake: ...")[0].entry->code, "tls_psk_mismatch");
  EXPECT_EQ(Search("FAILED TO FIND PID MAPPING")[0].entry->code, "pid_not_found");
  EXPECT_EQ(Search("pid_not_found")[0].score, 1000);
}

TEST(KbSearch, WordsRankWhenNoPhraseMatches) {
  const auto m = Search("generating keys retry");
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0].entry->code, "PT_STATUS_PKI_GENERATING_KEYS");
}

TEST(KbSearch, NothingForNoise) {
  EXPECT_TRUE(Search("").empty());
  EXPECT_TRUE(Search("   ").empty());
  const auto m = Search("zzqx blorp");
  EXPECT_TRUE(m.empty() || m[0].score < kMatchScore);
  EXPECT_LE(Search("the", 3).size(), 3u);
}

TEST(KbSearch, ShortAliasesNeedWordBoundaries) {
  EXPECT_TRUE(text::ContainsPhrase("rst from 16993", "rst"));
  EXPECT_FALSE(text::ContainsPhrase("the first hello", "rst"));
  EXPECT_TRUE(text::ContainsPhrase("see tcp_connect() failed", "tcp_connect()"));
  EXPECT_TRUE(text::ContainsPhrase("x --reveal y", "--reveal"));
}

TEST(KbSeedModes, Names) {
  EXPECT_EQ(SeedModeName(4), "AMT enabled, in Setup Mode for TLS-PSK");
  EXPECT_EQ(SeedModeName(0), "");
  EXPECT_EQ(SeedModeName(7), "");
}

}  // namespace
}  // namespace openscs::kb
