// The service's leg health carries each stream exactly as media-node's control API writes it.
#include <gtest/gtest.h>

#include "media/control_codec.hpp"
#include "wire/live_json.hpp"

namespace {

TEST(LegHealthJson, EachStreamReadsAsTheControlApiWritesIt) {
  media::SessionStats stats;
  stats.session_id = "s1";
  media::LegStatus leg;
  leg.leg_id = "leg-1";
  leg.hall_id = "7";
  leg.display_name = "UBND xã Tân Lập";
  leg.health.state = media::LegState::degraded;
  leg.health.video.loss_percent = 3.0;
  leg.health.video.peer_jitter_ms = 42.0;
  leg.health.audio.rtt_ms = 18.0;
  leg.counters.video.packets_in = 900;
  stats.legs.push_back(leg);

  const auto health = wire::session_health_json(5, stats, {{7, leg}});
  const auto control = media::control::to_json(stats);
  const auto& mine = health.at("legs").at(0);
  EXPECT_EQ(mine.at("room_id"), 7);
  EXPECT_EQ(mine.at("video"), control.at("legs").at(0).at("video"));
  EXPECT_EQ(mine.at("audio"), control.at("legs").at(0).at("audio"));
  EXPECT_EQ(mine.at("video").at("peer_jitter_ms"), 42.0);
  EXPECT_TRUE(mine.at("audio").at("peer_jitter_ms").is_null());
  EXPECT_EQ(health.at("worst_state"), "degraded");
}

TEST(SessionHealthJson, ABrowserHallsIdleRtpLegDoesNotMakeTheSessionLost) {
  media::SessionStats stats;
  media::LegStatus rtp;
  rtp.leg_id = "leg-1";
  rtp.hall_id = "7";
  rtp.health.state = media::LegState::lost;  // made when the session opened, never joined
  media::LegStatus browser = rtp;
  browser.leg_id = "leg-2";
  browser.health.state = media::LegState::ok;
  media::LegStatus other = rtp;
  other.leg_id = "leg-3";
  other.hall_id = "8";
  other.health.state = media::LegState::connecting;
  stats.legs = {rtp, browser, other};

  auto health = wire::session_health_json(5, stats, {{7, rtp}, {7, browser}, {8, other}});
  EXPECT_EQ(health.at("legs").size(), 3u);  // every leg is still listed
  EXPECT_EQ(health.at("worst_state"), "connecting");
  other.health.state = media::LegState::lost;  // a hall with no leg connected is lost
  health = wire::session_health_json(5, stats, {{7, rtp}, {7, browser}, {8, other}});
  EXPECT_EQ(health.at("worst_state"), "lost");
}

}  // namespace
