#include "conductor/moderator.hpp"

#include <gtest/gtest.h>

#include "fakes.hpp"

namespace conductor {
namespace {

struct World {
  fakes::LiveRepository live;
  std::shared_ptr<fakes::Node> node = std::make_shared<fakes::Node>();
  NodeRegistry nodes{live, {"embedded", "127.0.0.1", 10, node}, [](const std::string&) -> Backend { return nullptr; }};
  LiveWrites writes{live, [] { return sched::Instant{}; }};
  EventLog events{live, writes, 4};
  Moderator moderator{live, nodes, events, [] { return sched::Instant{}; }, "recordings"};
  std::string session = node->open_session({});
  std::string leg7;
  World() {
    live.save_session({1, nodes.embedded_id().value, session});
    media::LegOptions o;
    o.hall_id = "7";
    leg7 = node->add_leg(session, o).leg_id;
    live.save_leg({1, 7, leg7, "127.0.0.1", 40000, 40002, "", ""});
  }
};

TEST(Moderator, MutingARoomReachesTheLegStoredForIt) {
  World w;
  w.moderator.moderate({MeetingId(1), Moderation::mute, RoomId(7), ""});
  EXPECT_TRUE(w.node->leg(w.session, w.leg7).muted);
  EXPECT_EQ(w.live.kinds().back(), "moderation");
  w.moderator.moderate({MeetingId(1), Moderation::layout, std::nullopt, "speaker"});
  EXPECT_EQ(w.node->session(w.session).layout, media::LayoutKind::speaker);
}

TEST(Moderator, MutingAndHidingAHallReachItsBrowserLegToo) {
  World w;
  media::LegOptions o;
  o.hall_id = "7";
  const auto browser = w.node->add_leg(w.session, o).leg_id;  // a WHIP leg: not stored for the room
  o.hall_id = "8";
  const auto other = w.node->add_leg(w.session, o).leg_id;
  w.moderator.moderate({MeetingId(1), Moderation::mute, RoomId(7), ""});
  w.moderator.moderate({MeetingId(1), Moderation::hide, RoomId(7), ""});
  EXPECT_TRUE(w.node->leg(w.session, w.leg7).muted);
  EXPECT_TRUE(w.node->leg(w.session, browser).muted);
  EXPECT_TRUE(w.node->leg(w.session, browser).hidden);
  EXPECT_FALSE(w.node->leg(w.session, other).muted);
  EXPECT_FALSE(w.node->leg(w.session, other).hidden);
  w.moderator.moderate({MeetingId(1), Moderation::unmute, RoomId(7), ""});
  EXPECT_FALSE(w.node->leg(w.session, browser).muted);
}

TEST(Moderator, RemovingARoomDropsItsLegEverywhere) {
  World w;
  w.moderator.moderate({MeetingId(1), Moderation::remove, RoomId(7), ""});
  EXPECT_TRUE(w.node->session(w.session).legs.empty());
  EXPECT_TRUE(w.live.legs(1).empty());
  EXPECT_THROW(w.moderator.moderate({MeetingId(1), Moderation::mute, RoomId(7), ""}), sched::NotFound);
}

TEST(Moderator, RefusalsAreTyped) {
  World w;
  EXPECT_THROW(w.moderator.moderate({MeetingId(2), Moderation::mute, RoomId(7), ""}), sched::InvalidTransition);
  EXPECT_THROW(w.moderator.moderate({MeetingId(1), Moderation::mute, RoomId(8), ""}), sched::NotFound);
  EXPECT_THROW(w.moderator.moderate({MeetingId(1), Moderation::mute, std::nullopt, ""}), sched::InvalidInput);
  EXPECT_THROW(w.moderator.moderate({MeetingId(1), Moderation::layout, std::nullopt, "mosaic"}), sched::InvalidInput);
  w.node->up = false;
  EXPECT_THROW(w.moderator.moderate({MeetingId(1), Moderation::mute, RoomId(7), ""}), sched::Unavailable);
}

TEST(Moderator, ActionsHaveOneNameEachBothWays) {
  for (const char* name : {"mute", "unmute", "hide", "show", "floor", "remove", "layout", "record_start", "record_stop"}) {
    const auto m = moderation_from(name);
    ASSERT_TRUE(m) << name;
    EXPECT_EQ(to_string(*m), name);
  }
  EXPECT_FALSE(moderation_from("explode"));
}

}  // namespace
}  // namespace conductor
