#include "present/diagnosis_json.h"

#include "diagnose/causes.h"
#include "kb/kb.h"

namespace openscs::present {

using nlohmann::json;

std::string CauseTitle(const std::string& cause) {
  const kb::Entry* e = kb::Find(cause);
  return e ? std::string(e->title) : std::string();
}

std::string_view WindowStateName(diagnose::WindowState state) {
  switch (state) {
    case diagnose::WindowState::kOpen: return "open";
    case diagnose::WindowState::kClosed: return "closed";
    case diagnose::WindowState::kOverdue: return "overdue";
  }
  return "?";
}

json FindingJson(const diagnose::Finding& f) {
  json j{{"cause", f.cause},
         {"title", CauseTitle(f.cause)},
         {"confidence", diagnose::ConfidenceName(f.confidence)},
         {"evidence", f.evidence},
         {"fixes", f.fixes}};
  if (f.seed_mode != 0) j["seed_mode"] = f.seed_mode;
  return j;
}

json DiagnosisJson(const diagnose::Diagnosis& d, TimeStyle style) {
  json j{{"uuid", d.uuid}, {"address", d.address}, {"state", d.state}, {"facts", d.facts}};
  const diagnose::Finding* p = d.Primary();
  j["verdict"] = p ? p->cause : std::string(diagnose::causes::kNothingFound);
  if (d.window) {
    json w{{"state", WindowStateName(d.window->state)}, {"schedule", d.window->schedule}};
    if (d.window->next_due) w["next_hello_due"] = FormatTime(*d.window->next_due, style);
    if (d.window->closes_at) w["closes_at"] = FormatTime(*d.window->closes_at, style);
    j["hello_window"] = std::move(w);
  }
  j["findings"] = json::array();
  for (const auto& f : d.findings) j["findings"].push_back(FindingJson(f));
  return j;
}

json FleetJson(const std::vector<diagnose::Diagnosis>& all, const diagnose::FleetSummary& summary, TimeStyle style) {
  json j{{"devices", summary.devices}, {"by_state", summary.by_state}, {"by_cause", summary.by_cause}};
  j["systems"] = json::array();
  for (const auto& d : all) j["systems"].push_back(DiagnosisJson(d, style));
  return j;
}

}  // namespace openscs::present
