#pragma once

// `openscs keys import FILE [--json]`: adds the PID/PPS pairs of a key CSV
// (protocol/pidpps/key_csv.h, 2 or 3 columns) or of a setup.bin (told apart
// by the setup.bin GUID in its first 16 bytes) to the store, all or nothing.
//
//  - CSV: status available, provenance "csv:<file name>".
//  - setup.bin: each record's PID, PPS and new MEBx password; records
//    without a PID/PPS, and records the BIOS already consumed, are skipped
//    and counted. These pairs are on a USB key already, so they are stored
//    as exported, batch "<file name>", provenance "setupbin:<file name>#N".
//
// Errors name the file and the line or record; a PID already stored names
// that PID, and nothing is stored. PPS values and passwords never reach the
// output.

#include <string>

#include "cli/context.h"

namespace openscs::cli {

struct KeysImportOptions {
  std::string file;
  bool json = false;
};

int RunKeysImport(const KeysImportOptions& options, Context& context);

}  // namespace openscs::cli
