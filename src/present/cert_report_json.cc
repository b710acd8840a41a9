#include "present/cert_report_json.h"

namespace openscs::present {

nlohmann::json CertificateReportJson(const tls::CertificateReport& r, const std::vector<std::string>& notes,
                                     TimeStyle style) {
  nlohmann::json j;
  j["subject"] = r.chain.front().subject;
  j["chain"] = nlohmann::json::array();
  for (const auto& e : r.chain) {
    j["chain"].push_back({{"subject", e.subject},
                          {"issuer", e.issuer},
                          {"sha1", e.sha1},
                          {"not_before", FormatTime(e.not_before, style)},
                          {"not_after", FormatTime(e.not_after, style)}});
  }
  j["leaf_cn"] = r.leaf_cn;
  j["eku_oids"] = r.eku_oids;
  j["organizational_units"] = r.organizational_units;
  j["not_before"] = FormatTime(r.not_before, style);
  j["not_after"] = FormatTime(r.not_after, style);
  j["root_sha1"] = r.root_sha1;
  j["root_sha256"] = r.root_sha256;
  j["root_sha384"] = r.root_sha384;
  j["device_check"] = {{"accepted", r.device_check.ok()},
                       {"refusal", tls::CertRefusalName(r.device_check.refusal)},
                       {"detail", r.device_check.detail}};
  j["findings"] = nlohmann::json::array();
  for (const auto& f : r.findings) {
    j["findings"].push_back({{"severity", f.severity == tls::Severity::kWarning ? "warning" : "info"},
                             {"code", f.code},
                             {"message", f.message}});
  }
  j["notes"] = notes;
  return j;
}

}  // namespace openscs::present
