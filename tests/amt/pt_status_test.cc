#include "amt/pt_status.h"

#include <gtest/gtest.h>

#include <set>

namespace openscs::amt {
namespace {

TEST(PtStatus, LooksUpReferenceCodes) {
  EXPECT_EQ(LookUpPtStatus(0x809)->name, "PT_STATUS_DATA_MISSING");
  EXPECT_EQ(LookUpPtStatus(0x80D)->name, "PT_STATUS_PKI_GENERATING_KEYS");
  EXPECT_EQ(LookUpPtStatus(0x2B)->code, PtStatus::kInvalidPpsFormat);
  EXPECT_FALSE(LookUpPtStatus(0x7777));
}

TEST(PtStatus, CodesAndNamesAreUnique) {
  std::set<uint32_t> codes;
  std::set<std::string_view> names;
  for (const auto& s : KnownPtStatuses()) {
    EXPECT_TRUE(codes.insert(static_cast<uint32_t>(s.code)).second) << s.name;
    EXPECT_TRUE(names.insert(s.name).second) << s.name;
  }
}

}  // namespace
}  // namespace openscs::amt
