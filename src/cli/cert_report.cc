#include "cli/cert_report.h"

#include <fmt/format.h>

#include "cli/time_text.h"

namespace openscs::cli {
namespace {

std::string EkuText(const std::string& oid) {
  if (oid == "1.3.6.1.5.5.7.3.1") return oid + " (serverAuth)";
  if (oid == "1.3.6.1.5.5.7.3.2") return oid + " (clientAuth)";
  if (oid == tls::kIntelSetupOid) return oid + " (Intel AMT setup)";
  return oid;
}

std::string Join(const std::vector<std::string>& items, std::string (*each)(const std::string&)) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + each(item);
  return out.empty() ? "(none)" : out;
}

std::string Same(const std::string& s) { return s; }

std::string DeviceVerdict(const tls::CertificateReport& r) {
  if (r.device_check.ok()) return "a device trusting this root, in the CN's domain, accepts it";
  return fmt::format("a device trusting this root, in the CN's domain, refuses it ({}): {}",
                     tls::CertRefusalName(r.device_check.refusal), r.device_check.detail);
}

}  // namespace

void PrintCertificateReport(const tls::CertificateReport& r, const std::vector<std::string>& notes, std::ostream& out) {
  auto line = [&out](std::string_view label, const std::string& value) {
    out << fmt::format("{:<13}{}\n", label, value);
  };
  line("subject", r.chain.front().subject);
  for (size_t i = 0; i < r.chain.size(); ++i) {
    const tls::ChainEntry& e = r.chain[i];
    line(i == 0 ? "chain" : "",
         fmt::format("{} {}  {}", i, e.subject, e.issuer == e.subject ? "(self-issued)" : "issued by " + e.issuer));
  }
  line("leaf CN", r.leaf_cn);
  line("EKU", Join(r.eku_oids, EkuText));
  line("OU", Join(r.organizational_units, Same));
  line("valid", fmt::format("{} to {}", FormatTime(r.not_before), FormatTime(r.not_after)));
  line("root SHA-1", r.root_sha1);
  line("root SHA-256", r.root_sha256);
  line("root SHA-384", r.root_sha384);
  line("device", DeviceVerdict(r));
  for (const auto& f : r.findings) {
    out << (f.severity == tls::Severity::kWarning ? "warning: " : "info: ") << f.message << " [" << f.code << "]\n";
  }
  for (const auto& n : notes) out << "note: " << n << '\n';
}

}  // namespace openscs::cli
