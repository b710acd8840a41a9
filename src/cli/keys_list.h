#pragma once

// `openscs keys list [--status S] [--json] [--reveal]` and
// `openscs keys export [--status S] [--out FILE] [--reveal]`.
//
// Without --reveal a PPS is shown only as Pps::Redacted() (its first group)
// and a MEBx password as "set" (list) or "<redacted>" (export). With
// --reveal they are shown in full, and the command first writes a Warning
// entry to the provisioning log, code "secret_revealed", "keys list
// --reveal by <user>"; if that entry cannot be written nothing is revealed.
//
// export writes the 3-column key CSV (protocol/pidpps/key_csv.h) to --out
// (created 0600, atomically) or to standard output; with --reveal the file
// can be imported elsewhere.

#include <string>

#include "cli/context.h"

namespace openscs::cli {

struct KeysListOptions {
  std::string status;  // "" : all
  bool json = false;
  bool reveal = false;
};
int RunKeysList(const KeysListOptions& options, Context& context);

struct KeysExportOptions {
  std::string status;
  std::string out;  // "" : standard output
  bool reveal = false;
};
int RunKeysExport(const KeysExportOptions& options, Context& context);

}  // namespace openscs::cli
