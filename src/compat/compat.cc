#include "compat/compat.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "compat/compat_data.h"
#include "diagnose/causes.h"
#include "kb/embedded.h"

namespace openscs::compat {
namespace {

using internal::Data;
using internal::Effect;
using internal::Rule;

struct State {
  Data data;
  base::Status status;
};

const State& Loaded() {
  static const State state = [] {
    State s;
    const auto text = kb::EmbeddedText("compat.json");
    auto data = internal::ParseData(text ? *text : std::string_view{});
    if (data) {
      s.data = std::move(data).value();
    } else {
      s.status = data.error();
    }
    return s;
  }();
  return state;
}

// The facts one rule is checked against.
struct Context {
  bool openscs = true;  // no SCS or OOBM asked about
  Method method = Method::kPsk;
  amt::Version amt;
  const amt::Capabilities* caps = nullptr;
  std::optional<amt::Version> scs;
  std::optional<amt::Version> oobm;
  std::string scs_text;
  std::string oobm_text;
};

bool AnyMatches(const std::vector<internal::VersionPattern>& patterns, const amt::Version& v) {
  return std::any_of(patterns.begin(), patterns.end(), [&](const auto& p) { return internal::Matches(p, v); });
}

bool Holds(const internal::Condition& c, const Context& x) {
  if (c.target && (*c.target == "openscs") != x.openscs) return false;
  if (c.method && *c.method != x.method) return false;
  if (!c.amt.empty() && !AnyMatches(c.amt, x.amt)) return false;
  if (c.amt_min && x.amt < *c.amt_min) return false;
  if (c.amt_below && !(x.amt < *c.amt_below)) return false;
  for (const auto& [name, wanted] : c.capabilities) {
    if (x.caps == nullptr || internal::Capability(*x.caps, name) != wanted) return false;
  }
  // Conditions on the SCS or OOBM hold only when there is one to check.
  if (!c.scs.empty() && (!x.scs || !AnyMatches(c.scs, *x.scs))) return false;
  if (c.scs_below && (!x.scs || !(*x.scs < *c.scs_below))) return false;
  if (!c.oobm.empty() && (!x.oobm || !AnyMatches(c.oobm, *x.oobm))) return false;
  return true;
}

std::string Fill(std::string text, const Context& x) {
  auto replace = [&](std::string_view key, const std::string& value) {
    for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size())) {
      text.replace(at, key.size(), value);
    }
  };
  replace("{amt}", x.amt.ToString());
  replace("{scs}", x.scs_text.empty() ? "?" : x.scs_text);
  replace("{oobm}", x.oobm_text.empty() ? "?" : x.oobm_text);
  return text;
}

struct RuleFindings {
  std::vector<Finding> fails, warns;
  std::vector<std::string> notes;
};

RuleFindings ApplyRules(const Data& data, const Context& x) {
  RuleFindings out;
  for (const Rule& rule : data.rules) {
    if (!Holds(rule.when, x)) continue;
    Finding f{rule.cause, Fill(rule.text, x), rule.id};
    switch (rule.effect) {
      case Effect::kFail: out.fails.push_back(std::move(f)); break;
      case Effect::kWarn: out.warns.push_back(std::move(f)); break;
      case Effect::kNote: out.notes.push_back(std::move(f.text)); break;
    }
  }
  return out;
}

template <typename T>
void AddUnique(std::vector<T>& to, const T& item) {
  if (std::find(to.begin(), to.end(), item) == to.end()) to.push_back(item);
}

void AddUniqueFinding(std::vector<Finding>& to, const Finding& f) {
  if (std::none_of(to.begin(), to.end(), [&](const Finding& g) { return g.text == f.text; })) to.push_back(f);
}

std::string Known(const std::vector<internal::Row>& rows, bool scs) {
  std::vector<std::string> names;
  for (const auto& r : rows) AddUnique(names, scs ? r.row.scs : r.row.oobm);
  return fmt::format("{}", fmt::join(names, ", "));
}

std::string AmtList(const internal::Row& row) { return fmt::format("{}", fmt::join(row.row.amt, ", ")); }

// AMT newer than the last row of the version table: CapabilitiesOf() lends
// it the last row, which is a guess, not knowledge.
bool BeyondTable(const amt::Version& v) {
  const auto known = amt::KnownVersions();
  return !known.empty() && v.major > known.back().version.major;
}

void Unknown(Verdict& v, std::string text) {
  v.works = false;
  v.reasons.push_back({std::string(diagnose::causes::kVersionUnknown), std::move(text), ""});
}

}  // namespace

std::string_view MethodName(Method method) { return method == Method::kPsk ? "psk" : "pki"; }

base::Result<Method> ParseMethod(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "psk") return Method::kPsk;
  if (lower == "pki") return Method::kPki;
  return base::InvalidArgument(fmt::format("method '{}': expected psk or pki", text));
}

std::span<const TableRow> Table() { return Loaded().data.table; }
std::string_view OpenscsSummary() { return Loaded().data.summary; }
const base::Status& DataStatus() { return Loaded().status; }

Verdict Evaluate(const Query& query) {
  const State& state = Loaded();
  const Data& data = state.data;
  Verdict v;
  v.method = query.method;
  v.amt = query.amt;
  const bool openscs = !query.scs && !query.oobm;
  v.subject = openscs     ? "openscs"
              : query.scs ? fmt::format("Intel SCS {}", *query.scs)
                          : fmt::format("Altiris OOBM {}", *query.oobm);
  if (!state.status.ok()) {
    v.reasons.push_back({"", "the built-in compatibility data is invalid: " + state.status.message(), ""});
    return v;
  }

  Context x;
  x.openscs = openscs;
  x.method = query.method;
  auto version = amt::Version::Parse(query.amt);
  if (!version) {
    Unknown(v, fmt::format("'{}' is not an AMT version ({})", query.amt, version.error().message()));
    return v;
  }
  x.amt = *version;
  v.amt = x.amt.ToString();
  auto caps = amt::CapabilitiesOf(x.amt);
  if (!caps) {
    Unknown(v, caps.error().message() + "; openscs cannot say what it supports");
    return v;
  }
  v.capabilities = *caps;
  x.caps = &*v.capabilities;
  if (BeyondTable(x.amt)) {
    Unknown(v,
            fmt::format("AMT {} is newer than the version table (2.0 to {}.x), so nothing is known about it; "
                        "firmware after {}.x is expected to behave like it: PKI over WS-Management, no PSK",
                        v.amt, amt::KnownVersions().back().version.major, amt::KnownVersions().back().version.major));
    return v;
  }

  for (const char* which : {"scs", "oobm"}) {
    const auto& given = std::string_view(which) == "scs" ? query.scs : query.oobm;
    if (!given) continue;
    auto parsed = amt::Version::Parse(*given);
    if (!parsed) {
      v.reasons.push_back({"", fmt::format("'{}' is not a {} version", *given, which), ""});
      return v;
    }
    (std::string_view(which) == "scs" ? x.scs : x.oobm) = *parsed;
    (std::string_view(which) == "scs" ? x.scs_text : x.oobm_text) = *given;
  }

  if (openscs) {
    for (const auto& row : data.rows) {
      if (AnyMatches(row.amt, x.amt)) v.rows.push_back(row.row);
    }
    RuleFindings f = ApplyRules(data, x);
    v.reasons = std::move(f.fails);
    v.warnings = std::move(f.warns);
    v.notes = std::move(f.notes);
    v.works = v.reasons.empty();
    return v;
  }

  // An SCS or OOBM: the table must list the version, and the rules must let
  // it through, for at least one row (an OOBM shipped more than one SCS).
  std::vector<const internal::Row*> candidates;
  for (const auto& row : data.rows) {
    if (x.oobm && !internal::Matches(row.oobm, *x.oobm)) continue;
    if (x.scs && !internal::Matches(row.scs, *x.scs)) continue;
    candidates.push_back(&row);
    v.rows.push_back(row.row);
  }
  if (candidates.empty()) {
    std::string text;
    const bool scs_known = !x.scs || std::any_of(data.rows.begin(), data.rows.end(),
                                                 [&](const auto& r) { return internal::Matches(r.scs, *x.scs); });
    const bool oobm_known = !x.oobm || std::any_of(data.rows.begin(), data.rows.end(),
                                                   [&](const auto& r) { return internal::Matches(r.oobm, *x.oobm); });
    if (!scs_known) {
      text = fmt::format("Intel SCS {} is not in the table (known: {})", x.scs_text, Known(data.rows, true));
    } else if (!oobm_known) {
      text = fmt::format("Altiris OOBM {} is not in the table (known: {})", x.oobm_text, Known(data.rows, false));
    } else {
      text = fmt::format("Altiris OOBM {} did not ship Intel SCS {}", x.oobm_text, x.scs_text);
    }
    v.reasons.push_back({"", std::move(text), ""});
    // The notes still apply ("there was no SCS 4").
    v.notes = ApplyRules(data, x).notes;
    return v;
  }

  bool any_listed = false;
  std::vector<Finding> fails;
  for (const internal::Row* row : candidates) {
    Context cx = x;
    cx.scs = row->scs.version;
    cx.scs_text = x.scs ? x.scs_text : row->row.scs;
    if (!cx.oobm) {
      cx.oobm = row->oobm.version;
      cx.oobm_text = row->row.oobm;
    }
    RuleFindings f = ApplyRules(data, cx);
    const bool listed = AnyMatches(row->amt, x.amt);
    any_listed = any_listed || listed;
    if (listed && f.fails.empty()) {
      v.works = true;
      for (const auto& w : f.warns) AddUniqueFinding(v.warnings, w);
      if (!row->row.note.empty()) AddUniqueFinding(v.warnings, {"", row->row.note, ""});
    }
    for (const auto& fail : f.fails) AddUniqueFinding(fails, fail);
    for (const auto& n : f.notes) AddUnique(v.notes, n);
    if (!listed) {
      fails.push_back({"",
                       fmt::format("the table lists AMT {} for Intel SCS {} (OOBM {}), not {}", AmtList(*row),
                                   row->row.scs, row->row.oobm, v.amt),
                       ""});
    }
  }
  if (!v.works) {
    // A rule that explains the failure comes before the bare table check.
    std::stable_partition(fails.begin(), fails.end(), [](const Finding& f) { return !f.rule.empty(); });
    v.reasons = std::move(fails);
    if (!any_listed) v.warnings.clear();
  }
  return v;
}

}  // namespace openscs::compat
