#include "media/health.hpp"

#include <gtest/gtest.h>

namespace media {
namespace {
using namespace std::chrono_literals;

struct FakeClock {
  SteadyTime now = SteadyTime{} + 1000s;
  Clock clock() {
    return [this] { return now; };
  }
};

LegCounters healthy_at(SteadyTime t) {
  LegCounters c;
  c.joined = t - 10s;
  c.video.last_packet = t;
  c.audio.last_packet = t;
  return c;
}

TEST(LossGrade, ThresholdsFollowTheIssue) {
  EXPECT_EQ(grade_loss(0.0), LossGrade::good);
  EXPECT_EQ(grade_loss(0.99), LossGrade::good);
  EXPECT_EQ(grade_loss(1.0), LossGrade::ok);
  EXPECT_EQ(grade_loss(2.99), LossGrade::ok);
  EXPECT_EQ(grade_loss(3.0), LossGrade::bad);
  EXPECT_EQ(grade_loss(9.99), LossGrade::bad);
  EXPECT_EQ(grade_loss(10.0), LossGrade::terrible);
}

TEST(Health, LegWithoutPacketsIsConnectingThenLost) {
  FakeClock fake;
  HealthEvaluator eval(fake.clock());
  LegCounters c;
  c.joined = fake.now;
  EXPECT_EQ(eval.evaluate("a", c).state, LegState::connecting);
  fake.now += 11s;
  EXPECT_EQ(eval.evaluate("a", c).state, LegState::lost);
}

TEST(Health, RecentPacketsWithoutLossAreOk) {
  FakeClock fake;
  HealthEvaluator eval(fake.clock());
  EXPECT_EQ(eval.evaluate("a", healthy_at(fake.now)).state, LegState::ok);
}

TEST(Health, SilenceForThreeSecondsIsLost) {
  FakeClock fake;
  HealthEvaluator eval(fake.clock());
  const auto c = healthy_at(fake.now);
  fake.now += 3100ms;
  const auto h = eval.evaluate("a", c);
  EXPECT_EQ(h.state, LegState::lost);
  EXPECT_NEAR(*h.video.last_packet_age_ms, 3100.0, 0.5);
}

TEST(Health, BitrateAndWindowLossComeFromCounterDeltas) {
  FakeClock fake;
  HealthEvaluator eval(fake.clock());
  auto c = healthy_at(fake.now);
  c.video.bytes_in = 1000;
  c.video.expected_in = 100;
  c.video.lost_in = 0;
  eval.evaluate("a", c);
  fake.now += 2s;
  c = healthy_at(fake.now);
  c.video.bytes_in = 1000 + 150000;  // 600 kbit/s over 2 s
  c.video.expected_in = 100 + 200;
  c.video.lost_in = 20;               // 10 % in the window
  const auto h = eval.evaluate("a", c);
  EXPECT_NEAR(h.video.bitrate_in_kbps, 600.0, 0.01);
  EXPECT_NEAR(h.video.loss_percent, 10.0, 0.01);
  EXPECT_EQ(h.video.loss_grade, LossGrade::terrible);
  EXPECT_EQ(h.state, LegState::degraded);
}

TEST(Health, AQuickSecondLookRepeatsTheLastWindowInsteadOfATinyOne) {
  FakeClock fake;
  HealthEvaluator eval(fake.clock());
  auto c = healthy_at(fake.now);
  eval.evaluate("a", c);
  fake.now += 1s;
  c = healthy_at(fake.now);
  c.audio.bytes_in = 4000;
  c.audio.expected_in = 50;
  c.audio.lost_in = 5;
  EXPECT_NEAR(eval.evaluate("a", c).audio.loss_percent, 10.0, 0.01);
  fake.now += 20ms;  // one more packet arrived, none lost
  c.audio.expected_in = 51;
  const auto h = eval.evaluate("a", c);
  EXPECT_NEAR(h.audio.loss_percent, 10.0, 0.01);
  EXPECT_NEAR(h.audio.bitrate_in_kbps, 32.0, 0.01);
}

TEST(Health, PeerReportedLossDegradesTheLeg) {
  FakeClock fake;
  HealthEvaluator eval(fake.clock());
  auto c = healthy_at(fake.now);
  c.audio.peer_loss_percent = 5.0;
  const auto h = eval.evaluate("a", c);
  EXPECT_EQ(h.audio.loss_grade, LossGrade::bad);
  EXPECT_EQ(h.state, LegState::degraded);
}

TEST(Health, DecodedVideoWithoutNewFrameForOverASecondIsFrozen) {
  FakeClock fake;
  HealthEvaluator eval(fake.clock());
  auto c = healthy_at(fake.now);
  c.video_decoded = true;
  c.last_frame = fake.now - 1200ms;
  auto h = eval.evaluate("a", c);
  EXPECT_TRUE(h.frozen);
  EXPECT_EQ(h.state, LegState::degraded);
  c.video_decoded = false;  // not visible: not decoded, so not judged frozen
  fake.now += 1s;
  c.video.last_packet = c.audio.last_packet = fake.now;
  h = eval.evaluate("a", c);
  EXPECT_FALSE(h.frozen);
  EXPECT_EQ(h.state, LegState::ok);
}

TEST(Health, DecodedFpsIsFramesPerSecondOfTheWindow) {
  FakeClock fake;
  HealthEvaluator eval(fake.clock());
  auto c = healthy_at(fake.now);
  c.video_decoded = true;
  c.frames_decoded = 10;
  c.last_frame = fake.now;
  eval.evaluate("a", c);
  fake.now += 1s;
  c = healthy_at(fake.now);
  c.video_decoded = true;
  c.frames_decoded = 40;
  c.last_frame = fake.now;
  EXPECT_NEAR(eval.evaluate("a", c).decoded_fps, 30.0, 0.01);
}

TEST(Health, HighJitterDegrades) {
  FakeClock fake;
  HealthEvaluator eval(fake.clock());
  auto c = healthy_at(fake.now);
  c.video.jitter_ms = 80.0;
  EXPECT_EQ(eval.evaluate("a", c).state, LegState::degraded);
}

}  // namespace
}  // namespace media
