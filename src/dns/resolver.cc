#include "dns/resolver.h"

#include <arpa/inet.h>
#include <ares.h>
#include <netdb.h>
#include <poll.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <mutex>

#include <fmt/format.h>

namespace openscs::dns {
namespace {

struct LookupState {
  bool done = false;
  int status = ARES_SUCCESS;
  std::string name;  // the name asked
  Answer answer;
};

bool SameName(std::string_view a, std::string_view b) {
  if (a.ends_with('.')) a.remove_suffix(1);
  if (b.ends_with('.')) b.remove_suffix(1);
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// c-ares lists the CNAME records of the answer as (alias -> name) pairs;
// walk them from the name asked so the chain comes out in order.
std::vector<std::string> CnameChain(std::string_view asked, const ares_addrinfo_cname* cnames) {
  std::vector<std::string> chain;
  std::string current(asked);
  for (int hops = 0; hops < 16; ++hops) {  // a CNAME loop ends here
    const ares_addrinfo_cname* next = nullptr;
    for (const ares_addrinfo_cname* c = cnames; c != nullptr; c = c->next) {
      if (c->alias != nullptr && c->name != nullptr && SameName(c->alias, current)) next = c;
    }
    if (next == nullptr) break;
    chain.emplace_back(next->name);
    current = next->name;
  }
  return chain;
}

void OnAddrInfo(void* arg, int status, int /*timeouts*/, ares_addrinfo* result) {
  auto* state = static_cast<LookupState*>(arg);
  state->done = true;
  state->status = status;
  if (status != ARES_SUCCESS || result == nullptr) {
    if (result != nullptr) ares_freeaddrinfo(result);
    return;
  }
  for (const ares_addrinfo_node* node = result->nodes; node != nullptr; node = node->ai_next) {
    if (node->ai_family != AF_INET) continue;
    sockaddr_in address{};
    std::memcpy(&address, node->ai_addr, sizeof address);
    std::array<char, INET_ADDRSTRLEN> text{};
    inet_ntop(AF_INET, &address.sin_addr, text.data(), text.size());
    state->answer.addresses.emplace_back(text.data());
  }
  state->answer.cname_chain = CnameChain(state->name, result->cnames);
  ares_freeaddrinfo(result);
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
  auto answer = Lookup(name);
  if (!answer) return answer.error();
  return std::move(answer->addresses);
}

base::Result<Answer> Resolver::Lookup(std::string_view name) const {
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
  state.name = std::string(name);
  ares_addrinfo_hints hints{};
  hints.ai_family = AF_INET;
  ares_getaddrinfo(channel, state.name.c_str(), nullptr, &hints, OnAddrInfo, &state);
  Drive(channel, state);
  ares_destroy(channel);

  const std::string server = options_.server.empty() ? "the system resolver" : options_.server;
  switch (state.status) {
    case ARES_SUCCESS:
      if (state.answer.addresses.empty()) return base::NotFound(fmt::format("{}: no A record at {}", name, server));
      return std::move(state.answer);
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
