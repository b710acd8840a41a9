#pragma once

// The web console's files, compiled in by cmake/embed_files.cmake
// (src/web/CMakeLists.txt). Names are relative to web/console/.

#include <span>
#include <string_view>

namespace openscs::web {

struct EmbeddedFile {
  std::string_view name;
  std::string_view bytes;
};

std::span<const EmbeddedFile> EmbeddedFiles();

}  // namespace openscs::web
