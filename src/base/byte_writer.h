#pragma once

// Little-endian appends to an owned buffer; the counterpart of ByteReader.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace openscs::base {

class ByteWriter {
 public:
  void U8(uint8_t v) { out_.push_back(std::byte{v}); }
  void U16Le(uint16_t v) {
    U8(static_cast<uint8_t>(v));
    U8(static_cast<uint8_t>(v >> 8));
  }
  void U32Le(uint32_t v) {
    U16Le(static_cast<uint16_t>(v));
    U16Le(static_cast<uint16_t>(v >> 16));
  }
  void Bytes(std::span<const std::byte> bytes) { out_.insert(out_.end(), bytes.begin(), bytes.end()); }
  void Ascii(std::string_view text) {
    for (char c : text) out_.push_back(static_cast<std::byte>(c));
  }
  void Zeros(size_t count) { out_.insert(out_.end(), count, std::byte{0}); }
  // Appends zeros until size() is a multiple of `alignment`.
  void PadTo(size_t alignment) {
    if (const size_t rest = out_.size() % alignment; rest != 0) Zeros(alignment - rest);
  }

  size_t size() const { return out_.size(); }
  // Overwrites an already written little-endian u32 at `offset` (< size() - 3).
  void PatchU32Le(size_t offset, uint32_t v) {
    for (int i = 0; i < 4; ++i) out_[offset + static_cast<size_t>(i)] = std::byte(static_cast<uint8_t>(v >> (8 * i)));
  }

  std::vector<std::byte> Take() && { return std::move(out_); }
  const std::vector<std::byte>& bytes() const { return out_; }

 private:
  std::vector<std::byte> out_;
};

}  // namespace openscs::base
