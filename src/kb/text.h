#pragma once

// Text helpers of the knowledge base's lookups (kb.cc, search.cc); not an
// API of their own.

#include <string>
#include <string_view>
#include <vector>

namespace openscs::kb::text {

std::string Lower(std::string_view s);
std::string_view Trim(std::string_view s);

// Runs of [a-z0-9_] in `lower` (already lower-case): "pid_not_found", "0x80d".
std::vector<std::string_view> Tokens(std::string_view lower);
// Runs of [a-z0-9] only: "pid", "not", "found".
std::vector<std::string_view> Words(std::string_view lower);

// Whether `phrase` occurs in `text` where its ends are not glued to a letter
// or digit of `text` ("rst" is not in "first"). Both lower-case.
bool ContainsPhrase(std::string_view text, std::string_view phrase);

}  // namespace openscs::kb::text
