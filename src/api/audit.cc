#include "api/audit.h"

#include <spdlog/spdlog.h>

#include "store/store.h"

namespace openscs::api {

void WriteAudit(Context& context, const Request& request, std::string_view action, std::string_view target,
                std::string_view detail, bool success) {
  store::AuditEntry e;
  e.at = context.clock.Now();
  e.user = request.principal.user;
  e.via = request.principal.via;
  e.action = std::string(action);
  e.target = std::string(target);
  e.detail = std::string(detail);
  e.remote = request.remote;
  e.success = success;
  if (auto id = context.store.AppendAudit(e); !id) {
    spdlog::error("audit: cannot record {} {} by {}: {}", action, target, e.user, id.error().ToString());
  }
}

}  // namespace openscs::api
