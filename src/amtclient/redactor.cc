#include "amtclient/redactor.h"

#include <algorithm>

namespace openscs::amtclient {
namespace {

// `text` with & < > escaped, and with quotes too when `quotes` (attribute
// values and some writers' text).
std::string XmlEscape(std::string_view text, bool quotes) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += quotes ? "&quot;" : "\""; break;
      case '\'': out += quotes ? "&apos;" : "'"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

void AddUnique(std::vector<std::string>& forms, std::string form) {
  if (std::find(forms.begin(), forms.end(), form) == forms.end()) forms.push_back(std::move(form));
}

}  // namespace

void Redactor::Add(std::string_view secret) {
  if (secret.empty()) return;
  AddUnique(forms_, std::string(secret));
  AddUnique(forms_, XmlEscape(secret, false));
  AddUnique(forms_, XmlEscape(secret, true));
  // Longest first, so that a secret containing another is replaced whole.
  std::stable_sort(forms_.begin(), forms_.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string Redactor::Apply(std::string_view text) const {
  std::string out(text);
  for (const auto& form : forms_) {
    size_t at = 0;
    while ((at = out.find(form, at)) != std::string::npos) {
      out.replace(at, form.size(), kRedacted);
      at += kRedacted.size();
    }
  }
  return out;
}

}  // namespace openscs::amtclient
