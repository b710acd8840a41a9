#include "cli/doctor_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command_support.h"
#include "cli/store_access.h"
#include "cli/table.h"
#include "diagnose/causes.h"
#include "diagnose/doctor.h"
#include "diagnose/fleet.h"
#include "evidence/gatherer.h"
#include "present/diagnosis_json.h"

namespace openscs::cli {
namespace {

struct DoctorOptions {
  std::string query;
  bool fleet = false;
  bool json = false;
  ::openscs::evidence::EvidenceOptions evidence;
  std::string schedule;
  double time_scale = 1.0;
  bool offline = false;
};

bool IsHealthy(const diagnose::Diagnosis& d) {
  const diagnose::Finding* p = d.Primary();
  // Provisioned: nothing for the admin to fix on this device.
  return p != nullptr && (p->cause == diagnose::causes::kHealthy ||
                          p->cause == diagnose::causes::kRecoveredAfterFailures ||
                          p->cause == diagnose::causes::kSlowDevice);
}

void PrintDiagnosis(const diagnose::Diagnosis& d, std::ostream& out) {
  out << fmt::format("Device {}{} — {}\n", d.uuid.empty() ? "(unknown UUID)" : d.uuid,
                     d.address.empty() ? "" : " at " + d.address, d.state);
  for (const auto& fact : d.facts) out << "  " << fact << '\n';
  const diagnose::Finding* primary = d.Primary();
  if (primary == nullptr) {
    out << "\nVerdict: nothing_found — every check passed; the next hello should be provisioned\n";
  } else {
    const std::string title = present::CauseTitle(primary->cause);
    out << fmt::format("\nVerdict: {}{}\n", primary->cause, title.empty() ? "" : " — " + title);
    out << "\nCauses, most likely first:\n";
  }
  int n = 0;
  std::vector<const diagnose::Finding*> ruled_out;
  for (const auto& f : d.findings) {
    if (f.confidence == diagnose::Confidence::kRuledOut) {
      ruled_out.push_back(&f);
      continue;
    }
    const std::string t = present::CauseTitle(f.cause);
    out << fmt::format("{:2}. [{}] {}{}{}\n", ++n, diagnose::ConfidenceName(f.confidence), f.cause,
                       f.seed_mode ? fmt::format(" (seed mode {})", f.seed_mode) : "", t.empty() ? "" : ": " + t);
    for (const auto& e : f.evidence) out << "      evidence: " << e << '\n';
    for (const auto& fix : f.fixes) out << "      fix:      " << fix << '\n';
  }
  if (!ruled_out.empty()) {
    out << "\nChecked and fine:\n";
    for (const auto* f : ruled_out) {
      for (const auto& e : f->evidence) out << fmt::format("  - {}: {}\n", f->cause, e);
    }
  }
  if (primary != nullptr) out << fmt::format("\nMore on a cause: openscs explain {}\n", primary->cause);
}

void PrintFleet(const std::vector<diagnose::Diagnosis>& all, const diagnose::FleetSummary& s, std::ostream& out) {
  out << fmt::format("{} device(s)\n\nBy state:\n", s.devices);
  for (const auto& [state, n] : s.by_state) out << fmt::format("  {:<14} {}\n", state, n);
  out << "\nBy cause:\n";
  for (const auto& [cause, n] : s.by_cause) {
    const std::string t = present::CauseTitle(cause);
    out << fmt::format("  {:<32} {:>5}  {}\n", cause, n, t);
  }
  out << '\n';
  Table t({"UUID", "ADDRESS", "STATE", "VERDICT", "EVIDENCE"});
  for (const auto& d : all) {
    const diagnose::Finding* p = d.Primary();
    std::string evidence = p && !p->evidence.empty() ? p->evidence.front() : "";
    if (evidence.size() > 90) evidence = evidence.substr(0, 87) + "...";
    t.AddRow({d.uuid.empty() ? "-" : d.uuid, d.address.empty() ? "-" : d.address, d.state,
              p ? p->cause : "-", evidence});
  }
  t.Print(out);
  out << "\nOne device in detail: openscs doctor UUID\n";
}

int RunDoctor(DoctorOptions& o, Context& context) {
  if (o.fleet == !o.query.empty()) {
    context.err << "error: give a device (UUID, IP address or host name) or --fleet\n";
    return kExitUsage;
  }
  if (o.time_scale <= 0) {
    context.err << "error: --time-scale must be greater than 0\n";
    return kExitUsage;
  }
  auto store = OpenStore(context);
  if (!store) return Fail(context, store.error());
  o.evidence.live_checks = !o.offline;
  o.evidence.now = context.clock->Now();
  auto gatherer = ::openscs::evidence::EvidenceGatherer::Create(**store, o.evidence);
  if (!gatherer) return Fail(context, gatherer.error());

  diagnose::DoctorOptions options;
  options.now = context.clock->Now();
  options.schedule = o.schedule;
  options.time_scale = o.time_scale;
  options.hello_endpoint = (*gatherer)->hello_endpoint();

  if (!o.fleet) {
    auto ev = (*gatherer)->ForQuery(o.query);
    if (!ev) return Fail(context, ev.error());
    const diagnose::Diagnosis d = diagnose::Diagnose(*ev, options);
    if (o.json) context.out << present::DiagnosisJson(d).dump(2) << '\n';
    else PrintDiagnosis(d, context.out);
    return IsHealthy(d) ? kExitOk : kExitFailure;
  }
  auto evidence = (*gatherer)->ForFleet();
  if (!evidence) return Fail(context, evidence.error());
  std::vector<diagnose::Diagnosis> all;
  all.reserve(evidence->size());
  for (const auto& ev : *evidence) all.push_back(diagnose::Diagnose(ev, options));
  const diagnose::FleetSummary summary = diagnose::Summarise(all);
  if (o.json) {
    context.out << present::FleetJson(all, summary).dump(2) << '\n';
  } else {
    PrintFleet(all, summary, context.out);
  }
  const bool all_healthy = std::all_of(all.begin(), all.end(), IsHealthy);
  return all_healthy ? kExitOk : kExitFailure;
}

}  // namespace

void AddDoctorCommand(CLI::App& app, Context& context, int& exit_code) {
  auto o = std::make_shared<DoctorOptions>();
  auto* doctor = app.add_subcommand(
      "doctor",
      "Why is a device not provisioned? Walks the known failure modes with live evidence and prints the ranked "
      "causes, the evidence and the fix");
  doctor->add_option("device", o->query, "The device: its UUID, IP address or host name");
  doctor->add_flag("--fleet", o->fleet, "Every known system (and mapped or reported device): counts by state and "
                                        "by cause, one verdict per device");
  doctor->add_flag("--json", o->json, "Machine-readable output");
  doctor->add_option("--dns-server", o->evidence.dns_server,
                     "DNS server devices use (IP[:PORT]) for the ProvisionServer check; default: the system's");
  doctor->add_option("--domain", o->evidence.domains,
                     "The device's DNS domain when nothing else tells it (DHCP option 15)");
  doctor->add_option("--server", o->evidence.server,
                     "This server's hello endpoint ADDRESS:PORT; default: what `openscs serve` recorded");
  doctor->add_option("--from", o->evidence.from,
                     "Test TCP to the hello port from this source address (an address on the devices' network); "
                     "default: the device's own address when this host has it");
  doctor->add_option("--host-report", o->evidence.host_report_files,
                     "What the device itself reports (docs/formats/host-report.md; `amtsim host-report` writes "
                     "one); repeatable")
      ->check(CLI::ExistingFile);
  doctor->add_option("--pcap", o->evidence.pcap_file, "A capture (pcap/pcapng) to read the conversation from")
      ->check(CLI::ExistingFile);
  doctor->add_option("--schedule", o->schedule,
                     "Hello retry schedule the devices follow: psk-cycle, configmgr, altiris (default: psk-cycle "
                     "for PSK, configmgr for PKI)");
  doctor->add_option("--time-scale", o->time_scale,
                     "Device time runs this many times faster (for amtsim --accel fleets)")
      ->capture_default_str();
  doctor->add_flag("--offline", o->offline, "No live DNS or TCP checks: only what the database holds");
  doctor->callback([o, &context, &exit_code] { exit_code = RunDoctor(*o, context); });
}

}  // namespace openscs::cli
