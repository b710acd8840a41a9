#include "base/byte_reader.h"

#include <gtest/gtest.h>

#include "base/byte_writer.h"

namespace openscs::base {
namespace {

TEST(ByteReader, ReadsLittleEndian) {
  ByteWriter w;
  w.U8(0xab);
  w.U16Le(0x1234);
  w.U32Le(0xdeadbeef);
  EXPECT_EQ(w.bytes()[1], std::byte{0x34});
  ByteReader r(w.bytes());
  EXPECT_EQ(r.U8(), 0xab);
  EXPECT_EQ(r.U16Le(), 0x1234);
  EXPECT_EQ(r.U32Le(), 0xdeadbeefu);
  EXPECT_TRUE(r.empty());
}

TEST(ByteReader, ShortReadLeavesPositionUnchanged) {
  const std::byte data[3] = {std::byte{1}, std::byte{2}, std::byte{3}};
  ByteReader r(data);
  ASSERT_TRUE(r.U8());
  EXPECT_FALSE(r.U32Le());
  EXPECT_EQ(r.offset(), 1u);
  EXPECT_FALSE(r.Bytes(3));
  EXPECT_EQ(r.U16Le(), 0x0302);
}

TEST(ByteWriter, PadsAndPatches) {
  ByteWriter w;
  w.U32Le(0);
  w.U8(1);
  w.PadTo(4);
  EXPECT_EQ(w.size(), 8u);
  w.PatchU32Le(0, 0x01020304);
  EXPECT_EQ(w.bytes()[0], std::byte{4});
  EXPECT_EQ(w.bytes()[3], std::byte{1});
}

}  // namespace
}  // namespace openscs::base
