#pragma once

// How the CLI shows a provisioning-certificate report (tls/cert_inspect.h):
// `certs import` and `certs show` now, the doctor later.

#include <ostream>
#include <string>
#include <vector>

#include "present/cert_report_json.h"
#include "tls/cert_inspect.h"

namespace openscs::cli {

// Aligned "label  value" lines: subject, chain (one line per link), leaf CN,
// EKU, OU, validity, root hashes, the simulated device's verdict; then one
// line per finding ("warning: ...", "info: ...") and per note ("note: ...").
void PrintCertificateReport(const tls::CertificateReport& report, const std::vector<std::string>& notes,
                            std::ostream& out);

// The same as JSON (present/cert_report_json.h), times in the CLI's style.
using present::CertificateReportJson;

}  // namespace openscs::cli
