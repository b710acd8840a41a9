// The exposition format's rules a scraper enforces: legal names, escaping,
// value spelling.
#include "metrics/text_format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace openscs::metrics {
namespace {

TEST(MetricName, LegalNamesPass) {
  for (const char* name : {"openscs_hellos_received_total", "a", "_x", ":recording:rule", "A9_:z"}) {
    EXPECT_TRUE(ValidateMetricName(name).ok()) << name;
  }
}

TEST(MetricName, IllegalNamesAreRefusedNamingTheCharacter) {
  for (const char* name : {"", "9lives", "with-dash", "with space", "dot.ted", "caf\xc3\xa9"}) {
    const base::Status st = ValidateMetricName(name);
    EXPECT_EQ(st.code(), base::StatusCode::kInvalidArgument) << name;
  }
  const base::Status st = ValidateMetricName("openscs-hellos");
  EXPECT_NE(st.message().find("'openscs-hellos': character 7 (0x2d)"), std::string::npos) << st.message();
}

TEST(LabelName, ColonsLeadingDigitsAndDoubleUnderscoreAreRefused) {
  EXPECT_TRUE(ValidateLabelName("code").ok());
  EXPECT_TRUE(ValidateLabelName("_step2").ok());
  EXPECT_FALSE(ValidateLabelName("").ok());
  EXPECT_FALSE(ValidateLabelName("a:b").ok());
  EXPECT_FALSE(ValidateLabelName("2x").ok());
  const base::Status reserved = ValidateLabelName("__name__");
  EXPECT_FALSE(reserved.ok());
  EXPECT_NE(reserved.message().find("reserved"), std::string::npos) << reserved.message();
}

TEST(Escaping, LabelValuesEscapeBackslashQuoteAndNewline) {
  EXPECT_EQ(EscapeLabelValue("plain"), "plain");
  EXPECT_EQ(EscapeLabelValue("C:\\dir"), "C:\\\\dir");
  EXPECT_EQ(EscapeLabelValue("say \"hi\""), "say \\\"hi\\\"");
  EXPECT_EQ(EscapeLabelValue("two\nlines"), "two\\nlines");
  EXPECT_EQ(EscapeLabelValue("tab\tand utf-8 \xc3\xa9"), "tab\tand utf-8 \xc3\xa9");
}

TEST(Escaping, HelpEscapesBackslashAndNewlineButNotQuotes) {
  EXPECT_EQ(EscapeHelp("a \"quoted\" \\ word\nnext"), "a \"quoted\" \\\\ word\\nnext");
}

TEST(Values, ShortestRoundTripAndTheSpecialSpellings) {
  EXPECT_EQ(FormatValue(0.005), "0.005");
  EXPECT_EQ(FormatValue(30.0), "30");
  EXPECT_EQ(FormatValue(-2.5), "-2.5");
  EXPECT_EQ(FormatValue(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(FormatValue(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(FormatValue(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(FormatValue(std::nan("")), "NaN");
  EXPECT_EQ(FormatValue(uint64_t{18446744073709551615u}), "18446744073709551615");
}

}  // namespace
}  // namespace openscs::metrics
