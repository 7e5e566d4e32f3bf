// A receiver whose reports show sustained loss of what the node sends it is moved to the
// next lower shared output profile, and back after sustained good reports. Real node, RTP
// and RTCP over 127.0.0.1: the receiver's own reports say how much it lost.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "media/node.hpp"
#include "media/rtp.hpp"
#include "support.hpp"

namespace media {
namespace {
using namespace std::chrono_literals;

std::string output_of(Session& session, const std::string& leg_id) {
  for (const auto& l : session.stats().legs)
    if (l.leg_id == leg_id) return l.output;
  throw std::runtime_error("leg gone");
}

TEST(ProfileSwitch, ACongestedReceiverMovesToTheLowerProfileAndBackAfterGoodReports) {
  Node node(NodeOptions{"127.0.0.1", 0, 0});
  auto session = node.create_session({});  // hd 1500 kbit/s and sd 500 kbit/s
  test::RawUdp hall;
  LegOptions options;  // RTCP muxed on the video port
  options.hall_id = "congested";
  options.output = "hd";
  options.video.remote_rtp = Endpoint{"127.0.0.1", hall.port()};
  const auto leg = session->add_leg(options);

  // What the hall receives: the SSRC of the latest RTP, and the keyframes of each SSRC.
  std::mutex mutex;
  std::uint32_t latest_ssrc = 0;
  std::map<std::uint32_t, int> keyframes;
  std::atomic<bool> running{true};
  std::thread receiver([&] {
    while (running) {
      const auto packet = hall.receive(50ms);
      if (!packet || looks_like_rtcp(*packet)) continue;
      if (const auto rtp = parse_rtp(*packet)) {
        std::lock_guard lock(mutex);
        latest_ssrc = rtp->ssrc;
        if (h264_starts_keyframe(std::span(*packet).subspan(rtp->payload_offset, rtp->payload_size)))
          ++keyframes[rtp->ssrc];
      }
    }
  });
  auto ssrc_now = [&] {
    std::lock_guard lock(mutex);
    return latest_ssrc;
  };
  auto keyframes_of = [&](std::uint32_t ssrc) {
    std::lock_guard lock(mutex);
    return keyframes[ssrc];
  };
  auto report = [&](std::uint32_t about, double loss_percent) {
    ReportBlock block;
    block.ssrc = about;
    block.fraction_lost = static_cast<std::uint8_t>(loss_percent * 256.0 / 100.0);
    std::vector<std::uint8_t> rr;
    append_receiver_report(rr, 0xC0C0, {block});
    hall.send_to(leg.video.rtp, rr);
    std::this_thread::sleep_for(100ms);
  };

  ASSERT_TRUE(test::eventually([&] { return ssrc_now() != 0; }, 10s));
  const std::uint32_t hd = ssrc_now();
  EXPECT_EQ(output_of(*session, leg.leg_id), "hd");
  // Two bad reports and a good one: not sustained, it stays.
  report(hd, 30.0);
  report(hd, 30.0);
  report(hd, 0.0);
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(output_of(*session, leg.leg_id), "hd");
  EXPECT_EQ(ssrc_now(), hd);

  for (int i = 0; i < 3; ++i) report(hd, 30.0);  // sustained: down to sd
  ASSERT_TRUE(test::eventually([&] { return output_of(*session, leg.leg_id) == "sd"; }, 2s));
  ASSERT_TRUE(test::eventually([&] { return ssrc_now() != hd; }, 2s)) << "still receiving the hd stream";
  const std::uint32_t sd = ssrc_now();
  // It can decode the new stream at once: a keyframe of it is asked for on the switch.
  EXPECT_TRUE(test::eventually([&] { return keyframes_of(sd) > 0; }, 1500ms)) << "no keyframe of the sd stream";
  const int hd_keyframes = keyframes_of(hd);

  for (int i = 0; i < 4; ++i) report(sd, 0.0);
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(output_of(*session, leg.leg_id), "sd") << "four good reports are not yet sustained";
  report(sd, 0.0);  // the fifth: back to hd
  ASSERT_TRUE(test::eventually([&] { return output_of(*session, leg.leg_id) == "hd"; }, 2s));
  EXPECT_TRUE(test::eventually([&] { return ssrc_now() == hd; }, 2s)) << "not receiving the hd stream again";
  EXPECT_TRUE(test::eventually([&] { return keyframes_of(hd) > hd_keyframes; }, 1500ms)) << "no keyframe on the return";
  running = false;
  receiver.join();
}

}  // namespace
}  // namespace media
