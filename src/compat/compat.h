#pragma once

// Can this AMT firmware be provisioned this way? Answers for openscs itself,
// or for a given Intel SCS / Altiris OOBM release, from two tables kept as
// data: the firmware capabilities of amt/version.h, and kb/compat.json (the
// seed article's OOBM <-> Intel SCS <-> AMT table, the reference's §9 rows,
// and the version notes as rules; docs/formats/kb.md).
//
// Users: `openscs compat` and the doctor, which asks about one device's
// version and hello method. Pure: no I/O; the data is compiled in.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "amt/version.h"
#include "base/status.h"

namespace openscs::compat {

enum class Method { kPsk, kPki };
std::string_view MethodName(Method method);  // "psk", "pki"
// "psk" or "pki" (any case); InvalidArgument otherwise.
base::Result<Method> ParseMethod(std::string_view text);

struct Query {
  std::string amt;  // the firmware version as given: "2.6", "3.2.1", "11.8.50"
  Method method = Method::kPsk;
  // Neither set: can openscs provision it? Either set: can that Intel SCS
  // (or any SCS of that OOBM release) do it, per the table?
  std::optional<std::string> scs;   // Intel SCS version: "3.2.1"
  std::optional<std::string> oobm;  // Altiris Out of Band Management version: "6.2"
};

struct Finding {
  std::string cause;  // a diagnose/causes.h code ("version_no_psk"), or "" when none fits
  std::string text;   // for an admin: a sentence fragment without a final period
  std::string rule;   // the compat.json rule id, or "" for a check in code (table, version)
};

// One row of the compatibility table: this OOBM shipped this Intel SCS,
// which provisions these AMT versions.
struct TableRow {
  std::string oobm;
  std::string scs;               // "3.2.1"; "5" means any 5.x
  std::vector<std::string> amt;  // "2.0", "2.2"; "3" means any 3.x
  std::string source;            // "seed" or "reference"
  std::string note;              // "" or a caveat about the row
};

struct Verdict {
  bool works = false;
  std::string subject;  // what was asked about: "openscs", "Intel SCS 3.2.1", "Altiris OOBM 6.2"
  std::string amt;      // the version as understood: "2.6"
  Method method = Method::kPsk;
  std::vector<Finding> reasons;    // why it does not work; empty exactly when `works`
  std::vector<Finding> warnings;   // it works, but ... (SCS 1.2 is unstable)
  std::vector<std::string> notes;  // facts about this version and method worth knowing
  std::vector<TableRow> rows;      // table rows for the SCS/OOBM asked about, or (openscs) the rows listing this AMT
  std::optional<amt::Capabilities> capabilities;  // when the version is in the version table
};

// Never fails: a version that does not parse or is not in the version table
// gives works = false with a version_unknown reason.
Verdict Evaluate(const Query& query);

// The table of kb/compat.json, in file order.
std::span<const TableRow> Table();

// What openscs supports, one line (kb/compat.json "openscs.summary").
std::string_view OpenscsSummary();

// OK, or why the built-in kb/compat.json was rejected (then Evaluate answers
// works = false for everything). Checked by tests/compat.
const base::Status& DataStatus();

}  // namespace openscs::compat
