#pragma once

// What the benchmarks read about their own process.

#include <sys/resource.h>

#include <fstream>
#include <string>

namespace openscs::bench {

// Resident set size in KiB (VmRSS), or -1 if /proc is not there.
inline long ResidentKiB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

// Thousands of sockets: raise the soft descriptor limit to the hard one.
inline void RaiseFileLimit() {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
}

}  // namespace openscs::bench
