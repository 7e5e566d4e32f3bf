// A session relayed from an outside meeting: the outside bridge is a separate
// gst-launch-1.0 process that sends a known colour and tone to the upstream leg and writes
// what comes back to files (raw RGB frames, raw PCM); the halls are the real GStreamer
// halls of the other media tests. Everything on 127.0.0.1; generous timeouts.
#include <gtest/gtest.h>
#include <unistd.h>

#include <memory>
#include <thread>

#include "media/layout.hpp"
#include "media/node.hpp"
#include "outside_bridge.hpp"
#include "support.hpp"

namespace media {
namespace {
using namespace std::chrono_literals;
using testing_support::near_colour;

constexpr std::uint32_t kHostRgb = 0xFF0000, kOtherRgb = 0x00FF00, kUpstreamRgb = 0x0000FF;
constexpr int kHostHz = 500, kOtherHz = 800, kUpstreamHz = 1300;

struct Hall {
  std::uint16_t video_back = test::free_udp_port();
  std::uint16_t audio_back = test::free_udp_port();
  std::unique_ptr<test::VideoReceiver> video = std::make_unique<test::VideoReceiver>(video_back);
  std::unique_ptr<test::AudioReceiver> audio = std::make_unique<test::AudioReceiver>(audio_back);
  LegInfo leg;
  std::unique_ptr<test::HallSender> sender;
};

class RelayedSession : public ::testing::Test {
 protected:
  void SetUp() override {
    node_ = std::make_unique<Node>(NodeOptions{"127.0.0.1", 0, 0});
    SessionOptions options;
    options.layout = LayoutKind::relay;
    options.max_visible = 4;
    session_ = node_->create_session(options);
    join(host_, "host", true, kHostRgb, kHostHz);
    join(other_, "other", false, kOtherRgb, kOtherHz);
    LegOptions up;
    up.hall_id = "upstream";
    up.display_name = "Trung ương";
    up.role = LegRole::upstream;
    up.video.rtcp_mux = false;  // a plain RTP bridge: RTCP on its own port, never in the depayloader
    up.video.remote_rtp = Endpoint{"127.0.0.1", bridge_video_};
    up.video.remote_rtcp = Endpoint{"127.0.0.1", test::free_udp_port()};
    up.audio.rtcp_mux = false;
    up.audio.remote_rtp = Endpoint{"127.0.0.1", bridge_audio_};
    up.audio.remote_rtcp = Endpoint{"127.0.0.1", test::free_udp_port()};
    upstream_ = session_->add_leg(up);
    bridge_ = std::make_unique<testing_support::OutsideBridge>(kUpstreamRgb, kUpstreamHz, upstream_.video.rtp,
                                                              upstream_.audio.rtp, bridge_video_, bridge_audio_);
    ASSERT_TRUE(bridge_->running());
  }
  void TearDown() override {
    bridge_.reset();
    host_.sender.reset();
    other_.sender.reset();
    session_.reset();
    node_.reset();
  }
  void join(Hall& hall, const std::string& name, bool is_host, std::uint32_t rgb, int hz) {
    LegOptions o = test::test_leg(name, hall.video_back, hall.audio_back);
    o.is_host = is_host;
    hall.leg = session_->add_leg(o);
    hall.sender = std::make_unique<test::HallSender>(hall.leg, rgb, hz);
    hall.sender->start();
  }
  // The large tile of the relay layout (4:3 of the sd output is scaled the same way).
  bool large_tile_shows(Hall& viewer, std::uint32_t rgb) {
    const auto frame = viewer.video->next_frame(2000ms);
    if (!frame) return false;
    const Rect r = compute_layout(LayoutKind::relay, 3, 1280, 720).front();
    return near_colour(frame->at((r.x + r.width / 2) * frame->width / 1280, (r.y + r.height / 3) * frame->height / 720), rgb);
  }

  std::unique_ptr<Node> node_;
  std::shared_ptr<Session> session_;
  Hall host_, other_;
  LegInfo upstream_;
  std::uint16_t bridge_video_ = test::free_udp_port();
  std::uint16_t bridge_audio_ = test::free_udp_port();
  std::unique_ptr<testing_support::OutsideBridge> bridge_;
};

TEST_F(RelayedSession, EveryHallSeesTheUpstreamLargeAndHearsIt) {
  for (Hall* hall : {&host_, &other_}) {
    EXPECT_TRUE(test::eventually([&] { return large_tile_shows(*hall, kUpstreamRgb); }, 30s));
    std::this_thread::sleep_for(1s);
    const auto heard = hall->audio->collect(3000ms);
    ASSERT_GT(heard.size(), 48000u);
    const double upstream = test::tone_power(heard, kUpstreamHz);
    const int own_hz = hall == &host_ ? kHostHz : kOtherHz;
    EXPECT_GT(upstream, 100 * test::tone_power(heard, own_hz)) << "a hall hears the upstream, not itself";
  }
  // The host hears the other hall too: the halls' own mix is unchanged.
  const auto heard = host_.audio->collect(2000ms);
  EXPECT_GT(test::tone_power(heard, kOtherHz), 100 * test::tone_power(heard, kHostHz));
}

TEST_F(RelayedSession, TheBridgeGetsTheHostHallsPictureAndSoundAlone) {
  EXPECT_TRUE(test::eventually([&] {
    const auto px = bridge_->centre();
    return px && near_colour(*px, kHostRgb);
  }, 30s)) << "the bridge never received the host's red picture";
  ASSERT_TRUE(test::eventually([&] { return bridge_->samples() > 48000; }, 20s));
  std::this_thread::sleep_for(1s);
  const std::size_t from = bridge_->samples();
  std::this_thread::sleep_for(3s);
  const auto up = bridge_->samples_since(from);
  ASSERT_GT(up.size(), 96000u);
  const double host = test::tone_power(up, kHostHz);
  EXPECT_GT(host, 100 * test::tone_power(up, kOtherHz)) << "a non-host hall's tone went up";
  EXPECT_GT(host, 100 * test::tone_power(up, kUpstreamHz)) << "the upstream's own tone came back to it";

  // Muting the host silences what goes up; the other hall still does not reach it.
  session_->set_audio_muted(host_.leg.leg_id, true);
  std::this_thread::sleep_for(1s);
  const std::size_t muted_from = bridge_->samples();
  std::this_thread::sleep_for(2s);
  const auto muted = bridge_->samples_since(muted_from);
  EXPECT_LT(test::tone_power(muted, kOtherHz), host / 100);
  EXPECT_LT(test::tone_power(muted, kHostHz), host / 100);
}

TEST_F(RelayedSession, TheUpstreamLegIsReportedAsUpstreamWithItsPorts) {
  // Forwarding up starts at the host's next keyframe, which can come after the leg is ok.
  EXPECT_TRUE(test::eventually([&] {
    for (const auto& leg : session_->stats().legs)
      if (leg.role == LegRole::upstream)
        return leg.health.state == LegState::ok && leg.counters.video.packets_out > 0;
    return false;
  }, 30s));
  const auto stats = session_->stats();
  int upstreams = 0;
  for (const auto& leg : stats.legs) {
    if (leg.role != LegRole::upstream) continue;
    ++upstreams;
    EXPECT_EQ(leg.leg_id, upstream_.leg_id);
    EXPECT_EQ(leg.video_ports.rtp, upstream_.video.rtp);
    EXPECT_EQ(leg.audio_ports.rtp, upstream_.audio.rtp);
    EXPECT_GT(leg.counters.video.packets_out, 0u) << "the host's picture is forwarded to it";
    EXPECT_TRUE(leg.visible);
  }
  EXPECT_EQ(upstreams, 1);
}

TEST_F(RelayedSession, TheUpstreamLayoutHidesTheHalls) {
  session_->set_layout(LayoutKind::upstream);
  EXPECT_TRUE(test::eventually([&] {
    const auto frame = other_.video->next_frame(2000ms);
    // Alone, the upstream fills the picture: its colour at the bottom where the halls' strip was.
    return frame && near_colour(frame->at(frame->width / 2, frame->height * 9 / 10), kUpstreamRgb);
  }, 30s));
  for (const auto& leg : session_->stats().legs) EXPECT_EQ(leg.visible, leg.role == LegRole::upstream) << leg.hall_id;
}

}  // namespace
}  // namespace media
