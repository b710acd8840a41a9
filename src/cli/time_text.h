#pragma once

// Times as the CLI shows and reads them: present/time_text.h in its CLI
// style (milliseconds, "-" for never), so the CLI and the REST API read
// `--since` / `?since=` the same way.

#include "present/time_text.h"

namespace openscs::cli {

using present::FormatTime;
using present::ParseTimeArgument;

}  // namespace openscs::cli
