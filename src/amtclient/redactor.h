#pragma once

// Keeps secrets out of traces and error messages: every occurrence of a
// registered secret becomes "***", both as given and as it appears inside
// XML text (pugixml writes & < > " ' as entities), so a password sent in a
// SOAP parameter is caught in the envelope too.
//
// Not thread-safe; one per Connection.

#include <string>
#include <string_view>
#include <vector>

namespace openscs::amtclient {

inline constexpr std::string_view kRedacted = "***";

class Redactor {
 public:
  // Registers `secret`; empty strings are ignored.
  void Add(std::string_view secret);
  // `text` with every registered secret replaced, longest secrets first.
  std::string Apply(std::string_view text) const;

 private:
  std::vector<std::string> forms_;  // each secret and its XML-escaped forms
};

}  // namespace openscs::amtclient
