#include "media/rtp_stats.hpp"

#include <gtest/gtest.h>

namespace media {
namespace {
using namespace std::chrono_literals;
const auto t0 = std::chrono::steady_clock::time_point{} + 100s;

TEST(RtpReceiveStats, EveryTenthPacketDroppedIsTenPercentLoss) {
  RtpReceiveStats stats(90000);
  for (int i = 0; i < 1000; ++i) {
    if (i % 10 == 9) continue;
    stats.on_packet(static_cast<std::uint16_t>(65000 + i), static_cast<std::uint32_t>(i * 3000), t0 + i * 33ms);
  }
  EXPECT_EQ(stats.received(), 900u);
  EXPECT_EQ(stats.expected(), 999);  // the last sent (999) was dropped: not known yet
  EXPECT_EQ(stats.lost(), 99);
  const auto block = stats.make_report(5, 0, 0);
  EXPECT_EQ(block.fraction_lost, (99 << 8) / 999);
  EXPECT_EQ(block.extended_highest_sequence, 65000u + 998u);  // crossed the 16-bit wrap
}

TEST(RtpReceiveStats, SequenceWrapIsCounted) {
  RtpReceiveStats stats(48000);
  for (int i = 0; i < 100; ++i) stats.on_packet(static_cast<std::uint16_t>(65500 + i), 0, t0);
  EXPECT_EQ(stats.lost(), 0);
  EXPECT_EQ(stats.extended_highest(), 65536u + 63u);
}

TEST(RtpReceiveStats, SteadyPacketsHaveNoJitter) {
  RtpReceiveStats stats(90000);
  for (int i = 0; i < 100; ++i) stats.on_packet(static_cast<std::uint16_t>(i), static_cast<std::uint32_t>(i * 3000), t0 + i * 33333us);
  EXPECT_LT(stats.jitter_ms(), 0.1);
}

TEST(RtpReceiveStats, AlternatingDelayShowsAsJitter) {
  RtpReceiveStats stats(90000);
  for (int i = 0; i < 400; ++i) {
    const auto delay = (i % 2) ? 20ms : 0ms;
    stats.on_packet(static_cast<std::uint16_t>(i), static_cast<std::uint32_t>(i * 3000), t0 + i * 33333us + delay);
  }
  EXPECT_NEAR(stats.jitter_ms(), 20.0, 1.0);
}

TEST(RtpReceiveStats, BigJumpNeedsConfirmationThenRestarts) {
  RtpReceiveStats stats(90000);
  for (int i = 0; i < 10; ++i) stats.on_packet(static_cast<std::uint16_t>(i), 0, t0);
  EXPECT_FALSE(stats.on_packet(30000, 0, t0));
  EXPECT_TRUE(stats.on_packet(30001, 0, t0));
  EXPECT_EQ(stats.lost(), 0);
  EXPECT_EQ(stats.received(), 1u);
}

TEST(RtpReceiveStats, IntervalFractionLostResetsEachReport) {
  RtpReceiveStats stats(48000);
  for (int i = 0; i < 100; ++i) {
    if (i % 4 == 1) continue;
    stats.on_packet(static_cast<std::uint16_t>(i), 0, t0);
  }
  EXPECT_EQ(stats.make_report(1, 0, 0).fraction_lost, 64);  // 25 %
  for (int i = 100; i < 200; ++i) stats.on_packet(static_cast<std::uint16_t>(i), 0, t0);
  EXPECT_EQ(stats.make_report(1, 0, 0).fraction_lost, 0);
}

}  // namespace
}  // namespace media
