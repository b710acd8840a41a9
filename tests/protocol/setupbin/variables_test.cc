// The variable table and value display.

#include <set>

#include <gtest/gtest.h>

#include "base/hex.h"
#include "protocol/setupbin/value_format.h"
#include "protocol/setupbin/variables.h"

namespace openscs::setupbin {
namespace {

std::string Show(uint16_t module, uint16_t variable, std::string_view hex, bool reveal = false) {
  return FormatValue(LookUpVariable(module, variable).value(), base::FromHex(hex).value(), reveal);
}

TEST(SetupBinVariables, TableHasEveryVariableOfTheReference) {
  // Reference §8.4: 1/1-1/6 and 2/1-2/35 except 2/9.
  for (uint16_t v = 1; v <= 6; ++v) EXPECT_TRUE(LookUpVariable(1, v)) << "1/" << v;
  for (uint16_t v = 1; v <= 35; ++v) EXPECT_EQ(LookUpVariable(2, v).has_value(), v != 9) << "2/" << v;
  EXPECT_EQ(AllVariables().size(), 6u + 34u);
  EXPECT_FALSE(LookUpVariable(3, 1));
  EXPECT_FALSE(LookUpVariable(1, 7));
}

TEST(SetupBinVariables, NamesAreUniqueAndVersionsSupported) {
  std::set<std::string_view> names;
  for (const auto& v : AllVariables()) {
    EXPECT_TRUE(names.insert(v.name).second) << v.name;
    EXPECT_TRUE(v.min_version.IsSupported()) << v.name;
    if (!v.enum_names.empty()) {
      EXPECT_EQ(v.type, ValueType::kU8) << v.name;
    }
  }
}

TEST(SetupBinVariables, MinimumVersions) {
  EXPECT_EQ(LookUpVariable(1, 6)->min_version, (FileVersion{2, 1}));   // power package
  EXPECT_EQ(LookUpVariable(2, 22)->min_version, (FileVersion{3, 0}));  // IPv6
  EXPECT_EQ(LookUpVariable(2, 1)->min_version, (FileVersion{1, 0}));   // PID
  EXPECT_EQ(LookUpVariable(2, 28)->min_version, (FileVersion{2, 0}));  // halt/activate
}

TEST(SetupBinValueFormat, SecretsAreRedactedUnlessRevealed) {
  EXPECT_EQ(Show(2, 2, "4e4b4c44"), "<redacted, 4 characters>");
  EXPECT_EQ(Show(2, 2, "4e4b4c44", true), "NKLD");
  EXPECT_EQ(Show(1, 2, "5040737377307264"), "<redacted, 8 characters>");
  EXPECT_EQ(Show(1, 1, "61646d696e", true), "admin");
}

TEST(SetupBinValueFormat, NumbersAndEnums) {
  EXPECT_EQ(Show(2, 18, "f326"), "9971");
  EXPECT_EQ(Show(2, 16, "02"), "2 (Small Business)");
  EXPECT_EQ(Show(2, 16, "01"), "1 (Enterprise)");
  EXPECT_EQ(Show(2, 13, "02"), "2 (enabled)");
  EXPECT_EQ(Show(2, 13, "07"), "7 (unknown value)");
  EXPECT_EQ(Show(1, 3, "01"), "1 (Intel AMT)");
  EXPECT_EQ(Show(2, 30, "01000000"), "1");
}

TEST(SetupBinValueFormat, TextGuidAddressesAndHashes) {
  EXPECT_EQ(Show(2, 1, "303030303033374d"), "0000-037M");
  EXPECT_EQ(Show(2, 11, "70632d30303432"), "pc-0042");
  EXPECT_EQ(Show(1, 6, "b516fb7187cbf94ab441ca7b383578f9"), "71fb16b5-cb87-4af9-b441-ca7b383578f9");
  EXPECT_EQ(Show(2, 17, "c000020a"), "192.0.2.10");
  EXPECT_EQ(Show(2, 17, "20010db800000000000000000000000a"), "2001:db8:0:0:0:0:0:a");
  EXPECT_EQ(Show(2, 8, "01" + std::string(40, 'a') + "03" + "526f6f"), "SHA-1 " + std::string(40, 'a') + " \"Roo\"");
  EXPECT_EQ(Show(2, 19, "0102"), "0x0102");
}

TEST(SetupBinValueFormat, MalformedValuesFallBackToHex) {
  EXPECT_EQ(Show(2, 18, "f3"), "0xf3");
  EXPECT_EQ(Show(2, 17, "c00002"), "0xc00002");
  EXPECT_EQ(Show(2, 8, "09aa"), "0x09aa");
  EXPECT_EQ(FormatRaw(base::FromHex("abcd").value()), "0xabcd");
}

}  // namespace
}  // namespace openscs::setupbin
