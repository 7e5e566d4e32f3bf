#include "conductor/health_watcher.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fakes.hpp"

namespace conductor {
namespace {

struct World {
  fakes::LiveRepository live;
  std::shared_ptr<fakes::Node> node = std::make_shared<fakes::Node>();
  NodeRegistry nodes{live, {"embedded", "127.0.0.1", 10, node}, [](const std::string&) -> Backend { return nullptr; }};
  int now = 0;
  LiveWrites writes{live, [this] { return sched::Instant{} + std::chrono::seconds(now); }};
  EventLog events{live, writes, 4};
  HealthWatcher watcher{live, writes, nodes, events, [this] { return sched::Instant{} + std::chrono::seconds(now); }};
  std::string session = node->open_session({});
  std::string leg_of(const std::string& hall) {
    media::LegOptions o;
    o.hall_id = hall;
    o.display_name = "Hall " + hall;
    return node->add_leg(session, o).leg_id;
  }
  std::map<MeetingId, RunningSession> running(std::uint64_t opening = 1) {
    return {{MeetingId(1), {nodes.embedded_id(), SessionId(session), 1, opening}}};
  }
};

TEST(HealthWatcher, AHallStillConnectedWhenItsSessionIsOpenedAgainGetsANewInterval) {
  World w;
  const auto leg = w.leg_of("7");
  w.node->leg(w.session, leg).health.state = media::LegState::ok;
  w.now = 10;
  w.watcher.watch(w.running(1));
  ASSERT_EQ(w.live.attendance(1).size(), 1u);
  // Its node died and was started again at once: the runner closed the intervals at their
  // last sighting and opened the session again, under the same id (a fresh node's first).
  w.live.close_attendance(1, std::nullopt);
  w.now = 20;
  w.watcher.watch(w.running(2));
  const auto a = w.live.attendance(1);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_TRUE(a[0].left);
  EXPECT_FALSE(a[1].left);
  EXPECT_EQ(a[1].joined, sched::Instant{} + std::chrono::seconds(20));
}

TEST(HealthWatcher, AHallThatConnectsAndIsLostIsAttendedAndAnnounced) {
  World w;
  const auto leg = w.leg_of("7");
  w.watcher.watch(w.running());
  EXPECT_TRUE(w.live.attendance(1).empty());  // connecting
  w.node->leg(w.session, leg).health.state = media::LegState::ok;
  w.now = 10;
  w.watcher.watch(w.running());
  ASSERT_EQ(w.live.attendance(1).size(), 1u);
  EXPECT_EQ(w.live.seen_[1], std::vector<long long>{7});
  w.node->leg(w.session, leg).health.state = media::LegState::lost;
  w.now = 20;
  w.watcher.watch(w.running());
  ASSERT_EQ(w.live.attendance(1).size(), 1u);
  EXPECT_EQ(w.live.attendance(1)[0].left, sched::Instant{} + std::chrono::seconds(20));
  EXPECT_EQ(w.live.kinds(), (std::vector<std::string>{"leg_state", "leg_state", "hall_lost"}));
  const auto health = nlohmann::json::parse(*w.live.session_health(1));
  EXPECT_EQ(health.at("legs").at(0).at("room_id"), 7);
  EXPECT_EQ(health.at("worst_state"), "lost");
  EXPECT_EQ(w.watcher.latest().at(MeetingId(1)).legs.size(), 1u);
}

TEST(HealthWatcher, AHallThatJoinsAndOneThatLeavesWhileTheDatabaseIsDownAreRecordedAtTheirTimesOnceItIsBack) {
  World w;
  const auto staying = w.leg_of("7");
  const auto leaving = w.leg_of("8");
  const auto joining = w.leg_of("9");
  w.node->leg(w.session, staying).health.state = media::LegState::ok;
  w.node->leg(w.session, leaving).health.state = media::LegState::ok;
  w.watcher.watch(w.running());
  ASSERT_EQ(w.live.attendance(1).size(), 2u);
  const auto events_before = w.live.kinds().size();

  w.live.down = true;
  w.now = 5;
  w.node->leg(w.session, leaving).health.state = media::LegState::lost;
  w.watcher.watch(w.running());
  w.now = 8;
  w.node->leg(w.session, joining).health.state = media::LegState::ok;
  w.watcher.watch(w.running());
  EXPECT_EQ(w.live.attendance(1).size(), 2u);  // nothing reached the database
  EXPECT_EQ(w.live.kinds().size(), events_before);
  EXPECT_TRUE(w.writes.waiting());

  w.live.down = false;
  w.now = 12;
  w.writes.flush();  // as the conductor's next round does first
  EXPECT_FALSE(w.writes.waiting());
  const auto a = w.live.attendance(1);
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a[1].room_id, 8);
  EXPECT_EQ(a[1].left, sched::Instant{} + std::chrono::seconds(5));
  EXPECT_EQ(a[2].room_id, 9);
  EXPECT_EQ(a[2].joined, sched::Instant{} + std::chrono::seconds(8));
  EXPECT_FALSE(a[0].left);
  EXPECT_EQ(w.live.kinds(), (std::vector<std::string>{"leg_state", "leg_state", "leg_state", "hall_lost", "leg_state"}));
}

TEST(HealthWatcher, AHallWithABrowserLegBesideItsIdleRtpLegAttendsOnceWithoutFlapping) {
  World w;
  w.leg_of("7");  // the hall's RTP leg: never connects
  const auto browser = w.leg_of("7");
  w.node->leg(w.session, browser).health.state = media::LegState::ok;
  for (int round = 0; round < 3; ++round) {
    w.now = round;
    w.watcher.watch(w.running());
  }
  ASSERT_EQ(w.live.attendance(1).size(), 1u);
  EXPECT_FALSE(w.live.attendance(1)[0].left);
  EXPECT_EQ(w.live.kinds(), std::vector<std::string>{"leg_state"});  // the browser leg's connecting -> ok
  EXPECT_EQ(w.live.seen_[1], std::vector<long long>{7});
  w.node->remove_leg(w.session, browser);  // the browser hangs up
  w.now = 10;
  w.watcher.watch(w.running());
  ASSERT_EQ(w.live.attendance(1).size(), 1u);
  EXPECT_EQ(w.live.attendance(1)[0].left, sched::Instant{} + std::chrono::seconds(10));
}

TEST(HealthWatcher, TheIdleRtpLegOfAHallInThroughABrowserIsNotAnnouncedLost) {
  World w;
  const auto rtp = w.leg_of("7");
  const auto browser = w.leg_of("7");
  w.node->leg(w.session, browser).health.state = media::LegState::ok;
  w.watcher.watch(w.running());
  w.node->leg(w.session, rtp).health.state = media::LegState::lost;  // its connecting grace ran out
  w.now = 10;
  w.watcher.watch(w.running());
  EXPECT_EQ(w.live.kinds(), (std::vector<std::string>{"leg_state", "leg_state"}));  // no hall_lost
  ASSERT_EQ(w.live.attendance(1).size(), 1u);
  EXPECT_FALSE(w.live.attendance(1)[0].left);
  w.node->leg(w.session, browser).health.state = media::LegState::lost;  // the browser's link breaks
  w.now = 20;
  w.watcher.watch(w.running());
  const auto kinds = w.live.kinds();
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "hall_lost"), 1);
}

TEST(HealthWatcher, ALegWhoseHallIdIsNotARoomIsLeftOutNeverCountedAsRoomZero) {
  World w;
  w.leg_of("7");
  const auto stray = w.leg_of("so-y-te");
  w.node->leg(w.session, stray).health.state = media::LegState::ok;
  w.watcher.watch(w.running());
  const auto health = nlohmann::json::parse(*w.live.session_health(1));
  ASSERT_EQ(health.at("legs").size(), 1u);
  EXPECT_EQ(health.at("legs").at(0).at("room_id"), 7);
  EXPECT_TRUE(w.live.attendance(1).empty());
}

TEST(HealthWatcher, HighLossAndAFrozenPictureAreAnnouncedOnceEach) {
  World w;
  const auto leg = w.leg_of("7");
  auto& h = w.node->leg(w.session, leg).health;
  h.state = media::LegState::degraded;
  h.video.loss_percent = 12;
  h.video.loss_grade = media::grade_loss(12);
  h.frozen = true;
  w.watcher.watch(w.running());
  w.watcher.watch(w.running());
  const auto kinds = w.live.kinds();
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "loss_high"), 1);
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "video_frozen"), 1);
}

TEST(HealthWatcher, ASessionNoLongerRunningIsForgotten) {
  World w;
  w.leg_of("7");
  w.watcher.watch(w.running());
  w.watcher.watch({});
  EXPECT_TRUE(w.watcher.latest().empty());
}

}  // namespace
}  // namespace conductor
