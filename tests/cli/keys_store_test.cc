// keys generate/add/import/export/list/revoke and setupbin create
// --from-store, against a real database.

#include <gmock/gmock.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "cli/store_access.h"
#include "protocol/pidpps/key_csv.h"
#include "tests/cli/store_fixture.h"

namespace openscs::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::CliStoreTest;

constexpr std::string_view kPid = "0000-037M";
constexpr std::string_view kPps = "NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XJ";

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void WriteText(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

mode_t ModeOf(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 0777;
}

class KeysStore : public CliStoreTest {
 protected:
  // Generates `n` keys into the database and returns their pairs (from the file).
  std::vector<pidpps::KeyCsvRow> Generate(int n) {
    auto run = Run({"keys", "generate", "--count", std::to_string(n), "--out", Path("generated.csv")});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    auto rows = pidpps::ParseKeyCsv(Slurp(Path("generated.csv")));
    EXPECT_TRUE(rows) << rows.error().ToString();
    return rows ? *rows : std::vector<pidpps::KeyCsvRow>{};
  }
  std::vector<store::LogEntry> Logs() { return *OpenDb()->QueryLogs({}); }
};

TEST_F(KeysStore, GenerateStoresTheKeysAsAvailable) {
  const auto rows = Generate(3);
  ASSERT_EQ(rows.size(), 3u);
  auto keys = OpenDb()->ListKeys(std::nullopt);
  ASSERT_TRUE(keys);
  ASSERT_EQ(keys->size(), 3u);
  for (const auto& k : *keys) {
    EXPECT_EQ(k.status, store::KeyStatus::kAvailable);
    EXPECT_EQ(k.provenance, "generated");
    EXPECT_EQ(k.created, clock_->Now());
    // Sealed: the PPS is not in the database in clear.
    for (const auto& r : rows) EXPECT_THAT(k.pps, Not(HasSubstr(std::string(r.pair.pps.compact()))));
  }
  EXPECT_EQ(ModeOf(key_file_), 0600u);
}

TEST_F(KeysStore, GenerateWithNoStoreTouchesNoDatabase) {
  auto run = Run({"keys", "generate", "--count", "2", "--no-store"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(pidpps::ParseKeyCsv(run.out));
  EXPECT_FALSE(std::filesystem::exists(db_));
  EXPECT_FALSE(std::filesystem::exists(key_file_));
}

TEST_F(KeysStore, ListNeverShowsAPpsWithoutReveal) {
  const auto rows = Generate(2);
  for (const auto& args : std::vector<std::vector<std::string>>{{"keys", "list"}, {"keys", "list", "--json"}}) {
    auto run = Run(args);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    for (const auto& r : rows) {
      EXPECT_THAT(run.out, HasSubstr(r.pair.pid.display()));
      EXPECT_THAT(run.out, HasSubstr(r.pair.pps.Redacted()));
      EXPECT_THAT(run.out, Not(HasSubstr(r.pair.pps.display())));
    }
  }
  EXPECT_TRUE(Logs().empty());
  auto filtered = Run({"keys", "list", "--status", "revoked"});
  EXPECT_THAT(filtered.out, HasSubstr("no keys with status revoked"));
  auto bad = Run({"keys", "list", "--status", "lost"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, HasSubstr("--status 'lost': expected available"));
}

TEST_F(KeysStore, RevealShowsThePpsAndIsLoggedFirst) {
  const auto rows = Generate(1);
  auto run = Run({"keys", "list", "--reveal", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto j = nlohmann::json::parse(run.out);
  EXPECT_EQ(j[0]["pps"], rows[0].pair.pps.display());
  const auto logs = Logs();
  ASSERT_EQ(logs.size(), 1u);
  EXPECT_EQ(logs[0].level, store::LogLevel::kWarning);
  EXPECT_EQ(logs[0].code, "secret_revealed");
  EXPECT_EQ(logs[0].message, "keys list --reveal by " + CurrentUser());
  EXPECT_EQ(logs[0].at, clock_->Now());
}

TEST_F(KeysStore, ExportRedactsUnlessRevealAndTheRevealedFileImportsElsewhere) {
  const auto rows = Generate(2);
  auto redacted = Run({"keys", "export", "--out", Path("redacted.csv")});
  ASSERT_EQ(redacted.exit_code, 0) << redacted.err;
  EXPECT_EQ(ModeOf(Path("redacted.csv")), 0600u);
  const std::string text = Slurp(Path("redacted.csv"));
  EXPECT_THAT(text, HasSubstr("pid,pps,mebx_password\n"));
  for (const auto& r : rows) EXPECT_THAT(text, Not(HasSubstr(r.pair.pps.display())));
  EXPECT_FALSE(pidpps::ParseKeyCsv(text));
  EXPECT_TRUE(Logs().empty());

  auto revealed = Run({"keys", "export", "--reveal", "--out", Path("revealed.csv")});
  ASSERT_EQ(revealed.exit_code, 0) << revealed.err;
  EXPECT_EQ(ModeOf(Path("revealed.csv")), 0600u);
  ASSERT_EQ(Logs().size(), 1u);
  EXPECT_EQ(Logs()[0].message, "keys export --reveal by " + CurrentUser());

  auto elsewhere = RunRaw({"--db", Path("other.db"), "--key-file", Path("other.key"), "keys", "import",
                           Path("revealed.csv")});
  ASSERT_EQ(elsewhere.exit_code, 0) << elsewhere.err;
  EXPECT_THAT(elsewhere.out, HasSubstr("imported 2 key(s)"));
  auto other = store::OpenSqliteStore(Path("other.db"));
  ASSERT_TRUE(other);
  auto keys = (*other)->ListKeys(std::nullopt);
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_EQ(keys->front().provenance, "csv:revealed.csv");
}

TEST_F(KeysStore, ExportToStandardOutput) {
  const auto rows = Generate(1);
  auto run = Run({"keys", "export", "--reveal"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto parsed = pidpps::ParseKeyCsv(run.out);
  ASSERT_TRUE(parsed) << run.out;
  EXPECT_EQ((*parsed)[0].pair.pps, rows[0].pair.pps);
}

TEST_F(KeysStore, AddStoresOnePairWithItsMebxPasswordAndRefusesADuplicate) {
  auto run = Run({"keys", "add", std::string(kPid), std::string(kPps), "--mebx-password", "Sim-0001!a1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("added PID 0000-037M"));
  auto key = OpenDb()->GetKey("0000037M");
  ASSERT_TRUE(key && key->has_value());
  EXPECT_EQ((*key)->provenance, "added");
  EXPECT_FALSE((*key)->mebx_password.empty());
  auto listed = nlohmann::json::parse(Run({"keys", "list", "--json", "--reveal"}).out);
  EXPECT_EQ(listed[0]["mebx_password"], "Sim-0001!a1");

  auto again = Run({"keys", "add", std::string(kPid), std::string(kPps)});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.err, HasSubstr("0000037M"));
  EXPECT_THAT(again.err, HasSubstr("already stored"));
  EXPECT_THAT(again.err, Not(HasSubstr("NKLD")));
}

TEST_F(KeysStore, AddRefusesABadPpsOrWeakPasswordWithoutEchoingThem) {
  auto typo = Run({"keys", "add", std::string(kPid), "NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XK"});
  EXPECT_EQ(typo.exit_code, 1);
  EXPECT_THAT(typo.err, HasSubstr("PPS group 8"));
  EXPECT_THAT(typo.err, Not(HasSubstr("69XK")));
  auto weak = Run({"keys", "add", std::string(kPid), std::string(kPps), "--mebx-password", "password1"});
  EXPECT_EQ(weak.exit_code, 1);
  EXPECT_THAT(weak.err, HasSubstr("--mebx-password"));
  EXPECT_THAT(weak.err, Not(HasSubstr("password1")));
  EXPECT_TRUE(OpenDb()->ListKeys(std::nullopt)->empty());
}

TEST_F(KeysStore, ImportThreeColumnCsvKeepsTheMebxPasswords) {
  WriteText(Path("keys.csv"), "pid,pps,mebx_password\n" + std::string(kPid) + "," + std::string(kPps) +
                                  ",Sim-0001!a1\n0000-047N,NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XJ,\n");
  auto run = Run({"keys", "import", Path("keys.csv"), "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto j = nlohmann::json::parse(run.out);
  EXPECT_EQ(j["format"], "csv");
  EXPECT_EQ(j["imported"], 2);
  auto listed = nlohmann::json::parse(Run({"keys", "list", "--json", "--reveal"}).out);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0]["pid"], "0000-037M");
  EXPECT_EQ(listed[0]["mebx_password"], "Sim-0001!a1");
  EXPECT_EQ(listed[0]["provenance"], "csv:keys.csv");
  EXPECT_EQ(listed[1]["mebx_password_set"], false);
}

TEST_F(KeysStore, AMalformedCsvLineIsNamedAndNothingIsStored) {
  WriteText(Path("keys.csv"), "pid,pps\n" + std::string(kPid) + "," + std::string(kPps) +
                                  "\n0000-047N,NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XK\n");
  auto run = Run({"keys", "import", Path("keys.csv")});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("keys CSV line 3: PPS group 8"));
  EXPECT_THAT(run.err, HasSubstr(Path("keys.csv")));
  EXPECT_THAT(run.err, Not(HasSubstr("69XK")));
  EXPECT_TRUE(OpenDb()->ListKeys(std::nullopt)->empty());
}

TEST_F(KeysStore, ImportingAStoredPidNamesItAndStoresNothing) {
  ASSERT_EQ(Run({"keys", "add", std::string(kPid), std::string(kPps)}).exit_code, 0);
  WriteText(Path("keys.csv"), "0000-047N," + std::string(kPps) + "\n" + std::string(kPid) + "," + std::string(kPps));
  auto run = Run({"keys", "import", Path("keys.csv")});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("PID '0000037M' is already stored; nothing was imported"));
  EXPECT_EQ(OpenDb()->ListKeys(std::nullopt)->size(), 1u);
}

TEST_F(KeysStore, SetupBinFromStoreMarksKeysExportedAndImportsBackTheSamePids) {
  const auto rows = Generate(3);
  auto create = Run({"setupbin", "create", "--version", "3", "--out", Path("setup.bin"), "--new-password",
                     "P@ssw0rd", "--from-store", "2", "--batch", "usb-1"});
  ASSERT_EQ(create.exit_code, 0) << create.err;
  EXPECT_THAT(create.out, HasSubstr("marked 2 key(s) exported in batch 'usb-1'"));
  auto exported = OpenDb()->ListKeys(store::KeyStatus::kExported);
  ASSERT_EQ(exported->size(), 2u);
  EXPECT_EQ(exported->front().batch, "usb-1");
  EXPECT_EQ(OpenDb()->ListKeys(store::KeyStatus::kAvailable)->size(), 1u);

  auto import = RunRaw({"--db", Path("other.db"), "--key-file", Path("other.key"), "keys", "import",
                        Path("setup.bin"), "--json"});
  ASSERT_EQ(import.exit_code, 0) << import.err;
  auto j = nlohmann::json::parse(import.out);
  EXPECT_EQ(j["format"], "setup.bin");
  std::vector<std::string> pids;
  for (const auto& k : *exported) pids.push_back(pidpps::Pid::Parse(k.pid)->display());
  EXPECT_EQ(j["pids"].get<std::vector<std::string>>(), pids);

  auto other = RunRaw({"--db", Path("other.db"), "--key-file", Path("other.key"), "keys", "list", "--json",
                       "--reveal"});
  auto listed = nlohmann::json::parse(other.out);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0]["status"], "exported");
  EXPECT_EQ(listed[0]["batch"], "setup.bin");
  EXPECT_EQ(listed[0]["provenance"], "setupbin:setup.bin#1");
  EXPECT_EQ(listed[0]["mebx_password"], "P@ssw0rd");
  bool same_pps = false;
  for (const auto& r : rows) same_pps |= r.pair.pps.display() == listed[0]["pps"];
  EXPECT_TRUE(same_pps);
}

TEST_F(KeysStore, SetupBinFromStoreNeedsEnoughKeysAndABatch) {
  Generate(1);
  auto run = Run({"setupbin", "create", "--out", Path("setup.bin"), "--from-store", "2", "--batch", "b"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("only 1 available key(s)"));
  EXPECT_FALSE(std::filesystem::exists(Path("setup.bin")));
  EXPECT_EQ(Run({"setupbin", "create", "--out", Path("setup.bin"), "--from-store", "1"}).exit_code, 2);
}

TEST_F(KeysStore, RevokeMarksTheKeyAndNamesAnUnknownPid) {
  ASSERT_EQ(Run({"keys", "add", std::string(kPid), std::string(kPps)}).exit_code, 0);
  auto run = Run({"keys", "revoke", "0000037m"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("revoked PID 0000-037M (was available)"));
  EXPECT_EQ((*OpenDb()->GetKey("0000037M"))->status, store::KeyStatus::kRevoked);
  auto unknown = Run({"keys", "revoke", "0000-047N"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("no key with PID 0000-047N"));
}

TEST_F(KeysStore, AnotherOrMissingKeyFileIsRefusedNamingBothFiles) {
  Generate(1);
  ASSERT_EQ(Run({"keys", "list"}).exit_code, 0);
  // Another database's key file.
  // (Another seed: the same seed would draw the same key.)
  ASSERT_EQ(RunRaw({"--db", Path("other.db"), "--key-file", Path("other.key"), "keys", "generate"}, 2).exit_code, 0);
  auto wrong = RunRaw({"--db", db_, "--key-file", Path("other.key"), "keys", "list"});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_THAT(wrong.err, HasSubstr("does not open the secrets"));
  EXPECT_THAT(wrong.err, HasSubstr(Path("other.key")));
  EXPECT_THAT(wrong.err, HasSubstr(db_));
  // A lost key file is not silently replaced by a new one.
  auto missing = RunRaw({"--db", db_, "--key-file", Path("lost.key"), "keys", "list"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("key file '" + Path("lost.key") + "' is missing"));
  EXPECT_FALSE(std::filesystem::exists(Path("lost.key")));
}

TEST_F(KeysStore, RootOptionsMayFollowTheCommand) {
  auto run = RunRaw({"keys", "add", std::string(kPid), std::string(kPps), "--db", db_, "--key-file", key_file_});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(OpenDb()->GetKey("0000037M")->has_value());
}

}  // namespace
}  // namespace openscs::cli
