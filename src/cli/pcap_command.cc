#include "cli/pcap_command.h"

#include <chrono>
#include <cmath>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "capture/analysis.h"
#include "cli/table.h"
#include "cli/time_text.h"

namespace openscs::cli {
namespace {

using nlohmann::json;

struct PcapOptions {
  std::string file;
  std::vector<uint16_t> ports;
  bool json = false;
};

std::string Relative(double time, const capture::CaptureSummary& s) { return fmt::format("{:.3f}", time - s.first_time); }

std::string Absolute(double time) {
  // Rounded to microseconds: a double of ~1.7e9 s is exact to ~0.25 us, and
  // truncating 0.0299999 s would print .029.
  const auto since_epoch = std::chrono::round<std::chrono::microseconds>(std::chrono::duration<double>(time));
  return FormatTime(base::TimePoint(std::chrono::duration_cast<base::TimePoint::duration>(since_epoch)));
}

json NotesJson(const std::vector<capture::Note>& notes) {
  json out = json::array();
  for (const auto& n : notes) out.push_back({{"text", n.text}, {"count", n.count}, {"first_packet", n.first_packet}});
  return out;
}

json SummaryJson(const std::string& file, const capture::CaptureReport& r) {
  const auto& s = r.summary;
  size_t malformed = 0;
  for (const auto& h : r.hellos) malformed += (!h.valid && !h.incomplete) ? 1 : 0;
  return {{"file", file},
          {"link_type", s.link_type},
          {"packets", s.packets},
          {"tcp_packets", s.tcp_packets},
          {"other_packets", s.other_packets},
          {"skipped_packets", s.skipped_packets},
          {"flows", s.flows},
          {"hellos", r.hellos.size()},
          {"malformed_hellos", malformed},
          {"attempts", r.attempts.size()},
          {"first_time", s.packets > 0 ? Absolute(s.first_time) : ""},
          {"last_time", s.packets > 0 ? Absolute(s.last_time) : ""},
          {"notes", NotesJson(s.notes)}};
}

json HelloJson(const capture::HelloRecord& h, const capture::CaptureSummary& s) {
  json j = {{"packet", h.packet},      {"time", Absolute(h.time)}, {"relative_time", h.time - s.first_time},
            {"source", h.source},      {"destination", h.destination}, {"size", h.size},
            {"valid", h.valid}};
  if (h.valid) {
    j["uuid"] = h.uuid;
    j["method"] = h.method;
    j["interface_version"] = h.interface_version;
    j["retry_count"] = h.retry_count;
    j["admin_credentials_set"] = h.admin_credentials_set;
    if (h.method == "psk") {
      j["pid"] = h.pid;
    } else {
      j["hashes"] = json::array();
      for (const auto& hash : h.hashes) j["hashes"].push_back({{"algorithm", hash.algorithm}, {"digest", hash.hex}});
    }
    j["warnings"] = h.warnings;
  } else {
    j["incomplete"] = h.incomplete;
    j["error"] = {{"field", h.error_field}, {"offset", h.error_offset}, {"reason", h.error}};
  }
  return j;
}

json AttemptJson(const capture::HelloAttempt& a, const capture::CaptureSummary& s) {
  return {{"packet", a.packet},           {"time", Absolute(a.time)},   {"relative_time", a.time - s.first_time},
          {"source", a.source},           {"destination", a.destination}, {"syns", a.syns},
          {"outcome", a.refused ? "refused" : "no_answer"}, {"reset_packet", a.reset_packet},
          {"hello_port", a.hello_port}};
}

void PrintSummary(const std::string& file, const capture::CaptureReport& r, std::ostream& out) {
  const auto& s = r.summary;
  size_t malformed = 0;
  for (const auto& h : r.hellos) malformed += (!h.valid && !h.incomplete) ? 1 : 0;
  out << fmt::format("\n{}: {}, {} packets ({} TCP, {} other, {} skipped), {} TCP flows; {} hellos ({} malformed), "
                     "{} connection attempts that never completed\n",
                     file, s.link_type, s.packets, s.tcp_packets, s.other_packets, s.skipped_packets, s.flows,
                     r.hellos.size(), malformed, r.attempts.size());
  if (s.packets > 0) out << fmt::format("capture from {} to {}\n", Absolute(s.first_time), Absolute(s.last_time));
  for (const auto& n : s.notes) {
    out << fmt::format("note: {}{} ({} {})\n", n.text, n.count > 1 ? fmt::format(" x{}", n.count) : "",
                       n.count > 1 ? "first at" : "at", n.first_packet == 0 ? "end" : "#" + std::to_string(n.first_packet));
  }
}

void PrintHellos(const capture::CaptureReport& r, std::ostream& out) {
  const auto& s = r.summary;
  if (r.hellos.empty()) {
    out << "no hellos in the capture\n";
  } else {
    Table t({"NO.", "TIME", "SOURCE", "DESTINATION", "UUID", "VERSION", "PID / HASHES", "RETRY"});
    for (const auto& h : r.hellos) {
      if (h.valid) {
        const std::string version = fmt::format("{} ({})", h.interface_version, h.method == "psk" ? "PSK" : "PKI");
        const std::string id = h.method == "psk" ? "PID " + h.pid : fmt::format("{} hash(es), below", h.hashes.size());
        t.AddRow({std::to_string(h.packet), Relative(h.time, s), h.source, h.destination, h.uuid, version, id,
                  std::to_string(h.retry_count)});
      } else {
        t.AddRow({std::to_string(h.packet), Relative(h.time, s), h.source, h.destination,
                  h.incomplete ? "INCOMPLETE" : "MALFORMED", "-", fmt::format("{} bytes: {}", h.size, h.error), "-"});
      }
    }
    t.Print(out);
    for (const auto& h : r.hellos) {
      if (!h.valid || h.method != "pki") continue;
      out << fmt::format("hashes of hello #{}:\n", h.packet);
      for (const auto& hash : h.hashes) out << fmt::format("  {} {}\n", hash.algorithm, hash.hex);
    }
    for (const auto& h : r.hellos) {
      for (const auto& w : h.warnings) out << fmt::format("warning: hello #{}: {}\n", h.packet, w);
    }
  }
  if (!r.attempts.empty()) {
    out << "\nconnection attempts that never completed (not hellos):\n";
    Table t({"NO.", "TIME", "SOURCE", "DESTINATION", "OUTCOME"});
    for (const auto& a : r.attempts) {
      t.AddRow({std::to_string(a.packet), Relative(a.time, s), a.source, a.destination,
                a.refused ? fmt::format("refused (RST #{})", a.reset_packet)
                          : fmt::format("no answer ({} SYN{})", a.syns, a.syns == 1 ? "" : "s")});
    }
    t.Print(out);
  }
}

void PrintDevices(const capture::CaptureReport& r, std::ostream& out) {
  const auto& s = r.summary;
  if (r.devices.empty()) out << "no devices: the capture holds no hellos, attempts or connections to 16992/16993\n";
  for (const auto& d : r.devices) {
    out << fmt::format("device {}{}: {} hello(s), {} malformed, {} failed connection(s), {} connect-back(s)\n",
                       d.address, d.uuid.empty() ? "" : " (UUID " + d.uuid + ")", d.hellos, d.malformed_hellos,
                       d.attempts, d.connect_backs);
    for (const auto& e : d.events) out << fmt::format("  #{:<6} {:>9}  {}\n", e.packet, Relative(e.time, s), e.text);
    if (d.findings.empty()) out << "  no finding: nothing in the capture decides a cause\n";
    for (const auto& f : d.findings) {
      out << fmt::format("  finding {}: {}\n", f.cause, f.evidence);
      out << fmt::format("    fix: openscs explain {}\n", f.cause);
    }
    out << '\n';
  }
}

base::Result<capture::CaptureReport> Load(const PcapOptions& o) {
  capture::AnalyzeOptions options;
  if (!o.ports.empty()) options.hello_ports = o.ports;
  return capture::AnalyzeCaptureFile(o.file, options);
}

int RunDecode(const PcapOptions& o, Context& context) {
  auto report = Load(o);
  if (!report) {
    context.err << "error: " << report.error().message() << '\n';
    return kExitFailure;
  }
  if (o.json) {
    json j = {{"summary", SummaryJson(o.file, *report)}, {"hellos", json::array()}, {"attempts", json::array()}};
    for (const auto& h : report->hellos) j["hellos"].push_back(HelloJson(h, report->summary));
    for (const auto& a : report->attempts) j["attempts"].push_back(AttemptJson(a, report->summary));
    context.out << j.dump(2) << '\n';
    return kExitOk;
  }
  PrintHellos(*report, context.out);
  PrintSummary(o.file, *report, context.out);
  return kExitOk;
}

int RunAnalyze(const PcapOptions& o, Context& context) {
  auto report = Load(o);
  if (!report) {
    context.err << "error: " << report.error().message() << '\n';
    return kExitFailure;
  }
  if (o.json) {
    const auto& s = report->summary;
    json devices = json::array();
    for (const auto& d : report->devices) {
      json events = json::array();
      for (const auto& e : d.events) {
        events.push_back({{"packet", e.packet}, {"time", Absolute(e.time)}, {"relative_time", e.time - s.first_time},
                          {"text", e.text}});
      }
      json findings = json::array();
      for (const auto& f : d.findings) {
        findings.push_back({{"cause", f.cause},
                            {"evidence", f.evidence},
                            {"packet", f.packet},
                            {"time", Absolute(f.time)},
                            {"fix", "openscs explain " + f.cause}});
      }
      devices.push_back({{"address", d.address},
                         {"uuid", d.uuid},
                         {"hellos", d.hellos},
                         {"malformed_hellos", d.malformed_hellos},
                         {"attempts", d.attempts},
                         {"connect_backs", d.connect_backs},
                         {"events", events},
                         {"findings", findings}});
    }
    context.out << json{{"summary", SummaryJson(o.file, *report)}, {"devices", devices}}.dump(2) << '\n';
    return kExitOk;
  }
  PrintDevices(*report, context.out);
  PrintSummary(o.file, *report, context.out);
  return kExitOk;
}

void AddCommon(CLI::App* cmd, PcapOptions& o) {
  cmd->add_option("file", o.file, "A pcap or pcapng capture (tcpdump -w, Wireshark, tshark)")->required();
  cmd->add_option("--port", o.ports, "A TCP port that carries hellos (repeatable; default 9971)")
      ->check(CLI::Range(1, 65535));
  cmd->add_flag("--json", o.json, "Machine-readable output");
}

}  // namespace

void AddPcapCommands(CLI::App& app, Context& context, int& exit_code) {
  auto* pcap = app.add_subcommand("pcap", "Packet captures: hellos to 9971, connect-backs to 16993");
  pcap->require_subcommand(1);

  auto decode_options = std::make_shared<PcapOptions>();
  auto* decode = pcap->add_subcommand("decode", "List every hello in a capture, malformed ones marked, and a summary");
  AddCommon(decode, *decode_options);
  decode->callback([decode_options, &context, &exit_code] { exit_code = RunDecode(*decode_options, context); });

  auto analyze_options = std::make_shared<PcapOptions>();
  auto* analyze = pcap->add_subcommand(
      "analyze", "Per device: hellos, connect-backs and TLS, with the cause of what went wrong");
  AddCommon(analyze, *analyze_options);
  analyze->callback([analyze_options, &context, &exit_code] { exit_code = RunAnalyze(*analyze_options, context); });
}

}  // namespace openscs::cli
