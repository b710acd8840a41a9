#pragma once

// The knowledge base's answers (`openscs explain`, GET /api/v1/explain):
// the lookup of a code, a PT_STATUS or pasted text, and its JSON.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kb/kb.h"

namespace openscs::present {

// {code, kind, level?, value? ("0x80D"), value_decimal?, title, meaning,
//  causes, fixes, seed_mode?, seed_mode_name?, aliases, see_also}.
nlohmann::json KbEntryJson(const kb::Entry& entry);

struct ExplainAnswer {
  std::string query;
  bool exact = false;                     // `query` is a code (or PT_STATUS) of one entry
  std::vector<kb::Match> matches;         // the entry, or search hits scoring kb::kMatchScore or more
  std::vector<const kb::Entry*> closest;  // nothing matched: up to 3 codes to suggest
};

// Looks `query` up in the built-in knowledge base: an exact code first,
// then a search; when nothing matches, near misspellings of a code, weak
// hits, then the codes closest in spelling.
ExplainAnswer Explain(std::string_view query);

// Found: {query, found: true, exact, matches: [KbEntryJson + score (when
// not exact)]}; else {query, found: false, closest: [{code, title}]}.
nlohmann::json ExplainJson(const ExplainAnswer& answer);

}  // namespace openscs::present
