#pragma once

// The doctor's answers as JSON: what `openscs doctor --json` and
// `--fleet --json` print and the REST API's doctor routes answer. Cause
// titles come from the knowledge base.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "diagnose/doctor.h"
#include "diagnose/fleet.h"
#include "diagnose/hello_window.h"
#include "present/time_text.h"

namespace openscs::present {

// The knowledge base's title of a cause code ("" when it has none).
std::string CauseTitle(const std::string& cause);

// "open", "closed", "overdue".
std::string_view WindowStateName(diagnose::WindowState state);

// {cause, title, confidence, evidence, fixes, seed_mode?}.
nlohmann::json FindingJson(const diagnose::Finding& finding);

// {uuid, address, state, facts, verdict, hello_window?: {state, schedule,
//  next_hello_due?, closes_at?}, findings: [...]}.
nlohmann::json DiagnosisJson(const diagnose::Diagnosis& diagnosis, TimeStyle style = TimeStyle::kCli);

// {devices, by_state, by_cause, systems: [DiagnosisJson...]}.
nlohmann::json FleetJson(const std::vector<diagnose::Diagnosis>& diagnoses, const diagnose::FleetSummary& summary,
                         TimeStyle style = TimeStyle::kCli);

}  // namespace openscs::present
