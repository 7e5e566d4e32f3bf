// RTP/RTCP behaviour of a leg seen from the wire: loss measurement, keyframe
// requests in both directions, symmetric RTP, malformed input.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "media/node.hpp"
#include "media/rtp.hpp"
#include "support.hpp"

namespace media {
namespace {
using namespace std::chrono_literals;

class Transport : public ::testing::Test {
 protected:
  void SetUp() override {
    node_ = std::make_unique<Node>(NodeOptions{"127.0.0.1", 0, 0});
    SessionOptions options;
    options.max_visible = 4;
    session_ = node_->create_session(options);
  }
  void TearDown() override {
    session_.reset();
    node_.reset();
  }
  LegStatus status(const std::string& leg_id) {
    for (auto& leg : session_->stats().legs) {
      if (leg.leg_id == leg_id) return leg;
    }
    throw std::runtime_error("leg gone");
  }
  std::unique_ptr<Node> node_;
  std::shared_ptr<Session> session_;
};

// Forwards UDP to the node, dropping every nth packet.
class DroppingRelay {
 public:
  DroppingRelay(std::uint16_t to, int nth) : to_(to), nth_(nth), thread_([this] { run(); }) {}
  ~DroppingRelay() {
    stop_ = true;
    thread_.join();
  }
  std::uint16_t port() const { return in_.port(); }

 private:
  void run() {
    int count = 0;
    while (!stop_) {
      const auto packet = in_.receive(50ms);
      if (!packet) continue;
      if (++count % nth_ == 0) continue;
      out_.send_to(to_, *packet);
    }
  }
  test::RawUdp in_;
  test::RawUdp out_;
  std::uint16_t to_;
  int nth_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

std::vector<std::uint8_t> fake_video_packet(std::uint16_t seq, std::uint8_t nal_header) {
  std::vector<std::uint8_t> p;
  write_rtp_header(p, 96, true, seq, seq * 3000u, 0x1234);
  p.insert(p.end(), {nal_header, 0x9a, 0x00, 0x01});
  return p;
}

TEST_F(Transport, EveryEighthPacketDroppedByARelayShowsAsTwelveAndAHalfPercentLoss) {
  LegOptions options;
  options.hall_id = "lossy";
  const auto leg = session_->add_leg(options);
  DroppingRelay audio_relay(leg.audio.rtp, 8);
  DroppingRelay video_relay(leg.video.rtp, 8);
  test::Pipeline sender(
      "audiotestsrc is-live=true wave=sine freq=700 ! audio/x-raw,rate=48000,channels=1 ! opusenc"
      " ! rtpopuspay pt=111 ! udpsink host=127.0.0.1 sync=false async=false port=" +
      std::to_string(audio_relay.port()) +
      " videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=180,framerate=30/1"
      " ! x264enc tune=zerolatency speed-preset=ultrafast bitrate=400 ! rtph264pay pt=96 mtu=400"
      " ! udpsink host=127.0.0.1 sync=false async=false port=" + std::to_string(video_relay.port()));
  sender.play();
  ASSERT_TRUE(test::eventually([&] { return status(leg.leg_id).counters.audio.packets_in > 150; }, 30s));
  std::this_thread::sleep_for(2s);  // one two-second health window
  const auto s = status(leg.leg_id);
  EXPECT_NEAR(s.health.audio.loss_percent_total, 12.5, 1.0);
  EXPECT_NEAR(s.health.audio.loss_percent, 12.5, 2.0);
  EXPECT_NEAR(s.health.video.loss_percent_total, 12.5, 2.5);
  EXPECT_EQ(s.health.audio.loss_grade, LossGrade::terrible) << s.health.audio.loss_percent;
  EXPECT_EQ(s.health.state, LegState::degraded);
  sender.stop();
}

TEST_F(Transport, KeyframeIsRequestedFromASenderWhenItsTileBecomesVisible) {
  LegOptions options;  // symmetric RTP, RTCP muxed: the request goes back to where packets come from
  options.hall_id = "codec";
  const auto leg = session_->add_leg(options);
  test::RawUdp codec;
  auto pli_arrives = [&](std::chrono::milliseconds within) {
    const auto deadline = std::chrono::steady_clock::now() + within;
    std::uint16_t seq = 1;
    while (std::chrono::steady_clock::now() < deadline) {
      codec.send_to(leg.video.rtp, fake_video_packet(seq++, 0x41));  // P slices only
      while (const auto reply = codec.receive(20ms)) {
        if (!looks_like_rtcp(*reply)) continue;
        const auto rtcp = parse_rtcp(*reply);
        if (rtcp && rtcp->picture_loss) return true;
      }
    }
    return false;
  };
  EXPECT_TRUE(pli_arrives(5s));
  session_->set_video_hidden(leg.leg_id, true);
  std::this_thread::sleep_for(300ms);
  while (codec.receive(10ms)) {
  }
  session_->set_video_hidden(leg.leg_id, false);
  EXPECT_TRUE(pli_arrives(3s));
}

TEST_F(Transport, PictureLossFromAReceiverForcesAKeyframeOnTheSharedEncoder) {
  LegOptions options;
  options.hall_id = "viewer";
  options.output = "sd";
  const auto leg = session_->add_leg(options);
  test::RawUdp viewer;
  viewer.send_to(leg.video.rtp, fake_video_packet(1, 0x41));  // lets the node learn where we are
  auto keyframe_within = [&](std::chrono::milliseconds within) {
    const auto deadline = std::chrono::steady_clock::now() + within;
    while (std::chrono::steady_clock::now() < deadline) {
      const auto packet = viewer.receive(100ms);
      if (!packet || looks_like_rtcp(*packet)) continue;
      const auto rtp = parse_rtp(*packet);
      if (rtp && h264_starts_keyframe(std::span(*packet).subspan(rtp->payload_offset, rtp->payload_size))) {
        return true;
      }
    }
    return false;
  };
  ASSERT_TRUE(keyframe_within(10s));  // the one every new receiver gets
  // Drain the rest of that keyframe, then ask: the next natural one is 4 s away.
  std::this_thread::sleep_for(600ms);
  while (viewer.receive(1ms)) {
  }
  std::vector<std::uint8_t> pli;
  append_receiver_report(pli, 0x77, {});
  append_pli(pli, 0x77, 0);
  viewer.send_to(leg.video.rtp, pli);
  EXPECT_TRUE(keyframe_within(2s));
}

TEST_F(Transport, ReceiverReportsOfThePeerGiveRoundTripTimeAndItsLoss) {
  SessionOptions audio_only;
  audio_only.video = false;
  auto session = node_->create_session(audio_only);
  LegOptions options;
  options.hall_id = "codec";
  const auto leg = session->add_leg(options);
  test::RawUdp codec;
  std::vector<std::uint8_t> hello;
  write_rtp_header(hello, 111, false, 1, 960, 0x5151);
  hello.push_back(0xF8);
  codec.send_to(leg.audio.rtp, hello);  // symmetric RTP: the node now sends us the mix and reports
  std::optional<SenderInfo> sr;
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!sr && std::chrono::steady_clock::now() < deadline) {
    const auto packet = codec.receive(100ms);
    if (!packet || !looks_like_rtcp(*packet)) continue;
    if (const auto rtcp = parse_rtcp(*packet); rtcp && rtcp->sender) sr = rtcp->sender;
  }
  ASSERT_TRUE(sr);
  std::this_thread::sleep_for(20ms);
  ReportBlock block;
  block.ssrc = sr->ssrc;
  block.fraction_lost = 13;  // 13/256: about 5 %
  block.last_sr = compact_ntp(sr->ntp);
  block.delay_since_last_sr = 0;  // answered at once: the RTT is all the time since the SR
  std::vector<std::uint8_t> rr;
  append_receiver_report(rr, 0x5151, {block});
  codec.send_to(leg.audio.rtp, rr);
  ASSERT_TRUE(test::eventually([&] { return session->stats().legs.at(0).health.audio.rtt_ms.has_value(); }, 3s));
  const auto health = session->stats().legs.at(0).health;
  EXPECT_GT(*health.audio.rtt_ms, 0.0);
  EXPECT_LT(*health.audio.rtt_ms, 2000.0);
  EXPECT_NEAR(*health.audio.peer_loss_percent, 100.0 * 13 / 256, 0.01);
  EXPECT_EQ(health.audio.loss_grade, LossGrade::bad);
}

TEST_F(Transport, MalformedPacketsAreIgnoredAndTheLegKeepsWorking) {
  LegOptions options;
  options.hall_id = "noisy";
  const auto leg = session_->add_leg(options);
  test::RawUdp noise;
  const std::vector<std::vector<std::uint8_t>> junk{
      {},
      {0x80},
      {0xFF, 0xFF, 0xFF, 0xFF},
      {0x8F, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0},             // CSRC count past the end
      {0x80, 200, 0x00, 0x40, 1, 2, 3, 4},                  // RTCP length past the end
      {0x80, 111, 0, 1, 0, 0, 0, 1, 0, 0, 0, 9, 0xFF, 0xFF},  // RTP with an invalid Opus payload
  };
  for (int round = 0; round < 50; ++round) {
    for (const auto& j : junk) {
      noise.send_to(leg.video.rtp, j);
      noise.send_to(leg.audio.rtp, j);
    }
  }
  std::vector<std::uint8_t> good;
  write_rtp_header(good, 111, false, 5, 960, 0x42);
  good.push_back(0xF8);  // a valid (silent) Opus TOC byte
  ASSERT_TRUE(test::eventually([&] {
    noise.send_to(leg.audio.rtp, good);
    return status(leg.leg_id).counters.audio.packets_in > 0;
  }, 5s));
  EXPECT_NE(status(leg.leg_id).health.state, LegState::connecting);
}

TEST_F(Transport, BadControlInputIsATypedError) {
  LegOptions options;
  EXPECT_THROW(session_->add_leg(options), InvalidInput);  // no hall id
  options.hall_id = "x";
  options.output = "4k";
  EXPECT_THROW(session_->add_leg(options), InvalidInput);
  options.output = "hd";
  options.video.remote_rtp = Endpoint{"not-an-ip", 5000};
  EXPECT_THROW(session_->add_leg(options), InvalidInput);
  EXPECT_THROW(session_->remove_leg("leg-404"), NotFound);
  EXPECT_THROW(session_->give_floor(std::string("leg-404")), NotFound);
  EXPECT_THROW(session_->stop_recording(), NotFound);
  EXPECT_THROW(session_->start_recording("/tmp/out.avi"), InvalidInput);
  SessionOptions bad;
  bad.outputs.clear();
  EXPECT_THROW(node_->create_session(bad), InvalidInput);
  EXPECT_THROW(node_->session("nope"), NotFound);
}

}  // namespace
}  // namespace media
