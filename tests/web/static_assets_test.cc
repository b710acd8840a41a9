#include "web/static_assets.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/support/temp_dir.h"

namespace openscs::web {
namespace {

void Write(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

TEST(StaticAssets, BuiltinConsoleHasItsPageAndScripts) {
  const StaticAssets assets = StaticAssets::Builtin();
  const Asset* index = assets.Find("/");
  ASSERT_NE(index, nullptr) << "web/console/index.html is compiled in";
  EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
  EXPECT_NE(index->body.find("<html"), std::string::npos);
  EXPECT_EQ(assets.Find("/index.html"), index);
  EXPECT_GE(assets.size(), 3u) << "page, script, style";
}

TEST(StaticAssets, FromDirectoryLoadsOnlyFilesUnderTheRoot) {
  testing::TempDir dir("assets");
  Write(dir / "root/index.html", "<html>console</html>");
  Write(dir / "root/assets/app.js", "export {}");
  Write(dir / "secret.txt", "outside");
  std::filesystem::create_symlink(dir / "secret.txt", dir / "root/assets/link.txt");
  auto assets = StaticAssets::FromDirectory((dir / "root").string());
  ASSERT_TRUE(assets) << assets.error().ToString();
  EXPECT_EQ(assets->size(), 2u) << "the symbolic link out of the root is not followed";
  ASSERT_NE(assets->Find("/assets/app.js"), nullptr);
  EXPECT_EQ(assets->Find("/assets/app.js")->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(assets->Find("/assets/link.txt"), nullptr);
  EXPECT_EQ(assets->Find("/../secret.txt"), nullptr);
  EXPECT_EQ(assets->Find("/secret.txt"), nullptr);
}

TEST(StaticAssets, FromDirectoryNamesWhatIsMissing) {
  testing::TempDir dir("assets");
  auto missing = StaticAssets::FromDirectory((dir / "nope").string());
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("nope"), std::string::npos);
  Write(dir / "empty/readme.txt", "x");
  auto no_index = StaticAssets::FromDirectory((dir / "empty").string());
  ASSERT_FALSE(no_index);
  EXPECT_NE(no_index.error().message().find("index.html"), std::string::npos);
}

TEST(ContentTypeFor, KnownAndUnknownTypes) {
  EXPECT_EQ(ContentTypeFor("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.svg"), "image/svg+xml");
  EXPECT_EQ(ContentTypeFor("Makefile"), "application/octet-stream");
}

}  // namespace
}  // namespace openscs::web
