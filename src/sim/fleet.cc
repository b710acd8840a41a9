#include "sim/fleet.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <future>
#include <map>
#include <queue>

#include <fmt/format.h>

#include "dns/resolver.h"
#include "sim/endpoint.h"
#include "sim/server_locator.h"

namespace openscs::sim {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
using asio::experimental::awaitable_operators::operator||;

constexpr auto kHelloConnectDeadline = 5s;

struct Due {
  std::chrono::steady_clock::time_point at;
  size_t index;
  uint64_t generation;
  bool operator>(const Due& other) const { return at > other.at; }
};

}  // namespace

struct Fleet::Impl {
  struct Slot {
    std::unique_ptr<SimDevice> device;
    std::shared_ptr<tcp::acceptor> tls_acceptor;  // null: port closed
    std::shared_ptr<tcp::acceptor> http_acceptor;
    uint64_t generation = 0;     // bumps invalidate queued hello entries
    bool hello_in_flight = false;
  };

  FleetOptions options;
  std::shared_ptr<base::Clock> clock;
  std::unique_ptr<tls::DeviceTlsContext> tls;
  asio::io_context io{1};
  asio::thread_pool dns_pool{1};
  asio::steady_timer hello_timer{io};
  std::vector<std::unique_ptr<Slot>> slots;  // stable addresses: coroutines hold references
  std::map<std::string, size_t, std::less<>> by_address;
  std::priority_queue<Due, std::vector<Due>, std::greater<>> due;
  size_t hellos_in_flight = 0;
  bool stopping = false;
  std::thread::id io_thread;

  // Which ports a device has open follows its state (reference §7.1): Setup
  // Mode accepts TLS on 16993; an operational device listens on 16993 if it
  // has TLS on, else on 16992; a disabled or factory-state device on nothing.
  void SyncPorts(Slot& slot) {
    SimDevice& d = *slot.device;
    const auto state = d.model().provisioning_state();
    const bool enabled = d.model().amt_enabled();
    const bool want_tls = enabled && (state == device::ProvisioningState::kIn ||
                                      (state == device::ProvisioningState::kPost && d.model().tls_enabled()));
    const bool want_http = enabled && ((state == device::ProvisioningState::kIn && options.setup_over_plain_http) ||
                                       (state == device::ProvisioningState::kPost && !d.model().tls_enabled()));
    Apply(slot, slot.tls_acceptor, want_tls, d.config().tls_port, true);
    Apply(slot, slot.http_acceptor, want_http, d.config().http_port, false);
  }

  void Apply(Slot& slot, std::shared_ptr<tcp::acceptor>& handle, bool want, uint16_t port, bool use_tls) {
    if (want && !handle) {
      if (auto s = Listen(slot, handle, port, use_tls); !s.ok()) slot.device->Log("error", s.message());
    } else if (!want && handle) {
      boost::system::error_code ec;
      handle->close(ec);
      handle.reset();
    }
  }

  base::Status Listen(Slot& slot, std::shared_ptr<tcp::acceptor>& handle, uint16_t port, bool use_tls) {
    SimDevice& device = *slot.device;
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(device.config().address, ec);
    if (ec) return base::InvalidArgument(fmt::format("device address '{}': {}", device.config().address, ec.message()));
    auto acceptor = std::make_shared<tcp::acceptor>(io);
    tcp::acceptor& a = *acceptor;
    const tcp::endpoint endpoint(address, port);
    a.open(endpoint.protocol(), ec);
    if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) a.bind(endpoint, ec);
    if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      return base::Unavailable(fmt::format("cannot listen on {}:{}: {}", device.config().address, port, ec.message()));
    }
    handle = acceptor;
    asio::co_spawn(io, AcceptLoop(std::move(acceptor), device, use_tls ? tls.get() : nullptr), asio::detached);
    return base::Status::Ok();
  }

  // ---- Hellos ----

  void Schedule(size_t index) {
    Slot& slot = *slots[index];
    ++slot.generation;
    const auto now = clock->Now();
    const auto next = slot.device->model().NextHelloAt(now);
    if (!next) return;
    const auto wait = *next > now ? clock->ToRealDuration(*next - now) : std::chrono::nanoseconds(0);
    due.push({std::chrono::steady_clock::now() + wait, index, slot.generation});
    ArmTimer();
  }

  void ArmTimer() {
    if (due.empty() || stopping) return;
    hello_timer.expires_at(due.top().at);
    hello_timer.async_wait([this](boost::system::error_code ec) {
      if (ec || stopping) return;
      FireDue();
    });
  }

  void FireDue() {
    const auto now = std::chrono::steady_clock::now();
    while (!due.empty() && due.top().at <= now && hellos_in_flight < options.max_concurrent_hellos) {
      const Due d = due.top();
      due.pop();
      Slot& slot = *slots[d.index];
      if (d.generation != slot.generation || slot.hello_in_flight) continue;
      // A server may have provisioned the device (or a control command taken
      // it out of Setup Mode) since this hello was queued: a configured
      // device sends no more hellos.
      if (!slot.device->model().NextHelloAt(clock->Now())) continue;
      slot.hello_in_flight = true;
      ++hellos_in_flight;
      asio::co_spawn(io, SendHello(d.index), asio::detached);
    }
    // At the in-flight limit the queue head is already due: re-arming now
    // would spin. The next finishing hello re-arms the timer instead.
    if (hellos_in_flight < options.max_concurrent_hellos) ArmTimer();
  }

  asio::awaitable<void> SendHello(size_t index) {
    SimDevice& device = *slots[index]->device;
    device::Device& model = device.model();
    const hello::Hello h = model.NextHello();
    auto bytes = hello::Encode(h);

    // Name lookups block, so they run on the DNS pool, not the I/O thread.
    const std::string dns_server = device.config().dns_server;
    std::vector<std::string> names = CandidateNames(model);
    std::map<std::string, base::Result<std::vector<std::string>>> answers;
    if (model.setup().provisioning_server_address.empty() && !dns_server.empty()) {
      co_await asio::post(dns_pool, asio::use_awaitable);
      dns::ResolverOptions dns_options;
      dns_options.server = dns_server;
      dns_options.timeout = std::chrono::milliseconds(500);
      dns_options.local_address = device.config().address;
      dns::Resolver resolver(dns_options);
      for (const auto& name : names) answers.emplace(name, resolver.ResolveA(name));
      co_await asio::post(io, asio::use_awaitable);
    }
    auto location = LocateServer(model, [&](std::string_view name) -> base::Result<std::vector<std::string>> {
      auto it = answers.find(std::string(name));
      if (it != answers.end()) return it->second;
      return base::Unavailable(fmt::format("{}: no DNS server configured for this device", name));
    });

    const uint32_t number = model.hellos_sent_in_cycle();
    model.OnHelloSent(device.Now());
    if (!location) {
      device.Log("error", fmt::format("hello {} not sent: {}", number, location.error().message()));
    } else if (bytes) {
      if (device.config().faults.server_unreachable) location->port = 9;  // discard port: nobody listens
      auto sent = co_await Connect(device, *location, *bytes);
      if (sent.ok()) {
        device.Log("info", fmt::format("hello {} ({}, retry {}) sent to {}:{} ({})", number,
                                       h.method == hello::Method::kPsk ? "PSK" : "PKI", h.retry_count,
                                       location->address, location->port, location->found_by));
      } else {
        device.Log("error", fmt::format("hello {} to {}:{} failed: {}", number, location->address, location->port,
                                        sent.message()));
      }
    }
    Slot& slot = *slots[index];
    slot.hello_in_flight = false;
    --hellos_in_flight;
    Schedule(index);
    if (!due.empty()) ArmTimer();
  }

  asio::awaitable<base::Status> Connect(SimDevice& device, const ServerLocation& where,
                                        const std::vector<std::byte>& bytes) {
    boost::system::error_code ec;
    const auto server = asio::ip::make_address(where.address, ec);
    if (ec) co_return base::InvalidArgument(fmt::format("server address '{}' is not an IP address", where.address));
    const auto local = asio::ip::make_address(device.config().address, ec);
    tcp::socket socket(io);
    socket.open(server.is_v4() ? tcp::v4() : tcp::v6(), ec);
    if (!ec) socket.set_option(asio::socket_base::reuse_address(true), ec);
    // From the device's own address (as a real device on its own NIC).
    if (!ec) socket.bind(tcp::endpoint(local, device.config().hello_source_port), ec);
    if (ec) co_return base::Unavailable(fmt::format("cannot bind {}: {}", device.config().address, ec.message()));
    asio::steady_timer deadline(io);
    deadline.expires_after(kHelloConnectDeadline);
    auto r = co_await (socket.async_connect(tcp::endpoint(server, where.port), asio::as_tuple(asio::use_awaitable)) ||
                       deadline.async_wait(asio::as_tuple(asio::use_awaitable)));
    if (r.index() == 1) co_return base::Unavailable("connect timed out (port blocked?)");
    if (auto [cec] = std::get<0>(r); cec) co_return base::Unavailable(cec.message());
    auto [wec, n] = co_await asio::async_write(socket, asio::buffer(bytes), asio::as_tuple(asio::use_awaitable));
    if (wec) co_return base::Unavailable(fmt::format("write failed: {}", wec.message()));
    // Connect, send, close: there is no reply (reference §3.1).
    socket.shutdown(tcp::socket::shutdown_both, ec);
    socket.close(ec);
    co_return base::Status::Ok();
  }
};

Fleet::Fleet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Fleet::~Fleet() {
  impl_->dns_pool.join();
}

base::Result<std::unique_ptr<Fleet>> Fleet::Create(FleetOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->clock = options.acceleration > 1.0 ? base::AcceleratedClock(options.acceleration) : base::SystemClock();
  auto tls = tls::DeviceTlsContext::Create(options.tls);
  if (!tls) return tls.error();
  impl->tls = std::move(tls).value();
  impl->options = std::move(options);
  return std::unique_ptr<Fleet>(new Fleet(std::move(impl)));
}

base::Status Fleet::Add(device::FactoryConfig factory, SimDeviceConfig config) {
  Impl& m = *impl_;
  if (m.by_address.count(config.address) != 0) {
    return base::AlreadyExists(fmt::format("a device already uses {}", config.address));
  }
  const size_t index = m.slots.size();
  auto device = std::make_unique<SimDevice>(std::move(factory), std::move(config), base::SystemRandom(), m.clock);
  device->model().PowerOn(m.clock->Now());
  m.by_address.emplace(device->config().address, index);
  m.slots.push_back(std::make_unique<Impl::Slot>());
  m.slots.back()->device = std::move(device);
  SimDevice* raw = m.slots.back()->device.get();
  raw->set_on_change([this, raw] { Refresh(*raw); });
  m.SyncPorts(*m.slots.back());
  m.Schedule(index);
  return base::Status::Ok();
}

void Fleet::Run() {
  impl_->io_thread = std::this_thread::get_id();
  // Keeps run() going while no device has work; Stop() ends it.
  auto guard = asio::make_work_guard(impl_->io);
  asio::post(impl_->io, [this] { impl_->ArmTimer(); });
  impl_->io.run();
}

void Fleet::Stop() {
  asio::post(impl_->io, [this] {
    Impl& m = *impl_;
    m.stopping = true;
    m.hello_timer.cancel();
    for (auto& slot : m.slots) {
      boost::system::error_code ec;
      if (slot->tls_acceptor) slot->tls_acceptor->close(ec);
      if (slot->http_acceptor) slot->http_acceptor->close(ec);
    }
    m.io.stop();
  });
}

base::Status Fleet::Call(const std::function<void(Fleet&)>& fn) {
  if (impl_->stopping) return base::FailedPrecondition("the fleet is stopping");
  std::promise<void> done;
  auto future = done.get_future();
  asio::post(impl_->io, [&] {
    fn(*this);
    done.set_value();
  });
  if (future.wait_for(10s) != std::future_status::ready) {
    return base::Unavailable("the fleet's I/O thread did not answer within 10 s");
  }
  return base::Status::Ok();
}

size_t Fleet::size() const { return impl_->slots.size(); }

SimDevice* Fleet::device(size_t index) {
  return index < impl_->slots.size() ? impl_->slots[index]->device.get() : nullptr;
}

SimDevice* Fleet::FindByAddress(std::string_view address) {
  auto it = impl_->by_address.find(address);
  return it == impl_->by_address.end() ? nullptr : impl_->slots[it->second]->device.get();
}

SimDevice* Fleet::FindByUuid(std::string_view uuid_text) {
  auto uuid = base::Guid::Parse(uuid_text);
  if (!uuid) return nullptr;
  for (auto& slot : impl_->slots) {
    if (slot->device->model().uuid() == *uuid) return slot->device.get();
  }
  return nullptr;
}

void Fleet::Refresh(SimDevice& device) {
  auto it = impl_->by_address.find(device.config().address);
  if (it == impl_->by_address.end()) return;
  impl_->SyncPorts(*impl_->slots[it->second]);
  impl_->Schedule(it->second);
}

const std::shared_ptr<base::Clock>& Fleet::clock() const { return impl_->clock; }

}  // namespace openscs::sim
