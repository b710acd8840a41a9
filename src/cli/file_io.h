#pragma once

// Whole-file reads and crash-safe writes for CLI commands.

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "base/status.h"

namespace openscs::cli {

base::Result<std::vector<std::byte>> ReadBinaryFile(const std::string& path);

// Writes to "<path>.tmp-<pid>", fsyncs, then renames over `path`, so a crash
// or full disk never leaves a half-written file where a good one was.
// `mode` applies to a newly created file (e.g. 0600 for secrets).
base::Status WriteFileAtomically(const std::string& path, std::span<const std::byte> bytes, unsigned mode = 0644);

}  // namespace openscs::cli
