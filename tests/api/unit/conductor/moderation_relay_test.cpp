#include "conductor/moderation_relay.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "fakes.hpp"

namespace conductor {
namespace {

// One process asks (an API worker of a process that does not conduct); the conducting
// process serves, on its own thread, until the answer is written.
struct World {
  fakes::LiveRepository live;
  fakes::ModerationQueue queue;
  std::shared_ptr<fakes::Node> node = std::make_shared<fakes::Node>();
  NodeRegistry nodes{live, {"embedded", "127.0.0.1", 10, node}, [](const std::string&) -> Backend { return nullptr; }};
  LiveWrites writes{live, [] { return sched::Instant{}; }};
  EventLog events{live, writes, 4};
  Moderator moderator{live, nodes, events, [] { return sched::Instant{}; }, "recordings"};
  ModerationRelay asking{queue, std::chrono::seconds(5)};
  ModerationRelay conducting{queue};
  std::string session = node->open_session({});
  std::string leg;
  World() {
    live.save_session({1, nodes.embedded_id().value, session});
    media::LegOptions o;
    o.hall_id = "7";
    leg = node->add_leg(session, o).leg_id;
    live.save_leg({1, 7, leg, "127.0.0.1", 40000, 40002, "", ""});
  }
  // Serves until `done` (bounded by the asking side's own limit).
  template <typename F>
  void ask_while_serving(F ask) {
    std::atomic<bool> done{false};
    std::thread conductor([&] {
      while (!done) {
        conducting.serve(moderator);
        std::this_thread::yield();
      }
    });
    try {
      ask();
    } catch (...) {
      done = true;
      conductor.join();
      throw;
    }
    done = true;
    conductor.join();
  }
};

TEST(ModerationRelay, ARequestAskedElsewhereIsCarriedOutByTheConductor) {
  World w;
  w.ask_while_serving([&] { w.asking.ask({MeetingId(1), Moderation::mute, RoomId(7), ""}); });
  EXPECT_TRUE(w.node->leg(w.session, w.leg).muted);
  EXPECT_TRUE(w.queue.pending_moderations(15).empty());
}

TEST(ModerationRelay, TheConductorsRefusalComesBackAsTheSameTypedError) {
  World w;
  EXPECT_THROW(w.ask_while_serving([&] { w.asking.ask({MeetingId(1), Moderation::mute, RoomId(8), ""}); }),
               sched::NotFound);
  try {
    w.ask_while_serving([&] { w.asking.ask({MeetingId(1), Moderation::layout, std::nullopt, "mosaic"}); });
    FAIL() << "a bad layout was accepted";
  } catch (const sched::InvalidInput& e) {
    EXPECT_EQ(e.field(), "layout");
  }
  EXPECT_THROW(w.ask_while_serving([&] { w.asking.ask({MeetingId(2), Moderation::mute, RoomId(7), ""}); }),
               sched::InvalidTransition);
}

TEST(ModerationRelay, WithNoConductorServingTheCallerIsToldToTryAgain) {
  World w;
  ModerationRelay impatient{w.queue, std::chrono::milliseconds(100)};
  EXPECT_THROW(impatient.ask({MeetingId(1), Moderation::mute, RoomId(7), ""}), sched::Unavailable);
  EXPECT_FALSE(w.node->leg(w.session, w.leg).muted);
}

}  // namespace
}  // namespace conductor
