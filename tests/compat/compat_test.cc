#include "compat/compat.h"

#include <algorithm>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compat/compat_data.h"
#include "diagnose/causes.h"
#include "kb/embedded.h"
#include "kb/kb.h"

namespace openscs::compat {
namespace {

using ::testing::HasSubstr;
namespace causes = diagnose::causes;

Verdict Ask(std::string amt, Method method, std::optional<std::string> scs = std::nullopt,
            std::optional<std::string> oobm = std::nullopt) {
  return Evaluate(Query{std::move(amt), method, std::move(scs), std::move(oobm)});
}

bool HasCause(const std::vector<Finding>& findings, std::string_view cause) {
  return std::any_of(findings.begin(), findings.end(), [&](const Finding& f) { return f.cause == cause; });
}

std::string All(const Verdict& v) {
  std::string s;
  for (const auto& r : v.reasons) s += "reason: " + r.text + "\n";
  for (const auto& w : v.warnings) s += "warning: " + w.text + "\n";
  for (const auto& n : v.notes) s += "note: " + n + "\n";
  return s;
}

TEST(CompatData, BuiltinDataIsValid) {
  EXPECT_TRUE(DataStatus().ok()) << DataStatus().message();
  EXPECT_EQ(Table().size(), 5u);
  EXPECT_FALSE(OpenscsSummary().empty());
}

TEST(CompatData, EveryRuleCauseIsAKnowledgeBaseCause) {
  const auto data = internal::ParseData(*kb::EmbeddedText("compat.json"));
  ASSERT_TRUE(data) << data.error().message();
  for (const auto& rule : data->rules) {
    if (rule.cause.empty()) continue;
    const kb::Entry* e = kb::Find(rule.cause);
    ASSERT_NE(e, nullptr) << "rule " << rule.id << ": cause " << rule.cause << " has no kb entry";
    EXPECT_EQ(e->kind, kb::Kind::kCause) << rule.id;
  }
}

TEST(CompatData, SeedTableIsThere) {
  const auto rows = Table();
  EXPECT_EQ(rows[0].oobm, "6.1");
  EXPECT_EQ(rows[0].scs, "1.2");
  EXPECT_THAT(rows[3].amt, ::testing::ElementsAre("2.0", "2.1", "2.2", "2.5", "2.6", "3.0"));
  EXPECT_EQ(rows[3].source, "seed");
  EXPECT_EQ(rows[4].source, "reference");
}

TEST(CompatData, RejectsBadData) {
  EXPECT_THAT(internal::ParseData("{").error().message(), HasSubstr("compat.json"));
  const auto bad = internal::ParseData(R"({"format": 1, "openscs": {"summary": "s"},
    "rows": [{"oobm": "6.1", "scs": "1.2", "amt": ["2.0"], "source": "seed"}],
    "rules": [{"id": "r", "when": {"method": "pki", "capabilities": ["!flying"], "colour": "red"},
               "effect": "maybe", "text": "t"},
              {"id": "r", "when": {}, "effect": "note", "text": "t"}]})");
  ASSERT_FALSE(bad);
  EXPECT_THAT(bad.error().message(), HasSubstr("rule r: unknown capability 'flying'"));
  EXPECT_THAT(bad.error().message(), HasSubstr("rule r: unknown condition 'colour'"));
  EXPECT_THAT(bad.error().message(), HasSubstr("effect must be fail, warn or note"));
  EXPECT_THAT(bad.error().message(), HasSubstr("rule r: rule id used twice"));
}

TEST(CompatPattern, PartsMatchPrefixes) {
  const auto three = *internal::ParsePattern("3");
  const auto three_oh = *internal::ParsePattern("3.0");
  const auto scs321 = *internal::ParsePattern("3.2.1");
  EXPECT_TRUE(internal::Matches(three, {3, 2, 1}));
  EXPECT_TRUE(internal::Matches(three_oh, {3, 0, 5}));
  EXPECT_FALSE(internal::Matches(three_oh, {3, 2, 0}));
  EXPECT_TRUE(internal::Matches(scs321, {3, 2, 1}));
  EXPECT_FALSE(internal::Matches(scs321, {3, 2, 0}));
}

TEST(CompatOpenscs, Amt21PkiHasNoRemoteConfiguration) {
  const Verdict v = Ask("2.1", Method::kPki);
  EXPECT_FALSE(v.works);
  EXPECT_EQ(v.subject, "openscs");
  EXPECT_TRUE(HasCause(v.reasons, causes::kVersionNoRemoteConfiguration)) << All(v);
}

TEST(CompatOpenscs, Amt21PskWorksOverSoapWithTls10) {
  const Verdict v = Ask("2.1", Method::kPsk);
  EXPECT_TRUE(v.works) << All(v);
  EXPECT_TRUE(v.reasons.empty());
  EXPECT_THAT(All(v), HasSubstr("legacy SOAP flow"));
  EXPECT_THAT(All(v), HasSubstr("--allow-tls10"));
  // The SCS rows that list 2.1, for reference.
  EXPECT_EQ(v.rows.size(), 5u);
}

TEST(CompatOpenscs, Amt22PkiWorksWithOpenscs) {
  // The SCS 3.2.1 limit is Intel SCS's, not openscs's.
  const Verdict v = Ask("2.2", Method::kPki);
  EXPECT_TRUE(v.works) << All(v);
  EXPECT_THAT(All(v), HasSubstr("upgrades of 2.0/2.1"));
}

TEST(CompatOpenscs, Amt30PkiWorks) {
  const Verdict v = Ask("3.0", Method::kPki);
  EXPECT_TRUE(v.works) << All(v);
  ASSERT_TRUE(v.capabilities);
  EXPECT_TRUE(v.capabilities->remote_configuration);
}

TEST(CompatOpenscs, Amt11PskIsGone) {
  const Verdict v = Ask("11.0", Method::kPsk);
  EXPECT_FALSE(v.works);
  EXPECT_TRUE(HasCause(v.reasons, causes::kVersionNoPsk)) << All(v);
  EXPECT_TRUE(Ask("11.0", Method::kPki).works);
  EXPECT_THAT(All(Ask("7.0", Method::kPsk)), HasSubstr("deprecated from AMT 6.0"));
}

TEST(CompatOpenscs, UnknownVersionsGetAClearAnswer) {
  for (const char* version : {"99", "99.1", "1.0", "2.3", "abc", ""}) {
    const Verdict v = Ask(version, Method::kPki);
    EXPECT_FALSE(v.works) << version;
    ASSERT_EQ(v.reasons.size(), 1u) << version;
    EXPECT_EQ(v.reasons[0].cause, causes::kVersionUnknown) << version;
    EXPECT_FALSE(v.reasons[0].text.empty());
  }
  EXPECT_THAT(Ask("99", Method::kPsk).reasons[0].text, HasSubstr("newer than the version table"));
}

TEST(CompatScs, Amt22PkiNeedsScs321) {
  const Verdict old_scs = Ask("2.2", Method::kPki, "3.0");
  EXPECT_FALSE(old_scs.works);
  EXPECT_EQ(old_scs.subject, "Intel SCS 3.0");
  ASSERT_FALSE(old_scs.reasons.empty());
  EXPECT_EQ(old_scs.reasons[0].cause, causes::kVersionNeedsScs321) << All(old_scs);
  ASSERT_EQ(old_scs.rows.size(), 1u);
  EXPECT_EQ(old_scs.rows[0].scs, "3.0");

  const Verdict new_scs = Ask("2.2", Method::kPki, "3.2.1");
  EXPECT_TRUE(new_scs.works) << All(new_scs);
  EXPECT_TRUE(new_scs.reasons.empty());
  EXPECT_TRUE(Ask("2.6", Method::kPki, "3.2.1", "6.2").works);
}

TEST(CompatScs, RulesApplyWithAnScsToo) {
  const Verdict v = Ask("2.1", Method::kPki, "3.2.1");
  EXPECT_FALSE(v.works);
  EXPECT_TRUE(HasCause(v.reasons, causes::kVersionNoRemoteConfiguration)) << All(v);
}

TEST(CompatScs, Oobm61DoesNotListAmt30) {
  const Verdict v = Ask("3.0", Method::kPki, std::nullopt, "6.1");
  EXPECT_FALSE(v.works);
  EXPECT_EQ(v.subject, "Altiris OOBM 6.1");
  EXPECT_EQ(v.rows.size(), 2u);
  EXPECT_THAT(All(v), HasSubstr("lists AMT 2.0, 2.1 for Intel SCS 1.3 (OOBM 6.1), not 3.0"));
}

TEST(CompatScs, Oobm62FindsAWorkingScs) {
  // OOBM 6.2 shipped SCS 3.0 and 3.2.1; 3.2.1 handles 2.6 RCFG.
  const Verdict v = Ask("2.6", Method::kPki, std::nullopt, "6.2");
  EXPECT_TRUE(v.works) << All(v);
  EXPECT_EQ(v.rows.size(), 2u);
}

TEST(CompatScs, Scs12WorksWithAWarning) {
  const Verdict v = Ask("2.0", Method::kPsk, "1.2");
  EXPECT_TRUE(v.works) << All(v);
  ASSERT_EQ(v.warnings.size(), 1u);
  EXPECT_THAT(v.warnings[0].text, HasSubstr("unstable"));
  EXPECT_EQ(v.warnings[0].rule, "scs_1_2_unstable");
}

TEST(CompatScs, UnknownScsAndMismatchedPairs) {
  const Verdict no_scs4 = Ask("3.0", Method::kPki, "4.0");
  EXPECT_FALSE(no_scs4.works);
  EXPECT_THAT(no_scs4.reasons[0].text, HasSubstr("Intel SCS 4.0 is not in the table"));
  EXPECT_THAT(All(no_scs4), HasSubstr("there was no Intel SCS 4"));
  EXPECT_THAT(Ask("2.0", Method::kPsk, "3.2.1", "6.1").reasons[0].text,
              HasSubstr("Altiris OOBM 6.1 did not ship Intel SCS 3.2.1"));
  EXPECT_THAT(Ask("2.0", Method::kPsk, std::nullopt, "9.9").reasons[0].text,
              HasSubstr("Altiris OOBM 9.9 is not in the table"));
  EXPECT_THAT(Ask("2.0", Method::kPsk, "x").reasons[0].text, HasSubstr("not a scs version"));
}

TEST(CompatScs, ReferenceRowCarriesItsCaveat) {
  const Verdict v = Ask("5.1", Method::kPki, "5.0");
  EXPECT_TRUE(v.works) << All(v);
  EXPECT_THAT(All(v), HasSubstr("medium confidence"));
}

TEST(CompatMethod, Parse) {
  EXPECT_EQ(*ParseMethod("PSK"), Method::kPsk);
  EXPECT_EQ(*ParseMethod("pki"), Method::kPki);
  EXPECT_FALSE(ParseMethod("kerberos"));
  EXPECT_EQ(MethodName(Method::kPki), "pki");
}

}  // namespace
}  // namespace openscs::compat
