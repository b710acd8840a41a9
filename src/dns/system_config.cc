#include "dns/system_config.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace openscs::dns {
namespace {

std::vector<std::string> Words(std::string_view line) {
  std::vector<std::string> out;
  std::istringstream in{std::string(line)};
  for (std::string word; in >> word;) out.push_back(std::move(word));
  return out;
}

}  // namespace

std::vector<std::string> ParseSearchDomains(std::string_view resolv_conf) {
  std::vector<std::string> domains;
  size_t start = 0;
  while (start < resolv_conf.size()) {
    size_t end = resolv_conf.find('\n', start);
    if (end == std::string_view::npos) end = resolv_conf.size();
    std::string_view line = resolv_conf.substr(start, end - start);
    start = end + 1;
    if (const size_t comment = line.find_first_of("#;"); comment != std::string_view::npos) {
      line = line.substr(0, comment);
    }
    std::vector<std::string> words = Words(line);
    if (words.empty() || (words[0] != "search" && words[0] != "domain")) continue;
    domains.clear();
    for (size_t i = 1; i < words.size(); ++i) {
      std::string domain = std::move(words[i]);
      while (domain.ends_with('.')) domain.pop_back();
      if (!domain.empty()) domains.push_back(std::move(domain));
    }
  }
  return domains;
}

base::Result<std::vector<std::string>> ReadSearchDomains(const std::string& path) {
  std::ifstream in(path);
  if (!in) return base::IoError(fmt::format("cannot read '{}': {}", path, std::strerror(errno)));
  std::stringstream text;
  text << in.rdbuf();
  return ParseSearchDomains(text.str());
}

base::Result<std::vector<std::string>> LocalIpv4Addresses() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) {
    return base::IoError(fmt::format("cannot list network interfaces: {}", std::strerror(errno)));
  }
  std::vector<std::string> out;
  for (const ifaddrs* ifa = list; ifa != nullptr; ifa = ifa->ifa_next) {
    if (ifa->ifa_addr == nullptr || ifa->ifa_addr->sa_family != AF_INET || (ifa->ifa_flags & IFF_UP) == 0) continue;
    sockaddr_in address{};
    std::memcpy(&address, ifa->ifa_addr, sizeof address);
    if ((ntohl(address.sin_addr.s_addr) >> 24) == 127) continue;
    std::array<char, INET_ADDRSTRLEN> text{};
    inet_ntop(AF_INET, &address.sin_addr, text.data(), text.size());
    out.emplace_back(text.data());
  }
  freeifaddrs(list);
  return out;
}

}  // namespace openscs::dns
