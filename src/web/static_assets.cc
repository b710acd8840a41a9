#include "web/static_assets.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "web/embedded.h"

namespace openscs::web {

std::string ContentTypeFor(std::string_view name) {
  const auto dot = name.rfind('.');
  const std::string_view ext = dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
  if (ext == "html") return "text/html; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "json") return "application/json";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "ico") return "image/x-icon";
  if (ext == "txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

void StaticAssets::Add(std::string name, std::string body) {
  std::string path = "/" + name;
  Asset asset{ContentTypeFor(name), std::move(body)};
  files_.insert_or_assign(std::move(path), std::move(asset));
}

StaticAssets StaticAssets::Builtin() {
  StaticAssets assets;
  for (const auto& f : EmbeddedFiles()) assets.Add(std::string(f.name), std::string(f.bytes));
  return assets;
}

base::Result<StaticAssets> StaticAssets::FromDirectory(const std::string& root) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path base = fs::canonical(root, ec);
  if (ec || !fs::is_directory(base)) return base::InvalidArgument(fmt::format("web_root: {} is not a folder", root));
  StaticAssets assets;
  for (auto it = fs::recursive_directory_iterator(base, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file() || it->is_symlink()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    if (!in) return base::IoError(fmt::format("web_root: cannot read {}", it->path().string()));
    assets.Add(fs::relative(it->path(), base).generic_string(), body.str());
  }
  if (ec) return base::IoError(fmt::format("web_root: cannot list {}: {}", root, ec.message()));
  if (!assets.Find("/")) return base::InvalidArgument(fmt::format("web_root: {} has no index.html", root));
  return assets;
}

const Asset* StaticAssets::Find(std::string_view path) const {
  if (path == "/") path = "/index.html";
  auto it = files_.find(path);
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace openscs::web
