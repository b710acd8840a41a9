#include "protocol/pidpps/key_csv.h"

#include <fmt/format.h>

#include "protocol/mebx/password_rule.h"

namespace openscs::pidpps {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && (IsBlank(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> SplitFields(std::string_view line) {
  std::vector<std::string_view> fields;
  for (;;) {
    const size_t comma = line.find(',');
    fields.push_back(line.substr(0, comma));
    if (comma == std::string_view::npos) return fields;
    line.remove_prefix(comma + 1);
  }
}

base::Result<KeyCsvRow> ParseRow(std::string_view line) {
  const std::vector<std::string_view> fields = SplitFields(line);
  if (fields.size() < 2 || fields.size() > 3) {
    // The count only: the fields may hold a secret.
    return base::InvalidArgument(fmt::format("expected 'PID,PPS' or 'PID,PPS,MEBX_PASSWORD', got {} field(s)",
                                             fields.size()));
  }
  auto pid = Pid::Parse(Trim(fields[0]));
  if (!pid) return pid.error();
  auto pps = Pps::Parse(Trim(fields[1]));
  if (!pps) return pps.error();
  KeyCsvRow row{{std::move(pid).value(), std::move(pps).value()}, ""};
  if (fields.size() == 3) {
    row.mebx_password = std::string(fields[2]);
    if (!row.mebx_password.empty()) {
      if (auto s = mebx::CheckMebxPassword(row.mebx_password); !s.ok()) return s.WithContext("MEBx password");
    }
  }
  return row;
}

}  // namespace

std::string FormatKeyCsv(const std::vector<Pair>& pairs) {
  std::string out = std::string(kKeyCsvHeader) + "\n";
  for (const auto& p : pairs) out += p.pid.display() + "," + p.pps.display() + "\n";
  return out;
}

std::string FormatKeyCsv(std::span<const KeyCsvRow> rows) {
  std::string out = std::string(kKeyCsvHeaderWithMebx) + "\n";
  for (const auto& r : rows) out += r.pair.pid.display() + "," + r.pair.pps.display() + "," + r.mebx_password + "\n";
  return out;
}

base::Result<std::vector<KeyCsvRow>> ParseKeyCsv(std::string_view text) {
  std::vector<KeyCsvRow> rows;
  size_t line_number = 0;
  bool header_seen = false;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::string_view trimmed = Trim(line);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    if (!header_seen) {
      header_seen = true;
      if (trimmed == kKeyCsvHeader || trimmed == kKeyCsvHeaderWithMebx) continue;
    }
    auto row = ParseRow(line);
    if (!row) return row.error().WithContext(fmt::format("keys CSV line {}", line_number));
    rows.push_back(std::move(row).value());
  }
  if (rows.empty()) return base::InvalidArgument("keys CSV holds no PID/PPS pairs");
  return rows;
}

}  // namespace openscs::pidpps
