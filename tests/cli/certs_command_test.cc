#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "cli/certs_command.h"
#include "store/sqlite/sqlite_store.h"
#include "tests/cli/cli_testing.h"
#include "tests/support/seeded_random.h"
#include "tests/support/temp_dir.h"
#include "tests/tls/cert_bundle_testing.h"

namespace openscs::cli {
namespace {

using tls::testing::GoodLeafSpec;
using tls::testing::MadeAt;
using tls::testing::MakeChain;
using tls::testing::TestChain;

constexpr std::array<std::byte, secrets::kKeySize> kVaultKey{};

// The certs commands over a fresh SQLite store and a test vault, with the
// output captured.
class CertsCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::OpenSqliteStore(dir_ / "openscs.db");
    ASSERT_TRUE(opened) << opened.error().ToString();
    store_ = std::move(opened).value();
  }

  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return (dir_ / name).string();
  }

  int Import(CertsImportOptions options, base::TimePoint now) {
    Reset();
    return RunCertsImport(options, *store_, vault_, now, context_);
  }
  int List(bool json) {
    Reset();
    return RunCertsList(json, *store_, context_);
  }
  int Show(const std::string& id, bool json, base::TimePoint now) {
    Reset();
    return RunCertsShow(id, json, *store_, now, context_);
  }
  int Delete(const std::string& id) {
    Reset();
    return RunCertsDelete(id, *store_, context_);
  }

  std::string out() const { return out_.str(); }
  std::string err() const { return err_.str(); }

  openscs::testing::TempDir dir_{"certs-cli"};
  std::unique_ptr<store::Store> store_;
  secrets::Vault vault_ = secrets::Vault::FromKeyForTest(kVaultKey, openscs::testing::SeededRandom(1));

 private:
  void Reset() {
    out_.str("");
    err_.str("");
  }
  std::ostringstream out_, err_;
  Context context_{out_, err_, openscs::testing::SeededRandom(2)};
};

CertsImportOptions Opt(std::string file, std::string key_file = "", std::string password_file = "",
                       std::string name = "", bool json = false) {
  CertsImportOptions o;
  o.file = std::move(file);
  o.key_file = std::move(key_file);
  o.password_file = std::move(password_file);
  o.name = std::move(name);
  o.json = json;
  return o;
}

std::string ChainPem(const TestChain& c) {
  return tls::ToPem(c.leaf.get()) + tls::ToPem(c.intermediate.get()) + tls::ToPem(c.root.get());
}

std::string KeyBody(const TestChain& c) { return tls::ToPem(c.leaf_key.get()).substr(28, 40); }

TEST_F(CertsCommand, ImportStoresTheChainAndTheSealedKeyAndPrintsTheReport) {
  const TestChain c = MakeChain(GoodLeafSpec("scs.corp.example.com"));
  const std::string file = Write("scs.pem", tls::ToPem(c.leaf_key.get()) + ChainPem(c));
  ASSERT_EQ(Import(Opt(file, "", "", "corp"), MadeAt(c)), 0) << err();

  const std::string leaf_sha1 = tls::internal::DigestHex(c.leaf.get(), EVP_sha1());
  EXPECT_NE(out().find("imported certificate " + leaf_sha1 + " \"corp\""), std::string::npos) << out();
  EXPECT_NE(out().find("subject      CN=scs.corp.example.com,OU=Intel(R) Client Setup Certificate"), std::string::npos)
      << out();
  EXPECT_NE(out().find("2 CN=openscs Test Root  (self-issued)"), std::string::npos) << out();
  EXPECT_NE(out().find("root SHA-1   " + base::ToHex(c.RootSha1())), std::string::npos) << out();
  EXPECT_NE(out().find("1.3.6.1.5.5.7.3.1 (serverAuth)"), std::string::npos) << out();
  EXPECT_NE(out().find("info: root SHA-1"), std::string::npos) << out();
  EXPECT_NE(out().find("accepts it"), std::string::npos) << out();
  EXPECT_EQ(out().find(KeyBody(c)), std::string::npos);

  auto stored = store_->ListCertificates();
  ASSERT_TRUE(stored);
  ASSERT_EQ(stored->size(), 1u);
  const store::CertificateRecord& r = stored->front();
  EXPECT_EQ(r.id, leaf_sha1);
  EXPECT_EQ(r.name, "corp");
  EXPECT_EQ(r.chain_pem, ChainPem(c));
  EXPECT_EQ(r.leaf_cn, "scs.corp.example.com");
  EXPECT_EQ(r.root_sha1, base::ToHex(c.RootSha1()));
  EXPECT_EQ(r.root_sha384.size(), 96u);
  EXPECT_EQ(r.private_key.find("PRIVATE KEY"), std::string::npos);  // sealed
  auto key = vault_.Open(r.private_key);
  ASSERT_TRUE(key);
  EXPECT_EQ(*key, tls::ToPem(c.leaf_key.get()));
}

TEST_F(CertsCommand, ImportPrintsEveryWarning) {
  auto spec = GoodLeafSpec("scs");
  spec.server_auth = false;
  spec.not_after_offset = std::chrono::hours(24 * 5);
  const TestChain c = MakeChain(spec);
  const std::string file = Write("bad.pem", ChainPem(c));
  const std::string key = Write("bad.key", tls::ToPem(c.leaf_key.get()));
  ASSERT_EQ(Import(Opt(file, key, "", "", true), MadeAt(c)), 0) << err();
  const auto j = nlohmann::json::parse(out());
  std::vector<std::string> codes;
  for (const auto& f : j["findings"]) codes.push_back(f["code"]);
  EXPECT_EQ(codes,
            (std::vector<std::string>{"missing_server_auth", "cn_not_fqdn", "expires_soon", "root_hash_not_default"}));
  EXPECT_EQ(j["name"], "scs");  // defaults to the CN
  EXPECT_FALSE(j["device_check"]["accepted"].get<bool>());
  EXPECT_EQ(j["chain"].size(), 3u);
}

TEST_F(CertsCommand, RefusesAFileWithoutAPrivateKey) {
  const TestChain c = MakeChain(GoodLeafSpec());
  EXPECT_EQ(Import(Opt(Write("chain.pem", ChainPem(c))), MadeAt(c)), 1);
  EXPECT_NE(err().find("no private key found"), std::string::npos) << err();
  EXPECT_NE(err().find("--key KEYFILE"), std::string::npos) << err();
  EXPECT_TRUE(store_->ListCertificates()->empty());
}

TEST_F(CertsCommand, RefusesAKeyThatDoesNotMatchTheLeaf) {
  const TestChain c = MakeChain(GoodLeafSpec());
  const TestChain other = MakeChain(GoodLeafSpec());
  const std::string file = Write("mixed.pem", ChainPem(c) + tls::ToPem(other.leaf_key.get()));
  EXPECT_EQ(Import(Opt(file), MadeAt(c)), 1);
  EXPECT_NE(err().find("the private key does not match the leaf certificate"), std::string::npos) << err();
  EXPECT_EQ(err().find(KeyBody(other)), std::string::npos);
  EXPECT_TRUE(store_->ListCertificates()->empty());
}

TEST_F(CertsCommand, Pkcs12WithAPasswordFile) {
  const TestChain c = MakeChain(GoodLeafSpec());
  const std::string pfx = Write("scs.pfx", tls::testing::Pfx(c, "pfx pass", {c.intermediate.get(), c.root.get()}));
  EXPECT_EQ(Import(Opt(pfx), MadeAt(c)), 1);
  EXPECT_NE(err().find("--password-file"), std::string::npos) << err();
  ASSERT_EQ(Import(Opt(pfx, "", Write("pass.txt", "pfx pass\n")), MadeAt(c)), 0) << err();
  EXPECT_EQ(out().find("pfx pass"), std::string::npos);
  EXPECT_EQ(Import(Opt(pfx, "", Write("wrong.txt", "nope\r\n")), MadeAt(c)), 1);
  EXPECT_NE(err().find("wrong password for the PKCS#12 file"), std::string::npos) << err();
}

TEST_F(CertsCommand, ListShowDelete) {
  const TestChain c = MakeChain(GoodLeafSpec("scs.corp.example.com"));
  ASSERT_EQ(Import(Opt(Write("scs.pem", ChainPem(c) + tls::ToPem(c.leaf_key.get()))), MadeAt(c)), 0) << err();
  const std::string id = tls::internal::DigestHex(c.leaf.get(), EVP_sha1());

  ASSERT_EQ(List(false), 0);
  EXPECT_NE(out().find(id), std::string::npos) << out();
  EXPECT_NE(out().find("scs.corp.example.com"), std::string::npos);
  ASSERT_EQ(List(true), 0);
  const auto listed = nlohmann::json::parse(out());
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["id"], id);
  EXPECT_FALSE(listed[0].contains("private_key"));

  ASSERT_EQ(Show(id.substr(0, 8), false, MadeAt(c)), 0) << err();
  EXPECT_NE(out().find("certificate " + id), std::string::npos) << out();
  EXPECT_NE(out().find("leaf CN      scs.corp.example.com"), std::string::npos) << out();
  EXPECT_EQ(out().find(KeyBody(c)), std::string::npos);
  ASSERT_EQ(Show(id, true, MadeAt(c)), 0) << err();
  EXPECT_EQ(nlohmann::json::parse(out())["root_sha1"], base::ToHex(c.RootSha1()));

  EXPECT_EQ(Show("abc", false, MadeAt(c)), 1);  // too short to be a prefix
  EXPECT_NE(err().find("no certificate 'abc'"), std::string::npos);

  ASSERT_EQ(Delete(id), 0) << err();
  EXPECT_NE(out().find("deleted certificate " + id), std::string::npos);
  EXPECT_TRUE(store_->ListCertificates()->empty());
  EXPECT_EQ(Delete(id), 1);
  EXPECT_NE(err().find("no certificate"), std::string::npos);
}

TEST_F(CertsCommand, ReimportReplaces) {
  const TestChain c = MakeChain(GoodLeafSpec());
  const std::string file = Write("scs.pem", ChainPem(c) + tls::ToPem(c.leaf_key.get()));
  ASSERT_EQ(Import(Opt(file), MadeAt(c)), 0) << err();
  ASSERT_EQ(Import(Opt(file, "", "", "renamed"), MadeAt(c)), 0) << err();
  EXPECT_NE(out().find("replaced certificate"), std::string::npos);
  auto stored = store_->ListCertificates();
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ(stored->front().name, "renamed");
}

TEST_F(CertsCommand, MissingFileNamesIt) {
  EXPECT_EQ(Import(Opt((dir_ / "nope.pem").string()), {}), 1);
  EXPECT_NE(err().find("nope.pem"), std::string::npos);
}

// Through the command line, as a user runs it: --db and --key-file.
TEST_F(CertsCommand, CommandLineImportListShowDelete) {
  const TestChain c = MakeChain(GoodLeafSpec("scs.corp.example.com"));
  const std::string file = Write("scs.pem", ChainPem(c) + tls::ToPem(c.leaf_key.get()));
  const std::vector<std::string> db = {"--db", (dir_ / "cli.db").string(), "--key-file", (dir_ / "cli.key").string()};
  auto with_db = [&db](std::vector<std::string> args) {
    args.insert(args.end(), db.begin(), db.end());
    return testing::RunCli(args);
  };
  auto imported = with_db({"certs", "import", file, "--name", "corp"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  const std::string id = tls::internal::DigestHex(c.leaf.get(), EVP_sha1());
  EXPECT_NE(imported.out.find("imported certificate " + id), std::string::npos) << imported.out;

  auto listed = with_db({"certs", "list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("corp"), std::string::npos) << listed.out;

  auto shown = with_db({"certs", "show", id, "--json"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_EQ(nlohmann::json::parse(shown.out)["leaf_cn"], "scs.corp.example.com");

  EXPECT_EQ(with_db({"certs", "delete", id}).exit_code, 0);
  EXPECT_NE(with_db({"certs", "list"}).out.find("no certificates"), std::string::npos);
}

TEST_F(CertsCommand, CommandLineRefusesAKeylessFile) {
  const TestChain c = MakeChain(GoodLeafSpec());
  auto run = testing::RunCli({"certs", "import", Write("chain.pem", ChainPem(c)), "--db", (dir_ / "cli.db").string(),
                              "--key-file", (dir_ / "cli.key").string()});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("no private key found"), std::string::npos) << run.err;
  EXPECT_EQ(testing::RunCli({"certs", "import", (dir_ / "missing.pem").string()}).exit_code, 2);
}

}  // namespace
}  // namespace openscs::cli
