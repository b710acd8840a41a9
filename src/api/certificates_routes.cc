// /api/v1/certificates: provisioning certificates for PKI Remote
// Configuration (manage/certificates.h), each shown with its report of the
// requirements it meets and misses (tls/cert_inspect.h), judged again at the
// time of the request. The private key is sealed on import and never shown.

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api/audit.h"
#include "api/json_fields.h"
#include "api/json_io.h"
#include "api/routes.h"
#include "base/hex.h"
#include "manage/certificates.h"
#include "present/cert_report_json.h"
#include "present/time_text.h"
#include "secrets/vault.h"
#include "store/store.h"

namespace openscs::api {
namespace {

using nlohmann::json;

// PEM of a chain of a few certificates is a few KiB; this only bounds what
// one field may hold below the listener's body limit.
constexpr size_t kMaxPemLength = 1 << 20;
constexpr size_t kMaxNameLength = 128;

json CertificateJson(const store::CertificateRecord& record, const tls::CertificateReport& report,
                     const std::vector<std::string>& notes) {
  json j = present::CertificateReportJson(report, notes, present::TimeStyle::kApi);
  j["id"] = record.id;
  j["name"] = record.name;
  j["imported"] = present::FormatTime(record.imported, present::TimeStyle::kApi);
  j["has_warnings"] = report.HasWarnings();
  return j;
}

// A stored certificate whose chain no longer parses is still listed, with
// what the store knows and the error, so it can be found and deleted.
json BrokenCertificateJson(const store::CertificateRecord& record, const base::Status& error) {
  return json{{"id", record.id},
              {"name", record.name},
              {"leaf_cn", record.leaf_cn},
              {"imported", present::FormatTime(record.imported, present::TimeStyle::kApi)},
              {"error", error.message()}};
}

// Every load error is the caller's input: 400, whatever code the loader
// chose (an encrypted key is FailedPrecondition there, which would read as
// 415 here).
Response LoadError(const base::Status& error) {
  std::string hint;
  if (error.code() == base::StatusCode::kFailedPrecondition || error.code() == base::StatusCode::kPermissionDenied) {
    hint = "; send key_pem unencrypted (openssl pkey -in key.pem -out key-plain.pem)";
  } else if (error.message().starts_with("no private key")) {
    hint = "; send it as key_pem";
  }
  return ErrorResponse(400, "invalid_argument", fmt::format("certificate: {}{}", error.message(), hint));
}

Response ListCertificates(const Request& request, const PathParams&, Context& context) {
  auto page = QueryPage(request);
  if (!page) return ErrorFromStatus(page.error());
  auto all = context.store.ListCertificates();
  if (!all) return ErrorFromStatus(all.error());
  const base::TimePoint now = context.clock.Now();
  json items = json::array();
  for (size_t i = page->offset; i < all->size() && items.size() < page->limit; ++i) {
    const auto& record = (*all)[i];
    auto report = manage::InspectStored(record, now);
    items.push_back(report ? CertificateJson(record, *report, {}) : BrokenCertificateJson(record, report.error()));
  }
  return JsonResponse(json{{"total", all->size()}, {"items", std::move(items)}});
}

Response GetCertificate(const Request&, const PathParams& params, Context& context) {
  auto record = manage::FindCertificate(context.store, params.at("id"));
  if (!record) return ErrorFromStatus(record.error());
  auto report = manage::InspectStored(*record, context.clock.Now());
  // A stored chain that no longer parses is the server's problem: 500.
  if (!report) return ErrorFromStatus(base::Internal(report.error().ToString()));
  return JsonResponse(CertificateJson(*record, *report, {}));
}

Response ImportCertificate(const Request& request, const PathParams&, Context& context) {
  auto body = ParseJsonObject(request);
  if (!body) return BodyErrorResponse(body.error());
  if (auto s = CheckKnownFields(*body, {"chain_pem", "key_pem", "name"}); !s.ok()) return ErrorFromStatus(s);
  auto chain = RequiredString(*body, "chain_pem", kMaxPemLength);
  if (!chain) return ErrorFromStatus(chain.error());
  // The key may also sit in chain_pem, as in a combined PEM file.
  auto key = OptionalString(*body, "key_pem", kMaxPemLength);
  if (!key) return ErrorFromStatus(key.error());
  auto name = OptionalString(*body, "name", kMaxNameLength);
  if (!name) return ErrorFromStatus(name.error());

  const base::TimePoint now = context.clock.Now();
  auto loaded = manage::LoadCertificate(base::AsBytes(*chain), std::nullopt, base::AsBytes(key->value_or("")), now);
  if (!loaded) {
    WriteAudit(context, request, "certificates.import", "", loaded.error().message(), false);
    return LoadError(loaded.error());
  }
  auto stored = manage::StoreCertificate(context.store, context.vault, *loaded, name->value_or(""), now);
  if (!stored) {
    WriteAudit(context, request, "certificates.import", loaded->report.leaf_sha1, stored.error().message(), false);
    return ErrorFromStatus(stored.error());
  }
  const auto& record = stored->record;
  size_t warnings = 0;
  for (const auto& f : loaded->report.findings) warnings += f.severity == tls::Severity::kWarning ? 1 : 0;
  WriteAudit(context, request, "certificates.import", record.id,
             fmt::format("{} '{}' (CN {}), {} warning(s)", stored->replaced ? "replaced" : "imported", record.name,
                         record.leaf_cn, warnings));
  json j = CertificateJson(record, loaded->report, loaded->bundle.notes);
  j["replaced"] = stored->replaced;
  return JsonResponse(j);
}

Response DeleteCertificate(const Request& request, const PathParams& params, Context& context) {
  auto record = manage::FindCertificate(context.store, params.at("id"));
  if (!record) return ErrorFromStatus(record.error());
  if (auto s = context.store.DeleteCertificate(record->id); !s.ok()) {
    WriteAudit(context, request, "certificates.delete", record->id, s.message(), false);
    return ErrorFromStatus(s);
  }
  WriteAudit(context, request, "certificates.delete", record->id,
             fmt::format("deleted '{}' (CN {})", record->name, record->leaf_cn));
  return JsonResponse(json{{"deleted", record->id}, {"name", record->name}});
}

}  // namespace

void AddCertificateRoutes(Router& router) {
  router.Add({"GET", "/api/v1/certificates", Access::kRead, "provisioning certificates with their requirement checks",
              ListCertificates});
  router.Add({"POST", "/api/v1/certificates", Access::kWrite, "import a chain and key; answers the report",
              ImportCertificate});
  router.Add({"GET", "/api/v1/certificates/{id}", Access::kRead, "one certificate's report", GetCertificate});
  router.Add(
      {"DELETE", "/api/v1/certificates/{id}", Access::kWrite, "remove a certificate and its key", DeleteCertificate});
}

}  // namespace openscs::api
