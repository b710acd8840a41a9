#include "web/url.h"

#include <gtest/gtest.h>

namespace openscs::web {
namespace {

TEST(PercentDecode, DecodesEscapesAndPlusOnlyInQueries) {
  EXPECT_EQ(PercentDecode("%41%62c", false), "Abc");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_EQ(PercentDecode("", true), "");
}

TEST(PercentDecode, RefusesMalformedEscapes) {
  EXPECT_FALSE(PercentDecode("%", false));
  EXPECT_FALSE(PercentDecode("%4", false));
  EXPECT_FALSE(PercentDecode("abc%", false));
  EXPECT_FALSE(PercentDecode("%zz", false));
  EXPECT_FALSE(PercentDecode("%4g", false));
}

TEST(ParseTarget, SplitsPathAndQuery) {
  auto t = ParseTarget("/api/v1/logs?uuid=abc&level=warning&domain=a.test&domain=b%2Etest&q=pid+not");
  ASSERT_TRUE(t) << t.error().ToString();
  EXPECT_EQ(t->path, "/api/v1/logs");
  EXPECT_EQ(t->query.count("domain"), 2u);
  EXPECT_EQ(t->query.find("uuid")->second, "abc");
  EXPECT_EQ(t->query.find("q")->second, "pid not");
  auto range = t->query.equal_range("domain");
  EXPECT_EQ(std::next(range.first)->second, "b.test");
}

TEST(ParseTarget, EmptyAndValuelessParameters) {
  auto t = ParseTarget("/x?&&a&b=");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->query.find("a")->second, "");
  EXPECT_EQ(t->query.find("b")->second, "");
}

TEST(ParseTarget, RefusesPathTricks) {
  for (const char* target : {"/../etc/passwd", "/assets/../../etc/passwd", "/assets/%2e%2e/%2e%2e/etc/passwd",
                             "/assets/%2E%2E/x", "/a/./b", "/assets/..", "/assets/..%2fsecret", "/x%2Fy",
                             "/x%5cy", "/x\\..\\y", "/x%00y", "/%zz", "relative", "", "http://evil/"}) {
    auto t = ParseTarget(target);
    EXPECT_FALSE(t) << target << " -> " << (t ? t->path : "");
    if (!t) {
      EXPECT_EQ(t.error().code(), base::StatusCode::kInvalidArgument);
    }
  }
}

TEST(ParseTarget, AllowsDotsInsideNames) {
  auto t = ParseTarget("/assets/app.min.js");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, "/assets/app.min.js");
  EXPECT_TRUE(ParseTarget("/api/v1/profiles/corp..test"));
}

TEST(ParseTarget, MalformedQueryEscapeNamesTheParameter) {
  auto t = ParseTarget("/x?level=%zz");
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message().find("level"), std::string::npos) << t.error().message();
}

}  // namespace
}  // namespace openscs::web
