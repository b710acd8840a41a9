#include "api/routes.h"

namespace openscs::api {

const Router& ApiRouter() {
  // Built once, on first use; a static local is initialised thread-safely
  // and the router is read-only afterwards, so handlers share it freely.
  static const Router router = [] {
    Router r;
    AddSystemRoutes(r);
    AddDoctorRoutes(r);
    AddLogRoutes(r);
    AddDnsRoutes(r);
    AddExplainRoutes(r);
    AddSettingsRoutes(r);
    AddKeyRoutes(r);
    AddCertificateRoutes(r);
    AddProfileRoutes(r);
    AddUserRoutes(r);
    return r;
  }();
  return router;
}

}  // namespace openscs::api
