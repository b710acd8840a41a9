#include "sim/control.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/hex.h"
#include "sim/fleet.h"
#include "sim/status.h"

namespace openscs::sim {
namespace {

namespace asio = boost::asio;
using local = asio::local::stream_protocol;
using nlohmann::json;

constexpr size_t kMaxRequest = 64 * 1024;

json Error(const std::string& message) { return {{"ok", false}, {"error", message}}; }
json FromStatus(const base::Status& s) { return s.ok() ? json{{"ok", true}} : Error(s.message()); }

std::string Str(const json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

SimDevice* Find(Fleet& fleet, const std::string& id) {
  if (SimDevice* d = fleet.FindByAddress(id)) return d;
  return fleet.FindByUuid(id);
}

json Mebx(Fleet& fleet, SimDevice& d, const json& req) {
  device::Device& m = d.model();
  const auto now = d.Now();
  const std::string op = Str(req, "op");
  json out;
  if (op == "login") {
    out = FromStatus(m.MebxLogin(Str(req, "password"), Str(req, "new_password")));
  } else if (op == "change-password") {
    out = FromStatus(m.MebxChangePassword(Str(req, "password"), Str(req, "new_password")));
  } else if (op == "enable" || op == "disable") {
    out = FromStatus(m.MebxSetAmtEnabled(op == "enable"));
  } else if (op == "enter-pid-pps") {
    const auto status = m.MebxEnterPidPps(Str(req, "pid"), Str(req, "pps"), now);
    out = status == amt::PtStatus::kSuccess
              ? json{{"ok", true}}
              : Error(fmt::format("MEBx refused the PID/PPS: status 0x{:x} ({})", static_cast<uint32_t>(status),
                                  amt::LookUpPtStatus(static_cast<uint32_t>(status))->name));
    out["status"] = static_cast<uint32_t>(status);
  } else if (op == "remote-config") {
    out = FromStatus(m.MebxSetRemoteConfiguration(Str(req, "value") != "off", now));
  } else if (op == "set-server") {
    out = FromStatus(m.MebxSetProvisioningServer(Str(req, "address"),
                                                 static_cast<uint16_t>(req.value("port", 9971))));
  } else if (op == "set-static-ip") {
    out = FromStatus(m.MebxSetStaticIp(Str(req, "address"), Str(req, "netmask"), Str(req, "gateway"), Str(req, "dns")));
  } else if (op == "set-dhcp") {
    out = FromStatus(m.MebxSetDhcp(Str(req, "value") != "off"));
  } else if (op == "set-domain") {
    out = FromStatus(m.MebxSetDomain(Str(req, "domain")));
  } else if (op == "set-pki-dns-suffix") {
    out = FromStatus(m.MebxSetPkiDnsSuffix(Str(req, "suffix")));
  } else if (op == "add-hash") {
    device::CertHashEntry e;
    const std::string alg = Str(req, "algorithm");
    e.algorithm = alg == "sha256" ? hello::HashAlgorithm::kSha256
                  : alg == "sha384" ? hello::HashAlgorithm::kSha384
                                    : hello::HashAlgorithm::kSha1;
    e.digest = base::FromHex(Str(req, "digest")).value_or(std::vector<std::byte>{});
    e.name = Str(req, "name");
    out = FromStatus(m.MebxAddCertHash(std::move(e)));
  } else if (op == "unprovision") {
    out = FromStatus(m.MebxUnprovision(Str(req, "kind") == "full", now));
  } else {
    return Error(fmt::format("unknown MEBx operation '{}'", op));
  }
  if (out["ok"].get<bool>()) d.Log("info", fmt::format("MEBx: {}", op));
  fleet.Refresh(d);
  return out;
}

json UsbOneTouch(Fleet& fleet, SimDevice& d, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(fmt::format("cannot read '{}'", path));
  std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::byte> bytes(chars.size());
  std::memcpy(bytes.data(), chars.data(), chars.size());
  auto used = d.model().ApplyUsbOneTouch(bytes, d.Now());
  if (!used) {
    d.Log("warning", fmt::format("USB One-Touch refused: {}", used.error().message()));
    return Error(used.error().message());
  }
  // The BIOS writes the consumed record back to the stick.
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out) return Error(fmt::format("cannot write '{}'", tmp));
  }
  std::filesystem::rename(tmp, path);
  d.Log("info", fmt::format("USB One-Touch: applied setup.bin record {}", *used));
  fleet.Refresh(d);
  return {{"ok", true}, {"record", *used}};
}

// Runs on the fleet's I/O thread.
json Handle(Fleet& fleet, const json& req, bool& stop) {
  const std::string cmd = Str(req, "cmd");
  if (cmd == "stop") {
    stop = true;
    return {{"ok", true}};
  }
  if (cmd == "status") {
    json devices = json::array();
    const std::string id = Str(req, "device");
    for (size_t i = 0; i < fleet.size(); ++i) {
      SimDevice* d = fleet.device(i);
      if (!id.empty() && d->config().address != id && d->model().uuid().ToString() != id) continue;
      devices.push_back(DeviceStatusJson(*d));
    }
    if (!id.empty() && devices.empty()) return Error(fmt::format("no device '{}'", id));
    return {{"ok", true}, {"devices", std::move(devices)}};
  }
  if (cmd == "host-report") {
    json devices = json::array();
    const std::string id = Str(req, "device");
    for (size_t i = 0; i < fleet.size(); ++i) {
      SimDevice* d = fleet.device(i);
      if (!id.empty() && d->config().address != id && d->model().uuid().ToString() != id) continue;
      devices.push_back(HostReportJson(*d));
    }
    if (!id.empty() && devices.empty()) return Error(fmt::format("no device '{}'", id));
    return {{"ok", true}, {"devices", std::move(devices)}};
  }
  SimDevice* d = Find(fleet, Str(req, "device"));
  if (d == nullptr) return Error(fmt::format("no device '{}' (give its address or UUID)", Str(req, "device")));
  if (cmd == "mebx") return Mebx(fleet, *d, req);
  if (cmd == "power") {
    const std::string action = Str(req, "action");
    base::Status s;
    if (action == "ac-cycle") {
      d->model().AcCycle(d->Now());
    } else if (action == "cmos-reset") {
      s = d->model().CmosReset(d->Now());
    } else {
      return Error(fmt::format("unknown power action '{}' (ac-cycle, cmos-reset)", action));
    }
    if (s.ok()) d->Log("info", "power: " + action);
    fleet.Refresh(*d);
    return FromStatus(s);
  }
  if (cmd == "rct-enable") {
    auto s = d->model().RctEnable(d->Now());
    d->Log("info", "RCT: enable");
    fleet.Refresh(*d);
    return FromStatus(s);
  }
  if (cmd == "usb") return UsbOneTouch(fleet, *d, Str(req, "file"));
  return Error(fmt::format("unknown command '{}'", cmd));
}

}  // namespace

struct ControlServer::Impl {
  Fleet& fleet;
  std::string path;
  asio::io_context io{1};
  local::acceptor acceptor{io};
  std::thread thread;

  explicit Impl(Fleet& f) : fleet(f) {}

  asio::awaitable<void> Serve(local::socket socket) {
    asio::streambuf buffer(kMaxRequest);
    for (;;) {
      auto [ec, n] = co_await asio::async_read_until(socket, buffer, '\n', asio::as_tuple(asio::use_awaitable));
      if (ec) co_return;
      std::string line(asio::buffers_begin(buffer.data()), asio::buffers_begin(buffer.data()) + static_cast<long>(n));
      buffer.consume(n);
      json answer;
      bool stop = false;
      try {
        const json req = json::parse(line);
        auto called = fleet.Call([&](Fleet& f) { answer = Handle(f, req, stop); });
        if (!called.ok()) answer = Error(called.message());
      } catch (const json::exception& e) {
        answer = Error(fmt::format("request is not JSON: {}", e.what()));
      }
      const std::string out = answer.dump() + "\n";
      auto [wec, w] = co_await asio::async_write(socket, asio::buffer(out), asio::as_tuple(asio::use_awaitable));
      if (stop) fleet.Stop();
      if (wec) co_return;
    }
  }

  asio::awaitable<void> Accept() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
      if (ec) co_return;
      asio::co_spawn(io, Serve(std::move(socket)), asio::detached);
    }
  }
};

ControlServer::ControlServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ControlServer::~ControlServer() {
  asio::post(impl_->io, [this] {
    boost::system::error_code ec;
    impl_->acceptor.close(ec);
    impl_->io.stop();
  });
  if (impl_->thread.joinable()) impl_->thread.join();
  std::error_code ec;
  std::filesystem::remove(impl_->path, ec);
}

base::Result<std::unique_ptr<ControlServer>> ControlServer::Start(Fleet& fleet, const std::string& socket_path) {
  auto impl = std::make_unique<Impl>(fleet);
  impl->path = socket_path;
  std::error_code fec;
  std::filesystem::remove(socket_path, fec);  // a stale socket from a killed run
  boost::system::error_code ec;
  const local::endpoint endpoint(socket_path);
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(16, ec);
  if (ec) return base::Unavailable(fmt::format("control socket '{}': {}", socket_path, ec.message()));
  Impl* raw = impl.get();
  asio::co_spawn(raw->io, raw->Accept(), asio::detached);
  raw->thread = std::thread([raw] { raw->io.run(); });
  return std::unique_ptr<ControlServer>(new ControlServer(std::move(impl)));
}

base::Result<std::string> ControlRequest(const std::string& socket_path, const std::string& request_json) {
  asio::io_context io;
  local::socket socket(io);
  boost::system::error_code ec;
  socket.connect(local::endpoint(socket_path), ec);
  if (ec) {
    return base::Unavailable(fmt::format("cannot reach amtsim at '{}': {} (is `amtsim run` running with --control?)",
                                         socket_path, ec.message()));
  }
  asio::write(socket, asio::buffer(request_json + "\n"), ec);
  if (ec) return base::Unavailable(fmt::format("control write: {}", ec.message()));
  asio::streambuf buffer;
  const size_t n = asio::read_until(socket, buffer, '\n', ec);
  if (ec) return base::Unavailable(fmt::format("control read: {}", ec.message()));
  std::string line(asio::buffers_begin(buffer.data()), asio::buffers_begin(buffer.data()) + static_cast<long>(n));
  while (!line.empty() && line.back() == '\n') line.pop_back();
  return line;
}

}  // namespace openscs::sim
