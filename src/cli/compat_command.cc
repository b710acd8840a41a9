#include "cli/compat_command.h"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/table.h"
#include "compat/compat.h"
#include "present/compat_json.h"

namespace openscs::cli {
namespace {

struct CompatOptions {
  std::string amt;
  std::string method;  // "" = both
  std::string scs;
  std::string oobm;
  bool json = false;
};

std::string FindingText(const compat::Finding& f) {
  return f.cause.empty() ? f.text : fmt::format("{} [{}]", f.text, f.cause);
}

void PrintVerdict(const compat::Verdict& v, std::ostream& out) {
  out << fmt::format("{} with {}: {}\n", v.subject, v.method == compat::Method::kPsk ? "PSK" : "PKI",
                     v.works ? (v.warnings.empty() ? "yes" : "yes, with warnings") : "no");
  for (const auto& r : v.reasons) out << "  why not: " << FindingText(r) << '\n';
  for (const auto& w : v.warnings) out << "  warning: " << FindingText(w) << '\n';
  for (const auto& n : v.notes) out << "  note: " << n << '\n';
}

int RunCompat(const CompatOptions& o, Context& context) {
  std::vector<compat::Method> methods;
  if (o.method.empty()) {
    methods = {compat::Method::kPsk, compat::Method::kPki};
  } else {
    auto m = compat::ParseMethod(o.method);
    if (!m) {
      context.err << "error: " << m.error().message() << '\n';
      return kExitUsage;
    }
    methods = {*m};
  }
  std::vector<compat::Verdict> verdicts;
  for (auto method : methods) {
    compat::Query q{o.amt, method, std::nullopt, std::nullopt};
    if (!o.scs.empty()) q.scs = o.scs;
    if (!o.oobm.empty()) q.oobm = o.oobm;
    verdicts.push_back(compat::Evaluate(q));
  }
  const bool works = std::any_of(verdicts.begin(), verdicts.end(), [](const auto& v) { return v.works; });
  const compat::Verdict& first = verdicts.front();

  if (o.json) {
    context.out << present::CompatJson(verdicts).dump(2) << '\n';
    return works ? kExitOk : kExitFailure;
  }

  auto& out = context.out;
  out << "AMT " << first.amt;
  if (first.capabilities) out << " (" << first.capabilities->platform << ")";
  out << '\n';
  if (first.subject == "openscs") out << compat::OpenscsSummary() << ".\n";
  out << '\n';
  for (const auto& v : verdicts) PrintVerdict(v, out);
  if (!first.rows.empty()) {
    out << '\n'
        << (first.subject == "openscs" ? "Intel SCS releases listing this version:\n"
                                       : "Compatibility table rows for this question:\n");
    Table t({"OOBM", "INTEL SCS", "AMT", "SOURCE"});
    for (const auto& r : first.rows) {
      t.AddRow({r.oobm, r.scs == "5" ? "5.x" : r.scs, fmt::format("{}", fmt::join(r.amt, ", ")), r.source});
    }
    t.Print(out);
  }
  return works ? kExitOk : kExitFailure;
}

}  // namespace

void AddCompatCommand(CLI::App& app, Context& context, int& exit_code) {
  auto o = std::make_shared<CompatOptions>();
  auto* cmd = app.add_subcommand(
      "compat", "Can this AMT version be provisioned (by openscs, or by an Intel SCS / Altiris OOBM release)?");
  cmd->add_option("--amt", o->amt, "The firmware version: 2.6, 3.2.1, 11.8")->required();
  cmd->add_option("--method", o->method, "psk or pki (default: both)")
      ->check(CLI::IsMember({"psk", "pki"}, CLI::ignore_case));
  cmd->add_option("--scs", o->scs, "Ask about this Intel SCS version instead of openscs");
  cmd->add_option("--oobm", o->oobm, "Ask about this Altiris Out of Band Management version");
  cmd->add_flag("--json", o->json, "Machine-readable output");
  cmd->callback([o, &context, &exit_code] { exit_code = RunCompat(*o, context); });
}

}  // namespace openscs::cli
