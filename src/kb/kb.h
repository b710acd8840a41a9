#pragma once

// The troubleshooting knowledge base: for every code openscs emits (session
// outcomes, the server's own failures, log events, the doctor's causes) and
// every PT_STATUS, what it means, its likely causes and the fixes, in an
// admin's words. The data is kb/errors.json and kb/pt_status.json
// (docs/formats/kb.md), compiled into the binary; this is its only reader.
//
// Users: `openscs explain`, the server's failure texts
// (server/failure_text.h) and the troubleshooting tools.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace openscs::kb {

enum class Kind {
  kOutcome,   // how a provisioning session ended (provision/error_codes.h)
  kServer,    // decided by the server around a session (server/failure_text.h)
  kEvent,     // a provisioning-log entry's code
  kCause,     // a troubleshooting cause (diagnose/causes.h)
  kPtStatus,  // a firmware status (amt/pt_status.h)
};

// "outcome", "server", "event", "cause", "pt_status": the JSON spelling.
std::string_view KindName(Kind kind);

struct Entry {
  std::string code;  // "pid_not_found"; a PT_STATUS's name: "PT_STATUS_PKI_GENERATING_KEYS"
  Kind kind = Kind::kOutcome;
  std::string level;                  // events only: "error", "warning", "info" or "debug"
  std::optional<uint32_t> value;      // PT_STATUS entries only: 0x80D
  std::string title;                  // one line, no final period
  std::string meaning;                // one or two sentences
  std::vector<std::string> causes;    // most likely first; fragments without a final period
  std::vector<std::string> fixes;     // most useful first; commands in `backticks`
  std::optional<int> seed_mode;       // 1-6: the seed article's device mode it concerns
  std::vector<std::string> aliases;   // texts an admin may paste (log messages, other tools' words)
  std::vector<std::string> see_also;  // codes of related entries
  std::string file;                   // the file it came from: "errors.json"
};

struct SourceFile {
  std::string_view name;  // shown in problems: "errors.json"
  std::string_view text;  // JSON: {"format": 1, "entries": [...]}
};

struct Match {
  const Entry* entry = nullptr;
  int score = 0;  // higher is better; only the order is meaningful
};

// Scores at or above this in Search() are matches worth showing as answers;
// below it they are only hints (a shared word or two).
inline constexpr int kMatchScore = 40;

class KnowledgeBase {
 public:
  KnowledgeBase() = default;

  // Parses and checks `files`. Fails with InvalidArgument listing every
  // problem on its own line as "<file>: <code or entry N>: <problem>":
  // malformed JSON, a missing or unknown field, a wrong kind or level, a code
  // used twice (across all files, ignoring case), a PT_STATUS value used
  // twice, a see_also naming no entry, a cause or fix ending with a period.
  static base::Result<KnowledgeBase> Load(std::span<const SourceFile> files);

  // In file order.
  std::span<const Entry> entries() const { return entries_; }

  // The entry whose code is `code` (any case), or for a PT_STATUS its name
  // with or without "PT_STATUS_", or its number ("0x80D", "80d", "2061"; see
  // ParsePtStatusNumber). nullptr when there is none.
  const Entry* Find(std::string_view code) const;
  const Entry* FindPtStatus(uint32_t value) const;

  // Entries that `text` (a code, a pasted log line, a few words) points at,
  // best first, at most `limit`, all with a score above 0. Case-insensitive.
  // A code or PT_STATUS (name or 0x-number) in the text, an alias or title it
  // contains, then shared words, in that order of weight.
  std::vector<Match> Search(std::string_view text, size_t limit = 3) const;

 private:
  std::vector<Entry> entries_;
};

// The knowledge base compiled into the binary, parsed on first use;
// thread-safe, lives for the whole program. If the built-in files are invalid
// (tests/kb catches that before a release) it is empty and BuiltinStatus()
// says why.
const KnowledgeBase& Builtin();
const base::Status& BuiltinStatus();

// Builtin().Find(code) and Builtin().Search(text, limit).
const Entry* Find(std::string_view code);
std::vector<Match> Search(std::string_view text, size_t limit = 3);

// The seed article's name of device mode 1-6 ("AMT enabled, in Setup Mode for
// TLS-PSK"), or "" for another number.
std::string_view SeedModeName(int mode);

// A PT_STATUS number as admins write it: "0x80D" (hex), "2061" (decimal,
// as SOAP StatusCode and WS-Man ReturnValue carry it), "80d" (hex, for
// having a hex letter). nullopt for anything else. Digits alone are decimal:
// ambiguous ones ("10") are resolved by Find(), which falls back to hex when
// the decimal value is no known status.
std::optional<uint32_t> ParsePtStatusNumber(std::string_view text);

}  // namespace openscs::kb
