#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include "kb/kb.h"
#include "kb/text.h"

namespace openscs::kb {
namespace text {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  const size_t begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(" \t\r\n") - begin + 1);
}

namespace {

bool IsAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

template <typename Pred>
std::vector<std::string_view> Runs(std::string_view s, Pred in_run) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && !in_run(s[i])) ++i;
    const size_t start = i;
    while (i < s.size() && in_run(s[i])) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

}  // namespace

std::vector<std::string_view> Tokens(std::string_view lower) {
  return Runs(lower, [](char c) { return IsAlnum(c) || c == '_'; });
}

std::vector<std::string_view> Words(std::string_view lower) { return Runs(lower, IsAlnum); }

bool ContainsPhrase(std::string_view text, std::string_view phrase) {
  if (phrase.empty()) return false;
  for (size_t at = text.find(phrase); at != std::string_view::npos; at = text.find(phrase, at + 1)) {
    const bool left_ok = at == 0 || !IsAlnum(phrase.front()) || !IsAlnum(text[at - 1]);
    const size_t end = at + phrase.size();
    const bool right_ok = end == text.size() || !IsAlnum(phrase.back()) || !IsAlnum(text[end]);
    if (left_ok && right_ok) return true;
  }
  return false;
}

}  // namespace text

namespace {

// Words too common in the entries to tell them apart.
constexpr std::array<std::string_view, 28> kStopWords = {
    "the", "and",  "for",  "with", "not",  "from",  "this", "that", "was", "are", "does", "has",  "have",    "but",
    "its", "into", "than", "then", "when", "which", "can",  "will", "one", "all", "any",  "uuid", "openscs", "device"};

// The weights order the kinds of evidence: the text is the code, names a
// PT_STATUS, mentions a code, contains an alias or the title; shared words
// only add to that.
constexpr int kWholeCode = 1000;
constexpr int kPtStatusInText = 900;
constexpr int kCodeInText = 600;
constexpr int kAliasInText = 300;  // + the alias's length: the more specific, the better
constexpr int kTitleInText = 250;
constexpr int kTitleContainsText = 200;
constexpr int kAliasContainsText = 150;
constexpr int kWordInCodeOrTitle = 30;
constexpr int kWordInAlias = 20;
constexpr int kWordInText = 8;

// The text, lower-cased and cut up once. Views point into `lower`, so a
// Query is never copied or moved.
struct Query {
  explicit Query(std::string_view text) : lower(text::Lower(text::Trim(text))) {
    for (auto t : text::Tokens(lower)) {
      tokens.insert(t);
      if (t.size() > 2 && t.substr(0, 2) == "0x") {
        if (auto n = ParsePtStatusNumber(t)) hex_numbers.insert(*n);
      }
    }
    std::set<std::string_view> seen;
    for (auto w : text::Words(lower)) {
      if (w.size() < 3 || std::find(kStopWords.begin(), kStopWords.end(), w) != kStopWords.end()) continue;
      if (seen.insert(w).second) words.push_back(w);
    }
  }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  const std::string lower;
  std::set<std::string_view> tokens;
  std::set<uint32_t> hex_numbers;  // "0x80d" tokens
  std::vector<std::string_view> words;
};

void AddWords(std::string_view text, std::set<std::string>& out) {
  const std::string lower = text::Lower(text);
  for (auto w : text::Words(lower)) out.emplace(w);
}

bool HasWord(const std::set<std::string>& words, std::string_view w) {
  if (words.contains(std::string(w))) return true;
  // "provision" finds "provisioned"; short words must match exactly.
  if (w.size() < 5) return false;
  const auto it = words.lower_bound(std::string(w));
  return it != words.end() && it->starts_with(w);
}

int Score(const Entry& e, const Query& q) {
  const std::string code = text::Lower(e.code);
  if (q.lower == code) return kWholeCode;
  int phrase = 0;
  if (e.kind == Kind::kPtStatus) {
    if (q.tokens.contains(code) || (e.value && q.hex_numbers.contains(*e.value))) phrase = kPtStatusInText;
  } else if (code.size() >= 6 && q.tokens.contains(code)) {
    phrase = kCodeInText;
  }
  for (const auto& alias : e.aliases) {
    const std::string a = text::Lower(alias);
    if (text::ContainsPhrase(q.lower, a)) {
      phrase = std::max(phrase, kAliasInText + static_cast<int>(a.size()));
    } else if (q.lower.size() >= 4 && text::ContainsPhrase(a, q.lower)) {
      phrase = std::max(phrase, kAliasContainsText + static_cast<int>(q.lower.size()));
    }
  }
  const std::string title = text::Lower(e.title);
  if (text::ContainsPhrase(q.lower, title)) {
    phrase = std::max(phrase, kTitleInText + static_cast<int>(title.size()));
  } else if (q.lower.size() >= 4 && text::ContainsPhrase(title, q.lower)) {
    phrase = std::max(phrase, kTitleContainsText);
  }

  std::set<std::string> head, alias_words, body;
  AddWords(e.code, head);
  AddWords(e.title, head);
  for (const auto& a : e.aliases) AddWords(a, alias_words);
  AddWords(e.meaning, body);
  for (const auto& c : e.causes) AddWords(c, body);
  int words = 0;
  for (auto w : q.words) {
    if (HasWord(head, w)) {
      words += kWordInCodeOrTitle;
    } else if (HasWord(alias_words, w)) {
      words += kWordInAlias;
    } else if (HasWord(body, w)) {
      words += kWordInText;
    }
  }
  return phrase + words;
}

}  // namespace

std::vector<Match> KnowledgeBase::Search(std::string_view text, size_t limit) const {
  const Query q(text);
  std::vector<Match> matches;
  if (q.lower.empty()) return matches;
  for (const auto& e : entries_) {
    if (const int score = Score(e, q); score > 0) matches.push_back({&e, score});
  }
  // Stable: equal scores keep file order (errors.json before pt_status.json).
  std::stable_sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) { return a.score > b.score; });
  if (matches.size() > limit) matches.resize(limit);
  return matches;
}

}  // namespace openscs::kb
