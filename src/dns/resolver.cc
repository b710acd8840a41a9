#include "dns/resolver.h"

#include <arpa/inet.h>
#include <ares.h>
#include <netdb.h>
#include <poll.h>

#include <array>
#include <mutex>

#include <fmt/format.h>

namespace openscs::dns {
namespace {

struct LookupState {
  bool done = false;
  int status = ARES_SUCCESS;
  std::vector<std::string> addresses;
};

void OnHost(void* arg, int status, int /*timeouts*/, hostent* host) {
  auto* state = static_cast<LookupState*>(arg);
  state->done = true;
  state->status = status;
  if (status != ARES_SUCCESS || host == nullptr) return;
  for (char** p = host->h_addr_list; *p != nullptr; ++p) {
    std::array<char, INET_ADDRSTRLEN> text{};
    inet_ntop(AF_INET, *p, text.data(), text.size());
    state->addresses.emplace_back(text.data());
  }
}

void EnsureLibraryInitialised() {
  static std::once_flag once;
  std::call_once(once, [] { ares_library_init(ARES_LIB_INIT_ALL); });
}

// Runs the channel's event loop until the lookup completes.
void Drive(ares_channel channel, const LookupState& state) {
  while (!state.done) {
    std::array<ares_socket_t, ARES_GETSOCK_MAXNUM> socks{};
    const int mask = ares_getsock(channel, socks.data(), static_cast<int>(socks.size()));
    std::vector<pollfd> fds;
    for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
      short events = 0;
      if (ARES_GETSOCK_READABLE(mask, i)) events |= POLLIN;
      if (ARES_GETSOCK_WRITABLE(mask, i)) events |= POLLOUT;
      if (events != 0) fds.push_back({socks[static_cast<size_t>(i)], events, 0});
    }
    timeval tv{};
    timeval* t = ares_timeout(channel, nullptr, &tv);
    const int timeout_ms = t == nullptr ? 1000 : static_cast<int>(t->tv_sec * 1000 + t->tv_usec / 1000);
    if (fds.empty()) {
      ares_process_fd(channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
      if (!state.done) poll(nullptr, 0, timeout_ms);
      continue;
    }
    const int ready = poll(fds.data(), fds.size(), timeout_ms);
    if (ready <= 0) {
      ares_process_fd(channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);  // timeouts
      continue;
    }
    for (const pollfd& p : fds) {
      ares_process_fd(channel, (p.revents & (POLLIN | POLLERR | POLLHUP)) != 0 ? p.fd : ARES_SOCKET_BAD,
                      (p.revents & POLLOUT) != 0 ? p.fd : ARES_SOCKET_BAD);
    }
  }
}

}  // namespace

base::Result<std::vector<std::string>> Resolver::ResolveA(std::string_view name) const {
  EnsureLibraryInitialised();
  ares_options opts{};
  int mask = ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES;
  opts.flags = ARES_FLAG_NOSEARCH | ARES_FLAG_NOALIASES;
  opts.timeout = static_cast<int>(options_.timeout.count());
  opts.tries = options_.tries;
  std::string lookups = "b";  // DNS only, no hosts file
  if (!options_.server.empty()) {
    mask |= ARES_OPT_LOOKUPS;
    opts.lookups = lookups.data();
  }
  ares_channel channel = nullptr;
  if (int rc = ares_init_options(&channel, &opts, mask); rc != ARES_SUCCESS) {
    return base::Internal(fmt::format("DNS: cannot start a resolver: {}", ares_strerror(rc)));
  }
  if (!options_.server.empty()) {
    if (int rc = ares_set_servers_ports_csv(channel, options_.server.c_str()); rc != ARES_SUCCESS) {
      ares_destroy(channel);
      return base::InvalidArgument(fmt::format("DNS server '{}': {}", options_.server, ares_strerror(rc)));
    }
  }
  if (!options_.local_address.empty()) {
    in_addr local{};
    if (inet_pton(AF_INET, options_.local_address.c_str(), &local) != 1) {
      ares_destroy(channel);
      return base::InvalidArgument(fmt::format("DNS: local address '{}' is not IPv4", options_.local_address));
    }
    ares_set_local_ip4(channel, ntohl(local.s_addr));
  }
  LookupState state;
  const std::string query(name);
  ares_gethostbyname(channel, query.c_str(), AF_INET, OnHost, &state);
  Drive(channel, state);
  ares_destroy(channel);

  const std::string server = options_.server.empty() ? "the system resolver" : options_.server;
  switch (state.status) {
    case ARES_SUCCESS:
      if (state.addresses.empty()) return base::NotFound(fmt::format("{}: no A record at {}", name, server));
      return state.addresses;
    case ARES_ENOTFOUND:
    case ARES_ENODATA:
      return base::NotFound(fmt::format("{}: no such name at {}", name, server));
    case ARES_EREFUSED:
      return base::Unavailable(fmt::format("{}: DNS server {} refused the query", name, server));
    case ARES_ETIMEOUT:
    case ARES_ECONNREFUSED:
    case ARES_ESERVFAIL:
      return base::Unavailable(fmt::format("{}: DNS server {} did not answer ({})", name, server,
                                           ares_strerror(state.status)));
    default:
      return base::Unavailable(fmt::format("{}: lookup at {} failed: {}", name, server, ares_strerror(state.status)));
  }
}

}  // namespace openscs::dns
