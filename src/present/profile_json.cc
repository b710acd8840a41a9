#include "present/profile_json.h"

namespace openscs::present {

nlohmann::json ProfileJson(const store::ProfileRecord& p) {
  return nlohmann::json{{"name", p.name},
                        {"priority", p.priority},
                        {"rule", p.rule},
                        {"host_name_template", p.host_name_template},
                        {"domain_name", p.domain_name},
                        {"password_policy", p.password_policy},
                        {"fixed_admin_password_set", !p.fixed_admin_password.empty()},
                        {"tls", p.tls},
                        {"fresh_psk", p.fresh_psk},
                        {"web_ui", p.web_ui},
                        {"sol_ider", p.sol_ider},
                        {"known_mebx_passwords", p.known_mebx_passwords.size()}};
}

}  // namespace openscs::present
