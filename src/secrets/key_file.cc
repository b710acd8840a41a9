#include "secrets/key_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <sodium.h>

namespace openscs::secrets {
namespace {

// Group and other permission bits: none may be set on a key file.
constexpr mode_t kGroupOtherBits = S_IRWXG | S_IRWXO;
constexpr mode_t kKeyFileMode = S_IRUSR | S_IWUSR;

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  // Closes now, reporting the error close(2) may hold back from write(2).
  int Close() {
    const int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

base::Status SystemError(std::string_view what, const std::filesystem::path& path) {
  return base::IoError(fmt::format("key file '{}': cannot {}: {}", path.string(), what, std::strerror(errno)));
}

// nullopt when there is no file at `path` (the caller creates one).
base::Result<std::optional<KeyBytes>> ReadExisting(const std::filesystem::path& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return std::optional<KeyBytes>();
    return SystemError("open", path);
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return SystemError("stat", path);
  if (!S_ISREG(st.st_mode)) {
    return base::FailedPrecondition(fmt::format("key file '{}' is not a regular file", path.string()));
  }
  if ((st.st_mode & kGroupOtherBits) != 0) {
    return base::FailedPrecondition(
        fmt::format("key file '{}' is accessible by group or others (mode {:04o}); run chmod 600 on it", path.string(),
                    st.st_mode & 07777));
  }
  if (st.st_size != static_cast<off_t>(kKeySize)) {
    return base::FailedPrecondition(fmt::format("key file '{}' is {} bytes, expected {} (not an openscs key file?)",
                                                path.string(), st.st_size, kKeySize));
  }
  KeyBytes key{};
  size_t got = 0;
  while (got < key.size()) {
    const ssize_t n = ::read(fd.get(), key.data() + got, key.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      sodium_memzero(key.data(), key.size());
      return n < 0 ? SystemError("read", path)
                   : base::IoError(fmt::format("key file '{}' shrank while being read", path.string()));
    }
    got += static_cast<size_t>(n);
  }
  return std::optional<KeyBytes>(key);
}

base::Status WriteAll(int fd, std::span<const std::byte> bytes, const std::filesystem::path& path) {
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return SystemError("write", path);
    written += static_cast<size_t>(n);
  }
  return base::Status::Ok();
}

// Writes a new key to a private temporary file and links it into place:
// link(2), unlike rename(2), fails when `path` appeared meanwhile, so a key
// another process already published (and may have sealed with) is never
// replaced. nullopt when that happened (the caller reads the winner's key).
base::Result<std::optional<KeyBytes>> CreateNew(const std::filesystem::path& path, const base::RandomSource& random) {
  const std::filesystem::path tmp = path.string() + fmt::format(".tmp-{}", ::getpid());
  // A leftover of ours (same pid) is from an earlier, failed attempt.
  ::unlink(tmp.c_str());
  Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, kKeyFileMode));
  if (fd.get() < 0) return SystemError("create", tmp);
  KeyBytes key{};
  random(key);
  auto fail = [&](base::Status status) {
    sodium_memzero(key.data(), key.size());
    ::unlink(tmp.c_str());
    return status;
  };
  // The umask may have narrowed the mode further; make it exactly 0600.
  if (::fchmod(fd.get(), kKeyFileMode) != 0) return fail(SystemError("chmod", tmp));
  if (auto s = WriteAll(fd.get(), key, tmp); !s.ok()) return fail(s);
  if (::fsync(fd.get()) != 0) return fail(SystemError("flush", tmp));
  if (fd.Close() != 0) return fail(SystemError("close", tmp));
  if (::link(tmp.c_str(), path.c_str()) != 0) {
    if (errno == EEXIST) {
      sodium_memzero(key.data(), key.size());
      ::unlink(tmp.c_str());
      return std::optional<KeyBytes>();
    }
    return fail(SystemError("create", path));
  }
  ::unlink(tmp.c_str());
  // Make the new directory entry durable before anything is sealed with it.
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  Fd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir_fd.get() >= 0) ::fsync(dir_fd.get());
  return std::optional<KeyBytes>(key);
}

}  // namespace

base::Result<KeyBytes> LoadOrCreateKeyFile(const std::filesystem::path& path, const base::RandomSource& random) {
  // Two rounds: if another process creates the file between our read and
  // our link, the second read finds its key.
  for (int round = 0; round < 2; ++round) {
    auto existing = ReadExisting(path);
    if (!existing) return existing.error();
    if (*existing) return **existing;
    auto created = CreateNew(path, random);
    if (!created) return created.error();
    if (*created) return **created;
  }
  return base::IoError(fmt::format("key file '{}' keeps appearing and disappearing", path.string()));
}

}  // namespace openscs::secrets
