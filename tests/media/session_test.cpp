// Integration tests: a real media node on 127.0.0.1 with real GStreamer halls.
// Generous timeouts, no timing-performance assertions (a loaded 2-core machine).
#include <gtest/gtest.h>

#include <memory>
#include <thread>

#include "media/layout.hpp"
#include "media/node.hpp"
#include "media/rtp.hpp"
#include "support.hpp"

namespace media {
namespace {
using namespace std::chrono_literals;
using test::AudioReceiver;
using test::HallSender;
using test::VideoReceiver;

struct HallSpec {
  std::string name;
  std::uint32_t rgb;
  int tone_hz;
};
const HallSpec kHalls[] = {{"A", 0xFF0000, 500}, {"B", 0x00FF00, 800}, {"C", 0x0000FF, 1300}};

struct Hall {
  HallSpec spec;
  std::uint16_t video_back = test::free_udp_port();
  std::uint16_t audio_back = test::free_udp_port();
  std::unique_ptr<VideoReceiver> video;
  std::unique_ptr<AudioReceiver> audio;
  LegInfo leg;
  std::unique_ptr<HallSender> sender;
};

class ThreeHalls : public ::testing::Test {
 protected:
  void SetUp() override {
    node_ = std::make_unique<Node>(NodeOptions{"127.0.0.1", 0, 0});
    SessionOptions options;
    options.max_visible = 4;
    session_ = node_->create_session(options);
    for (const auto& spec : kHalls) join(spec);
  }
  void TearDown() override {
    halls_.clear();
    session_.reset();
    node_.reset();
  }
  Hall& join(const HallSpec& spec) {
    auto hall = std::make_unique<Hall>();
    hall->spec = spec;
    hall->video = std::make_unique<VideoReceiver>(hall->video_back);
    hall->audio = std::make_unique<AudioReceiver>(hall->audio_back);
    hall->leg = session_->add_leg(test::test_leg(spec.name, hall->video_back, hall->audio_back));
    hall->sender = std::make_unique<HallSender>(hall->leg, spec.rgb, spec.tone_hz);
    hall->sender->start();
    halls_.push_back(std::move(hall));
    return *halls_.back();
  }
  // The tile of hall i (join order) in hall 0's 640x360 picture shows its colour.
  bool tile_shows(const test::RgbFrame& frame, std::size_t i, std::uint32_t rgb) {
    const auto tiles = compute_layout(LayoutKind::grid, halls_.size(), 1280, 720);
    const Rect& r = tiles.at(i);
    const auto px = frame.at((r.x + r.width / 2) * frame.width / 1280, (r.y + r.height / 3) * frame.height / 720);
    const int want[3] = {static_cast<int>((rgb >> 16) & 0xFF), static_cast<int>((rgb >> 8) & 0xFF),
                         static_cast<int>(rgb & 0xFF)};
    for (int c = 0; c < 3; ++c) {
      if (std::abs(px[c] - want[c]) > 70) return false;
    }
    return true;
  }
  bool all_tiles_coloured(Hall& viewer) {
    const auto frame = viewer.video->next_frame(2000ms);
    if (!frame) return false;
    for (std::size_t i = 0; i < halls_.size(); ++i) {
      if (!tile_shows(*frame, i, halls_[i]->spec.rgb)) return false;
    }
    return true;
  }

  std::unique_ptr<Node> node_;
  std::shared_ptr<Session> session_;
  std::vector<std::unique_ptr<Hall>> halls_;
};

TEST_F(ThreeHalls, CompositeShowsEachHallsColourInItsTile) {
  EXPECT_TRUE(test::eventually([&] { return all_tiles_coloured(*halls_[0]); }, 20s));
  const auto stats = session_->stats();
  ASSERT_EQ(stats.legs.size(), 3u);
  for (const auto& leg : stats.legs) EXPECT_TRUE(leg.visible) << leg.hall_id;
}

// White text over a darkened box at the tile's bottom-left; nothing white elsewhere
// in a pure-colour tile (the halls send red, green and blue).
TEST_F(ThreeHalls, EachTileCarriesItsHallsNameAtTheBottomLeft) {
  const auto tiles = compute_layout(LayoutKind::grid, halls_.size(), 1280, 720);
  auto white_in = [](const test::RgbFrame& f, int x0, int y0, int x1, int y1) {
    for (int y = y0 * f.height / 720; y < y1 * f.height / 720; ++y) {
      for (int x = x0 * f.width / 1280; x < x1 * f.width / 1280; ++x) {
        const auto px = f.at(x, y);
        if (px[0] > 150 && px[1] > 150 && px[2] > 150) return true;
      }
    }
    return false;
  };
  auto names_drawn = [&] {
    const auto frame = halls_[0]->video->next_frame(2000ms);
    if (!frame || !all_tiles_coloured(*halls_[0])) return false;
    for (const Rect& r : tiles) {
      const int bottom = r.y + r.height;
      if (!white_in(*frame, r.x, bottom - 30, r.x + 40, bottom)) return false;     // the name
      if (white_in(*frame, r.x + r.width / 2, r.y, r.x + r.width, r.y + 60)) return false;  // picture only
    }
    return true;
  };
  EXPECT_TRUE(test::eventually(names_drawn, 20s));
}

TEST_F(ThreeHalls, FloorHolderGetsTheLargeTileInTheSpeakerLayout) {
  session_->set_layout(LayoutKind::speaker);
  session_->give_floor(halls_[2]->leg.leg_id);
  const auto large = compute_layout(LayoutKind::speaker, 3, 1280, 720).front();
  auto large_shows = [&](std::uint32_t rgb) {
    const auto frame = halls_[0]->video->next_frame(2000ms);
    if (!frame) return false;
    const auto px = frame->at((large.x + large.width / 2) * frame->width / 1280,
                              (large.y + large.height / 3) * frame->height / 720);
    const int want[3] = {static_cast<int>((rgb >> 16) & 0xFF), static_cast<int>((rgb >> 8) & 0xFF),
                         static_cast<int>(rgb & 0xFF)};
    for (int c = 0; c < 3; ++c) {
      if (std::abs(px[c] - want[c]) > 70) return false;
    }
    return true;
  };
  EXPECT_TRUE(test::eventually([&] { return large_shows(kHalls[2].rgb); }, 15s));
  EXPECT_EQ(session_->stats().floor_holder, halls_[2]->leg.leg_id);
  session_->give_floor(halls_[1]->leg.leg_id);
  EXPECT_TRUE(test::eventually([&] { return large_shows(kHalls[1].rgb); }, 15s));
}

TEST_F(ThreeHalls, HallHearsTheOthersButNotItself) {
  ASSERT_TRUE(test::eventually([&] { return !halls_[0]->audio->collect(200ms).empty(); }, 10s));
  std::this_thread::sleep_for(1s);  // let every sender's playout buffer fill
  const auto heard = halls_[0]->audio->collect(3000ms);
  ASSERT_GT(heard.size(), 48000u);
  const double own = test::tone_power(heard, kHalls[0].tone_hz);
  const double b = test::tone_power(heard, kHalls[1].tone_hz);
  const double c = test::tone_power(heard, kHalls[2].tone_hz);
  EXPECT_GT(b, 100 * own) << "B " << b << " own " << own;
  EXPECT_GT(c, 100 * own) << "C " << c << " own " << own;
  // And B hears A.
  const auto heard_by_b = halls_[1]->audio->collect(2000ms);
  EXPECT_GT(test::tone_power(heard_by_b, kHalls[0].tone_hz), 100 * test::tone_power(heard_by_b, kHalls[1].tone_hz));
}

TEST_F(ThreeHalls, StoppedSenderShowsNoSignalThenReturnsWithinASecond) {
  ASSERT_TRUE(test::eventually([&] { return all_tiles_coloured(*halls_[0]); }, 20s));
  halls_[1]->sender->stop();
  // Not a frozen green frame: the tile turns to the grey 'no signal' picture.
  EXPECT_TRUE(test::eventually([&] {
    const auto frame = halls_[0]->video->next_frame(2000ms);
    return frame && !tile_shows(*frame, 1, kHalls[1].rgb) && tile_shows(*frame, 1, 0x3C3C3C);
  }, 5s));
  std::this_thread::sleep_for(3s);  // stopped for about 5 s in all
  halls_[1]->sender->start();
  const auto resumed = std::chrono::steady_clock::now();
  ASSERT_TRUE(test::eventually([&] { return all_tiles_coloured(*halls_[0]); }, 10s));
  const auto back_after = std::chrono::steady_clock::now() - resumed;
  // The issue asks for 1 s; on this shared machine we only report it, with a loose bound.
  std::cout << "[ measured ] back in the picture after "
            << std::chrono::duration_cast<std::chrono::milliseconds>(back_after).count() << " ms\n";
  EXPECT_LT(back_after, 5s);
}

TEST_F(ThreeHalls, LegWithoutATileIsStillMeasuredButNotDecoded) {
  session_->set_video_hidden(halls_[2]->leg.leg_id, true);
  const auto c = [&] { return session_->stats().legs.at(2); };
  ASSERT_FALSE(c().visible);
  std::this_thread::sleep_for(300ms);  // frames already in the decoder drain
  const auto before = c();
  std::this_thread::sleep_for(2s);
  const auto after = c();
  EXPECT_GT(after.counters.video.packets_in, before.counters.video.packets_in);
  EXPECT_EQ(after.counters.frames_decoded, before.counters.frames_decoded);
  EXPECT_NE(after.health.state, LegState::lost);
}

TEST_F(ThreeHalls, HealthShowsEveryLegOkWithBitrateAndLevel) {
  std::this_thread::sleep_for(3s);
  session_->stats();
  std::this_thread::sleep_for(1s);
  const auto stats = session_->stats();
  EXPECT_GT(stats.output_fps, 10.0);
  for (const auto& leg : stats.legs) {
    EXPECT_NE(leg.health.state, LegState::connecting) << leg.hall_id;
    EXPECT_NE(leg.health.state, LegState::lost) << leg.hall_id;
    EXPECT_GT(leg.health.video.bitrate_in_kbps, 1.0) << leg.hall_id;
    EXPECT_GT(leg.health.audio.bitrate_in_kbps, 5.0) << leg.hall_id;
    EXPECT_GT(leg.health.audio_level_dbov, -40.0) << leg.hall_id;
    EXPECT_GT(leg.counters.video.packets_out, 0u) << leg.hall_id;
    EXPECT_LT(leg.health.video.loss_percent, 1.0) << leg.hall_id;
  }
}

// Hardware codecs may send High 4:4:4 or 4:2:2 H.264: converted, not refused or garbled.
TEST(Chroma, HallsSendingFourFourFourAndFourTwoTwoShowTheirColours) {
  Node node(NodeOptions{"127.0.0.1", 0, 0});
  auto session = node.create_session(SessionOptions{});
  const std::uint16_t back = test::free_udp_port();
  VideoReceiver picture(back);
  const auto red = session->add_leg(test::test_leg("A", back, test::free_udp_port()));
  const auto green = session->add_leg(test::test_leg("B", test::free_udp_port(), test::free_udp_port()));
  HallSender a(red, 0xFF0000, 500, 0, "Y444");
  HallSender b(green, 0x00FF00, 800, 0, "Y42B");
  a.start();
  b.start();
  const auto tiles = compute_layout(LayoutKind::grid, 2, 1280, 720);
  const auto shows = [&](const test::RgbFrame& frame, const Rect& r, std::array<int, 3> want) {
    const auto px = frame.at((r.x + r.width / 2) * frame.width / 1280, (r.y + r.height / 3) * frame.height / 720);
    for (int c = 0; c < 3; ++c) {
      if (std::abs(px[c] - want[c]) > 70) return false;
    }
    return true;
  };
  EXPECT_TRUE(test::eventually(
      [&] {
        const auto frame = picture.next_frame(2000ms);
        return frame && shows(*frame, tiles[0], {255, 0, 0}) && shows(*frame, tiles[1], {0, 255, 0});
      },
      20s));
}

// A hall that joins from a browser keeps the RTP leg made for it when the session opened:
// one tile for the hall, the picture of the leg its media comes on, in the hall's place;
// the silent leg's 'no signal' tile comes back when the other leg leaves.
TEST(HallWithTwoLegs, CompositeShowsOneTileForTheHallItsLiveLegsPicture) {
  Node node(NodeOptions{"127.0.0.1", 0, 0});
  auto session = node.create_session(SessionOptions{});
  const std::uint16_t back = test::free_udp_port();
  VideoReceiver picture(back);
  const auto premade = session->add_leg(test::test_leg("A", test::free_udp_port(), test::free_udp_port()));
  const auto other = session->add_leg(test::test_leg("B", back, test::free_udp_port()));
  const auto browser = session->add_leg(test::test_leg("A", test::free_udp_port(), test::free_udp_port()));
  HallSender a(browser, 0xFF0000, 500);
  HallSender b(other, 0x00FF00, 800);
  a.start();
  b.start();
  const auto visible = [&] {
    std::vector<std::string> legs;
    for (const auto& leg : session->stats().legs)
      if (leg.visible) legs.push_back(leg.leg_id);
    return legs;
  };
  const auto shows = [](const test::RgbFrame& frame, const Rect& r, std::array<int, 3> want) {
    const auto px = frame.at((r.x + r.width / 2) * frame.width / 1280, (r.y + r.height / 3) * frame.height / 720);
    for (int c = 0; c < 3; ++c) {
      if (std::abs(px[c] - want[c]) > 70) return false;
    }
    return true;
  };
  const auto two = compute_layout(LayoutKind::grid, 2, 1280, 720);
  EXPECT_TRUE(test::eventually(
      [&] {
        const auto frame = picture.next_frame(2000ms);
        return frame && shows(*frame, two[0], {255, 0, 0}) && shows(*frame, two[1], {0, 255, 0});
      },
      20s));
  EXPECT_EQ(visible(), (std::vector<std::string>{other.leg_id, browser.leg_id}));

  a.stop();
  session->remove_leg(browser.leg_id);  // the browser left: the pre-made leg's tile is back
  EXPECT_EQ(visible(), (std::vector<std::string>{premade.leg_id, other.leg_id}));
  EXPECT_TRUE(test::eventually(
      [&] {
        const auto frame = picture.next_frame(2000ms);
        return frame && shows(*frame, two[0], {0x3C, 0x3C, 0x3C}) && shows(*frame, two[1], {0, 255, 0});
      },
      10s));
}

TEST(AudioOnly, BridgeWithoutVideoStillMixesMinusSelf) {
  Node node(NodeOptions{"127.0.0.1", 0, 0});
  SessionOptions options;
  options.video = false;
  auto session = node.create_session(options);
  std::vector<std::unique_ptr<AudioReceiver>> ears;
  std::vector<std::unique_ptr<HallSender>> senders;
  for (const auto& spec : kHalls) {
    const auto back = test::free_udp_port();
    ears.push_back(std::make_unique<AudioReceiver>(back));
    const auto leg = session->add_leg(test::test_leg(spec.name, test::free_udp_port(), back));
    senders.push_back(std::make_unique<HallSender>(leg, spec.rgb, spec.tone_hz));
    senders.back()->start();
  }
  ASSERT_TRUE(test::eventually([&] { return !ears[0]->collect(200ms).empty(); }, 10s));
  std::this_thread::sleep_for(500ms);
  const auto heard = ears[0]->collect(2000ms);
  EXPECT_GT(test::tone_power(heard, kHalls[1].tone_hz), 100 * test::tone_power(heard, kHalls[0].tone_hz));
  EXPECT_GT(test::tone_power(heard, kHalls[2].tone_hz), 100 * test::tone_power(heard, kHalls[0].tone_hz));
  for (const auto& leg : session->stats().legs) EXPECT_FALSE(leg.visible);
  EXPECT_THROW(session->start_recording("/tmp/x.mkv"), InvalidInput);
}

}  // namespace
}  // namespace media
