// profiles and mappings commands.

#include <gmock/gmock.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "cli/mappings_command.h"
#include "tests/cli/store_fixture.h"

namespace openscs::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::CliStoreTest;

using Profiles = CliStoreTest;

TEST_F(Profiles, TheDefaultProfileIsListedAndShown) {
  auto list = Run({"profiles", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr("default"));
  EXPECT_THAT(list.out, HasSubstr("amt-{uuid8}"));
  auto show = nlohmann::json::parse(Run({"profiles", "show", "default", "--json"}).out);
  EXPECT_EQ(show["priority"], 1000);
  EXPECT_EQ(show["password_policy"], "random");
  EXPECT_EQ(show["tls"], true);
  EXPECT_EQ(show["fresh_psk"], true);
  EXPECT_EQ(Run({"profiles", "show", "nope"}).exit_code, 1);
}

TEST_F(Profiles, SetCreatesThenChangesOnlyTheGivenFields) {
  auto create = Run({"profiles", "set", "lab", "--rule", "domain:lab.test", "--priority", "10", "--host-name-template",
                     "lab-{uuid8}", "--domain", "lab.test", "--password-policy", "fixed", "--admin-password",
                     "Adm1n-Secret!", "--tls", "off", "--mebx-password", "Mebx-One1!", "--mebx-password",
                     "Mebx-Two2!"});
  ASSERT_EQ(create.exit_code, 0) << create.err;
  EXPECT_THAT(create.out, HasSubstr("created profile 'lab'"));
  EXPECT_THAT(create.out, HasSubstr("known MEBx passwords:  2"));
  for (const char* secret : {"Adm1n-Secret!", "Mebx-One1!", "Mebx-Two2!"}) {
    EXPECT_THAT(create.out, Not(HasSubstr(secret)));
  }
  auto stored = OpenDb()->GetProfile("lab");
  ASSERT_TRUE(stored && stored->has_value());
  EXPECT_EQ((*stored)->known_mebx_passwords.size(), 2u);
  EXPECT_THAT((*stored)->fixed_admin_password, Not(HasSubstr("Adm1n")));

  auto change = Run({"profiles", "set", "lab", "--tls", "on"});
  ASSERT_EQ(change.exit_code, 0) << change.err;
  EXPECT_THAT(change.out, HasSubstr("updated profile 'lab'"));
  auto j = nlohmann::json::parse(Run({"profiles", "show", "lab", "--json"}).out);
  EXPECT_EQ(j["tls"], true);
  EXPECT_EQ(j["priority"], 10);
  EXPECT_EQ(j["rule"], "domain:lab.test");
  EXPECT_EQ(j["fixed_admin_password_set"], true);
  EXPECT_EQ(j["known_mebx_passwords"], 2);
  auto names = nlohmann::json::parse(Run({"profiles", "list", "--json"}).out);
  EXPECT_EQ(names[0]["name"], "lab");  // priority 10 before the default's 1000
}

TEST_F(Profiles, BadFieldsAreRefusedAndNothingIsSaved) {
  auto rule = Run({"profiles", "set", "x", "--rule", "color:blue"});
  EXPECT_EQ(rule.exit_code, 1);
  EXPECT_THAT(rule.err, HasSubstr("profile 'x': --rule"));
  auto tmpl = Run({"profiles", "set", "x", "--host-name-template", "pc-{serial}"});
  EXPECT_EQ(tmpl.exit_code, 1);
  EXPECT_THAT(tmpl.err, HasSubstr("--host-name-template"));
  auto fixed = Run({"profiles", "set", "x", "--password-policy", "fixed"});
  EXPECT_EQ(fixed.exit_code, 1);
  EXPECT_THAT(fixed.err, HasSubstr("fixed needs --admin-password"));
  auto weak = Run({"profiles", "set", "x", "--admin-password", "weakpass"});
  EXPECT_EQ(weak.exit_code, 1);
  EXPECT_THAT(weak.err, HasSubstr("--admin-password"));
  EXPECT_THAT(weak.err, Not(HasSubstr("weakpass")));
  EXPECT_EQ(Run({"profiles", "set", "x", "--tls", "maybe"}).exit_code, 1);
  EXPECT_EQ(Run({"profiles", "set", "bad name"}).exit_code, 1);
  EXPECT_FALSE(OpenDb()->GetProfile("x")->has_value());
}

TEST_F(Profiles, DeleteRemovesAProfileButNotTheDefault) {
  ASSERT_EQ(Run({"profiles", "set", "lab"}).exit_code, 0);
  auto del = Run({"profiles", "delete", "lab"});
  ASSERT_EQ(del.exit_code, 0) << del.err;
  EXPECT_FALSE(OpenDb()->GetProfile("lab")->has_value());
  auto again = Run({"profiles", "delete", "lab"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.err, HasSubstr("no profile 'lab'"));
  auto def = Run({"profiles", "delete", "default"});
  EXPECT_EQ(def.exit_code, 1);
  EXPECT_THAT(def.err, HasSubstr("'default' cannot be deleted"));
  EXPECT_TRUE(OpenDb()->GetProfile("default")->has_value());
}

TEST_F(Profiles, MappingsImportStoresCanonicalUuids) {
  std::ofstream(Path("map.csv")) << "uuid,host_name,domain_name\n"
                                    "4C4C4544-004B-4210-8033-B6C04F504633,pc-0042,corp.example\n"
                                    "# comment\n"
                                    "0a0a0a0a-0000-4000-8000-000000000001,pc-0043\n";
  auto run = Run({"mappings", "import", Path("map.csv")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("imported 2 host-name mapping(s)"));
  auto m = OpenDb()->GetHostNameMapping("4c4c4544-004b-4210-8033-b6c04f504633");
  ASSERT_TRUE(m && m->has_value());
  EXPECT_EQ((*m)->host_name, "pc-0042");
  EXPECT_EQ((*m)->domain_name, "corp.example");
}

TEST_F(Profiles, AMalformedMappingLineIsNamedAndNothingIsStored) {
  std::ofstream(Path("map.csv")) << "4c4c4544-004b-4210-8033-b6c04f504633,pc-0042\n"
                                    "0a0a0a0a-0000-4000-8000-000000000001,pc_0043\n";
  auto run = Run({"mappings", "import", Path("map.csv")});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("mappings CSV line 2: host name"));
  EXPECT_FALSE(OpenDb()->GetHostNameMapping("4c4c4544-004b-4210-8033-b6c04f504633")->has_value());
  EXPECT_FALSE(ParseMappingsCsv("not-a-uuid,pc\n"));
  EXPECT_FALSE(ParseMappingsCsv("uuid,host_name\n"));
}

}  // namespace
}  // namespace openscs::cli
