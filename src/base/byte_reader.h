#pragma once

// Explicit-byte-order reads over a borrowed span. Every read either returns a
// value and advances, or returns nullopt and leaves the position unchanged, so
// a caller can report "field X at offset N is truncated" from offset().
// The span must stay alive while the reader is in use.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace openscs::base {

class ByteReader {
 public:
  explicit ByteReader(std::span<const std::byte> bytes) : bytes_(bytes) {}

  size_t offset() const { return offset_; }
  size_t remaining() const { return bytes_.size() - offset_; }
  bool empty() const { return remaining() == 0; }

  std::optional<uint8_t> U8() {
    if (remaining() < 1) return std::nullopt;
    return static_cast<uint8_t>(bytes_[offset_++]);
  }
  std::optional<uint16_t> U16Le() {
    if (remaining() < 2) return std::nullopt;
    const auto value = static_cast<uint16_t>(Byte(0) | Byte(1) << 8);
    offset_ += 2;
    return value;
  }
  std::optional<uint32_t> U32Le() {
    if (remaining() < 4) return std::nullopt;
    const uint32_t value = Byte(0) | Byte(1) << 8 | Byte(2) << 16 | Byte(3) << 24;
    offset_ += 4;
    return value;
  }
  std::optional<std::span<const std::byte>> Bytes(size_t count) {
    if (remaining() < count) return std::nullopt;
    auto out = bytes_.subspan(offset_, count);
    offset_ += count;
    return out;
  }
  bool Skip(size_t count) {
    if (remaining() < count) return false;
    offset_ += count;
    return true;
  }

 private:
  uint32_t Byte(size_t i) const { return static_cast<uint32_t>(bytes_[offset_ + i]); }

  std::span<const std::byte> bytes_;
  size_t offset_ = 0;
};

}  // namespace openscs::base
