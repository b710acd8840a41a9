#include "protocol/setupbin/file.h"

#include <fmt/format.h>

#include "protocol/setupbin/setupbin_format.h"

namespace openscs::setupbin {

bool FileVersion::IsSupported() const {
  if (major < kMinMajorVersion || major > kMaxMajorVersion) return false;
  return minor == 0 || (major == 2 && minor == 1);
}

std::string FileVersion::ToString() const {
  return minor == 0 ? fmt::format("{}", major) : fmt::format("{}.{}", major, minor);
}

}  // namespace openscs::setupbin
