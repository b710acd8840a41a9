#pragma once

// The console's files (web/console/ in the source tree): compiled into the
// binary, or read from a folder at start (`--web-root`, for front-end work
// without rebuilding). Either way every file is in memory before the first
// request, so a request can only ever name one of them: no request path
// reaches the file system.

#include <map>
#include <string>
#include <string_view>

#include "base/status.h"

namespace openscs::web {

struct Asset {
  std::string content_type;
  std::string body;
};

class StaticAssets {
 public:
  // The copy built into this binary.
  static StaticAssets Builtin();
  // Every regular file under `root` (not following symbolic links out of it).
  static base::Result<StaticAssets> FromDirectory(const std::string& root);

  // "/" is "/index.html". nullptr for anything else not loaded.
  const Asset* Find(std::string_view path) const;
  size_t size() const { return files_.size(); }

 private:
  void Add(std::string name, std::string body);
  std::map<std::string, Asset, std::less<>> files_;  // "/assets/app.js"
};

// "text/javascript; charset=utf-8" for "app.js"; application/octet-stream
// for what it does not know.
std::string ContentTypeFor(std::string_view name);

}  // namespace openscs::web
