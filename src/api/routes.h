#pragma once

// The route groups of the REST API, one file each (docs/api.md's table).
// Each adds its routes to a Router; ApiRouter() (api_router.cc) calls every
// one once. Tests fill a Router with just the groups they exercise.

#include "api/router.h"

namespace openscs::api {

// GET /api/v1/systems, /systems/{uuid}, /systems/{uuid}/timeline (systems_routes.cc).
void AddSystemRoutes(Router& router);
// GET /api/v1/systems/{uuid}/doctor and /api/v1/doctor (doctor_routes.cc).
void AddDoctorRoutes(Router& router);
// GET /api/v1/logs (logs_routes.cc).
void AddLogRoutes(Router& router);
// GET /api/v1/dns/test (dns_routes.cc).
void AddDnsRoutes(Router& router);
// GET /api/v1/explain and /api/v1/compat (explain_routes.cc).
void AddExplainRoutes(Router& router);
// GET /api/v1/settings, PUT /api/v1/settings/log-level (settings_routes.cc).
void AddSettingsRoutes(Router& router);

// /api/v1/keys... (keys_routes.cc).
void AddKeyRoutes(Router& router);
// /api/v1/certificates... (certificates_routes.cc).
void AddCertificateRoutes(Router& router);
// /api/v1/profiles... (profiles_routes.cc).
void AddProfileRoutes(Router& router);
// GET /api/v1/users and /api/v1/audit (users_routes.cc).
void AddUserRoutes(Router& router);

}  // namespace openscs::api
