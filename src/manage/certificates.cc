#include "manage/certificates.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "tls/cert_factory.h"

namespace openscs::manage {

base::Result<LoadedCertificate> LoadCertificate(std::span<const std::byte> file,
                                                const std::optional<std::string>& password,
                                                std::span<const std::byte> key_file, base::TimePoint now) {
  auto bundle = tls::LoadProvisioningCertificate(file, password, key_file);
  if (!bundle) return bundle.error();
  LoadedCertificate out{std::move(bundle).value(), {}};
  out.report = tls::Inspect(out.bundle, now);
  return out;
}

base::Result<StoredCertificate> StoreCertificate(store::Store& store, const secrets::Vault& vault,
                                                 const LoadedCertificate& loaded, std::string_view name,
                                                 base::TimePoint now) {
  const tls::CertificateReport& report = loaded.report;
  StoredCertificate out;
  store::CertificateRecord& record = out.record;
  record.id = report.leaf_sha1;
  record.name = name.empty() ? report.leaf_cn : std::string(name);
  for (const auto& cert : loaded.bundle.chain) record.chain_pem += tls::ToPem(cert.get());
  record.private_key = vault.Seal(tls::ToPem(loaded.bundle.key.get()));
  record.leaf_cn = report.leaf_cn;
  record.root_sha1 = report.root_sha1;
  record.root_sha256 = report.root_sha256;
  record.root_sha384 = report.root_sha384;
  record.not_before = report.not_before;
  record.not_after = report.not_after;
  record.imported = now;

  auto existing = store.ListCertificates();
  if (!existing) return existing.error();
  out.replaced =
      std::any_of(existing->begin(), existing->end(), [&record](const auto& c) { return c.id == record.id; });
  if (auto s = store.PutCertificate(record); !s.ok()) return s;
  return out;
}

base::Result<store::CertificateRecord> FindCertificate(store::Store& store, std::string id) {
  std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto all = store.ListCertificates();
  if (!all) return all.error();
  std::vector<store::CertificateRecord> matches;
  for (auto& c : *all) {
    if (c.id == id) return std::move(c);
    if (id.size() >= 4 && c.id.starts_with(id)) matches.push_back(std::move(c));
  }
  if (matches.size() == 1) return std::move(matches.front());
  if (matches.empty()) return base::NotFound(fmt::format("no certificate '{}' (see certs list)", id));
  return base::InvalidArgument(fmt::format("'{}' matches {} certificates: give more of the id", id, matches.size()));
}

base::Result<tls::CertificateReport> InspectStored(const store::CertificateRecord& record, base::TimePoint now) {
  auto chain = tls::CertificatesFromPem(record.chain_pem);
  if (!chain) return chain.error().WithContext(fmt::format("certificate {}: stored chain", record.id));
  tls::CertificateBundle bundle;  // Inspect reads only the chain; the key stays sealed
  bundle.chain = std::move(chain).value();
  return tls::Inspect(bundle, now);
}

}  // namespace openscs::manage
