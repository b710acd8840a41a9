#include "amt/version.h"

#include <gtest/gtest.h>

namespace openscs::amt {
namespace {

Capabilities Of(std::string_view text) { return CapabilitiesOf(Version::Parse(text).value()).value(); }

TEST(AmtVersion, Parses) {
  EXPECT_EQ(Version::Parse("3.2.1").value(), (Version{3, 2, 1}));
  EXPECT_EQ(Version::Parse("11.8.50.3425").value(), (Version{11, 8, 50}));
  EXPECT_EQ(Version::Parse("2.6").value().ToString(), "2.6");
  EXPECT_FALSE(Version::Parse("2.x"));
  EXPECT_FALSE(Version::Parse(""));
}

TEST(AmtCapabilities, SeedVersionNotes) {
  // "Versions 2.0, 2.1, 2.5 do not support Remote Configuration"
  EXPECT_FALSE(Of("2.0").remote_configuration);
  EXPECT_FALSE(Of("2.1").remote_configuration);
  EXPECT_FALSE(Of("2.5").remote_configuration);
  // "Versions 2.2 and 2.6 ... provide ... Remote Configuration"
  EXPECT_TRUE(Of("2.2").remote_configuration);
  EXPECT_TRUE(Of("2.6").remote_configuration);
  EXPECT_TRUE(Of("3.0").remote_configuration);
  // "Versions 2.5 and 2.6 are notebooks"
  EXPECT_EQ(Of("2.5").form_factor, FormFactor::kNotebook);
  EXPECT_EQ(Of("2.6").form_factor, FormFactor::kNotebook);
  EXPECT_EQ(Of("4.1").form_factor, FormFactor::kNotebook);
  EXPECT_EQ(Of("2.2").form_factor, FormFactor::kDesktop);
}

TEST(AmtCapabilities, ProtocolEras) {
  EXPECT_FALSE(Of("2.6").wsman);
  EXPECT_TRUE(Of("3.0").wsman);
  EXPECT_TRUE(Of("8.1").legacy_soap);
  EXPECT_FALSE(Of("9.0").legacy_soap);
  EXPECT_FALSE(Of("6.2").sha256_hashes);
  EXPECT_TRUE(Of("7.0").sha256_hashes);
  EXPECT_TRUE(Of("10.0").psk_hello);
  EXPECT_FALSE(Of("11.0").psk_hello);
  EXPECT_FALSE(Of("16.1").psk_hello);
  EXPECT_TRUE(Of("11.8").tls10);
  EXPECT_FALSE(Of("12.0").tls10);
}

TEST(AmtCapabilities, MinorVersionsWithinAMajorShareItsRow) {
  EXPECT_EQ(Of("5.2").notes, Of("5.0").notes);
  EXPECT_EQ(Of("3.2.1").version, (Version{3, 2, 1}));
}

TEST(AmtCapabilities, UnknownVersionsAreNotFound) {
  EXPECT_FALSE(CapabilitiesOf({1, 0, 0}));
  EXPECT_FALSE(CapabilitiesOf({2, 3, 0}));
}

}  // namespace
}  // namespace openscs::amt
