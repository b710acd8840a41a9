#pragma once

// Umbrella header: reading and writing setup.bin files. Prefer reader.h /
// writer.h in new code.

#include "protocol/setupbin/reader.h"  // IWYU pragma: export
#include "protocol/setupbin/writer.h"  // IWYU pragma: export
