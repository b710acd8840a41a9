// Every code openscs can emit has a knowledge-base entry, found from the
// sources themselves so that a new code cannot be added without one:
//  (a) `inline constexpr std::string_view kX = "..."` in the code headers
//      (provision/error_codes.h, server/failure_text.h, diagnose/causes.h and
//      any other src/**/*codes.h or causes.h);
//  (b) the code argument of every ProvisioningLog::Write(level, uuid, "code", ...);
//  (c) every `code = "..."` (`e.code = `, `.code = `) in src/cli and src/server.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "amt/pt_status.h"
#include "kb/kb.h"

namespace openscs::kb {
namespace {

namespace fs = std::filesystem;

const fs::path kSrc = fs::path(OPENSCS_SOURCE_DIR) / "src";

std::string Read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<fs::path> SourceFiles(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& f : fs::recursive_directory_iterator(dir)) {
    const auto ext = f.path().extension();
    if (f.is_regular_file() && (ext == ".cc" || ext == ".h")) out.push_back(f.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// code -> where it was first seen ("src/server/server.cc")
using Found = std::map<std::string, std::string>;

// Matches `pattern` in a window around each occurrence of `anchor` rather
// than over whole files: std::regex is slow on long texts.
void Scan(const fs::path& file, std::string_view anchor, const std::regex& pattern, Found& found) {
  const std::string text = Read(file);
  const std::string where = fs::relative(file, OPENSCS_SOURCE_DIR).string();
  for (size_t at = text.find(anchor); at != std::string::npos; at = text.find(anchor, at + 1)) {
    const size_t begin = at < 16 ? 0 : at - 16;
    const std::string window = text.substr(begin, 400);
    std::smatch m;
    if (std::regex_search(window, m, pattern)) found.emplace(m[1].str(), where);
  }
}

Found HeaderConstants() {
  static const std::regex kConstant(R"re(inline\s+constexpr\s+std::string_view\s+k\w+\s*=\s*"([a-z][a-z0-9_]*)")re");
  std::set<fs::path> headers = {kSrc / "provision/error_codes.h", kSrc / "server/failure_text.h",
                                kSrc / "diagnose/causes.h"};
  for (const auto& f : SourceFiles(kSrc)) {
    const std::string name = f.filename().string();
    if (name.ends_with("codes.h") || name == "causes.h") headers.insert(f);
  }
  Found found;
  for (const auto& h : headers) {
    EXPECT_TRUE(fs::exists(h)) << h << " is gone: update this test's list of code headers";
    if (fs::exists(h)) Scan(h, "constexpr", kConstant, found);
  }
  return found;
}

Found LogWrites() {
  // Write(LogLevel::kInfo, uuid, "code", ...) on any ProvisioningLog, and
  // log_.Write(level, uuid, "code", ...) with a computed level. The uuid
  // argument holds no comma, so a literal step after a computed code
  // (Write(level, uuid, code, "claim", ...)) is not mistaken for a code.
  static const std::regex kByLevel(R"re(\bWrite\(\s*(?:store::)?LogLevel::k\w+\s*,\s*[^,;]+,\s*"([a-z][a-z0-9_]*)")re");
  static const std::regex kByObject(
      R"re(\blog(?:_|\(\))?\s*(?:\.|->)\s*Write\(\s*[^,;]+,\s*[^,;]+,\s*"([a-z][a-z0-9_]*)")re");
  Found found;
  for (const auto& f : SourceFiles(kSrc)) {
    Scan(f, "Write(", kByLevel, found);
    Scan(f, "Write(", kByObject, found);
  }
  return found;
}

Found CodeAssignments() {
  static const std::regex kAssign(R"re(\bcode\s*=\s*"([a-z][a-z0-9_]*)")re");
  Found found;
  for (const char* dir : {"cli", "server"}) {
    for (const auto& f : SourceFiles(kSrc / dir)) Scan(f, "code", kAssign, found);
  }
  return found;
}

Found AllEmitted() {
  Found all = HeaderConstants();
  for (const auto& extra : {LogWrites(), CodeAssignments()}) all.insert(extra.begin(), extra.end());
  return all;
}

TEST(KbCoverage, BuiltinKnowledgeBaseIsValid) { EXPECT_TRUE(BuiltinStatus().ok()) << BuiltinStatus().message(); }

TEST(KbCoverage, ScannerFindsAPlausibleNumberOfCodes) {
  // Lower bounds well under today's numbers: a scanner that silently finds
  // nothing (a moved header, a changed call shape) must fail here.
  const Found headers = HeaderConstants();
  const Found writes = LogWrites();
  const Found assigns = CodeAssignments();
  const Found all = AllEmitted();
  std::cout << "codes found: " << all.size() << " (" << headers.size() << " header constants, " << writes.size()
            << " log writes, " << assigns.size() << " code assignments)\n";
  EXPECT_GE(headers.size(), 45u);
  EXPECT_GE(writes.size(), 14u);
  EXPECT_GE(assigns.size(), 1u);
  EXPECT_GE(all.size(), 65u);
  for (const char* known : {"pid_not_found", "tls_psk_mismatch", "version_unknown", "hello_received", "provisioned",
                            "server_started", "step_attempt_failed", "secret_revealed"}) {
    EXPECT_TRUE(all.contains(known)) << "the scanner no longer finds " << known;
  }
}

TEST(KbCoverage, EveryEmittedCodeHasAnEntry) {
  for (const auto& [code, where] : AllEmitted()) {
    const Entry* e = Builtin().Find(code);
    EXPECT_NE(e, nullptr) << "no knowledge-base entry for '" << code << "' (emitted in " << where
                          << "): add it to kb/errors.json";
    if (e != nullptr) {
      EXPECT_NE(e->kind, Kind::kPtStatus) << code;
    }
  }
}

TEST(KbCoverage, EveryEntryIsEmittedSomewhere) {
  // The other direction: an entry whose code nothing emits any more is stale.
  const Found all = AllEmitted();
  for (const auto& e : Builtin().entries()) {
    if (e.kind == Kind::kPtStatus) continue;
    EXPECT_TRUE(all.contains(e.code)) << e.file << ": " << e.code << " is emitted nowhere in src/";
  }
}

TEST(KbCoverage, EveryPtStatusHasAnEntry) {
  for (const auto& s : amt::KnownPtStatuses()) {
    const Entry* e = Builtin().FindPtStatus(static_cast<uint32_t>(s.code));
    ASSERT_NE(e, nullptr) << "no kb/pt_status.json entry for " << s.name;
    EXPECT_EQ(e->code, s.name) << "kb/pt_status.json and amt/pt_status.cc name 0x" << std::hex
                               << static_cast<uint32_t>(s.code) << " differently";
  }
  // Reference §10.1 lists the remote-control errors that amt/pt_status.h
  // leaves unnamed.
  for (uint32_t value = 0x801; value <= 0x805; ++value) {
    EXPECT_NE(Builtin().FindPtStatus(value), nullptr) << std::hex << value;
  }
}

TEST(KbCoverage, FailuresSayWhatToDo) {
  // What an attempt can end with, and what the doctor names, must come with
  // a cause and a fix; events and healthy outcomes need not.
  for (const auto& e : Builtin().entries()) {
    const bool failure = e.kind == Kind::kOutcome || e.kind == Kind::kServer ||
                         (e.kind == Kind::kCause && e.code != "healthy") ||
                         (e.kind == Kind::kPtStatus && e.value != 0u);
    if (!failure || e.code == "ok") continue;
    EXPECT_FALSE(e.causes.empty()) << e.file << ": " << e.code << " has no causes";
    EXPECT_FALSE(e.fixes.empty()) << e.file << ": " << e.code << " has no fixes";
  }
}

}  // namespace
}  // namespace openscs::kb
