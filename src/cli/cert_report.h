#pragma once

// How the CLI shows a provisioning-certificate report (tls/cert_inspect.h):
// `certs import` and `certs show` now, the doctor later.

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>
#include <vector>

#include "tls/cert_inspect.h"

namespace openscs::cli {

// Aligned "label  value" lines: subject, chain (one line per link), leaf CN,
// EKU, OU, validity, root hashes, the simulated device's verdict; then one
// line per finding ("warning: ...", "info: ...") and per note ("note: ...").
void PrintCertificateReport(const tls::CertificateReport& report, const std::vector<std::string>& notes,
                            std::ostream& out);

// The same as JSON; times as FormatTime (cli/time_text.h) writes them.
nlohmann::json CertificateReportJson(const tls::CertificateReport& report, const std::vector<std::string>& notes);

}  // namespace openscs::cli
