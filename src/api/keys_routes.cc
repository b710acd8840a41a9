// /api/v1/keys: the PID/PPS key store (manage/keys.h, key_import.h,
// setupbin_batch.h). Listing shows PIDs and status only; the two routes
// whose answer holds PPS values (export.csv, setupbin) are kReveal, and the
// PPS never appears anywhere else, not even in an error.

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <array>
#include <map>
#include <mutex>

#include "api/audit.h"
#include "api/json_fields.h"
#include "api/json_io.h"
#include "api/routes.h"
#include "base/hex.h"
#include "manage/key_import.h"
#include "manage/key_records.h"
#include "manage/keys.h"
#include "manage/setupbin_batch.h"
#include "present/time_text.h"
#include "protocol/mebx/password_rule.h"
#include "secrets/vault.h"
#include "store/store.h"

namespace openscs::api {
namespace {

using nlohmann::json;

constexpr int64_t kMaxGenerate = 1000;
constexpr int64_t kMaxSetupBinKeys = 500;
constexpr size_t kMaxBatchLength = 64;
constexpr size_t kMaxFileNameLength = 128;

constexpr std::array kStatuses = {store::KeyStatus::kAvailable, store::KeyStatus::kExported, store::KeyStatus::kBound,
                                  store::KeyStatus::kConsumed, store::KeyStatus::kRevoked};

std::string ApiTime(base::TimePoint t) { return present::FormatTime(t, present::TimeStyle::kApi); }

// What a key is without its secrets: has_mebx_password needs no vault, a
// sealed value is non-empty exactly when a password is set.
json KeyJson(const store::KeyRecord& k) {
  return json{{"pid", pidpps::DisplayPid(k.pid)}, {"status", store::KeyStatusName(k.status)},
              {"provenance", k.provenance},       {"batch", k.batch},
              {"bound_uuid", k.bound_uuid},       {"created", ApiTime(k.created)},
              {"updated", ApiTime(k.updated)},    {"has_mebx_password", !k.mebx_password.empty()}};
}

// Batch names end up in a download's file name ("setup-<batch>.bin") and
// in Content-Disposition, so they stay within a safe alphabet.
base::Status CheckBatch(std::string_view batch) {
  const bool ok = !batch.empty() && batch.size() <= kMaxBatchLength &&
                  batch.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
                      std::string_view::npos;
  if (ok) return base::Status::Ok();
  return base::InvalidArgument(
      fmt::format("batch '{}': use 1 to {} letters, digits, '.', '_' or '-'", batch, kMaxBatchLength));
}

base::Result<std::string> OptionalBatch(const json& body) {
  auto batch = OptionalString(body, "batch", kMaxBatchLength);
  if (!batch) return batch.error();
  if (!batch->has_value()) return std::string();
  if (auto s = CheckBatch(**batch); !s.ok()) return s;
  return std::move(**batch);
}

// "20261201T170000Z": a default batch name that sorts by time.
std::string TimestampName(base::TimePoint now) {
  std::string out;
  for (char c : ApiTime(now).substr(0, 19)) {
    if (c >= '0' && c <= '9') out += c;
    if (c == 'T') out += c;
  }
  return out + "Z";
}

// An uploaded file's name as provenance and batch keep it: the last path
// component, printable, without the characters CSV provenance or a
// Content-Disposition would trip over.
base::Result<std::string> UploadName(const Request& request, std::string_view fallback) {
  std::string name = QueryParam(request, "name").value_or("");
  if (const size_t slash = name.find_last_of("/\\"); slash != std::string::npos) name.erase(0, slash + 1);
  if (name.empty()) return std::string(fallback);
  if (name.size() > kMaxFileNameLength) {
    return base::InvalidArgument(fmt::format("name: longer than {} characters", kMaxFileNameLength));
  }
  for (char c : name) {
    if (c < 0x20 || c > 0x7e || c == '"' || c == ',') {
      return base::InvalidArgument("name: use printable ASCII without '\"' or ',' in the file name");
    }
  }
  return name;
}

Response Attachment(std::string body, std::string content_type, std::string_view file_name) {
  Response r;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  r.headers.emplace_back("Content-Disposition", fmt::format("attachment; filename=\"{}\"", file_name));
  // The body is a secret: no cache keeps a copy.
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

// A stored key that does not open (wrong key file, corrupt row) is the
// server's problem, not the caller's: 500, where ErrorFromStatus would give
// DataLoss the 400 meant for a truncated upload.
Response StoredKeyError(const base::Status& error) {
  if (error.code() == base::StatusCode::kDataLoss) return ErrorFromStatus(base::Internal(error.ToString()));
  return ErrorFromStatus(error);
}

Response ListKeys(const Request& request, const PathParams&, Context& context) {
  auto status = manage::ParseKeyStatusFilter(QueryParam(request, "status").value_or(""), "status");
  if (!status) return ErrorFromStatus(status.error());
  auto page = QueryPage(request);
  if (!page) return ErrorFromStatus(page.error());
  // One read for the items and the counts: the counts cover every key,
  // whatever the filter, so the console can show them as tabs.
  auto keys = context.store.ListKeys(std::nullopt);
  if (!keys) return ErrorFromStatus(keys.error());
  std::map<std::string, size_t> counts;
  for (store::KeyStatus s : kStatuses) counts[std::string(store::KeyStatusName(s))] = 0;
  json items = json::array();
  size_t total = 0;
  for (const auto& k : *keys) {
    ++counts[std::string(store::KeyStatusName(k.status))];
    if (*status && k.status != **status) continue;
    if (total >= page->offset && items.size() < page->limit) items.push_back(KeyJson(k));
    ++total;
  }
  return JsonResponse(json{{"total", total}, {"items", std::move(items)}, {"counts", counts}});
}

Response GenerateKeys(const Request& request, const PathParams&, Context& context) {
  auto body = ParseJsonObject(request);
  if (!body) return BodyErrorResponse(body.error());
  if (auto s = CheckKnownFields(*body, {"count", "batch"}); !s.ok()) return ErrorFromStatus(s);
  auto count = OptionalInteger(*body, "count", 1, kMaxGenerate);
  if (!count) return ErrorFromStatus(count.error());
  if (!count->has_value()) return ErrorFromStatus(base::InvalidArgument("count: required"));
  auto batch = OptionalBatch(*body);
  if (!batch) return ErrorFromStatus(batch.error());

  auto pairs = manage::GenerateKeys(context.store, context.vault, static_cast<size_t>(**count), *batch,
                                    context.clock.Now(), context.random);
  if (!pairs) {
    WriteAudit(context, request, "keys.generate", *batch, pairs.error().message(), false);
    return ErrorFromStatus(pairs.error());
  }
  json pids = json::array();
  for (const auto& p : *pairs) pids.push_back(p.pid.display());
  WriteAudit(context, request, "keys.generate", *batch,
             fmt::format("generated {} key(s){}", pairs->size(), batch->empty() ? "" : " in batch " + *batch));
  return JsonResponse(json{{"count", pairs->size()}, {"batch", *batch}, {"status", "available"}, {"pids", pids}});
}

Response ImportKeys(const Request& request, const PathParams&, Context& context) {
  const bool csv = request.content_type == "text/csv";
  if (!csv && request.content_type != "application/octet-stream") {
    return ErrorResponse(415, "unsupported_media_type",
                         fmt::format("a key file is text/csv (key CSV) or application/octet-stream (setup.bin), "
                                     "not '{}'",
                                     request.content_type.empty() ? "(none)" : request.content_type));
  }
  auto name = UploadName(request, csv ? "upload.csv" : "upload.bin");
  if (!name) return ErrorFromStatus(name.error());
  if (request.body.empty()) return ErrorFromStatus(base::InvalidArgument(fmt::format("{}: the body is empty", *name)));

  auto imported =
      manage::ImportKeyFile(context.store, context.vault, base::AsBytes(request.body), *name, context.clock.Now());
  if (!imported) {
    WriteAudit(context, request, "keys.import", *name, imported.error().message(), false);
    return ErrorFromStatus(imported.error());
  }
  json pids = json::array();
  for (const auto& k : imported->keys) pids.push_back(k.row.pair.pid.display());
  const std::string_view status = store::KeyStatusName(imported->keys.front().status);
  WriteAudit(context, request, "keys.import", *name,
             fmt::format("imported {} key(s) ({}, status {}), skipped {}", imported->keys.size(), imported->format,
                         status, imported->skipped));
  return JsonResponse(json{{"file", *name},
                           {"format", imported->format},
                           {"imported", imported->keys.size()},
                           {"skipped", imported->skipped},
                           {"status", status},
                           {"pids", pids}});
}

Response ExportKeys(const Request& request, const PathParams&, Context& context) {
  const std::string status_text = QueryParam(request, "status").value_or("");
  auto status = manage::ParseKeyStatusFilter(status_text, "status");
  if (!status) return ErrorFromStatus(status.error());
  auto keys = manage::OpenKeys(context.store, context.vault, *status);
  if (!keys) {
    WriteAudit(context, request, "keys.export", status_text, keys.error().message(), false);
    return StoredKeyError(keys.error());
  }
  WriteAudit(context, request, "keys.export", status_text,
             fmt::format("exported {} key(s){} with their PPS", keys->rows.size(),
                         status_text.empty() ? "" : " with status " + status_text));
  const std::string file_name = fmt::format("keys-{}.csv", status_text.empty() ? "all" : status_text);
  return Attachment(manage::KeysCsv(keys->rows, /*reveal=*/true), "text/csv", file_name);
}

// Two batches built at once would both take the first available keys: one
// at a time within this process. (The CLI in another process is not held
// off; the store has no compare-and-set on a key's status.)
std::mutex setupbin_mutex;

Response CreateSetupBin(const Request& request, const PathParams&, Context& context) {
  auto body = ParseJsonObject(request);
  if (!body) return BodyErrorResponse(body.error());
  if (auto s = CheckKnownFields(*body, {"count", "current_mebx_password", "new_mebx_password", "batch"}); !s.ok()) {
    return ErrorFromStatus(s);
  }
  auto count = OptionalInteger(*body, "count", 1, kMaxSetupBinKeys);
  if (!count) return ErrorFromStatus(count.error());
  if (!count->has_value()) return ErrorFromStatus(base::InvalidArgument("count: required"));
  auto current = OptionalString(*body, "current_mebx_password", mebx::kMaxPasswordLength);
  if (!current) return ErrorFromStatus(current.error());
  auto fresh = RequiredString(*body, "new_mebx_password", mebx::kMaxPasswordLength);
  if (!fresh) return ErrorFromStatus(fresh.error());
  if (auto s = mebx::CheckMebxPassword(*fresh); !s.ok()) return ErrorFromStatus(s.WithContext("new_mebx_password"));
  auto batch = OptionalBatch(*body);
  if (!batch) return ErrorFromStatus(batch.error());

  manage::SetupBinBatchOptions options;
  options.current_mebx_password = current->value_or(std::string(mebx::kFactoryDefaultPassword));
  options.new_mebx_password = std::move(fresh).value();
  options.batch = batch->empty() ? TimestampName(context.clock.Now()) : *batch;

  base::Result<manage::SetupBinBatch> made = [&] {
    std::lock_guard lock(setupbin_mutex);
    return manage::CreateSetupBinBatch(context.store, context.vault, static_cast<size_t>(**count), options,
                                       context.clock.Now());
  }();
  if (!made) {
    WriteAudit(context, request, "keys.setupbin", options.batch, made.error().message(), false);
    if (made.error().code() == base::StatusCode::kFailedPrecondition) {
      return ErrorResponse(409, "conflict", made.error().message());
    }
    return StoredKeyError(made.error());
  }
  WriteAudit(context, request, "keys.setupbin", options.batch,
             fmt::format("setup.bin of {} key(s) ({} to {}), marked exported", made->pids.size(), made->pids.front(),
                         made->pids.back()));
  return Attachment(std::string(base::AsChars(made->bytes)), "application/octet-stream",
                    fmt::format("setup-{}.bin", options.batch));
}

}  // namespace

void AddKeyRoutes(Router& router) {
  router.Add({"GET", "/api/v1/keys", Access::kRead, "PIDs and status, never PPS", ListKeys});
  router.Add({"POST", "/api/v1/keys/generate", Access::kWrite, "generate PID/PPS pairs", GenerateKeys});
  router.Add({"POST", "/api/v1/keys/import", Access::kWrite, "import a key CSV or setup.bin", ImportKeys});
  router.Add({"GET", "/api/v1/keys/export.csv", Access::kReveal, "the keys with their PPS as CSV", ExportKeys});
  router.Add({"POST", "/api/v1/keys/setupbin", Access::kReveal, "a setup.bin of available keys", CreateSetupBin});
}

}  // namespace openscs::api
