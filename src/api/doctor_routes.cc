// GET /api/v1/systems/{uuid}/doctor and GET /api/v1/doctor: the doctor
// (src/diagnose) over evidence gathered as `openscs doctor` gathers it, in
// the JSON `openscs doctor --json` / `--fleet --json` prints.
//
// Live checks (DNS lookups, a TCP connect to the hello port) block the
// handler for seconds at most (evidence/gatherer.h): on by default for one
// device, off by default for the fleet, where they would run per device.

#include <nlohmann/json.hpp>

#include "api/json_io.h"
#include "api/routes.h"
#include "diagnose/doctor.h"
#include "diagnose/fleet.h"
#include "evidence/gatherer.h"
#include "present/diagnosis_json.h"

namespace openscs::api {
namespace {

using present::TimeStyle;

base::Result<std::unique_ptr<evidence::EvidenceGatherer>> Gatherer(Context& context, bool live) {
  evidence::EvidenceOptions o;
  o.dns_server = context.options.dns_server;
  o.domains = context.options.domains;
  o.live_checks = live;
  o.now = context.clock.Now();
  return evidence::EvidenceGatherer::Create(context.store, std::move(o));
}

diagnose::DoctorOptions DoctorOptionsFor(const Context& context, const evidence::EvidenceGatherer& gatherer) {
  diagnose::DoctorOptions o;
  o.now = context.clock.Now();
  o.schedule = context.options.hello_schedule;
  o.time_scale = context.options.time_scale;
  o.hello_endpoint = gatherer.hello_endpoint();
  return o;
}

Response OneDevice(const Request& request, const PathParams& params, Context& context) {
  // A UUID the server never heard from is still diagnosed ("missing"): the
  // admin may be asking about a device from the mapping table.
  auto uuid = CanonicalUuid(params.at("uuid"), "uuid");
  if (!uuid) return ErrorFromStatus(uuid.error());
  auto live = QueryBool(request, "live", true);
  if (!live) return ErrorFromStatus(live.error());
  auto gatherer = Gatherer(context, *live);
  if (!gatherer) return ErrorFromStatus(gatherer.error());
  auto ev = (*gatherer)->ForQuery(*uuid);
  if (!ev) return ErrorFromStatus(ev.error());
  const diagnose::Diagnosis d = diagnose::Diagnose(*ev, DoctorOptionsFor(context, **gatherer));
  return JsonResponse(present::DiagnosisJson(d, TimeStyle::kApi));
}

Response Fleet(const Request& request, const PathParams&, Context& context) {
  auto live = QueryBool(request, "live", false);
  if (!live) return ErrorFromStatus(live.error());
  auto gatherer = Gatherer(context, *live);
  if (!gatherer) return ErrorFromStatus(gatherer.error());
  auto evidence = (*gatherer)->ForFleet();
  if (!evidence) return ErrorFromStatus(evidence.error());
  const diagnose::DoctorOptions options = DoctorOptionsFor(context, **gatherer);
  std::vector<diagnose::Diagnosis> all;
  all.reserve(evidence->size());
  for (const auto& ev : *evidence) all.push_back(diagnose::Diagnose(ev, options));
  return JsonResponse(present::FleetJson(all, diagnose::Summarise(all), TimeStyle::kApi));
}

}  // namespace

void AddDoctorRoutes(Router& router) {
  router.Add({"GET", "/api/v1/systems/{uuid}/doctor", Access::kRead,
              "the doctor's diagnosis of one device (?live=0 skips DNS/TCP checks)", OneDevice});
  router.Add(
      {"GET", "/api/v1/doctor", Access::kRead, "the fleet's diagnoses and summary (?live=1 runs live checks)", Fleet});
}

}  // namespace openscs::api
