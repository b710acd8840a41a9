#pragma once

// kb/compat.json parsed and checked (internal to compat.cc; the format is in
// docs/formats/kb.md).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "compat/compat.h"

namespace openscs::compat::internal {

// A version as written in the file: its parts and how many were given, so
// that "3" matches every 3.x and "3.0" matches 3.0.x but not 3.2.
struct VersionPattern {
  amt::Version version;
  int parts = 0;  // 1, 2 or 3
  std::string text;
};
base::Result<VersionPattern> ParsePattern(std::string_view text);
bool Matches(const VersionPattern& pattern, const amt::Version& version);

struct Condition {
  std::optional<std::string> target;  // "openscs" or "scs"
  std::optional<Method> method;
  std::vector<VersionPattern> amt;
  std::optional<amt::Version> amt_min;
  std::optional<amt::Version> amt_below;
  std::vector<std::pair<std::string, bool>> capabilities;  // name, wanted value
  std::vector<VersionPattern> scs;
  std::optional<amt::Version> scs_below;
  std::vector<VersionPattern> oobm;
};

enum class Effect { kFail, kWarn, kNote };

struct Rule {
  std::string id;
  Condition when;
  Effect effect = Effect::kNote;
  std::string cause;
  std::string text;  // may hold {amt}, {scs}, {oobm}
};

struct Row {
  TableRow row;
  VersionPattern oobm;
  VersionPattern scs;
  std::vector<VersionPattern> amt;
};

struct Data {
  std::string summary;
  std::vector<Row> rows;
  std::vector<TableRow> table;  // rows[i].row, for Table()
  std::vector<Rule> rules;
};

// InvalidArgument naming "compat.json: <where>: <problem>" for each problem:
// an unknown key, capability, effect or condition, a version that does not
// parse, a rule id used twice.
base::Result<Data> ParseData(std::string_view json_text);

// The capability called `name` ("remote_configuration", "notebook", ...).
std::optional<bool> Capability(const amt::Capabilities& caps, std::string_view name);

}  // namespace openscs::compat::internal
