#include "tests/store/store_conformance.h"

#include <gmock/gmock.h>

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace openscs::store::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using std::chrono::microseconds;
using std::chrono::seconds;

constexpr std::string_view kUuidA = "4c4c4544-004b-4210-8033-b6c04f504633";
constexpr std::string_view kUuidB = "4c4c4544-004b-4210-8033-b6c04f504634";
constexpr std::string_view kUuidC = "0a0a0a0a-0000-4000-8000-000000000001";

// Seconds from a fixed epoch, plus microseconds: the resolution a Store keeps.
base::TimePoint T(int64_t s, int64_t us = 0) {
  return base::TimePoint(std::chrono::duration_cast<base::Duration>(seconds(1'800'000'000 + s) + microseconds(us)));
}

// Sealed bytes as a backend must keep them: NUL, 0xff and every other byte.
Sealed Binary(uint8_t salt) {
  Sealed s;
  for (int i = 0; i < 256; ++i) s.push_back(static_cast<char>((i + salt) & 0xff));
  s += std::string("\0\xff\0", 3);
  return s;
}

HelloObservation Hello(std::string_view uuid, base::TimePoint at, uint32_t retry = 0) {
  HelloObservation h;
  h.uuid = uuid;
  h.at = at;
  h.source_address = "192.0.2.7";
  h.hello_version = 2;
  h.retry_count = retry;
  h.pid = "0000037M";
  return h;
}

KeyRecord Key(std::string_view pid, uint8_t salt = 1) {
  KeyRecord k;
  k.pid = pid;
  k.pps = Binary(salt);
  k.mebx_password = Binary(static_cast<uint8_t>(salt + 1));
  k.provenance = "generated";
  k.created = T(10);
  k.updated = T(10);
  return k;
}

LogEntry Log(std::string_view uuid, LogLevel level, std::string_view code, base::TimePoint at) {
  LogEntry e;
  e.at = at;
  e.uuid = uuid;
  e.level = level;
  e.code = code;
  e.step = "lookup";
  e.message = std::string(code) + " happened";
  return e;
}

std::vector<std::string> Codes(const std::vector<LogEntry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.push_back(e.code);
  return out;
}

std::vector<std::string> Uuids(const std::vector<SystemRecord>& systems) {
  std::vector<std::string> out;
  for (const auto& s : systems) out.push_back(s.uuid);
  return out;
}

SystemRecord MustGet(Store& store, std::string_view uuid) {
  auto s = store.GetSystem(uuid);
  EXPECT_TRUE(s) << s.error().ToString();
  EXPECT_TRUE(s && s->has_value()) << uuid;
  return s && s->has_value() ? **s : SystemRecord{};
}

// ---- Schema and defaults ---------------------------------------------------

TEST_P(StoreConformance, StartsMigratedWithTheDefaultProfile) {
  EXPECT_GE(store().SchemaVersion(), 1);
  auto p = store().GetProfile("default");
  ASSERT_TRUE(p) << p.error().ToString();
  ASSERT_TRUE(p->has_value());
  const ProfileRecord& d = **p;
  EXPECT_EQ(d.priority, 1000);
  EXPECT_EQ(d.rule, "");
  EXPECT_EQ(d.host_name_template, "amt-{uuid8}");
  EXPECT_EQ(d.password_policy, "random");
  EXPECT_TRUE(d.fixed_admin_password.empty());
  EXPECT_TRUE(d.tls);
  EXPECT_TRUE(d.fresh_psk);
  EXPECT_TRUE(d.known_mebx_passwords.empty());
  auto all = store().ListProfiles();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(all->front().name, "default");
}

TEST_P(StoreConformance, EmptyStoreHasNothingElse) {
  EXPECT_TRUE(store().ListSystems({})->empty());
  EXPECT_TRUE(store().QueryLogs({})->empty());
  EXPECT_TRUE(store().ListKeys(std::nullopt)->empty());
  EXPECT_TRUE(store().ListCertificates()->empty());
  EXPECT_FALSE(store().GetSystem(kUuidA)->has_value());
  EXPECT_FALSE(store().GetKey("0000037M")->has_value());
  EXPECT_FALSE(store().GetHostNameMapping(kUuidA)->has_value());
  EXPECT_FALSE(store().GetSetting("log_level")->has_value());
  EXPECT_FALSE(store().GetProfile("nope")->has_value());
}

// ---- Systems: hellos ----------------------------------------------------------

TEST_P(StoreConformance, FirstHelloMakesADiscoveredSystem) {
  HelloObservation h = Hello(kUuidA, T(100, 123456), 2);
  h.hello_version = 3;
  h.pid = "";
  h.hashes = {"sha1:aa", "sha1:bb"};
  h.admin_credentials_set = true;
  ASSERT_TRUE(store().RecordHellos({&h, 1}).ok());
  const SystemRecord s = MustGet(store(), kUuidA);
  EXPECT_EQ(s.uuid, kUuidA);
  EXPECT_EQ(s.first_hello, T(100, 123456));
  EXPECT_EQ(s.last_hello, T(100, 123456));
  EXPECT_EQ(s.hello_count, 1u);
  EXPECT_EQ(s.last_retry_count, 2u);
  EXPECT_EQ(s.source_address, "192.0.2.7");
  EXPECT_EQ(s.hello_version, 3);
  EXPECT_EQ(s.method, "pki");
  EXPECT_EQ(s.pid, "");
  EXPECT_THAT(s.hashes, ElementsAre("sha1:aa", "sha1:bb"));
  EXPECT_TRUE(s.admin_credentials_set);
  EXPECT_EQ(s.state, SystemState::kDiscovered);
  EXPECT_EQ(s.attempts, 0u);
  EXPECT_EQ(s.provisioned_count, 0u);
  EXPECT_TRUE(s.admin_password.empty());
  EXPECT_TRUE(s.lease_owner.empty());
}

TEST_P(StoreConformance, LaterHellosFoldIntoTheSystemAndLeaveItsStateAlone) {
  const HelloObservation first = Hello(kUuidA, T(100));
  ASSERT_TRUE(store().RecordHellos({&first, 1}).ok());
  ASSERT_TRUE(store().ClaimForProvisioning(kUuidA, "server-1", T(101), T(160)).value_or(false));

  HelloObservation again = Hello(kUuidA, T(200), 5);
  again.source_address = "192.0.2.8";
  again.pid = "0000047N";
  HelloObservation third = Hello(kUuidA, T(300), 6);
  third.source_address = "192.0.2.9";
  third.hashes = {"sha1:cc"};
  const std::vector<HelloObservation> batch = {again, third};
  ASSERT_TRUE(store().RecordHellos(batch).ok());

  const SystemRecord s = MustGet(store(), kUuidA);
  EXPECT_EQ(s.first_hello, T(100));
  EXPECT_EQ(s.last_hello, T(300));
  EXPECT_EQ(s.hello_count, 3u);
  EXPECT_EQ(s.last_retry_count, 6u);
  EXPECT_EQ(s.source_address, "192.0.2.9");
  EXPECT_EQ(s.pid, "0000037M");
  EXPECT_THAT(s.hashes, ElementsAre("sha1:cc"));
  EXPECT_EQ(s.state, SystemState::kProvisioning);
  EXPECT_EQ(s.lease_owner, "server-1");
  EXPECT_EQ(s.attempts, 1u);
}

TEST_P(StoreConformance, ABatchOfHellosForManySystems) {
  std::vector<HelloObservation> batch;
  for (int i = 0; i < 300; ++i) {
    batch.push_back(Hello(fmt::format("00000000-0000-4000-8000-{:012}", i % 100), T(i)));
  }
  ASSERT_TRUE(store().RecordHellos(batch).ok());
  auto all = store().ListSystems({});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 100u);
  for (const auto& s : *all) EXPECT_EQ(s.hello_count, 3u) << s.uuid;
  EXPECT_TRUE(store().RecordHellos({}).ok());
}

TEST_P(StoreConformance, ListSystemsByFirstHelloThenUuidWithFilters) {
  const std::vector<HelloObservation> hellos = {Hello(kUuidB, T(5)), Hello(kUuidA, T(5)), Hello(kUuidC, T(1))};
  ASSERT_TRUE(store().RecordHellos(hellos).ok());
  ASSERT_TRUE(store().ClaimForProvisioning(kUuidB, "me", T(6), T(60)).value_or(false));

  EXPECT_THAT(Uuids(*store().ListSystems({})), ElementsAre(kUuidC, kUuidA, kUuidB));
  SystemQuery q;
  q.state = SystemState::kDiscovered;
  EXPECT_THAT(Uuids(*store().ListSystems(q)), ElementsAre(kUuidC, kUuidA));
  q = {};
  q.uuid_prefix = "4c4c4544";
  EXPECT_THAT(Uuids(*store().ListSystems(q)), ElementsAre(kUuidA, kUuidB));
  q.uuid_prefix = "4c4c4544-004b-4210-8033-b6c04f50463_";  // '_' is not a wildcard
  EXPECT_TRUE(store().ListSystems(q)->empty());
  q = {};
  q.limit = 1;
  q.offset = 1;
  EXPECT_THAT(Uuids(*store().ListSystems(q)), ElementsAre(kUuidA));
}

// ---- Systems: single flight ------------------------------------------------

TEST_P(StoreConformance, OnlyOneClaimWinsUntilTheLeaseExpires) {
  const HelloObservation h = Hello(kUuidA, T(0));
  ASSERT_TRUE(store().RecordHellos({&h, 1}).ok());

  auto first = store().ClaimForProvisioning(kUuidA, "server-1", T(10), T(70));
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_TRUE(*first);
  SystemRecord s = MustGet(store(), kUuidA);
  EXPECT_EQ(s.state, SystemState::kProvisioning);
  EXPECT_EQ(s.lease_owner, "server-1");
  EXPECT_EQ(s.lease_until, T(70));
  EXPECT_EQ(s.attempts, 1u);

  // Held: a second claim (another thread, another server) loses.
  EXPECT_FALSE(store().ClaimForProvisioning(kUuidA, "server-2", T(20), T(80)).value_or(true));
  EXPECT_FALSE(store().ClaimForProvisioning(kUuidA, "server-2", T(70), T(130)).value_or(true));
  s = MustGet(store(), kUuidA);
  EXPECT_EQ(s.lease_owner, "server-1");
  EXPECT_EQ(s.attempts, 1u);

  // Expired: server-1 died; server-2 takes over.
  EXPECT_TRUE(store().ClaimForProvisioning(kUuidA, "server-2", T(71), T(131)).value_or(false));
  s = MustGet(store(), kUuidA);
  EXPECT_EQ(s.lease_owner, "server-2");
  EXPECT_EQ(s.lease_until, T(131));
  EXPECT_EQ(s.attempts, 2u);
}

TEST_P(StoreConformance, FailedIsClaimableAndOperationalNeverIs) {
  const HelloObservation h = Hello(kUuidA, T(0));
  ASSERT_TRUE(store().RecordHellos({&h, 1}).ok());
  ASSERT_TRUE(store().ClaimForProvisioning(kUuidA, "s", T(1), T(2)).value_or(false));
  SystemRecord s = MustGet(store(), kUuidA);
  s.state = SystemState::kFailed;
  s.last_error = "pid_not_found";
  ASSERT_TRUE(store().UpdateProvisioning(s).ok());
  EXPECT_TRUE(store().ClaimForProvisioning(kUuidA, "s", T(3), T(4)).value_or(false));

  s = MustGet(store(), kUuidA);
  s.state = SystemState::kOperational;
  s.lease_until = T(4);
  ASSERT_TRUE(store().UpdateProvisioning(s).ok());
  EXPECT_FALSE(store().ClaimForProvisioning(kUuidA, "s", T(1000), T(2000)).value_or(true));
  EXPECT_EQ(MustGet(store(), kUuidA).state, SystemState::kOperational);
}

TEST_P(StoreConformance, ClaimingAnUnknownSystemIsNotFound) {
  auto r = store().ClaimForProvisioning(kUuidA, "s", T(1), T(2));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), base::StatusCode::kNotFound);
  EXPECT_THAT(r.error().message(), HasSubstr(std::string(kUuidA)));
}

// ---- Systems: provisioning results ------------------------------------------

TEST_P(StoreConformance, UpdateProvisioningWritesItsFieldsAndLeavesHelloFieldsAlone) {
  HelloObservation h = Hello(kUuidA, T(0), 1);
  ASSERT_TRUE(store().RecordHellos({&h, 1}).ok());
  ASSERT_TRUE(store().ClaimForProvisioning(kUuidA, "s", T(1), T(61)).value_or(false));

  SystemRecord u;
  u.uuid = kUuidA;
  u.state = SystemState::kOperational;
  u.state_changed = T(30, 7);
  u.amt_version = "3.2.1";
  u.interface = "wsman";
  u.host_name = "amt-4c4c4544";
  u.domain_name = "corp.test";
  u.profile = "default";
  u.last_error = "";
  u.provisioned_count = 1;
  u.admin_user = "admin";
  u.admin_password = Binary(9);
  u.mebx_password = Binary(10);
  u.lease_owner = "";
  u.lease_until = T(0);
  // Hello fields set to garbage: they must be ignored.
  u.first_hello = T(999);
  u.last_hello = T(999);
  u.hello_count = 99;
  u.pid = "ZZZZZZZZ";
  u.hashes = {"sha1:ff"};
  u.source_address = "203.0.113.1";
  u.attempts = 42;
  ASSERT_TRUE(store().UpdateProvisioning(u).ok());

  const SystemRecord s = MustGet(store(), kUuidA);
  EXPECT_EQ(s.state, SystemState::kOperational);
  EXPECT_EQ(s.state_changed, T(30, 7));
  EXPECT_EQ(s.amt_version, "3.2.1");
  EXPECT_EQ(s.interface, "wsman");
  EXPECT_EQ(s.host_name, "amt-4c4c4544");
  EXPECT_EQ(s.domain_name, "corp.test");
  EXPECT_EQ(s.profile, "default");
  EXPECT_EQ(s.provisioned_count, 1u);
  EXPECT_EQ(s.admin_user, "admin");
  EXPECT_EQ(s.admin_password, Binary(9));
  EXPECT_EQ(s.mebx_password, Binary(10));
  EXPECT_EQ(s.lease_owner, "");
  EXPECT_EQ(s.first_hello, T(0));
  EXPECT_EQ(s.last_hello, T(0));
  EXPECT_EQ(s.hello_count, 1u);
  EXPECT_EQ(s.pid, "0000037M");
  EXPECT_TRUE(s.hashes.empty());
  EXPECT_EQ(s.source_address, "192.0.2.7");
  EXPECT_EQ(s.attempts, 1u);
}

TEST_P(StoreConformance, UpdateProvisioningOfAnUnknownSystemIsNotFound) {
  SystemRecord u;
  u.uuid = kUuidB;
  u.admin_password = "sealed-secret-bytes";
  const base::Status s = store().UpdateProvisioning(u);
  EXPECT_EQ(s.code(), base::StatusCode::kNotFound);
  EXPECT_THAT(s.message(), HasSubstr(std::string(kUuidB)));
  EXPECT_THAT(s.message(), Not(HasSubstr("sealed-secret-bytes")));
}

// ---- Provisioning log ------------------------------------------------------

// Six entries over three sources and all levels; returns them as stored.
std::vector<LogEntry> SeedLogs(Store& store) {
  const std::vector<LogEntry> entries = {
      Log(kUuidA, LogLevel::kInfo, "a1", T(1)),  Log(kUuidB, LogLevel::kError, "b1", T(2)),
      Log(kUuidA, LogLevel::kDebug, "a2", T(3)), Log("", LogLevel::kWarning, "server", T(4)),
      Log(kUuidA, LogLevel::kError, "a3", T(5)), Log(kUuidB, LogLevel::kInfo, "b2", T(6)),
  };
  EXPECT_TRUE(store.AppendLogs(entries).ok());
  auto all = store.QueryLogs({});
  EXPECT_TRUE(all) << all.error().ToString();
  return all ? *all : std::vector<LogEntry>{};
}

TEST_P(StoreConformance, LogsAreOldestFirstWithIncreasingIdsAndEveryField) {
  const std::vector<LogEntry> all = SeedLogs(store());
  ASSERT_EQ(all.size(), 6u);
  EXPECT_THAT(Codes(all), ElementsAre("a1", "b1", "a2", "server", "a3", "b2"));
  for (size_t i = 1; i < all.size(); ++i) EXPECT_GT(all[i].id, all[i - 1].id);
  EXPECT_EQ(all[1].uuid, kUuidB);
  EXPECT_EQ(all[1].level, LogLevel::kError);
  EXPECT_EQ(all[1].at, T(2));
  EXPECT_EQ(all[1].step, "lookup");
  EXPECT_EQ(all[1].message, "b1 happened");
  EXPECT_EQ(all[3].uuid, "");

  // Appending more continues the ids.
  const LogEntry later = Log(kUuidC, LogLevel::kInfo, "c1", T(7));
  ASSERT_TRUE(store().AppendLogs({&later, 1}).ok());
  auto now = store().QueryLogs({});
  ASSERT_EQ(now->size(), 7u);
  EXPECT_GT(now->back().id, all.back().id);
  EXPECT_TRUE(store().AppendLogs({}).ok());
}

TEST_P(StoreConformance, LogsFilterByUuidLevelAndSince) {
  SeedLogs(store());
  LogQuery q;
  q.uuid = kUuidA;
  EXPECT_THAT(Codes(*store().QueryLogs(q)), ElementsAre("a1", "a2", "a3"));
  q.max_level = LogLevel::kInfo;
  EXPECT_THAT(Codes(*store().QueryLogs(q)), ElementsAre("a1", "a3"));
  q = {};
  q.max_level = LogLevel::kWarning;
  EXPECT_THAT(Codes(*store().QueryLogs(q)), ElementsAre("b1", "server", "a3"));
  q.max_level = LogLevel::kError;
  EXPECT_THAT(Codes(*store().QueryLogs(q)), ElementsAre("b1", "a3"));
  q = {};
  q.since = T(4);
  EXPECT_THAT(Codes(*store().QueryLogs(q)), ElementsAre("server", "a3", "b2"));
  q.uuid = kUuidB;
  EXPECT_THAT(Codes(*store().QueryLogs(q)), ElementsAre("b2"));
}

TEST_P(StoreConformance, LogLimitKeepsTheNewestStillOldestFirst) {
  SeedLogs(store());
  LogQuery q;
  q.limit = 2;
  EXPECT_THAT(Codes(*store().QueryLogs(q)), ElementsAre("a3", "b2"));
  q.uuid = kUuidA;
  EXPECT_THAT(Codes(*store().QueryLogs(q)), ElementsAre("a2", "a3"));
  q = {};
  q.limit = 0;
  EXPECT_EQ(store().QueryLogs(q)->size(), 6u);
}

TEST_P(StoreConformance, LogsAfterIdAreOnlyNewerEntriesOldestFirst) {
  const std::vector<LogEntry> all = SeedLogs(store());
  LogQuery q;
  q.after_id = all[1].id;
  EXPECT_THAT(Codes(*store().QueryLogs(q)), ElementsAre("a2", "server", "a3", "b2"));
  q.limit = 2;  // with after_id: the oldest `limit` after it
  EXPECT_THAT(Codes(*store().QueryLogs(q)), ElementsAre("a2", "server"));
  q.uuid = kUuidB;
  EXPECT_THAT(Codes(*store().QueryLogs(q)), ElementsAre("b2"));
  q = {};
  q.after_id = all.back().id;
  EXPECT_TRUE(store().QueryLogs(q)->empty());
}

// ---- Keys --------------------------------------------------------------------

TEST_P(StoreConformance, KeysRoundTripByteForByteAndListByPid) {
  std::vector<KeyRecord> keys = {Key("0000047N", 1), Key("0000037M", 2)};
  keys[0].provenance = "csv:keys.csv";
  keys[0].batch = "b1";
  keys[0].status = KeyStatus::kExported;
  keys[1].mebx_password.clear();
  ASSERT_TRUE(store().AddKeys(keys).ok());

  auto got = store().GetKey("0000047N");
  ASSERT_TRUE(got && got->has_value());
  const KeyRecord& k = **got;
  EXPECT_EQ(k.pps, Binary(1));
  EXPECT_EQ(k.mebx_password, Binary(2));
  EXPECT_EQ(k.status, KeyStatus::kExported);
  EXPECT_EQ(k.provenance, "csv:keys.csv");
  EXPECT_EQ(k.batch, "b1");
  EXPECT_EQ(k.created, T(10));
  EXPECT_EQ(k.updated, T(10));

  auto all = store().ListKeys(std::nullopt);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].pid, "0000037M");
  EXPECT_TRUE((*all)[0].mebx_password.empty());
  EXPECT_EQ((*all)[1].pid, "0000047N");
  auto available = store().ListKeys(KeyStatus::kAvailable);
  ASSERT_EQ(available->size(), 1u);
  EXPECT_EQ(available->front().pid, "0000037M");
  EXPECT_TRUE(store().ListKeys(KeyStatus::kRevoked)->empty());
}

TEST_P(StoreConformance, AddKeysIsAllOrNothingAndNamesTheStoredDuplicate) {
  ASSERT_TRUE(store().AddKeys(std::vector<KeyRecord>{Key("0000037M")}).ok());
  KeyRecord dup = Key("0000037M", 7);
  dup.pps = "sealed-pps-bytes";
  const std::vector<KeyRecord> batch = {Key("0000047N"), dup, Key("0000057O")};
  const base::Status s = store().AddKeys(batch);
  EXPECT_EQ(s.code(), base::StatusCode::kAlreadyExists);
  EXPECT_THAT(s.message(), HasSubstr("0000037M"));
  EXPECT_THAT(s.message(), Not(HasSubstr("sealed-pps-bytes")));
  EXPECT_FALSE(store().GetKey("0000047N")->has_value());
  EXPECT_EQ(store().ListKeys(std::nullopt)->size(), 1u);
  EXPECT_EQ((*store().GetKey("0000037M"))->pps, Binary(1));
}

TEST_P(StoreConformance, AddKeysNamesAPidRepeatedInTheBatch) {
  const std::vector<KeyRecord> batch = {Key("0000047N"), Key("0000037M"), Key("0000047N")};
  const base::Status s = store().AddKeys(batch);
  EXPECT_EQ(s.code(), base::StatusCode::kAlreadyExists);
  EXPECT_THAT(s.message(), HasSubstr("0000047N"));
  EXPECT_TRUE(store().ListKeys(std::nullopt)->empty());
}

TEST_P(StoreConformance, UpdateKeyWritesStatusBatchBindingAndSecrets) {
  ASSERT_TRUE(store().AddKeys(std::vector<KeyRecord>{Key("0000037M")}).ok());
  KeyRecord k = **store().GetKey("0000037M");
  k.status = KeyStatus::kBound;
  k.batch = "usb-1";
  k.bound_uuid = kUuidA;
  k.updated = T(20);
  k.pps = Binary(5);
  k.mebx_password = Binary(6);
  k.provenance = "ignored";
  k.created = T(99);
  ASSERT_TRUE(store().UpdateKey(k).ok());
  const KeyRecord got = **store().GetKey("0000037M");
  EXPECT_EQ(got.status, KeyStatus::kBound);
  EXPECT_EQ(got.batch, "usb-1");
  EXPECT_EQ(got.bound_uuid, kUuidA);
  EXPECT_EQ(got.updated, T(20));
  EXPECT_EQ(got.pps, Binary(5));
  EXPECT_EQ(got.mebx_password, Binary(6));
  EXPECT_EQ(got.provenance, "generated");
  EXPECT_EQ(got.created, T(10));

  const base::Status missing = store().UpdateKey(Key("0000047N"));
  EXPECT_EQ(missing.code(), base::StatusCode::kNotFound);
  EXPECT_THAT(missing.message(), HasSubstr("0000047N"));
}

TEST_P(StoreConformance, UpdateKeysIfStatusIsAllOrNothingAndLosesARace) {
  ASSERT_TRUE(store().AddKeys(std::vector<KeyRecord>{Key("0000037M"), Key("0000047N"), Key("0000057O")}).ok());
  auto claim = [&](std::vector<std::string> pids, std::string batch) {
    std::vector<KeyRecord> keys;
    for (const auto& pid : pids) {
      KeyRecord k = **store().GetKey(pid);
      k.status = KeyStatus::kExported;
      k.batch = batch;
      k.updated = T(30);
      keys.push_back(k);
    }
    return keys;
  };
  // Two batches read the same available keys; the first to write wins.
  const auto first = claim({"0000037M", "0000047N"}, "usb-1");
  const auto second = claim({"0000047N", "0000057O"}, "usb-2");
  ASSERT_TRUE(store().UpdateKeysIfStatus(first, KeyStatus::kAvailable).ok());
  const base::Status lost = store().UpdateKeysIfStatus(second, KeyStatus::kAvailable);
  EXPECT_EQ(lost.code(), base::StatusCode::kFailedPrecondition);
  EXPECT_THAT(lost.message(), HasSubstr("0000047N"));
  EXPECT_THAT(lost.message(), HasSubstr("exported"));
  // Nothing of the losing batch was written, not even its first key.
  EXPECT_EQ((**store().GetKey("0000047N")).batch, "usb-1");
  EXPECT_EQ((**store().GetKey("0000057O")).status, KeyStatus::kAvailable);
  EXPECT_EQ((**store().GetKey("0000037M")).batch, "usb-1");

  const base::Status missing = store().UpdateKeysIfStatus(std::vector<KeyRecord>{Key("0000067P")}, KeyStatus::kAvailable);
  EXPECT_EQ(missing.code(), base::StatusCode::kNotFound);
}

// ---- Certificates ------------------------------------------------------------

TEST_P(StoreConformance, CertificatesAreReplacedByIdAndDeleted) {
  CertificateRecord c;
  c.id = "0123456789abcdef0123456789abcdef01234567";
  c.name = "corp";
  c.chain_pem = "-----BEGIN CERTIFICATE-----\nMII...\n-----END CERTIFICATE-----\n";
  c.private_key = Binary(3);
  c.leaf_cn = "openscs.corp.test";
  c.root_sha1 = "aa";
  c.root_sha256 = "bb";
  c.root_sha384 = "cc";
  c.not_before = T(1);
  c.not_after = T(2, 5);
  c.imported = T(3);
  ASSERT_TRUE(store().PutCertificate(c).ok());
  c.name = "renamed";
  ASSERT_TRUE(store().PutCertificate(c).ok());
  auto all = store().ListCertificates();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 1u);
  const CertificateRecord& got = all->front();
  EXPECT_EQ(got.name, "renamed");
  EXPECT_EQ(got.chain_pem, c.chain_pem);
  EXPECT_EQ(got.private_key, Binary(3));
  EXPECT_EQ(got.leaf_cn, c.leaf_cn);
  EXPECT_EQ(got.root_sha1, "aa");
  EXPECT_EQ(got.root_sha256, "bb");
  EXPECT_EQ(got.root_sha384, "cc");
  EXPECT_EQ(got.not_before, T(1));
  EXPECT_EQ(got.not_after, T(2, 5));
  EXPECT_EQ(got.imported, T(3));

  ASSERT_TRUE(store().DeleteCertificate(c.id).ok());
  EXPECT_TRUE(store().ListCertificates()->empty());
  EXPECT_EQ(store().DeleteCertificate(c.id).code(), base::StatusCode::kNotFound);
}

// ---- Profiles and mappings -----------------------------------------------------

TEST_P(StoreConformance, ProfilesAreStoredWholeAndListedByPriorityThenName) {
  ProfileRecord p;
  p.name = "lab";
  p.priority = 10;
  p.rule = "domain:lab.test";
  p.host_name_template = "mapping";
  p.domain_name = "lab.test";
  p.password_policy = "fixed";
  p.fixed_admin_password = Binary(4);
  p.tls = false;
  p.fresh_psk = false;
  p.web_ui = false;
  p.sol_ider = true;
  p.known_mebx_passwords = {Binary(5), Binary(6), Binary(7)};
  ASSERT_TRUE(store().PutProfile(p).ok());
  ProfileRecord q;
  q.name = "alpha";
  q.priority = 10;
  ASSERT_TRUE(store().PutProfile(q).ok());

  const ProfileRecord got = **store().GetProfile("lab");
  EXPECT_EQ(got.priority, 10);
  EXPECT_EQ(got.rule, "domain:lab.test");
  EXPECT_EQ(got.host_name_template, "mapping");
  EXPECT_EQ(got.domain_name, "lab.test");
  EXPECT_EQ(got.password_policy, "fixed");
  EXPECT_EQ(got.fixed_admin_password, Binary(4));
  EXPECT_FALSE(got.tls);
  EXPECT_FALSE(got.fresh_psk);
  EXPECT_FALSE(got.web_ui);
  EXPECT_TRUE(got.sol_ider);
  EXPECT_THAT(got.known_mebx_passwords, ElementsAre(Binary(5), Binary(6), Binary(7)));

  std::vector<std::string> names;
  const auto listed = store().ListProfiles();
  ASSERT_TRUE(listed);
  for (const auto& x : *listed) names.push_back(x.name);
  EXPECT_THAT(names, ElementsAre("alpha", "lab", "default"));

  // Replaced whole: the password list too.
  p.known_mebx_passwords = {Binary(8)};
  p.priority = 2000;
  ASSERT_TRUE(store().PutProfile(p).ok());
  const ProfileRecord replaced = **store().GetProfile("lab");
  EXPECT_EQ(replaced.priority, 2000);
  EXPECT_THAT(replaced.known_mebx_passwords, ElementsAre(Binary(8)));
}

TEST_P(StoreConformance, DeletingProfilesButNeverTheDefault) {
  ProfileRecord p;
  p.name = "lab";
  p.known_mebx_passwords = {Binary(1)};
  ASSERT_TRUE(store().PutProfile(p).ok());
  ASSERT_TRUE(store().DeleteProfile("lab").ok());
  EXPECT_FALSE(store().GetProfile("lab")->has_value());
  EXPECT_EQ(store().DeleteProfile("lab").code(), base::StatusCode::kNotFound);
  // Re-created, it starts without the old passwords.
  p.known_mebx_passwords.clear();
  ASSERT_TRUE(store().PutProfile(p).ok());
  EXPECT_TRUE((*store().GetProfile("lab"))->known_mebx_passwords.empty());

  const base::Status s = store().DeleteProfile("default");
  EXPECT_EQ(s.code(), base::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("default"));
  EXPECT_TRUE(store().GetProfile("default")->has_value());
}

TEST_P(StoreConformance, HostNameMappingsAreUpserted) {
  const std::vector<HostNameMapping> first = {{std::string(kUuidA), "pc-1", "corp.test"},
                                              {std::string(kUuidB), "pc-2", ""}};
  ASSERT_TRUE(store().PutHostNameMappings(first).ok());
  const std::vector<HostNameMapping> second = {{std::string(kUuidA), "pc-1b", ""}};
  ASSERT_TRUE(store().PutHostNameMappings(second).ok());
  auto a = store().GetHostNameMapping(kUuidA);
  ASSERT_TRUE(a && a->has_value());
  EXPECT_EQ((*a)->host_name, "pc-1b");
  EXPECT_EQ((*a)->domain_name, "");
  auto b = store().GetHostNameMapping(kUuidB);
  ASSERT_TRUE(b && b->has_value());
  EXPECT_EQ((*b)->host_name, "pc-2");
  EXPECT_FALSE(store().GetHostNameMapping(kUuidC)->has_value());
  EXPECT_TRUE(store().PutHostNameMappings({}).ok());

  auto all = store().ListHostNameMappings();
  ASSERT_TRUE(all) << all.error().ToString();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].uuid, std::min(std::string(kUuidA), std::string(kUuidB)));
  EXPECT_EQ((*all)[0].host_name, std::string(kUuidA) < std::string(kUuidB) ? "pc-1b" : "pc-2");
}

// ---- Settings ----------------------------------------------------------------

TEST_P(StoreConformance, SettingsAreSetAndOverwritten) {
  ASSERT_TRUE(store().PutSetting("log_level", "debug").ok());
  ASSERT_TRUE(store().PutSetting("other", "x").ok());
  ASSERT_TRUE(store().PutSetting("log_level", "error").ok());
  EXPECT_EQ(store().GetSetting("log_level")->value_or(""), "error");
  EXPECT_EQ(store().GetSetting("other")->value_or(""), "x");
}

// ---- Console users and API tokens ---------------------------------------------

UserRecord User(std::string_view name, UserRole role = UserRole::kViewer) {
  UserRecord u;
  u.name = name;
  u.role = role;
  u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNo";
  u.created = T(1, 1);
  u.updated = T(2, 2);
  return u;
}

ApiTokenRecord Token(std::string_view id, std::string_view user, base::TimePoint created) {
  ApiTokenRecord t;
  t.id = id;
  t.user = user;
  t.label = "label of " + std::string(id);
  t.digest = "digest-" + std::string(id);
  t.created = created;
  return t;
}

std::vector<std::string> TokenIds(const std::vector<ApiTokenRecord>& tokens) {
  std::vector<std::string> out;
  for (const auto& t : tokens) out.push_back(t.id);
  return out;
}

TEST_P(StoreConformance, NoUsersTokensOrAuditAtFirst) {
  EXPECT_TRUE(store().ListUsers()->empty());
  EXPECT_FALSE(store().GetUser("alice")->has_value());
  EXPECT_TRUE(store().ListApiTokens("")->empty());
  EXPECT_FALSE(store().FindApiTokenByDigest("digest")->has_value());
  EXPECT_TRUE(store().QueryAudit({})->empty());
}

TEST_P(StoreConformance, UsersRoundTripEveryFieldAndListByName) {
  UserRecord bob = User("bob", UserRole::kAdmin);
  bob.disabled = true;
  bob.created = T(5, 123456);
  bob.updated = T(6, 654321);
  ASSERT_TRUE(store().PutUser(bob).ok());
  ASSERT_TRUE(store().PutUser(User("alice@corp.test")).ok());

  auto got = store().GetUser("bob");
  ASSERT_TRUE(got) << got.error().ToString();
  ASSERT_TRUE(got->has_value());
  const UserRecord& u = **got;
  EXPECT_EQ(u.name, "bob");
  EXPECT_EQ(u.role, UserRole::kAdmin);
  EXPECT_EQ(u.password_hash, bob.password_hash);
  EXPECT_TRUE(u.disabled);
  EXPECT_EQ(u.created, T(5, 123456));
  EXPECT_EQ(u.updated, T(6, 654321));

  auto all = store().ListUsers();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "alice@corp.test");
  EXPECT_EQ((*all)[0].role, UserRole::kViewer);
  EXPECT_FALSE((*all)[0].disabled);
  EXPECT_EQ((*all)[1].name, "bob");
  EXPECT_FALSE(store().GetUser("BOB")->has_value());  // names are case-sensitive keys
}

TEST_P(StoreConformance, PutUserReplacesByNameAndKeepsTheTokens) {
  ASSERT_TRUE(store().PutUser(User("alice")).ok());
  ASSERT_TRUE(store().AddApiToken(Token("tok_000000000001", "alice", T(10))).ok());
  UserRecord changed = User("alice", UserRole::kAdmin);
  changed.password_hash = "$argon2id$new";
  changed.disabled = true;
  changed.updated = T(20);
  ASSERT_TRUE(store().PutUser(changed).ok());

  const UserRecord got = **store().GetUser("alice");
  EXPECT_EQ(got.role, UserRole::kAdmin);
  EXPECT_EQ(got.password_hash, "$argon2id$new");
  EXPECT_TRUE(got.disabled);
  EXPECT_EQ(got.updated, T(20));
  EXPECT_EQ(store().ListUsers()->size(), 1u);
  EXPECT_THAT(TokenIds(*store().ListApiTokens("alice")), ElementsAre("tok_000000000001"));
}

TEST_P(StoreConformance, DeleteUserTakesItsTokensAndOnlyThose) {
  ASSERT_TRUE(store().PutUser(User("alice")).ok());
  ASSERT_TRUE(store().PutUser(User("bob")).ok());
  ASSERT_TRUE(store().AddApiToken(Token("tok_a1", "alice", T(1))).ok());
  ASSERT_TRUE(store().AddApiToken(Token("tok_a2", "alice", T(2))).ok());
  ASSERT_TRUE(store().AddApiToken(Token("tok_b1", "bob", T(3))).ok());

  ASSERT_TRUE(store().DeleteUser("alice").ok());
  EXPECT_FALSE(store().GetUser("alice")->has_value());
  EXPECT_THAT(TokenIds(*store().ListApiTokens("")), ElementsAre("tok_b1"));
  EXPECT_FALSE(store().FindApiTokenByDigest("digest-tok_a1")->has_value());
  // The same name again starts with no tokens.
  ASSERT_TRUE(store().PutUser(User("alice")).ok());
  EXPECT_TRUE(store().ListApiTokens("alice")->empty());

  const base::Status missing = store().DeleteUser("carol");
  EXPECT_EQ(missing.code(), base::StatusCode::kNotFound);
  EXPECT_THAT(missing.message(), HasSubstr("carol"));
}

TEST_P(StoreConformance, ApiTokensRoundTripEveryFieldAndAreFoundByDigest) {
  ASSERT_TRUE(store().PutUser(User("alice")).ok());
  ApiTokenRecord t = Token("tok_0123456789ab", "alice", T(7, 111111));
  t.label = "prometheus";
  t.digest = std::string(64, 'e');
  t.expires = T(90 * 86400, 222222);
  t.last_used = T(8, 333333);
  ASSERT_TRUE(store().AddApiToken(t).ok());

  auto found = store().FindApiTokenByDigest(std::string(64, 'e'));
  ASSERT_TRUE(found) << found.error().ToString();
  ASSERT_TRUE(found->has_value());
  const ApiTokenRecord& got = **found;
  EXPECT_EQ(got.id, "tok_0123456789ab");
  EXPECT_EQ(got.user, "alice");
  EXPECT_EQ(got.label, "prometheus");
  EXPECT_EQ(got.digest, std::string(64, 'e'));
  EXPECT_EQ(got.created, T(7, 111111));
  EXPECT_EQ(got.expires, T(90 * 86400, 222222));
  EXPECT_EQ(got.last_used, T(8, 333333));
  EXPECT_FALSE(store().FindApiTokenByDigest(std::string(64, 'f'))->has_value());

  // Never expires and never used: the epoch, as records.h says.
  ASSERT_TRUE(store().AddApiToken(Token("tok_never", "alice", T(9))).ok());
  const ApiTokenRecord never = **store().FindApiTokenByDigest("digest-tok_never");
  EXPECT_EQ(never.expires, base::TimePoint{});
  EXPECT_EQ(never.last_used, base::TimePoint{});
}

TEST_P(StoreConformance, ApiTokensListByCreatedThenIdPerUserOrAll) {
  ASSERT_TRUE(store().PutUser(User("alice")).ok());
  ASSERT_TRUE(store().PutUser(User("bob")).ok());
  ASSERT_TRUE(store().AddApiToken(Token("tok_c", "alice", T(5))).ok());
  ASSERT_TRUE(store().AddApiToken(Token("tok_b", "bob", T(5))).ok());
  ASSERT_TRUE(store().AddApiToken(Token("tok_z", "alice", T(1))).ok());
  ASSERT_TRUE(store().AddApiToken(Token("tok_a", "alice", T(9))).ok());
  EXPECT_THAT(TokenIds(*store().ListApiTokens("")), ElementsAre("tok_z", "tok_b", "tok_c", "tok_a"));
  EXPECT_THAT(TokenIds(*store().ListApiTokens("alice")), ElementsAre("tok_z", "tok_c", "tok_a"));
  EXPECT_THAT(TokenIds(*store().ListApiTokens("bob")), ElementsAre("tok_b"));
  EXPECT_TRUE(store().ListApiTokens("carol")->empty());
}

TEST_P(StoreConformance, AddApiTokenRefusesARepeatedIdOrDigestAndAMissingUser) {
  ASSERT_TRUE(store().PutUser(User("alice")).ok());
  ASSERT_TRUE(store().AddApiToken(Token("tok_first", "alice", T(1))).ok());

  ApiTokenRecord same_id = Token("tok_first", "alice", T(2));
  const base::Status id = store().AddApiToken(same_id);
  EXPECT_EQ(id.code(), base::StatusCode::kAlreadyExists);
  EXPECT_THAT(id.message(), HasSubstr("tok_first"));

  ApiTokenRecord same_digest = Token("tok_second", "alice", T(2));
  same_digest.digest = "digest-tok_first";
  const base::Status digest = store().AddApiToken(same_digest);
  EXPECT_EQ(digest.code(), base::StatusCode::kAlreadyExists);
  EXPECT_THAT(digest.message(), HasSubstr("tok_second"));
  EXPECT_THAT(digest.message(), HasSubstr("digest"));

  const base::Status no_user = store().AddApiToken(Token("tok_third", "carol", T(3)));
  EXPECT_EQ(no_user.code(), base::StatusCode::kNotFound);
  EXPECT_THAT(no_user.message(), HasSubstr("carol"));

  EXPECT_THAT(TokenIds(*store().ListApiTokens("")), ElementsAre("tok_first"));
  EXPECT_EQ((*store().FindApiTokenByDigest("digest-tok_first"))->created, T(1));
}

TEST_P(StoreConformance, TokensAreTouchedAndRevoked) {
  ASSERT_TRUE(store().PutUser(User("alice")).ok());
  ASSERT_TRUE(store().AddApiToken(Token("tok_1", "alice", T(1))).ok());
  ASSERT_TRUE(store().AddApiToken(Token("tok_2", "alice", T(2))).ok());

  ASSERT_TRUE(store().TouchApiToken("tok_1", T(50, 987654)).ok());
  EXPECT_EQ((*store().FindApiTokenByDigest("digest-tok_1"))->last_used, T(50, 987654));
  EXPECT_EQ((*store().FindApiTokenByDigest("digest-tok_2"))->last_used, base::TimePoint{});
  const base::Status touch = store().TouchApiToken("tok_nope", T(51));
  EXPECT_EQ(touch.code(), base::StatusCode::kNotFound);
  EXPECT_THAT(touch.message(), HasSubstr("tok_nope"));

  ASSERT_TRUE(store().DeleteApiToken("tok_1").ok());
  EXPECT_FALSE(store().FindApiTokenByDigest("digest-tok_1")->has_value());
  EXPECT_THAT(TokenIds(*store().ListApiTokens("")), ElementsAre("tok_2"));
  const base::Status again = store().DeleteApiToken("tok_1");
  EXPECT_EQ(again.code(), base::StatusCode::kNotFound);
  EXPECT_THAT(again.message(), HasSubstr("tok_1"));
  EXPECT_TRUE(store().GetUser("alice")->has_value());  // revoking a token leaves its user alone
}

// ---- Audit log ---------------------------------------------------------------

AuditEntry Audit(std::string_view user, std::string_view action, base::TimePoint at) {
  AuditEntry e;
  e.at = at;
  e.user = user;
  e.via = "session";
  e.action = action;
  e.target = "target of " + std::string(action);
  e.detail = std::string(action) + " by " + std::string(user);
  e.remote = "192.0.2.10";
  return e;
}

std::vector<std::string> Actions(const std::vector<AuditEntry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.push_back(e.user + ":" + e.action);
  return out;
}

// Six entries by two users; returns them as stored, oldest first.
std::vector<AuditEntry> SeedAudit(Store& store) {
  const std::vector<AuditEntry> entries = {
      Audit("alice", "login", T(1)),  Audit("alice", "keys.generate", T(2)),      Audit("bob", "keys.setupbin", T(3)),
      Audit("bob", "keysmith", T(4)), Audit("alice", "settings.log_level", T(5)), Audit("bob", "keys.export", T(6)),
  };
  for (const auto& e : entries) EXPECT_TRUE(store.AppendAudit(e));
  AuditQuery all;
  all.limit = 0;
  auto stored = store.QueryAudit(all);
  EXPECT_TRUE(stored) << stored.error().ToString();
  return stored ? *stored : std::vector<AuditEntry>{};
}

TEST_P(StoreConformance, AuditEntriesGetIncreasingIdsAndKeepEveryField) {
  AuditEntry refused = Audit("bob", "keys.export", T(3, 456789));
  refused.via = "token:tok_0123456789ab";
  refused.target = "0000037M";
  refused.detail = "viewer asked for a secret";
  refused.remote = "2001:db8::7";
  refused.success = false;
  auto first = store().AppendAudit(Audit("alice", "login", T(1)));
  ASSERT_TRUE(first) << first.error().ToString();
  auto second = store().AppendAudit(refused);
  ASSERT_TRUE(second) << second.error().ToString();
  EXPECT_GT(*first, 0);
  EXPECT_GT(*second, *first);

  auto all = store().QueryAudit({});
  ASSERT_TRUE(all) << all.error().ToString();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].id, *first);
  EXPECT_TRUE((*all)[0].success);
  const AuditEntry& got = (*all)[1];
  EXPECT_EQ(got.id, *second);
  EXPECT_EQ(got.at, T(3, 456789));
  EXPECT_EQ(got.user, "bob");
  EXPECT_EQ(got.via, "token:tok_0123456789ab");
  EXPECT_EQ(got.action, "keys.export");
  EXPECT_EQ(got.target, "0000037M");
  EXPECT_EQ(got.detail, "viewer asked for a secret");
  EXPECT_EQ(got.remote, "2001:db8::7");
  EXPECT_FALSE(got.success);
}

TEST_P(StoreConformance, AuditFiltersByUserAndActionPrefix) {
  SeedAudit(store());
  AuditQuery q;
  q.user = "alice";
  EXPECT_THAT(Actions(*store().QueryAudit(q)),
              ElementsAre("alice:login", "alice:keys.generate", "alice:settings.log_level"));
  q = {};
  q.action_prefix = "keys.";  // not "keysmith"
  EXPECT_THAT(Actions(*store().QueryAudit(q)),
              ElementsAre("alice:keys.generate", "bob:keys.setupbin", "bob:keys.export"));
  q.user = "bob";
  EXPECT_THAT(Actions(*store().QueryAudit(q)), ElementsAre("bob:keys.setupbin", "bob:keys.export"));
  q = {};
  q.action_prefix = "keys_";  // '_' is no wildcard
  EXPECT_TRUE(store().QueryAudit(q)->empty());
  q.action_prefix = "KEYS.";  // nor is the prefix case-blind
  EXPECT_TRUE(store().QueryAudit(q)->empty());
  q = {};
  q.user = "carol";
  EXPECT_TRUE(store().QueryAudit(q)->empty());
}

TEST_P(StoreConformance, AuditLimitKeepsTheNewestAndAfterIdTheOldestStillOldestFirst) {
  const std::vector<AuditEntry> all = SeedAudit(store());
  ASSERT_EQ(all.size(), 6u);
  AuditQuery q;
  EXPECT_EQ(store().QueryAudit(q)->size(), 6u);  // the default limit is far above six
  q.limit = 2;
  EXPECT_THAT(Actions(*store().QueryAudit(q)), ElementsAre("alice:settings.log_level", "bob:keys.export"));
  q.user = "bob";
  EXPECT_THAT(Actions(*store().QueryAudit(q)), ElementsAre("bob:keysmith", "bob:keys.export"));

  q = {};
  q.after_id = all[1].id;
  q.limit = 0;
  EXPECT_THAT(Actions(*store().QueryAudit(q)),
              ElementsAre("bob:keys.setupbin", "bob:keysmith", "alice:settings.log_level", "bob:keys.export"));
  q.limit = 2;  // with after_id: the oldest `limit` after it
  EXPECT_THAT(Actions(*store().QueryAudit(q)), ElementsAre("bob:keys.setupbin", "bob:keysmith"));
  q.action_prefix = "keys.";
  EXPECT_THAT(Actions(*store().QueryAudit(q)), ElementsAre("bob:keys.setupbin", "bob:keys.export"));
  q = {};
  q.after_id = all.back().id;
  EXPECT_TRUE(store().QueryAudit(q)->empty());
}

}  // namespace
}  // namespace openscs::store::testing
