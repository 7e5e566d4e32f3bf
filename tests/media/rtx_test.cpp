// RTX (RFC 4588) that is not the hall's own: a stream of retransmissions from another port
// and SSRC at a leg's video port is dropped and counted, never unwrapped into the picture;
// the hall's own RTX (from the address its video comes from) is taken. Real node, real
// RTP over 127.0.0.1.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <random>
#include <thread>

#include "media/codecs.hpp"
#include "media/layout.hpp"
#include "media/node.hpp"
#include "media/rtp.hpp"
#include "support.hpp"

namespace media {
namespace {
using namespace std::chrono_literals;

// An RTX packet repairing `original`, its payload an "IDR slice" (what would make a decoder
// start afresh, were it unwrapped into the picture).
std::vector<std::uint8_t> rtx_packet(std::uint32_t ssrc, std::uint16_t sequence, std::uint16_t original,
                                     std::uint32_t timestamp) {
  std::vector<std::uint8_t> p;
  write_rtp_header(p, kVideoRtxPayloadType, true, sequence, timestamp, ssrc);
  p.push_back(static_cast<std::uint8_t>(original >> 8));
  p.push_back(static_cast<std::uint8_t>(original & 0xff));
  p.push_back(0x65);  // IDR slice
  p.push_back(0x88);
  for (int i = 0; i < 600; ++i) p.push_back(static_cast<std::uint8_t>(i * 7));
  return p;
}

std::vector<std::uint8_t> video_packet(std::uint32_t ssrc, std::uint16_t sequence) {
  std::vector<std::uint8_t> p;
  write_rtp_header(p, kVideoCodec.payload_type, true, sequence, sequence * 3000u, ssrc);
  p.insert(p.end(), {0x41, 0x9a, 0x00, 0x01});  // a P slice
  return p;
}

LegStatus status_of(Session& session, const std::string& leg_id) {
  for (const auto& l : session.stats().legs)
    if (l.leg_id == leg_id) return l;
  throw std::runtime_error("leg gone");
}

TEST(Rtx, OnlyTheHallsOwnAddressTeachesItsRtxSsrcAndOnlyThatSsrcIsTakenAfterwards) {
  Node node(NodeOptions{"127.0.0.1", 0, 0});
  auto session = node.create_session({});
  LegOptions options;  // symmetric RTP: the hall's address is where its video comes from
  options.hall_id = "hall";
  const auto leg = session->add_leg(options);
  test::RawUdp hall, stranger;
  constexpr std::uint32_t kHall = 0x1234, kHallRtx = 0x5678, kForged = 0xBAD0BAD0u;
  auto counters = [&] { return status_of(*session, leg.leg_id).counters.video; };
  auto settles = [&](std::uint64_t dropped, std::uint64_t taken) {
    return test::eventually([&] {
      const auto c = counters();
      return c.rtx_dropped == dropped && c.rtx_in == taken;
    }, 3s);
  };

  // Before the hall's own video is known, nothing is taken, even from its address.
  hall.send_to(leg.video.rtp, rtx_packet(kHallRtx, 1, 1, 0));
  ASSERT_TRUE(settles(1, 0));
  for (std::uint16_t s = 1; s <= 5; ++s) hall.send_to(leg.video.rtp, video_packet(kHall, s));
  ASSERT_TRUE(test::eventually([&] { return counters().packets_in >= 5; }, 3s));

  // A stranger's port: dropped, and its SSRC is not learnt.
  stranger.send_to(leg.video.rtp, rtx_packet(kForged, 1, 6, 18000));
  ASSERT_TRUE(settles(2, 0));
  // The hall's address: its RTX SSRC is learnt and taken.
  hall.send_to(leg.video.rtp, rtx_packet(kHallRtx, 2, 3, 9000));
  ASSERT_TRUE(settles(2, 1));
  // From then on another SSRC is dropped even from the hall's own address.
  hall.send_to(leg.video.rtp, rtx_packet(kForged, 3, 4, 12000));
  ASSERT_TRUE(settles(3, 1));
  hall.send_to(leg.video.rtp, rtx_packet(kHallRtx, 4, 4, 12000));
  ASSERT_TRUE(settles(3, 2));
  // Dropped RTX is not the hall's stream either: its figures are its own five packets.
  EXPECT_EQ(counters().packets_in, 5u);
}

// RTX is announced to halls only (/join): the upstream bridge was never offered it, so its
// payload type 97 from another SSRC is not a repair but a stranger's stream.
TEST(Rtx, AnUpstreamLegWasNeverOfferedRtxSoNothingItSendsIsUnwrapped) {
  Node node(NodeOptions{"127.0.0.1", 0, 0});
  auto session = node.create_session({});
  LegOptions options;
  options.hall_id = "bridge";
  options.role = LegRole::upstream;
  const auto leg = session->add_leg(options);
  test::RawUdp bridge;
  for (std::uint16_t s = 1; s <= 5; ++s) bridge.send_to(leg.video.rtp, video_packet(0x1234, s));
  auto counters = [&] { return status_of(*session, leg.leg_id).counters.video; };
  ASSERT_TRUE(test::eventually([&] { return counters().packets_in >= 5; }, 3s));
  bridge.send_to(leg.video.rtp, rtx_packet(0x5678, 1, 3, 9000));
  std::this_thread::sleep_for(300ms);  // the I/O thread reads within 5 ms
  EXPECT_EQ(counters().rtx_in, 0u);
  EXPECT_EQ(counters().rtx_dropped, 0u) << "not judged as RTX at all";
  EXPECT_EQ(counters().packets_in, 5u) << "another SSRC while the bridge's stream lives is dropped";
}

TEST(Rtx, ForgedRtxFromAnotherPortIsDroppedCountedAndNeverReachesThePicture) {
  Node node(NodeOptions{"127.0.0.1", 0, 0});
  SessionOptions options;
  options.max_visible = 4;
  auto session = node.create_session(options);
  const std::uint16_t a_video = test::free_udp_port(), a_audio = test::free_udp_port();
  const std::uint16_t b_video = test::free_udp_port(), b_audio = test::free_udp_port();
  test::VideoReceiver a_sees(a_video), b_sees(b_video);
  test::AudioReceiver a_hears(a_audio), b_hears(b_audio);
  const auto a = session->add_leg(test::test_leg("A", a_video, a_audio));
  const auto b = session->add_leg(test::test_leg("B", b_video, b_audio));
  test::HallSender a_sender(a, 0xFF0000, 500), b_sender(b, 0x00FF00, 800);
  a_sender.start();
  b_sender.start();
  // Hall A's tile (the first) in hall B's picture.
  const auto tiles = compute_layout(LayoutKind::grid, 2, 1280, 720);
  auto a_is_red = [&] {
    const auto frame = b_sees.next_frame(2000ms);
    if (!frame) return false;
    const Rect& r = tiles.at(0);
    const auto px = frame->at((r.x + r.width / 2) * frame->width / 1280, (r.y + r.height / 3) * frame->height / 720);
    return px[0] > 185 && px[1] < 70 && px[2] < 70;
  };
  ASSERT_TRUE(test::eventually(a_is_red, 20s));
  (void)session->stats();

  // RTX with every original sequence number a jitter buffer could hold, from another port.
  std::atomic<bool> forging{true};
  std::atomic<std::uint64_t> sent{0};
  std::thread forger([&] {
    test::RawUdp stranger;
    std::mt19937 random(11);
    std::uint16_t sequence = 0;
    while (forging) {
      for (int i = 0; i < 8; ++i) {
        stranger.send_to(a.video.rtp, rtx_packet(0xBAD0BAD0u, sequence++, static_cast<std::uint16_t>(random()),
                                                 random()));
        ++sent;
      }
      std::this_thread::sleep_for(2ms);
    }
  });
  int red = 0, pictures = 0;
  const auto until = std::chrono::steady_clock::now() + 5s;
  while (std::chrono::steady_clock::now() < until) {
    ++pictures;
    if (a_is_red()) ++red;
    std::this_thread::sleep_for(100ms);
  }
  forging = false;
  forger.join();
  const std::uint64_t forged = sent.load();
  EXPECT_TRUE(test::eventually([&] { return status_of(*session, a.leg_id).counters.video.rtx_dropped >= forged; }, 3s))
      << status_of(*session, a.leg_id).counters.video.rtx_dropped << " of " << forged << " dropped";
  const LegStatus after = status_of(*session, a.leg_id);
  EXPECT_GT(forged, 5000u);
  EXPECT_EQ(after.counters.video.rtx_in, 0u);
  EXPECT_EQ(red, pictures) << "hall A's tile lost its picture to the forged RTX";
  EXPECT_EQ(after.health.state, LegState::ok) << to_string(after.health.state);
  EXPECT_GT(after.health.decoded_fps, 5.0);
}

}  // namespace
}  // namespace media
