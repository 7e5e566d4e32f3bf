#include "conductor/session_runner.hpp"

#include <gtest/gtest.h>

#include "fakes.hpp"

namespace conductor {
namespace {

sched::Instant at(int seconds) { return sched::Instant{} + std::chrono::seconds(seconds); }

struct World {
  fakes::LiveRepository live;
  fakes::Rooms rooms;
  std::shared_ptr<fakes::Node> embedded = std::make_shared<fakes::Node>();
  std::shared_ptr<fakes::Node> remote = std::make_shared<fakes::Node>();
  NodeRegistry nodes{live, {"embedded", "10.0.0.5", 10, embedded}, [this](const std::string&) { return remote; }};
  LiveWrites writes{live, [] { return sched::Instant{}; }};
  EventLog events{live, writes, 4};
  int keys = 0;
  SessionRunner runner{live, rooms, nodes, events, [] { return at(100); }, {"10.0.0.5", true, false},
                       [this] { return "key" + std::to_string(++keys); }};

  sched::Meeting meeting(long long id) {
    sched::Meeting m;
    m.id = id;
    m.draft.host_room_id = 7;
    m.draft.room_ids = {8, 9};
    return m;
  }
};

TEST(SessionRunner, OpeningStoresTheSessionAndEveryRoomsLegHostFirst) {
  World w;
  w.runner.open(w.meeting(1));
  const auto session = w.live.session_of(1);
  ASSERT_TRUE(session);
  EXPECT_EQ(NodeId(session->node_id), w.nodes.embedded_id());
  const auto& s = w.embedded->sessions.at(session->session_id);
  ASSERT_EQ(s.legs.size(), 3u);
  EXPECT_TRUE(s.legs.begin()->second.options.is_host);
  EXPECT_EQ(s.legs.begin()->second.options.hall_id, "7");
  EXPECT_EQ(s.legs.begin()->second.options.display_name, "Hall 7");
  const auto legs = w.live.legs(1);
  ASSERT_EQ(legs.size(), 3u);
  for (const auto& l : legs) {
    EXPECT_EQ(l.address, "10.0.0.5");  // the node listens on 0.0.0.0: halls get the media address
    EXPECT_TRUE(s.legs.contains(l.leg_id));
  }
  EXPECT_EQ(w.runner.running().at(MeetingId(1)).legs, 3u);
  EXPECT_EQ(w.live.kinds(), std::vector<std::string>{"session_open"});
}

TEST(SessionRunner, ASessionStillRunningOnItsNodeIsAdoptedAsItIs) {
  World w;
  w.runner.open(w.meeting(1));
  const auto before = w.live.legs(1);
  w.runner.forget_all();  // a restart of the conductor; the node kept running
  w.runner.open(w.meeting(1));
  EXPECT_EQ(w.embedded->sessions.size(), 1u);
  const auto after = w.live.legs(1);
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) EXPECT_EQ(after[i].video_port, before[i].video_port);
  EXPECT_EQ(w.live.kinds(), std::vector<std::string>{"session_open"});  // not reopened
}

TEST(SessionRunner, ASessionItsNodeLostIsReopenedAndItsAttendanceClosedAtTheLastSighting) {
  World w;
  w.runner.open(w.meeting(1));
  w.embedded->sessions.clear();  // the process restarted: the embedded node starts empty
  w.runner.forget_all();
  w.runner.open(w.meeting(1));
  EXPECT_EQ(w.live.attendance_closed_[1], 1);
  EXPECT_EQ(w.embedded->sessions.size(), 1u);
  EXPECT_EQ(w.live.kinds().back(), "session_reopened");
}

TEST(SessionRunner, ClosingEndsTheSessionOnItsNodeAndForgetsIt) {
  World w;
  w.runner.open(w.meeting(1));
  w.runner.close(MeetingId(1), "meeting over");
  EXPECT_EQ(w.embedded->ended, 1);
  EXPECT_FALSE(w.live.session_of(1));
  EXPECT_TRUE(w.runner.running().empty());
  EXPECT_EQ(w.live.kinds().back(), "session_closed");
}

TEST(SessionRunner, WithSrtpEachLegGetsTwoKeysAndTheHallItsOwn) {
  World w;
  SessionRunner srtp{w.live, w.rooms, w.nodes, w.events, [] { return at(100); }, {"10.0.0.5", true, true},
                     [&w] { return "key" + std::to_string(++w.keys); }};
  srtp.open(w.meeting(2));
  for (const auto& l : w.live.legs(2)) {
    EXPECT_FALSE(l.srtp_node_key.empty());
    EXPECT_NE(l.srtp_node_key, l.srtp_hall_key);
  }
}

}  // namespace
}  // namespace conductor
