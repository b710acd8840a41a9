#include "amtclient/redactor.h"

#include <gtest/gtest.h>

#include "amtclient/error.h"

namespace openscs::amtclient {
namespace {

TEST(Redactor, ReplacesEveryOccurrence) {
  Redactor r;
  r.Add("s3cret");
  EXPECT_EQ(r.Apply("a s3cret and s3cret again"), "a *** and *** again");
  EXPECT_EQ(r.Apply("nothing here"), "nothing here");
}

TEST(Redactor, CatchesXmlEscapedForms) {
  Redactor r;
  r.Add("a&b<c>\"d'");
  EXPECT_EQ(r.Apply("<P>a&amp;b&lt;c&gt;\"d'</P>"), "<P>***</P>");
  EXPECT_EQ(r.Apply("v=\"a&amp;b&lt;c&gt;&quot;d&apos;\""), "v=\"***\"");
}

TEST(Redactor, LongestSecretFirstAndEmptyIgnored) {
  Redactor r;
  r.Add("");
  r.Add("pass");
  r.Add("password1");
  EXPECT_EQ(r.Apply("password1 pass"), "*** ***");
  EXPECT_EQ(r.Apply(""), "");
}

TEST(ErrorKind, StableNames) {
  EXPECT_EQ(ErrorKindName(ErrorKind::kConnectionDropped), "connection_dropped");
  EXPECT_EQ(ErrorKindName(ErrorKind::kTlsPskMismatch), "tls_psk_mismatch");
  EXPECT_EQ((Error{ErrorKind::kTimeout, "x", 0, {}, {}}).ToString(), "timeout: x");
}

}  // namespace
}  // namespace openscs::amtclient
