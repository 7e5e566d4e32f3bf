#include <gtest/gtest.h>

#include "media/rtp.hpp"
#include "media/send_history.hpp"

namespace media {
namespace {

std::vector<std::uint8_t> rtp(std::uint16_t seq, std::uint8_t fill) {
  std::vector<std::uint8_t> p;
  write_rtp_header(p, 96, false, seq, 1000, 42);
  p.insert(p.end(), 20, fill);
  return p;
}

TEST(Nack, LostSequenceNumbersSurviveTheRoundTripThroughTheWire) {
  std::vector<std::uint8_t> packet;
  append_receiver_report(packet, 1, {});
  append_nack(packet, 1, 42, {100, 101, 116, 117, 65535, 0});
  const auto parsed = parse_rtcp(packet);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->nacked, (std::vector<std::uint16_t>{100, 101, 116, 117, 65535, 0}));
}

TEST(Nack, AnOversizedNackIsReadOnlyUpToItsBound) {
  std::vector<std::uint8_t> packet;
  std::vector<std::uint16_t> dense;
  for (std::uint16_t s = 0; s < 4000; ++s) dense.push_back(s);
  append_nack(packet, 1, 42, dense);
  const auto parsed = parse_rtcp(packet);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->nacked.size(), kMaxNacked);
}

TEST(Nack, ANackWhoseLengthRunsPastTheEndIsRefused) {
  std::vector<std::uint8_t> packet;
  append_nack(packet, 1, 42, {1, 50, 99});
  packet.resize(packet.size() - 4);
  EXPECT_FALSE(parse_rtcp(packet));
}

TEST(SendHistory, FindsWhatWasSentAndForgetsWhatWasOverwritten) {
  SendHistory h(4);
  for (std::uint16_t s = 10; s < 16; ++s) h.store(rtp(s, static_cast<std::uint8_t>(s)));
  ASSERT_TRUE(h.find(15));
  EXPECT_EQ(h.find(15)->back(), 15);
  EXPECT_TRUE(h.find(12));
  EXPECT_FALSE(h.find(11));  // its place now holds 15
  EXPECT_FALSE(h.find(200));
}

TEST(SendHistory, IgnoresWhatIsNotRtp) {
  SendHistory h(4);
  h.store(std::vector<std::uint8_t>{1, 2, 3});
  EXPECT_FALSE(h.find(0x0203));
}

TEST(RetransmitBudget, GrantsAtMostItsRatePerSecond) {
  RetransmitBudget budget(3);
  const auto t = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  int granted = 0;
  for (int i = 0; i < 10; ++i) granted += budget.take(t + std::chrono::milliseconds(i));
  EXPECT_EQ(granted, 3);
  EXPECT_TRUE(budget.take(t + std::chrono::milliseconds(1001)));
}

}  // namespace
}  // namespace media
