#include "server/failure_text.h"

#include <map>
#include <string>

#include "kb/kb.h"

namespace openscs::server {
namespace {

// The texts are spliced into "<message>. Cause: <cause>. Fix: <fix>.", so a
// final period is dropped.
std::string_view WithoutPeriod(std::string_view s) {
  return !s.empty() && s.back() == '.' ? s.substr(0, s.size() - 1) : s;
}

constexpr FailureText kUnknown{"an unexpected failure", "see the trace file and the server's log for this UUID"};

// Views into the built-in knowledge base, which lives for the whole program.
const std::map<std::string, FailureText, std::less<>>& Texts() {
  static const auto texts = [] {
    std::map<std::string, FailureText, std::less<>> m;
    for (const auto& e : kb::Builtin().entries()) {
      FailureText t = kUnknown;
      t.cause = WithoutPeriod(e.causes.empty() ? std::string_view(e.meaning) : std::string_view(e.causes.front()));
      if (!e.fixes.empty()) t.fix = WithoutPeriod(e.fixes.front());
      m.emplace(e.code, t);
    }
    return m;
  }();
  return texts;
}

}  // namespace

const FailureText& DescribeFailure(std::string_view code) {
  const auto& texts = Texts();
  const auto it = texts.find(code);
  return it == texts.end() ? kUnknown : it->second;
}

}  // namespace openscs::server
