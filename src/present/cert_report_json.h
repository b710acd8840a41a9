#pragma once

// A provisioning-certificate report (tls/cert_inspect.h) as JSON: `openscs
// certs import/show --json` and the REST API's certificate routes. Never
// the private key: the report holds none.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "present/time_text.h"
#include "tls/cert_inspect.h"

namespace openscs::present {

// {subject, chain: [{subject, issuer, sha1, not_before, not_after}], leaf_cn,
//  eku_oids, organizational_units, not_before, not_after, root_sha1,
//  root_sha256, root_sha384, device_check: {accepted, refusal, detail},
//  findings: [{severity, code, message}], notes}.
nlohmann::json CertificateReportJson(const tls::CertificateReport& report, const std::vector<std::string>& notes,
                                     TimeStyle style = TimeStyle::kCli);

}  // namespace openscs::present
