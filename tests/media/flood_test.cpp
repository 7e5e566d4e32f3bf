// A flood of RTP from an unknown source at a leg's port, and oversized, malformed and
// forged RTCP at its RTCP port: the node keeps mixing, the leg's real sender keeps its
// tile and its figures. Real node, real GStreamer halls, all on 127.0.0.1.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <random>
#include <thread>

#include "media/layout.hpp"
#include "media/node.hpp"
#include "media/rtp.hpp"
#include "support.hpp"

namespace media {
namespace {
using namespace std::chrono_literals;

struct FloodedHall {
  std::uint16_t video_back = test::free_udp_port();
  std::uint16_t audio_back = test::free_udp_port();
  std::unique_ptr<test::VideoReceiver> video;
  std::unique_ptr<test::AudioReceiver> audio;
  LegInfo leg;
  std::unique_ptr<test::HallSender> sender;
};

// RTP that looks like H.264 from a stranger: new SSRC, random sequence numbers, half of
// the packets an "IDR slice" (which a decoder would take as a fresh start).
std::vector<std::uint8_t> stranger_rtp(std::mt19937& random) {
  std::vector<std::uint8_t> p;
  write_rtp_header(p, 96, random() % 2 == 0, static_cast<std::uint16_t>(random()), random(), 0xBAD0BAD0u);
  p.push_back(random() % 2 ? 0x65 : 0x7C);  // IDR slice, or an FU-A fragment
  p.push_back(0x85);
  for (int i = 0; i < 1000; ++i) p.push_back(static_cast<std::uint8_t>(random()));
  return p;
}

// Forged and broken RTCP: a NACK as long as a datagram allows, PLIs, lengths that
// run past the end, a report claiming everything is lost, random bytes.
std::vector<std::vector<std::uint8_t>> hostile_rtcp(std::mt19937& random) {
  std::vector<std::vector<std::uint8_t>> out;
  std::vector<std::uint16_t> lost;
  for (int i = 0; i < 5000; ++i) lost.push_back(static_cast<std::uint16_t>(random()));
  std::vector<std::uint8_t> nack;
  append_receiver_report(nack, 0xBAD0BAD0u, {});
  append_nack(nack, 0xBAD0BAD0u, 0, lost);
  nack.resize(1400 / 4 * 4);  // cut short: the NACK's length now runs past the end
  out.push_back(nack);
  std::vector<std::uint8_t> pli;
  append_receiver_report(pli, 0xBAD0BAD0u, {});
  append_pli(pli, 0xBAD0BAD0u, 0);
  out.push_back(pli);
  std::vector<std::uint8_t> rr;
  ReportBlock all_lost;
  all_lost.ssrc = random();
  all_lost.fraction_lost = 255;
  append_receiver_report(rr, 0xBAD0BAD0u, {all_lost});
  out.push_back(rr);
  std::vector<std::uint8_t> junk(1400);
  for (auto& b : junk) b = static_cast<std::uint8_t>(random());
  junk[0] = 0x80;
  junk[1] = 201;
  out.push_back(junk);
  return out;
}

TEST(Flood, StrangersRtpAndForgedRtcpAtALegsPortsLeaveTheMixAndTheRealSenderIntact) {
  Node node(NodeOptions{"127.0.0.1", 0, 0});
  SessionOptions options;
  options.max_visible = 4;
  auto session = node.create_session(options);
  FloodedHall a, b;
  const std::uint32_t red = 0xFF0000, green = 0x00FF00;
  for (auto* h : {&a, &b}) {
    h->video = std::make_unique<test::VideoReceiver>(h->video_back);
    h->audio = std::make_unique<test::AudioReceiver>(h->audio_back);
    h->leg = session->add_leg(test::test_leg(h == &a ? "A" : "B", h->video_back, h->audio_back));
    h->sender = std::make_unique<test::HallSender>(h->leg, h == &a ? red : green, h == &a ? 500 : 800);
    h->sender->start();
  }
  // Hall A's tile (the first) in hall B's picture.
  const auto tiles = compute_layout(LayoutKind::grid, 2, 1280, 720);
  auto a_is_red = [&] {
    const auto frame = b.video->next_frame(2000ms);
    if (!frame) return false;
    const Rect& r = tiles.at(0);
    const auto px = frame->at((r.x + r.width / 2) * frame->width / 1280, (r.y + r.height / 3) * frame->height / 720);
    return px[0] > 185 && px[1] < 70 && px[2] < 70;
  };
  ASSERT_TRUE(test::eventually(a_is_red, 20s));
  const std::string a_id = a.leg.leg_id;
  auto a_status = [&] {
    for (const auto& l : session->stats().legs)
      if (l.leg_id == a_id) return l;
    return LegStatus{};
  };
  (void)session->stats();

  std::atomic<bool> flooding{true};
  std::atomic<std::uint64_t> sent{0};
  std::thread flood([&] {
    test::RawUdp stranger;
    std::mt19937 random(7);
    const auto rtcp = hostile_rtcp(random);
    while (flooding) {
      for (int i = 0; i < 4; ++i) stranger.send_to(a.leg.video.rtp, stranger_rtp(random));
      for (const auto& p : rtcp) stranger.send_to(a.leg.video.rtcp, p);
      sent += 4 + rtcp.size();
      std::this_thread::sleep_for(2ms);
    }
  });
  // While the flood goes on: every picture B gets still shows A's red, A's figures are
  // its own (no stranger's sequence numbers counted as loss), the mix goes on.
  int red_frames = 0, pictures = 0;
  const auto until = std::chrono::steady_clock::now() + 5s;
  while (std::chrono::steady_clock::now() < until) {
    ++pictures;
    if (a_is_red()) ++red_frames;
    std::this_thread::sleep_for(100ms);
  }
  const LegStatus during = a_status();
  const auto stats = session->stats();
  flooding = false;
  flood.join();

  EXPECT_GT(sent.load(), 5000u);
  EXPECT_EQ(red_frames, pictures) << "hall A's tile lost its picture under the flood";
  EXPECT_LT(during.health.video.loss_percent, 1.0);
  EXPECT_EQ(during.health.state, LegState::ok) << to_string(during.health.state);
  EXPECT_GT(during.health.decoded_fps, 5.0);  // A sends 15 fps; decoding went on
  EXPECT_GT(stats.output_fps, 20.0);           // nominal 30; a loose floor for a loaded machine
  EXPECT_TRUE(a_is_red());
}

}  // namespace
}  // namespace media
