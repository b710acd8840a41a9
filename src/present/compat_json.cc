#include "present/compat_json.h"

#include <algorithm>
#include <cassert>

namespace openscs::present {

nlohmann::json CompatFindingsJson(const std::vector<compat::Finding>& findings) {
  auto j = nlohmann::json::array();
  for (const auto& f : findings) {
    nlohmann::json item{{"text", f.text}};
    if (!f.cause.empty()) item["cause"] = f.cause;
    if (!f.rule.empty()) item["rule"] = f.rule;
    j.push_back(std::move(item));
  }
  return j;
}

nlohmann::json CapabilitiesJson(const amt::Capabilities& c) {
  return {{"platform", c.platform},
          {"form_factor", c.form_factor == amt::FormFactor::kNotebook ? "notebook" : "desktop"},
          {"remote_configuration", c.remote_configuration},
          {"psk", c.psk_hello},
          {"legacy_soap", c.legacy_soap},
          {"wsman", c.wsman},
          {"tls10", c.tls10},
          {"tls12", c.tls12},
          {"notes", c.notes}};
}

nlohmann::json CompatJson(const std::vector<compat::Verdict>& verdicts) {
  assert(!verdicts.empty());
  const compat::Verdict& first = verdicts.front();
  const bool works = std::any_of(verdicts.begin(), verdicts.end(), [](const auto& v) { return v.works; });
  nlohmann::json j{{"amt", first.amt}, {"subject", first.subject}, {"works", works}};
  j["results"] = nlohmann::json::array();
  for (const auto& v : verdicts) {
    j["results"].push_back({{"method", compat::MethodName(v.method)},
                            {"works", v.works},
                            {"reasons", CompatFindingsJson(v.reasons)},
                            {"warnings", CompatFindingsJson(v.warnings)},
                            {"notes", v.notes}});
  }
  j["rows"] = nlohmann::json::array();
  for (const auto& r : first.rows) {
    nlohmann::json row{{"oobm", r.oobm}, {"scs", r.scs}, {"amt", r.amt}, {"source", r.source}};
    if (!r.note.empty()) row["note"] = r.note;
    j["rows"].push_back(std::move(row));
  }
  if (first.capabilities) j["capabilities"] = CapabilitiesJson(*first.capabilities);
  return j;
}

}  // namespace openscs::present
