#include "store/records.h"

#include <gtest/gtest.h>

namespace openscs::store {
namespace {

TEST(Records, NamesRoundTripAndParseIgnoresCase) {
  for (auto s : {SystemState::kDiscovered, SystemState::kProvisioning, SystemState::kOperational, SystemState::kFailed}) {
    EXPECT_EQ(ParseSystemState(SystemStateName(s)), s);
  }
  for (auto l : {LogLevel::kError, LogLevel::kWarning, LogLevel::kInfo, LogLevel::kDebug}) {
    EXPECT_EQ(ParseLogLevel(LogLevelName(l)), l);
  }
  for (auto k : {KeyStatus::kAvailable, KeyStatus::kExported, KeyStatus::kBound, KeyStatus::kConsumed,
                 KeyStatus::kRevoked}) {
    EXPECT_EQ(ParseKeyStatus(KeyStatusName(k)), k);
  }
  EXPECT_EQ(LogLevelName(LogLevel::kWarning), "warning");
  EXPECT_EQ(ParseLogLevel("DEBUG"), LogLevel::kDebug);
  EXPECT_EQ(ParseKeyStatus("Exported"), KeyStatus::kExported);
  EXPECT_EQ(ParseSystemState("operational"), SystemState::kOperational);
  EXPECT_FALSE(ParseLogLevel("verbose"));
  EXPECT_FALSE(ParseKeyStatus(""));
  EXPECT_FALSE(ParseSystemState("discovered "));
}

}  // namespace
}  // namespace openscs::store
