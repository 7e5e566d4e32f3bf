#include "media/downlink_redundancy.hpp"

#include <gtest/gtest.h>

namespace media {
namespace {
using namespace std::chrono_literals;
using State = DownlinkRedundancy::State;
using TimePoint = std::chrono::steady_clock::time_point;

const TimePoint t0 = TimePoint{} + 100s;

// n windows of `loss` percent, one a second from `at`; returns the time after the last.
TimePoint windows(DownlinkRedundancy& r, double loss, int n, TimePoint at) {
  for (int i = 0; i < n; ++i, at += 1s) r.on_window(loss, at);
  return at;
}

TEST(DownlinkRedundancy, ACleanOrBarelyLossyDownlinkGetsNoCopies) {
  DownlinkRedundancy r;
  auto t = windows(r, 0.0, 10, t0);
  t = windows(r, 4.0, 10, t);
  EXPECT_FALSE(r.sending_copies());
  // One lossy window between clean ones is not a lossy link.
  for (int i = 0; i < 6; ++i) t = windows(r, i % 2 ? 10.0 : 0.0, 1, t);
  EXPECT_FALSE(r.sending_copies());
}

TEST(DownlinkRedundancy, SteadyRandomLossStartsATrialThatTheFallingLossConfirms) {
  DownlinkRedundancy r;
  auto t = windows(r, 10.0, 2, t0);
  EXPECT_EQ(r.state(), State::trial);
  EXPECT_TRUE(r.sending_copies());
  // With copies the receiver misses a packet only when both are lost; on a jittery link it
  // still asks for packets that were only late, so the fall is uneven.
  t = windows(r, 9.0, 1, t);
  t = windows(r, 5.0, 3, t);
  EXPECT_EQ(r.state(), State::on);
  EXPECT_TRUE(r.sending_copies());
}

TEST(DownlinkRedundancy, LossThatCopiesDoNotLowerIsCongestionAndIsLeftAloneForTwoMinutes) {
  DownlinkRedundancy r;
  auto t = windows(r, 10.0, 2, t0);  // trial from t0 + 1 s
  t = windows(r, 13.0, 4, t);        // twice the packets on a full link: worse; blocked at t0 + 5 s
  EXPECT_EQ(r.state(), State::off);
  EXPECT_FALSE(r.sending_copies());
  t = windows(r, 20.0, 118, t);  // up to t0 + 123 s: still blocked
  EXPECT_EQ(r.state(), State::off);
  t = windows(r, 20.0, 4, t);  // t0 + 125 s and after: tried again
  EXPECT_EQ(r.state(), State::trial);
}

TEST(DownlinkRedundancy, CopiesThatDoNotMakeItWorseStayOnThoughTheAskingStaysHigh) {
  DownlinkRedundancy r;
  auto t = windows(r, 10.0, 2, t0);
  t = windows(r, 11.0, 4, t);  // a jittery link: much of what it asks for was only late
  EXPECT_EQ(r.state(), State::on);
}

TEST(DownlinkRedundancy, LossRisingWhileOnPausesCopiesAndCongestionThenSwitchesThemOff) {
  DownlinkRedundancy r;
  auto t = windows(r, 8.0, 2, t0);
  t = windows(r, 0.0, 4, t);
  ASSERT_EQ(r.state(), State::on);
  t = windows(r, 16.0, 1, t);  // one bad window among good ones: not yet
  t = windows(r, 2.0, 2, t);   // three windows averaging 6.7 %: below 1.25 x the 8 % before
  EXPECT_EQ(r.state(), State::on);
  t = windows(r, 12.0, 1, t);
  t = windows(r, 8.0, 1, t);
  EXPECT_EQ(r.state(), State::on);
  t = windows(r, 11.0, 1, t);  // 12, 8, 11: 10.3 % >= 10 %: paused to see whether copies cause it
  EXPECT_EQ(r.state(), State::probe);
  EXPECT_FALSE(r.sending_copies());
  t = windows(r, 6.0, 4, t);   // without copies 6 %, with them 10.3 %: they filled the link
  EXPECT_EQ(r.state(), State::off);
  t = windows(r, 10.0, 20, t);
  EXPECT_EQ(r.state(), State::off) << "blocked";
}

TEST(DownlinkRedundancy, ALinkThatGetsWorseByItselfKeepsItsCopies) {
  DownlinkRedundancy r;
  auto t = windows(r, 6.0, 2, t0);  // 5 % loss: copies tried ...
  t = windows(r, 0.0, 4, t);        // ... and on
  ASSERT_EQ(r.state(), State::on);
  t = windows(r, 9.0, 3, t);        // the link now loses 20 %: even with copies it asks for more
  ASSERT_EQ(r.state(), State::probe);
  t = windows(r, 25.0, 4, t);       // without copies far worse: the link, not the copies
  EXPECT_EQ(r.state(), State::on);
  EXPECT_TRUE(r.sending_copies());
  t = windows(r, 9.0, 6, t);        // 9 % is well below the new 25 % before: stays on
  EXPECT_EQ(r.state(), State::on);
}

TEST(DownlinkRedundancy, CopiesStayWhileBothCopiesAreSometimesLostAndStopOnceTheLinkHealed) {
  DownlinkRedundancy r;
  auto t = windows(r, 10.0, 2, t0);
  t = windows(r, 0.0, 4, t);
  ASSERT_EQ(r.state(), State::on);
  for (int i = 0; i <= 120; ++i) {
    t = windows(r, i % 20 == 0 ? 3.0 : 0.0, 1, t);  // a packet and its copy lost now and then
    EXPECT_TRUE(r.sending_copies()) << i;
  }
  t = windows(r, 0.0, 29, t);
  EXPECT_TRUE(r.sending_copies());
  t = windows(r, 0.0, 2, t);  // 30 s without a loss
  EXPECT_FALSE(r.sending_copies());
  // Not blocked: a lossy link again starts a new trial at once.
  t = windows(r, 10.0, 2, t);
  EXPECT_EQ(r.state(), State::trial);
}

}  // namespace
}  // namespace media
