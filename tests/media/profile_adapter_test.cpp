#include "media/profile_adapter.hpp"

#include <gtest/gtest.h>

namespace media {
namespace {

constexpr std::size_t kHd = 0, kSd = 1;

ProfileAdapter hd_and_sd() { return ProfileAdapter(profile_ladder({1500, 500}), kHd); }

TEST(ProfileLadder, OrdersProfilesByBitrateHighestFirst) {
  EXPECT_EQ(profile_ladder({1500, 500}), (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(profile_ladder({500, 1500, 250}), (std::vector<std::size_t>{1, 0, 2}));
}

TEST(ProfileAdapter, ThreeCongestedReportsInARowMoveTheLegOneProfileDown) {
  auto adapter = hd_and_sd();
  EXPECT_EQ(adapter.on_report(30.0), kHd);
  EXPECT_EQ(adapter.on_report(30.0), kHd);
  EXPECT_EQ(adapter.on_report(30.0), kSd);
}

TEST(ProfileAdapter, AGoodReportBetweenCongestedOnesKeepsTheProfile) {
  auto adapter = hd_and_sd();
  adapter.on_report(30.0);
  adapter.on_report(30.0);
  EXPECT_EQ(adapter.on_report(0.0), kHd);
  adapter.on_report(30.0);
  EXPECT_EQ(adapter.on_report(30.0), kHd);
  EXPECT_EQ(adapter.on_report(30.0), kSd);
}

TEST(ProfileAdapter, LossAtTheThresholdIsNotCongestion) {
  auto adapter = hd_and_sd();
  for (int i = 0; i < 10; ++i) EXPECT_EQ(adapter.on_report(10.0), kHd);
}

TEST(ProfileAdapter, FiveGoodReportsInARowBringItBackAndModerateLossDoesNot) {
  auto adapter = hd_and_sd();
  for (int i = 0; i < 3; ++i) adapter.on_report(25.0);
  ASSERT_EQ(adapter.current(), kSd);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(adapter.on_report(5.0), kSd) << "between the thresholds: stays down";
  for (int i = 0; i < 4; ++i) EXPECT_EQ(adapter.on_report(0.5), kSd);
  EXPECT_EQ(adapter.on_report(0.5), kHd);
}

TEST(ProfileAdapter, NeverGoesBelowTheLowestNorAboveTheProfileAsked) {
  auto adapter = hd_and_sd();
  for (int i = 0; i < 20; ++i) adapter.on_report(50.0);
  EXPECT_EQ(adapter.current(), kSd);
  ProfileAdapter asked_sd(profile_ladder({1500, 500}), kSd);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(asked_sd.on_report(0.0), kSd);
  EXPECT_EQ(asked_sd.asked(), kSd);
}

TEST(ProfileAdapter, StepsDownOneProfileAtATimeOnALongerLadder) {
  ProfileAdapter adapter(profile_ladder({1500, 800, 300}), 0);
  for (int i = 0; i < 3; ++i) adapter.on_report(40.0);
  EXPECT_EQ(adapter.current(), 1u);
  for (int i = 0; i < 3; ++i) adapter.on_report(40.0);
  EXPECT_EQ(adapter.current(), 2u);
  for (int i = 0; i < 5; ++i) adapter.on_report(0.0);
  EXPECT_EQ(adapter.current(), 1u);
  for (int i = 0; i < 5; ++i) adapter.on_report(0.0);
  EXPECT_EQ(adapter.current(), 0u);
}

}  // namespace
}  // namespace media
