#include "media/receive_buffer.hpp"

#include <gtest/gtest.h>

namespace media {
namespace {
using namespace std::chrono_literals;
using Released = ReceiveBuffer::Released;

const auto t0 = std::chrono::steady_clock::time_point{} + 100s;

std::vector<std::uint8_t> packet(std::uint16_t seq) { return {static_cast<std::uint8_t>(seq >> 8), static_cast<std::uint8_t>(seq)}; }

std::vector<std::uint16_t> sequences(const std::vector<Released>& out) {
  std::vector<std::uint16_t> s;
  for (const auto& r : out) s.push_back(static_cast<std::uint16_t>(r.packet[0] << 8 | r.packet[1]));
  return s;
}

TEST(ReceiveBuffer, InOrderPacketsLeaveAtOnce) {
  ReceiveBuffer buffer;
  std::vector<Released> out;
  for (std::uint16_t s = 10; s < 15; ++s) {
    ASSERT_TRUE(buffer.insert(s, packet(s), t0));
    buffer.release(t0, out);
  }
  EXPECT_EQ(sequences(out), (std::vector<std::uint16_t>{10, 11, 12, 13, 14}));
  EXPECT_TRUE(buffer.empty());
  EXPECT_TRUE(buffer.nacks_due(t0 + 1s).empty());
}

TEST(ReceiveBuffer, ReorderedPacketsLeaveInSequenceOrder) {
  ReceiveBuffer buffer;
  std::vector<Released> out;
  buffer.insert(1, packet(1), t0);
  buffer.insert(3, packet(3), t0 + 1ms);
  buffer.release(t0 + 1ms, out);
  EXPECT_EQ(sequences(out), (std::vector<std::uint16_t>{1}));  // 3 waits for 2
  buffer.insert(2, packet(2), t0 + 3ms);
  buffer.release(t0 + 3ms, out);
  EXPECT_EQ(sequences(out), (std::vector<std::uint16_t>{1, 2, 3}));
  EXPECT_EQ(out[2].lost_before, 0u);
}

TEST(ReceiveBuffer, GapIsGivenUpAfterTheDelayAndCountedWithTheNextPacket) {
  ReceiveBuffer buffer;
  buffer.set_link(0.0, 0.0);
  const auto wait = buffer.delay();
  std::vector<Released> out;
  buffer.insert(1, packet(1), t0);
  buffer.insert(4, packet(4), t0);
  buffer.release(t0 + wait - 1ms, out);
  EXPECT_EQ(sequences(out), (std::vector<std::uint16_t>{1}));
  buffer.release(t0 + wait, out);
  EXPECT_EQ(sequences(out), (std::vector<std::uint16_t>{1, 4}));
  EXPECT_EQ(out[1].lost_before, 2u);
  EXPECT_EQ(buffer.counters().lost, 2u);
  // The missing packet, come at last, is too late.
  EXPECT_FALSE(buffer.insert(2, packet(2), t0 + wait + 1ms));
  EXPECT_EQ(buffer.counters().late, 1u);
}

TEST(ReceiveBuffer, DelayIsSizedFromJitterAndRoundTripWithinBounds) {
  ReceiveBuffer buffer;
  buffer.set_link(0.0, 0.0);
  EXPECT_EQ(buffer.delay(), 20ms);  // a clean link: the lower bound
  buffer.set_link(5.0, 20.0);
  EXPECT_GT(buffer.delay(), 20ms);
  EXPECT_LT(buffer.delay(), 200ms);
  buffer.set_link(35.0, 100.0);
  EXPECT_EQ(buffer.delay(), 200ms);  // the upper bound
  buffer.set_link(1e9, 1e9);
  EXPECT_EQ(buffer.delay(), 200ms);

  ReceiveBuffer plain({.nack = false});
  plain.set_link(10.0, 100.0);  // without retransmission the round trip does not matter
  EXPECT_EQ(plain.delay(), 35ms);
}

TEST(ReceiveBuffer, MissingPacketIsNackedAfterTheReorderAllowanceThenRetriedThenNoMore) {
  ReceiveBuffer buffer({.max_nacks = 2});
  buffer.set_link(0.0, 10.0);  // allowance 2 ms, retry 15 ms, delay 2 + 45 = 47 ms
  buffer.insert(1, packet(1), t0);
  buffer.insert(3, packet(3), t0);
  EXPECT_TRUE(buffer.nacks_due(t0 + 1ms).empty());  // may still be reordering
  EXPECT_EQ(buffer.nacks_due(t0 + 2ms), (std::vector<std::uint16_t>{2}));
  EXPECT_TRUE(buffer.nacks_due(t0 + 10ms).empty());  // its answer may be on its way
  EXPECT_EQ(buffer.nacks_due(t0 + 17ms), (std::vector<std::uint16_t>{2}));
  EXPECT_TRUE(buffer.nacks_due(t0 + 40ms).empty());  // asked twice: enough
  EXPECT_EQ(buffer.counters().nacked, 2u);
}

TEST(ReceiveBuffer, NoNackWhoseAnswerCouldNotComeBeforeTheGapIsGivenUp) {
  ReceiveBuffer buffer;
  buffer.set_link(0.0, 150.0);  // delay 200 ms, a round trip 150 ms
  buffer.insert(1, packet(1), t0);
  buffer.insert(3, packet(3), t0);
  EXPECT_EQ(buffer.nacks_due(t0 + 2ms), (std::vector<std::uint16_t>{2}));
  EXPECT_TRUE(buffer.nacks_due(t0 + 160ms).empty());  // 160 + 150 > 200
}

TEST(ReceiveBuffer, RetransmittedPacketFillsItsGapAndIsCountedRecovered) {
  ReceiveBuffer buffer;
  std::vector<Released> out;
  buffer.insert(1, packet(1), t0);
  buffer.insert(3, packet(3), t0);
  ASSERT_EQ(buffer.nacks_due(t0 + 5ms).size(), 1u);
  EXPECT_TRUE(buffer.insert(2, packet(2), t0 + 8ms, true));
  buffer.release(t0 + 8ms, out);
  EXPECT_EQ(sequences(out), (std::vector<std::uint16_t>{1, 2, 3}));
  EXPECT_EQ(buffer.counters().recovered, 1u);
  EXPECT_EQ(buffer.counters().lost, 0u);
  EXPECT_FALSE(buffer.insert(2, packet(2), t0 + 9ms, true));  // its second copy
}

TEST(ReceiveBuffer, PlainBufferNeverNacks) {
  ReceiveBuffer buffer({.nack = false});
  buffer.insert(1, packet(1), t0);
  buffer.insert(5, packet(5), t0);
  EXPECT_TRUE(buffer.nacks_due(t0 + 50ms).empty());
}

TEST(ReceiveBuffer, DuplicateIsDropped) {
  ReceiveBuffer buffer;
  std::vector<Released> out;
  buffer.insert(1, packet(1), t0);
  buffer.insert(3, packet(3), t0);
  EXPECT_FALSE(buffer.insert(3, packet(3), t0));
  EXPECT_EQ(buffer.counters().duplicates, 1u);
}

TEST(ReceiveBuffer, SequenceWrapIsNotALoss) {
  ReceiveBuffer buffer;
  std::vector<Released> out;
  for (std::uint16_t s : {65534, 65535, 0, 1}) buffer.insert(s, packet(s), t0);
  buffer.release(t0, out);
  EXPECT_EQ(sequences(out), (std::vector<std::uint16_t>{65534, 65535, 0, 1}));
  EXPECT_EQ(buffer.counters().lost, 0u);
}

TEST(ReceiveBuffer, BigJumpStartsAfreshInsteadOfWaitingForThousandsOfPackets) {
  ReceiveBuffer buffer;
  std::vector<Released> out;
  buffer.insert(100, packet(100), t0);
  buffer.insert(102, packet(102), t0);  // 101 missing, 102 held
  buffer.insert(30000, packet(30000), t0 + 1ms);
  buffer.release(t0 + 1ms, out);
  EXPECT_EQ(sequences(out), (std::vector<std::uint16_t>{100, 102, 30000}));
  EXPECT_EQ(buffer.counters().restarts, 1u);
  EXPECT_TRUE(buffer.nacks_due(t0 + 50ms).empty());  // 101 is forgotten, not asked for
}

TEST(ReceiveBuffer, ResetTakesUpANewSenderWhoseSequenceNumbersAreBehind) {
  ReceiveBuffer buffer;
  std::vector<Released> out;
  buffer.insert(500, packet(500), t0);
  buffer.release(t0, out);
  buffer.reset();
  EXPECT_TRUE(buffer.insert(400, packet(400), t0 + 1ms));  // would be late without the reset
  buffer.release(t0 + 1ms, out);
  EXPECT_EQ(sequences(out), (std::vector<std::uint16_t>{500, 400}));
}

TEST(ReceiveBuffer, HeldPacketsAreBounded) {
  ReceiveBuffer buffer({.max_gap = 100, .max_held = 8});
  std::vector<Released> out;
  buffer.insert(0, packet(0), t0);
  buffer.release(t0, out);
  for (std::uint16_t s = 2; s < 40; ++s) buffer.insert(s, packet(s), t0);  // 1 never comes
  // The oldest gave way as the ninth came: 1 was given up on without its delay.
  EXPECT_EQ(buffer.counters().lost, 1u);
  buffer.release(t0, out);
  EXPECT_EQ(out.size(), 39u);
  EXPECT_EQ(out[1].lost_before, 1u);
  EXPECT_TRUE(buffer.empty());
}

}  // namespace
}  // namespace media
