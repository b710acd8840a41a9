// /api/v1/keys: generate, list, import (CSV and setup.bin), export.csv and
// setupbin, over a real store; PPS values only ever in the two reveals.

#include <fmt/format.h>
#include <gmock/gmock.h>

#include "api/routes.h"
#include "base/hex.h"
#include "manage/key_records.h"
#include "protocol/pidpps/key_csv.h"
#include "protocol/setupbin/reader.h"
#include "protocol/setupbin/record_builder.h"
#include "protocol/setupbin/variables.h"
#include "tests/api/store_routes_fixture.h"

namespace openscs::api {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr std::string_view kPid = "0000-037M";
constexpr std::string_view kPps = "NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XJ";

class KeysRoutes : public testing::StoreRoutesTest {
 protected:
  KeysRoutes() { AddKeyRoutes(router_); }

  // The stored keys, opened: what a device would be given.
  std::vector<pidpps::KeyCsvRow> StoredPairs() {
    std::vector<pidpps::KeyCsvRow> out;
    for (const auto& k : Keys()) out.push_back(*manage::OpenKey(k, vault_));
    return out;
  }
  std::vector<store::KeyRecord> Keys() { return *store_->ListKeys(std::nullopt); }

  Response Generate(int count, store::UserRole role = store::UserRole::kAdmin) {
    return Send("POST", "/api/v1/keys/generate", {{"count", count}}, role);
  }
  Response Upload(std::string body, std::string content_type, std::string name,
                  store::UserRole role = store::UserRole::kAdmin) {
    return Dispatch(
        {"POST", "/api/v1/keys/import", {{"name", std::move(name)}}, std::move(body), std::move(content_type), role});
  }

  // A setup.bin with one record per pair.
  static std::string SetupBin(const std::vector<pidpps::Pair>& pairs) {
    std::vector<setupbin::Record> records;
    for (const auto& p : pairs) {
      setupbin::RecordBuilder b(setupbin::FileVersion{3, 0});
      b.CurrentMebxPassword("admin").NewMebxPassword("P@ssw0rd1").ManageabilityFeature(true);
      b.PidPps(p.pid.compact(), p.pps.compact());
      records.push_back(*b.Build());
    }
    auto bytes = setupbin::BuildFile(setupbin::FileVersion{3, 0}, std::move(records), false);
    EXPECT_TRUE(bytes) << bytes.error().ToString();
    return std::string(base::AsChars(*bytes));
  }
  static std::vector<pidpps::Pair> SomePairs(size_t n) {
    auto random = openscs::testing::SeededRandom(9);
    std::vector<pidpps::Pair> out;
    for (size_t i = 0; i < n; ++i) out.push_back(pidpps::Generate(random));
    return out;
  }

  // The first audit entry of `action`.
  std::optional<store::AuditEntry> AuditOf(std::string_view action) {
    for (auto& e : Audit()) {
      if (e.action == action) return e;
    }
    return std::nullopt;
  }
};

TEST_F(KeysRoutes, GenerateStoresAvailableKeysAndAnswersOnlyPids) {
  auto r = Generate(3);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto j = Json(r);
  ASSERT_EQ(j["pids"].size(), 3u);
  EXPECT_EQ(j["count"], 3);

  const auto pairs = StoredPairs();
  ASSERT_EQ(pairs.size(), 3u);
  for (const auto& k : Keys()) {
    EXPECT_EQ(k.status, store::KeyStatus::kAvailable);
    EXPECT_EQ(k.provenance, "generated");
    EXPECT_EQ(k.created, clock_.Now());
  }
  for (const auto& p : pairs) {
    EXPECT_THAT(r.body, Not(HasSubstr(p.pair.pps.display())));
    EXPECT_THAT(r.body, Not(HasSubstr(std::string(p.pair.pps.compact()))));
  }
  const auto audit = AuditOf("keys.generate");
  ASSERT_TRUE(audit);
  EXPECT_TRUE(audit->success);
  EXPECT_EQ(audit->user, "alice");
  EXPECT_EQ(audit->detail, "generated 3 key(s)");
}

TEST_F(KeysRoutes, ListShowsPidsStatusAndCountsNeverAPps) {
  ASSERT_EQ(Generate(4).status, 200);
  ASSERT_EQ(Send("POST", "/api/v1/keys/generate", {{"count", 1}, {"batch", "lab-7"}}).status, 200);
  auto keys = Keys();
  keys[0].status = store::KeyStatus::kRevoked;
  ASSERT_TRUE(store_->UpdateKey(keys[0]).ok());

  auto r = Get("/api/v1/keys", {}, store::UserRole::kViewer);
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = Json(r);
  EXPECT_EQ(j["total"], 5);
  EXPECT_EQ(j["counts"]["available"], 4);
  EXPECT_EQ(j["counts"]["revoked"], 1);
  EXPECT_EQ(j["counts"]["exported"], 0);
  const auto& first = j["items"][0];
  EXPECT_EQ(first["pid"], pidpps::DisplayPid(keys[0].pid));
  EXPECT_EQ(first["status"], "revoked");
  EXPECT_EQ(first["provenance"], "generated");
  EXPECT_EQ(first["has_mebx_password"], false);
  EXPECT_EQ(first["created"], "2026-12-01T17:00:00.000000Z");
  EXPECT_FALSE(first.contains("pps"));
  for (const auto& p : StoredPairs()) {
    EXPECT_THAT(r.body, Not(HasSubstr(p.pair.pps.display())));
    EXPECT_THAT(r.body, Not(HasSubstr(std::string(p.pair.pps.compact()))));
  }
  bool batch_seen = false;
  for (const auto& item : j["items"]) batch_seen = batch_seen || item["batch"] == "lab-7";
  EXPECT_TRUE(batch_seen);

  j = Json(Get("/api/v1/keys", {{"status", "available"}, {"limit", "2"}, {"offset", "1"}}));
  EXPECT_EQ(j["total"], 4);
  ASSERT_EQ(j["items"].size(), 2u);
  EXPECT_EQ(j["items"][0]["pid"], pidpps::DisplayPid(keys[2].pid));
  EXPECT_EQ(j["counts"]["revoked"], 1);  // counts ignore the filter

  r = Get("/api/v1/keys", {{"status", "lost"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(ErrorMessage(r), StartsWith("status 'lost'"));
}

TEST_F(KeysRoutes, GenerateRefusesBadBodiesNamingTheField) {
  auto r = Generate(0);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorMessage(r), "count: must be from 1 to 1000");
  r = Send("POST", "/api/v1/keys/generate", {{"count", "3"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorMessage(r), "count: must be a whole number, not a string");
  r = Send("POST", "/api/v1/keys/generate", {{"count", 2.5}});
  EXPECT_EQ(ErrorMessage(r), "count: must be a whole number, not a fractional number");
  r = Send("POST", "/api/v1/keys/generate", nlohmann::json::object());
  EXPECT_EQ(ErrorMessage(r), "count: required");
  r = Send("POST", "/api/v1/keys/generate", {{"count", 1}, {"batch", "a/b"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(ErrorMessage(r), StartsWith("batch 'a/b'"));
  r = Send("POST", "/api/v1/keys/generate", {{"count", 1}, {"cuont", 1}});
  EXPECT_THAT(ErrorMessage(r), StartsWith("unknown field 'cuont'"));
  r = Dispatch({"POST", "/api/v1/keys/generate", {}, "{\"count\": 1", "application/json", store::UserRole::kAdmin});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorCode(r), "invalid_json");
  r = Dispatch(
      {"POST", "/api/v1/keys/generate", {}, "count=1", "application/x-www-form-urlencoded", store::UserRole::kAdmin});
  EXPECT_EQ(r.status, 415);
  EXPECT_TRUE(Keys().empty());
}

TEST_F(KeysRoutes, ImportCsvStoresAvailableKeys) {
  const std::string csv = fmt::format("pid,pps,mebx_password\n{},{},P@ssw0rd1\n", kPid, kPps);
  auto r = Upload(csv, "text/csv", "/tmp/keys.csv");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = Json(r);
  EXPECT_EQ(j["file"], "keys.csv");
  EXPECT_EQ(j["format"], "csv");
  EXPECT_EQ(j["imported"], 1);
  EXPECT_EQ(j["pids"][0], kPid);
  EXPECT_THAT(r.body, Not(HasSubstr("NKLD")));
  const auto keys = Keys();
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0].provenance, "csv:keys.csv");
  EXPECT_EQ(keys[0].status, store::KeyStatus::kAvailable);
  EXPECT_EQ(StoredPairs()[0].pair.pps.display(), kPps);
  EXPECT_EQ(StoredPairs()[0].mebx_password, "P@ssw0rd1");
  const auto audit = AuditOf("keys.import");
  ASSERT_TRUE(audit);
  EXPECT_EQ(audit->target, "keys.csv");
  EXPECT_THAT(audit->detail, HasSubstr("imported 1 key(s)"));
  EXPECT_THAT(audit->detail, Not(HasSubstr("P@ss")));
}

TEST_F(KeysRoutes, ImportOfAStoredPidIs409NamingItAndStoresNothing) {
  ASSERT_EQ(Upload(fmt::format("{},{}\n", kPid, kPps), "text/csv", "one.csv").status, 200);
  const auto other = SomePairs(1)[0];
  const std::string csv = fmt::format("{},{}\n{},{}\n", other.pid.display(), other.pps.display(), kPid, kPps);
  auto r = Upload(csv, "text/csv", "two.csv");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(ErrorCode(r), "conflict");
  EXPECT_THAT(ErrorMessage(r), HasSubstr("0000037M"));
  EXPECT_THAT(ErrorMessage(r), HasSubstr("nothing was imported"));
  EXPECT_EQ(Keys().size(), 1u);
  const auto audit = Audit();
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit.back().action, "keys.import");
  EXPECT_FALSE(audit.back().success);
}

TEST_F(KeysRoutes, ImportCsvErrorNamesTheLine) {
  auto r = Upload(fmt::format("{},{}\n0000-037X,{}\n", kPid, kPps, kPps), "text/csv", "bad.csv");
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(ErrorMessage(r), HasSubstr("line 2"));
  EXPECT_THAT(ErrorMessage(r), Not(HasSubstr("NKLD")));
  EXPECT_TRUE(Keys().empty());
}

TEST_F(KeysRoutes, ImportSetupBinStoresItsPairsAsExported) {
  const auto pairs = SomePairs(2);
  auto r = Upload(SetupBin(pairs), "application/octet-stream", "usb.bin");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json(r)["format"], "setup.bin");
  EXPECT_EQ(Json(r)["status"], "exported");
  const auto keys = Keys();
  ASSERT_EQ(keys.size(), 2u);
  for (const auto& k : keys) {
    EXPECT_EQ(k.status, store::KeyStatus::kExported);
    EXPECT_EQ(k.batch, "usb.bin");
    EXPECT_THAT(k.provenance, StartsWith("setupbin:usb.bin#"));
  }
  auto stored = StoredPairs();
  for (const auto& p : pairs) {
    bool found = false;
    for (const auto& s : stored) found = found || (s.pair.pid == p.pid && s.pair.pps == p.pps);
    EXPECT_TRUE(found) << p.pid.display();
  }
  EXPECT_EQ(stored[0].mebx_password, "P@ssw0rd1");
}

TEST_F(KeysRoutes, TruncatedSetupBinIs400NamingTheRecordAndStoresNothing) {
  std::string bin = SetupBin(SomePairs(2));
  bin.resize(bin.size() - 100);
  auto r = Upload(bin, "application/octet-stream", "cut.bin");
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(ErrorMessage(r), StartsWith("cut.bin: "));
  EXPECT_THAT(ErrorMessage(r), HasSubstr("record 2"));
  EXPECT_TRUE(Keys().empty());
}

TEST_F(KeysRoutes, ImportRefusesOtherMediaTypesAndEmptyBodies) {
  EXPECT_EQ(Upload("x", "application/json", "k.csv").status, 415);
  auto r = Upload("", "text/csv", "k.csv");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorMessage(r), "k.csv: the body is empty");
}

TEST_F(KeysRoutes, ExportCsvRevealsEveryPairAndIsAudited) {
  ASSERT_EQ(Generate(2).status, 200);
  auto r = Get("/api/v1/keys/export.csv");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "text/csv");
  EXPECT_EQ(Header(r, "Content-Disposition"), "attachment; filename=\"keys-all.csv\"");
  EXPECT_EQ(Header(r, "Cache-Control"), "no-store");
  auto rows = pidpps::ParseKeyCsv(r.body);
  ASSERT_TRUE(rows) << rows.error().ToString();
  const auto stored = StoredPairs();
  ASSERT_EQ(rows->size(), stored.size());
  for (size_t i = 0; i < stored.size(); ++i) {
    EXPECT_EQ((*rows)[i].pair.pid, stored[i].pair.pid);
    EXPECT_EQ((*rows)[i].pair.pps, stored[i].pair.pps);
  }
  const auto audit = AuditOf("keys.export");
  ASSERT_TRUE(audit);
  EXPECT_TRUE(audit->success);
  EXPECT_EQ(audit->detail, "exported 2 key(s) with their PPS");
  for (const auto& p : stored)
    EXPECT_THAT(audit->detail, Not(HasSubstr(std::string(p.pair.pps.compact()).substr(0, 4))));

  r = Get("/api/v1/keys/export.csv", {{"status", "exported"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "pid,pps,mebx_password\n");
  EXPECT_EQ(Header(r, "Content-Disposition"), "attachment; filename=\"keys-exported.csv\"");
}

TEST_F(KeysRoutes, SetupBinHoldsTheFirstAvailablePairsAndMarksThemExported) {
  ASSERT_EQ(Generate(3).status, 200);
  const auto before = StoredPairs();  // PID order: the order keys are taken in
  auto r = Send("POST", "/api/v1/keys/setupbin", {{"count", 2}, {"new_mebx_password", "N3w!pass"}, {"batch", "usb-1"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "application/octet-stream");
  EXPECT_EQ(Header(r, "Content-Disposition"), "attachment; filename=\"setup-usb-1.bin\"");

  auto file = setupbin::ReadFile(base::AsBytes(r.body));
  ASSERT_TRUE(file) << file.error().ToString();
  ASSERT_EQ(file->records.size(), 2u);
  EXPECT_TRUE(file->warnings.empty());
  for (size_t i = 0; i < 2; ++i) {
    std::string pid, pps, current, fresh;
    for (const auto& e : file->records[i].entries) {
      const std::pair<uint16_t, uint16_t> id{e.module, e.variable};
      const std::string value(base::AsChars(e.value));
      if (id == setupbin::var::kPid) pid = value;
      if (id == setupbin::var::kPps) pps = value;
      if (id == setupbin::var::kCurrentMebxPassword) current = value;
      if (id == setupbin::var::kNewMebxPassword) fresh = value;
    }
    EXPECT_EQ(pid, before[i].pair.pid.compact());
    EXPECT_EQ(pps, before[i].pair.pps.compact());
    EXPECT_EQ(current, "admin");
    EXPECT_EQ(fresh, "N3w!pass");
  }

  const auto keys = Keys();
  const auto after = StoredPairs();
  EXPECT_EQ(keys[0].status, store::KeyStatus::kExported);
  EXPECT_EQ(keys[0].batch, "usb-1");
  EXPECT_EQ(after[0].mebx_password, "N3w!pass");
  EXPECT_EQ(keys[1].status, store::KeyStatus::kExported);
  EXPECT_EQ(keys[2].status, store::KeyStatus::kAvailable);
  const auto audit = AuditOf("keys.setupbin");
  ASSERT_TRUE(audit);
  EXPECT_EQ(audit->target, "usb-1");
  EXPECT_THAT(audit->detail, HasSubstr("2 key(s)"));
  EXPECT_THAT(audit->detail, Not(HasSubstr("N3w!pass")));

  // The next batch takes the one left; a default batch name is the time.
  r = Send("POST", "/api/v1/keys/setupbin", {{"count", 1}, {"new_mebx_password", "N3w!pass"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Header(r, "Content-Disposition"), "attachment; filename=\"setup-20261201T170000Z.bin\"");
  EXPECT_EQ(Keys()[2].batch, "20261201T170000Z");
}

TEST_F(KeysRoutes, SetupBinRefusesAWeakPasswordAndTooFewKeys) {
  ASSERT_EQ(Generate(1).status, 200);
  auto r = Send("POST", "/api/v1/keys/setupbin", {{"count", 1}, {"new_mebx_password", "weakpass1"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(ErrorMessage(r), StartsWith("new_mebx_password: "));
  EXPECT_THAT(ErrorMessage(r), Not(HasSubstr("weakpass1")));  // the rule, not the password
  r = Send("POST", "/api/v1/keys/setupbin", {{"count", 1}});
  EXPECT_EQ(ErrorMessage(r), "new_mebx_password: required");
  r = Send("POST", "/api/v1/keys/setupbin", {{"count", 501}, {"new_mebx_password", "N3w!pass"}});
  EXPECT_EQ(ErrorMessage(r), "count: must be from 1 to 500");
  r = Send("POST", "/api/v1/keys/setupbin", {{"count", 2}, {"new_mebx_password", "N3w!pass"}});
  EXPECT_EQ(r.status, 409);
  EXPECT_THAT(ErrorMessage(r), HasSubstr("only 1 available key(s)"));
  EXPECT_EQ(Keys()[0].status, store::KeyStatus::kAvailable);
}

TEST_F(KeysRoutes, AViewerIsRefusedEveryChangeAndRevealAndTheRefusalIsAudited) {
  ASSERT_EQ(Generate(2).status, 200);
  const auto viewer = store::UserRole::kViewer;
  const size_t audit_before = Audit().size();
  std::vector<Response> answers = {
      Generate(1, viewer),
      Upload(fmt::format("{},{}\n", kPid, kPps), "text/csv", "k.csv", viewer),
      Get("/api/v1/keys/export.csv", {}, viewer),
      Send("POST", "/api/v1/keys/setupbin", {{"count", 1}, {"new_mebx_password", "N3w!pass"}}, viewer),
  };
  for (const auto& r : answers) {
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_EQ(ErrorCode(r), "forbidden");
    EXPECT_THAT(r.body, Not(HasSubstr("NKLD")));
  }
  const auto keys = Keys();
  ASSERT_EQ(keys.size(), 2u);
  for (const auto& k : keys) EXPECT_EQ(k.status, store::KeyStatus::kAvailable);
  const auto audit = Audit();
  ASSERT_EQ(audit.size(), audit_before + 4);
  for (size_t i = audit_before; i < audit.size(); ++i) {
    EXPECT_FALSE(audit[i].success);
    EXPECT_EQ(audit[i].user, "victor");
  }
  EXPECT_EQ(audit[audit_before + 2].action, "GET /api/v1/keys/export.csv");
}

}  // namespace
}  // namespace openscs::api
