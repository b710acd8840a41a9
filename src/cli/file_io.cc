#include "cli/file_io.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

namespace openscs::cli {

base::Result<std::vector<std::byte>> ReadBinaryFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return base::IoError(fmt::format("cannot open '{}': {}", path, std::strerror(errno)));
  std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return base::IoError(fmt::format("cannot read '{}'", path));
  std::vector<std::byte> bytes(chars.size());
  std::memcpy(bytes.data(), chars.data(), chars.size());
  return bytes;
}

base::Status WriteFileAtomically(const std::string& path, std::span<const std::byte> bytes, unsigned mode) {
  const std::string tmp = fmt::format("{}.tmp-{}", path, getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return base::IoError(fmt::format("cannot create '{}': {}", tmp, std::strerror(errno)));
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int saved = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      return base::IoError(fmt::format("cannot write '{}': {}", path, std::strerror(saved)));
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const int saved = errno;
    ::unlink(tmp.c_str());
    return base::IoError(fmt::format("cannot flush '{}': {}", path, std::strerror(saved)));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int saved = errno;
    ::unlink(tmp.c_str());
    return base::IoError(fmt::format("cannot replace '{}': {}", path, std::strerror(saved)));
  }
  return base::Status::Ok();
}

}  // namespace openscs::cli
