#include "simcli/app.h"

#include <sys/resource.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/hex.h"
#include "sim/control.h"
#include "sim/fleet.h"
#include "sim/scenario.h"
#include "sim/status.h"

namespace openscs::simcli {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

std::atomic<bool> g_stop_requested{false};
extern "C" void OnSignal(int) { g_stop_requested = true; }

// Thousands of devices need thousands of descriptors: raise the soft limit
// to the hard one.
void RaiseDescriptorLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

struct RunOptions {
  std::string scenario;
  std::string control;
  double duration = 0;  // seconds; 0 = until stopped
  std::string summary;
  double acceleration = 0;  // 0 = the scenario's
  bool setup_over_http = false;
  bool quiet = false;
};

struct DeviceOptions {
  std::string address = "127.1.0.1";
  std::string uuid;
  std::string amt_version = "3.2.1";
  std::string mode = "psk";
  std::string pid;
  std::string pps;
  std::string server;
  std::string dns_server;
  std::string domain;
  std::vector<std::string> hashes;
  std::string schedule;
  std::string mebx_password = "Sim-Pass1!";
};

json Summary(sim::Fleet& fleet) {
  json s;
  std::map<std::string, size_t> by_mode;
  size_t hellos = 0;
  size_t with_errors = 0;
  json devices = json::array();
  for (size_t i = 0; i < fleet.size(); ++i) {
    const sim::SimDevice& d = *fleet.device(i);
    const auto mode = d.model().ModeAt(d.Now());
    ++by_mode[std::string(device::ModeShortName(mode))];
    hellos += d.model().hellos_sent_total();
    if (!d.last_error().empty()) ++with_errors;
    devices.push_back({{"uuid", d.model().uuid().ToString()},
                       {"address", d.config().address},
                       {"mode", device::ModeShortName(mode)},
                       {"hellos_sent", d.model().hellos_sent_total()},
                       {"last_error", d.last_error()}});
  }
  s["devices_total"] = fleet.size();
  s["by_mode"] = by_mode;
  s["hellos_sent"] = hellos;
  s["devices_with_errors"] = with_errors;
  s["devices"] = std::move(devices);
  return s;
}

std::string ProgressLine(sim::Fleet& fleet) {
  std::map<std::string, size_t> by_mode;
  size_t hellos = 0;
  for (size_t i = 0; i < fleet.size(); ++i) {
    const sim::SimDevice& d = *fleet.device(i);
    ++by_mode[std::string(device::ModeShortName(d.model().ModeAt(d.Now())))];
    hellos += d.model().hellos_sent_total();
  }
  std::string modes;
  for (const auto& [m, n] : by_mode) modes += fmt::format(" {}={}", m, n);
  return fmt::format("amtsim: {} devices |{} | hellos sent {}", fleet.size(), modes, hellos);
}

int RunFleet(sim::Scenario scenario, const RunOptions& o, std::ostream& out, std::ostream& err) {
  RaiseDescriptorLimit();
  sim::FleetOptions fo;
  fo.acceleration = o.acceleration > 0 ? o.acceleration : scenario.acceleration;
  fo.setup_over_plain_http = o.setup_over_http || scenario.setup_over_plain_http;
  fo.tls = scenario.tls;
  auto fleet = sim::Fleet::Create(fo);
  if (!fleet) {
    err << "error: " << fleet.error().message() << '\n';
    return kExitFailure;
  }
  const auto started = std::chrono::steady_clock::now();
  for (const auto& spec : scenario.devices) {
    if (auto s = (*fleet)->Add(spec.factory, spec.config); !s.ok()) {
      err << "error: " << s.message() << '\n';
      return kExitFailure;
    }
    sim::SimDevice* d = (*fleet)->device((*fleet)->size() - 1);
    if (auto s = sim::PrepareDevice(spec, d->model(), d->Now()); !s.ok()) {
      err << fmt::format("error: device {}: {}\n", spec.config.address, s.message());
      return kExitFailure;
    }
    (*fleet)->Refresh(*d);
  }
  const double startup_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (auto s = sim::WriteServerKeys(scenario); !s.ok()) {
    err << "error: " << s.message() << '\n';
    return kExitFailure;
  }
  std::unique_ptr<sim::ControlServer> control;
  if (!o.control.empty()) {
    auto c = sim::ControlServer::Start(**fleet, o.control);
    if (!c) {
      err << "error: " << c.error().message() << '\n';
      return kExitFailure;
    }
    control = std::move(c).value();
  }
  if (!o.quiet) {
    err << fmt::format("amtsim: {} devices started in {:.2f} s (x{} time){}\n", (*fleet)->size(), startup_seconds,
                       fo.acceleration, o.control.empty() ? "" : ", control socket " + o.control);
  }

  g_stop_requested = false;
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  sim::Fleet& f = **fleet;
  std::atomic<bool> running{true};
  // Watches for a signal, the duration, and draws progress on a terminal.
  std::thread watcher([&] {
    const bool tty = isatty(STDERR_FILENO) == 1 && !o.quiet;
    auto last_progress = std::chrono::steady_clock::now();
    while (running) {
      std::this_thread::sleep_for(50ms);
      const auto now = std::chrono::steady_clock::now();
      if (g_stop_requested || (o.duration > 0 && now - started >= std::chrono::duration<double>(o.duration))) {
        f.Stop();
        break;
      }
      if (tty && now - last_progress >= 1s) {
        last_progress = now;
        std::string line;
        if (f.Call([&](sim::Fleet& fl) { line = ProgressLine(fl); }).ok()) std::cerr << "\r" << line << "\033[K" << std::flush;
      }
    }
  });
  f.Run();
  running = false;
  watcher.join();
  control.reset();

  json summary = Summary(f);
  summary["startup_seconds"] = startup_seconds;
  if (!o.summary.empty()) {
    std::ofstream(o.summary, std::ios::trunc) << summary.dump(2) << '\n';
  } else if (!o.quiet) {
    json brief = summary;
    brief.erase("devices");
    out << brief.dump(2) << '\n';
  }
  return kExitOk;
}

base::Result<std::string> ReadText(const std::string& path) {
  std::ifstream in(path);
  if (!in) return base::IoError(fmt::format("cannot read '{}'", path));
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// One device from flags, as a one-group scenario.
base::Result<sim::Scenario> ScenarioFromFlags(const DeviceOptions& o) {
  json group{{"count", 1}, {"address", o.address}, {"amt_version", o.amt_version}, {"mode", o.mode}};
  if (!o.server.empty()) group["server"] = o.server;
  if (!o.dns_server.empty()) group["dns_server"] = o.dns_server;
  if (!o.domain.empty()) group["domain"] = o.domain;
  if (!o.hashes.empty()) group["extra_hashes"] = o.hashes;
  if (!o.schedule.empty()) group["hello_schedule"] = o.schedule;
  json root{{"groups", json::array({group})}};
  auto s = sim::ParseScenario(root.dump());
  if (!s) return s;
  sim::DeviceSpec& d = s->devices.front();
  if (!o.uuid.empty()) {
    auto uuid = base::Guid::Parse(o.uuid);
    if (!uuid) return uuid.error().WithContext("--uuid");
    d.factory.uuid = *uuid;
  }
  if (o.mode == "psk") {
    d.mebx_password = o.mebx_password;
    if (!o.pid.empty() || !o.pps.empty()) {
      auto pid = pidpps::Pid::Parse(o.pid);
      if (!pid) return pid.error().WithContext("--pid");
      auto pps = pidpps::Pps::Parse(o.pps);
      if (!pps) return pps.error().WithContext("--pps");
      d.factory.oem_pid = std::string(pid->compact());
      d.factory.oem_pps = std::string(pps->compact());
      s->server_keys = {{{*pid, *pps}, d.mebx_password}};
    }
    // The scenario gave the device its own password; --mebx-password replaced it.
    for (auto& key : s->server_keys) key.mebx_password = d.mebx_password;
  }
  return s;
}

int Control(const std::string& socket, const json& request, bool print_json, std::ostream& out, std::ostream& err) {
  auto answer = sim::ControlRequest(socket, request.dump());
  if (!answer) {
    err << "error: " << answer.error().message() << '\n';
    return kExitFailure;
  }
  json j;
  try {
    j = json::parse(*answer);
  } catch (const json::exception&) {
    err << "error: amtsim answered something that is not JSON\n";
    return kExitFailure;
  }
  if (!j.value("ok", false)) {
    err << "error: " << j.value("error", std::string("unknown error")) << '\n';
    return kExitFailure;
  }
  if (print_json) {
    out << j.dump(2) << '\n';
  } else if (j.contains("devices")) {
    out << fmt::format("{:<16} {:<37} {:<7} {:<13} {:<5} {:<6} {:<20} {}\n", "ADDRESS", "UUID", "AMT", "MODE", "STATE",
                       "HELLOS", "NEXT HELLO", "LAST ERROR");
    for (const auto& d : j["devices"]) {
      out << fmt::format("{:<16} {:<37} {:<7} {:<13} {:<5} {:<6} {:<20} {}\n", d["address"].get<std::string>(),
                         d["uuid"].get<std::string>(), d["amt_version"].get<std::string>(),
                         d["mode"].get<std::string>(), d["provisioning_state"].get<std::string>(),
                         d["hellos_sent"].get<uint32_t>(), d.value("next_hello_at", std::string("-")),
                         d["last_error"].get<std::string>());
    }
  } else {
    out << "ok\n";
  }
  return kExitOk;
}

std::string DefaultControl() {
  const char* env = std::getenv("AMTSIM_CONTROL");
  return env != nullptr ? env : "amtsim.sock";
}

}  // namespace

int Run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app{"amtsim: simulated Intel AMT devices (one, or a fleet of thousands) on loopback addresses", "amtsim"};
  app.require_subcommand(1);
  int exit_code = kExitOk;
  std::string control = DefaultControl();

  RunOptions run_options;
  auto* run = app.add_subcommand("run", "Run the fleet a scenario file describes");
  run->add_option("--scenario,-s", run_options.scenario, "Scenario JSON (docs/amtsim.md)")->required()
      ->check(CLI::ExistingFile);
  run->add_option("--control", run_options.control, "Control socket path (for status, mebx, power, ...)");
  run->add_option("--duration", run_options.duration, "Stop after this many seconds (0: until SIGINT/SIGTERM or stop)");
  run->add_option("--summary", run_options.summary, "Write the end-of-run JSON summary here");
  run->add_option("--accel", run_options.acceleration, "Device time runs this many times faster (overrides the scenario)");
  run->add_flag("--quiet,-q", run_options.quiet, "No progress or summary output");
  run->callback([&] {
    auto text = ReadText(run_options.scenario);
    if (!text) {
      err << "error: " << text.error().message() << '\n';
      exit_code = kExitFailure;
      return;
    }
    auto scenario = sim::ParseScenario(*text);
    if (!scenario) {
      err << "error: " << run_options.scenario << ": " << scenario.error().message() << '\n';
      exit_code = kExitFailure;
      return;
    }
    exit_code = RunFleet(std::move(scenario).value(), run_options, out, err);
  });

  DeviceOptions device_options;
  RunOptions device_run;
  std::string keys_out;
  auto* dev = app.add_subcommand("device", "Run one simulated device described by flags");
  dev->add_option("--address", device_options.address, "Its loopback address")->capture_default_str();
  dev->add_option("--uuid", device_options.uuid, "Its UUID (random if unset)");
  dev->add_option("--amt-version", device_options.amt_version, "AMT firmware version")->capture_default_str();
  dev->add_option("--mode", device_options.mode, "disabled | factory | password-changed | psk | pki")
      ->capture_default_str();
  dev->add_option("--pid", device_options.pid, "PID for mode psk (generated if unset)");
  dev->add_option("--pps", device_options.pps, "PPS for mode psk");
  dev->add_option("--mebx-password", device_options.mebx_password, "MEBx password for mode psk")->capture_default_str();
  dev->add_option("--server", device_options.server, "Provisioning server IP[:PORT] set in the MEBx");
  dev->add_option("--dns-server", device_options.dns_server, "DNS server IP:PORT to find ProvisionServer with");
  dev->add_option("--domain", device_options.domain, "MEBx/DHCP domain");
  dev->add_option("--hash", device_options.hashes, "Extra trusted root hash ALG:HEX (mode pki)");
  dev->add_option("--hello-schedule", device_options.schedule, "psk-cycle | configmgr | altiris");
  dev->add_option("--keys-out", keys_out, "Write the device's PID/PPS as CSV for the server");
  dev->add_option("--control", device_run.control, "Control socket path");
  dev->add_option("--duration", device_run.duration, "Stop after this many seconds");
  dev->add_option("--accel", device_run.acceleration, "Time acceleration");
  dev->add_flag("--quiet,-q", device_run.quiet, "No progress or summary output");
  dev->add_flag("--setup-over-http", device_run.setup_over_http,
                "Also accept setup on plain HTTP 16992 (HP: TLS optional for PSK); default: 16993 TLS only");
  dev->callback([&] {
    auto scenario = ScenarioFromFlags(device_options);
    if (!scenario) {
      err << "error: " << scenario.error().message() << '\n';
      exit_code = kExitUsage;
      return;
    }
    scenario->keys_out = keys_out;
    exit_code = RunFleet(std::move(scenario).value(), device_run, out, err);
  });

  app.add_option("--control", control, "Control socket of a running amtsim (env AMTSIM_CONTROL)")
      ->capture_default_str();
  bool json_out = false;
  std::string device_id;

  auto* status = app.add_subcommand("status", "Show each device's mode, hellos, last error and credentials");
  status->add_option("--device,-d", device_id, "Only this device (address or UUID)");
  status->add_flag("--json", json_out, "Machine-readable output");
  status->callback([&] {
    json req{{"cmd", "status"}};
    if (!device_id.empty()) req["device"] = device_id;
    exit_code = Control(control, req, json_out, out, err);
  });

  std::string report_file;
  auto* host_report = app.add_subcommand(
      "host-report",
      "What a local agent on each device's host would read (AMT enabled, provisioning state, version, network), "
      "as JSON for `openscs doctor --host-report`");
  host_report->add_option("--device,-d", device_id, "Only this device (address or UUID)");
  host_report->add_option("--output,-o", report_file, "Write the report to this file instead of standard output");
  host_report->callback([&] {
    json req{{"cmd", "host-report"}};
    if (!device_id.empty()) req["device"] = device_id;
    auto answer = sim::ControlRequest(control, req.dump());
    if (!answer) {
      err << "error: " << answer.error().message() << '\n';
      exit_code = kExitFailure;
      return;
    }
    json j = json::parse(*answer, nullptr, false);
    if (j.is_discarded() || !j.value("ok", false)) {
      err << "error: " << (j.is_discarded() ? std::string("amtsim answered something that is not JSON")
                                             : j.value("error", std::string("unknown error")))
          << '\n';
      exit_code = kExitFailure;
      return;
    }
    const std::string text = json{{"devices", j["devices"]}}.dump(2) + "\n";
    if (report_file.empty()) {
      out << text;
    } else {
      std::ofstream file(report_file, std::ios::trunc);
      file << text;
      if (!file) {
        err << "error: cannot write '" << report_file << "'\n";
        exit_code = kExitFailure;
        return;
      }
    }
    exit_code = kExitOk;
  });

  std::string op;
  std::map<std::string, std::string> mebx_args;
  auto* mebx = app.add_subcommand("mebx", "What a technician does at Ctrl+P");
  mebx->add_option("--device,-d", device_id, "Device address or UUID")->required();
  mebx->add_option("op", op,
                   "login | change-password | enable | disable | enter-pid-pps | remote-config | set-server | "
                   "set-domain | set-dhcp | set-static-ip | set-pki-dns-suffix | add-hash | unprovision")
      ->required();
  for (const char* name : {"password", "new-password", "pid", "pps", "value", "address", "port", "domain", "suffix",
                           "algorithm", "digest", "name", "kind", "netmask", "gateway", "dns"}) {
    mebx->add_option(std::string("--") + name, mebx_args[name], "");
  }
  mebx->callback([&] {
    json req{{"cmd", "mebx"}, {"device", device_id}, {"op", op}};
    for (const auto& [k, v] : mebx_args) {
      if (v.empty()) continue;
      std::string key = k;
      std::replace(key.begin(), key.end(), '-', '_');
      if (key == "port") {
        req[key] = std::stoi(v);
      } else {
        req[key] = v;
      }
    }
    exit_code = Control(control, req, json_out, out, err);
  });

  std::string action;
  auto* power = app.add_subcommand("power", "AC unplug / power drain, or CMOS battery reset");
  power->add_option("--device,-d", device_id, "Device address or UUID")->required();
  power->add_option("action", action, "ac-cycle | cmos-reset")->required()->check(CLI::IsMember({"ac-cycle", "cmos-reset"}));
  power->callback([&] { exit_code = Control(control, {{"cmd", "power"}, {"device", device_id}, {"action", action}}, json_out, out, err); });

  auto* rct = app.add_subcommand("rct", "The local RCT tool");
  std::string rct_action;
  rct->add_option("action", rct_action, "enable")->required()->check(CLI::IsMember({"enable"}));
  rct->add_option("--device,-d", device_id, "Device address or UUID")->required();
  rct->callback([&] { exit_code = Control(control, {{"cmd", "rct-enable"}, {"device", device_id}}, json_out, out, err); });

  std::string usb_file;
  auto* usb = app.add_subcommand("usb", "Boot the device with a USB stick holding setup.bin (One-Touch)");
  usb->add_option("--device,-d", device_id, "Device address or UUID")->required();
  usb->add_option("--file,-f", usb_file, "The setup.bin (updated in place as a BIOS does)")->required()
      ->check(CLI::ExistingFile);
  usb->callback([&] {
    json req{{"cmd", "usb"}, {"device", device_id}, {"file", std::filesystem::absolute(usb_file).string()}};
    exit_code = Control(control, req, json_out, out, err);
  });

  auto* stop = app.add_subcommand("stop", "Stop a running amtsim");
  stop->callback([&] { exit_code = Control(control, {{"cmd", "stop"}}, false, out, err); });

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::ParseError& e) {
    app.exit(e, err, err);
    return kExitUsage;
  } catch (const std::invalid_argument&) {
    err << "error: a numeric argument is not a number\n";
    return kExitUsage;
  } catch (const std::out_of_range&) {
    err << "error: a numeric argument is out of range\n";
    return kExitUsage;
  }
  return exit_code;
}

}  // namespace openscs::simcli
