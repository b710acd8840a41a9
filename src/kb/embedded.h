#pragma once

// The data files compiled into the binary (kb/errors.json, kb/pt_status.json,
// kb/compat.json), generated at build time by embed_files.cmake. The bytes
// live for the whole program.

#include <optional>
#include <span>
#include <string_view>

namespace openscs::kb {

struct EmbeddedFile {
  std::string_view name;  // file name without directory: "errors.json"
  std::string_view text;  // its bytes, exactly as in the repository
};

std::span<const EmbeddedFile> EmbeddedFiles();

// The embedded file called `name`, or nullopt.
std::optional<std::string_view> EmbeddedText(std::string_view name);

}  // namespace openscs::kb
