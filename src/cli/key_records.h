#pragma once

// PID/PPS pairs as stored keys: manage/key_records.h, shared with the REST
// API, under the names the CLI's commands use.

#include <optional>
#include <string_view>

#include "manage/key_records.h"

namespace openscs::cli {

using manage::CompactPid;
using pidpps::DisplayPid;
using manage::NewKeyRecord;
using manage::OpenKey;

// The --status argument ("" for all). InvalidArgument listing the names.
inline base::Result<std::optional<store::KeyStatus>> ParseStatusArgument(std::string_view text) {
  return manage::ParseKeyStatusFilter(text, "--status");
}

}  // namespace openscs::cli
