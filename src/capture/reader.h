#pragma once

// Reads frames from a pcap or pcapng capture through libpcap, from a file or
// from memory (the fuzzer). Not thread-safe; one reader per capture.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "base/status.h"
#include "capture/frame.h"

namespace openscs::capture {

struct RawFrame {
  uint64_t number = 0;  // 1-based, as Wireshark numbers packets
  double time = 0;      // seconds since the Unix epoch
  uint32_t wire_length = 0;
  std::span<const std::byte> bytes;  // valid until the next call to Next()
};

// What Next() found: a frame, the end, or a damaged file. `error` is set only
// when the file stops in the middle of a record (a capture cut short); the
// frames before it are good.
struct NextFrame {
  std::optional<RawFrame> frame;
  std::string error;
};

class CaptureReader {
 public:
  // Fails with NotFound (no such file), PermissionDenied, or InvalidArgument
  // naming the file and what is wrong with it: not a pcap/pcapng capture, or
  // a link type the decoder does not support (named).
  static base::Result<std::unique_ptr<CaptureReader>> OpenFile(const std::string& path);
  // The same over bytes in memory; `bytes` must outlive the reader. `name`
  // is used in messages.
  static base::Result<std::unique_ptr<CaptureReader>> OpenMemory(std::span<const std::byte> bytes,
                                                                   const std::string& name = "capture");
  ~CaptureReader();
  CaptureReader(const CaptureReader&) = delete;
  CaptureReader& operator=(const CaptureReader&) = delete;

  LinkType link_type() const { return link_type_; }
  NextFrame Next();

 private:
  struct Handle;
  CaptureReader(std::unique_ptr<Handle> handle, LinkType link_type);

  std::unique_ptr<Handle> handle_;
  LinkType link_type_;
  uint64_t count_ = 0;
};

}  // namespace openscs::capture
