#include "capture/reader.h"

#include <pcap/pcap.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

namespace openscs::capture {

struct CaptureReader::Handle {
  pcap_t* pcap = nullptr;
  ~Handle() {
    if (pcap != nullptr) pcap_close(pcap);  // also closes an fmemopen() FILE
  }
};

namespace {

std::optional<LinkType> MapLinkType(int dlt) {
  switch (dlt) {
    case DLT_EN10MB: return LinkType::kEthernet;
    case DLT_LINUX_SLL: return LinkType::kLinuxSll;
    case DLT_LINUX_SLL2: return LinkType::kLinuxSll2;
    case DLT_NULL: return LinkType::kNull;
    case DLT_LOOP: return LinkType::kLoop;
    case DLT_RAW: return LinkType::kRaw;
    case DLT_IPV4: return LinkType::kIpv4;
    case DLT_IPV6: return LinkType::kIpv6;
    default: return std::nullopt;
  }
}

base::Status UnsupportedLinkType(const std::string& name, int dlt) {
  const char* dlt_name = pcap_datalink_val_to_name(dlt);
  const char* description = pcap_datalink_val_to_description(dlt);
  return base::InvalidArgument(fmt::format(
      "{}: link type {} ({}{}{}) is not supported; supported: Ethernet, Linux cooked SLL/SLL2, "
      "BSD loopback, raw IPv4/IPv6",
      name, dlt, dlt_name != nullptr ? dlt_name : "unknown", description != nullptr ? ", " : "",
      description != nullptr ? description : ""));
}

}  // namespace

CaptureReader::CaptureReader(std::unique_ptr<Handle> handle, LinkType link_type)
    : handle_(std::move(handle)), link_type_(link_type) {}

CaptureReader::~CaptureReader() = default;

base::Result<std::unique_ptr<CaptureReader>> CaptureReader::OpenFile(const std::string& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) return base::NotFound(fmt::format("{}: no such file", path));
  if (std::filesystem::is_directory(status)) return base::InvalidArgument(fmt::format("{}: is a directory, not a capture", path));
  if (std::filesystem::file_size(path, ec) == 0 && !ec) {
    return base::InvalidArgument(fmt::format("{}: empty file, not a pcap or pcapng capture", path));
  }
  FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    const int error = errno;
    const std::string message = fmt::format("{}: cannot open: {}", path, std::strerror(error));
    if (error == EACCES) return base::PermissionDenied(message);
    return base::IoError(message);
  }
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  auto handle = std::make_unique<Handle>();
  handle->pcap = pcap_fopen_offline_with_tstamp_precision(file, PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (handle->pcap == nullptr) {
    std::fclose(file);
    return base::InvalidArgument(fmt::format("{}: not a pcap or pcapng capture ({})", path, errbuf));
  }
  const int dlt = pcap_datalink(handle->pcap);
  const auto link = MapLinkType(dlt);
  if (!link) return UnsupportedLinkType(path, dlt);
  return std::unique_ptr<CaptureReader>(new CaptureReader(std::move(handle), *link));
}

base::Result<std::unique_ptr<CaptureReader>> CaptureReader::OpenMemory(std::span<const std::byte> bytes,
                                                                         const std::string& name) {
  if (bytes.empty()) return base::InvalidArgument(fmt::format("{}: empty, not a pcap or pcapng capture", name));
  // fmemopen() only reads through the pointer in "rb" mode.
  FILE* file = fmemopen(const_cast<std::byte*>(bytes.data()), bytes.size(), "rb");
  if (file == nullptr) return base::IoError(fmt::format("{}: fmemopen: {}", name, std::strerror(errno)));
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  auto handle = std::make_unique<Handle>();
  handle->pcap = pcap_fopen_offline_with_tstamp_precision(file, PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (handle->pcap == nullptr) {
    std::fclose(file);
    return base::InvalidArgument(fmt::format("{}: not a pcap or pcapng capture ({})", name, errbuf));
  }
  const int dlt = pcap_datalink(handle->pcap);
  const auto link = MapLinkType(dlt);
  if (!link) return UnsupportedLinkType(name, dlt);
  return std::unique_ptr<CaptureReader>(new CaptureReader(std::move(handle), *link));
}

NextFrame CaptureReader::Next() {
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  const int rc = pcap_next_ex(handle_->pcap, &header, &data);
  NextFrame out;
  if (rc == 1) {
    RawFrame frame;
    frame.number = ++count_;
    frame.time = static_cast<double>(header->ts.tv_sec) + static_cast<double>(header->ts.tv_usec) / 1e9;
    frame.wire_length = header->len;
    frame.bytes = std::span<const std::byte>(reinterpret_cast<const std::byte*>(data), header->caplen);
    out.frame = frame;
  } else if (rc == PCAP_ERROR) {
    out.error = pcap_geterr(handle_->pcap);
  }
  return out;  // PCAP_ERROR_BREAK (-2): end of file
}

}  // namespace openscs::capture
