#pragma once
// Runs booked meetings on the media nodes: once a round (a second) it takes the lease,
// probes the nodes, plans (scheduler's conductor plan) and acts: rehearsal, live, end,
// sessions opened, adopted and closed, then watches every leg. Exactly one process
// conducts, the holder of the PostgreSQL lease; everything it decides is written to
// PostgreSQL first, so any process answers reads and the next conductor carries on.
//
// Parts: NodeRegistry (nodes, placement), SessionRunner (open/adopt/close), HealthWatcher
// (events, attendance, health), Moderator (the organiser's actions), ModerationRelay
// (moderation asked of any process, carried out here), EventLog.
//
// Threading: one background thread runs the rounds; the public methods may be called from
// the API's workers. Lock order: there is none to get wrong. tick_mutex_ is taken only by
// the round; each part's mutex guards its own maps and is never held across a call into
// another part, a media node or PostgreSQL, so no thread ever holds two of our locks, and
// no HTTP worker waits on a lock held across a database call. round_mutex_ (the round
// counter start/end wait on) is a leaf as well.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <nlohmann/json.hpp>
#include <thread>

#include "conductor/event_log.hpp"
#include "conductor/health_watcher.hpp"
#include "conductor/moderation_relay.hpp"
#include "conductor/moderator.hpp"
#include "conductor/node_registry.hpp"
#include "conductor/session_runner.hpp"
#include "scheduler/booking_service.hpp"
#include "scheduler/conductor_plan.hpp"
#include "scheduler/live.hpp"

namespace conductor {

struct ConductorOptions {
  EmbeddedNode embedded;                       // the node inside this process
  std::chrono::milliseconds tick{1000};
  sched::Minutes grace{10};                    // a live meeting ends this long after its booked end
  RunnerOptions runner;
  std::string recordings_dir = "recordings";
  int max_waiting = 4;                         // event long polls waiting at once
  std::size_t kept_records = LiveWrites::kDefaultCapacity;  // events and attendance kept while the database is unavailable
  TransientError database_unavailable;         // which database errors mean "try later" (default: sched::Unavailable)
};

struct JoinInfo {
  sched::Meeting meeting;
  sched::LegRecord leg;
};

// A hall's open meeting whose session runs on the node inside this process.
struct LocalHallSession {
  MeetingId meeting;
  SessionId session;
  std::string hall_name;  // the room's name, as on its RTP leg's tile
};

struct Repositories {
  sched::LiveRepository& live;
  sched::MeetingRepository& meetings;
  sched::RoomDirectory& rooms;
  sched::ModerationQueue& moderation;
  // Announcements of committed changes (PostgreSQL NOTIFY): a new moderation request is
  // served as soon as it is announced. Null: served once a round only.
  const sched::ChangeCounter* changes = nullptr;
};

class Conductor {
 public:
  Conductor(Repositories repos, sched::BookingService& booking, BackendFactory remote, KeyMaker keys,
            sched::Clock clock, ConductorOptions options);
  ~Conductor();
  Conductor(const Conductor&) = delete;
  Conductor& operator=(const Conductor&) = delete;

  void start();  // the background rounds
  void stop();   // ends the sessions run here; PostgreSQL keeps them open for the next conductor
  void tick();   // one round (tests call it directly, without start())

  // The organiser starts or ends early; returns once the conductor has acted on it (or
  // after a few seconds when another process conducts).
  sched::Meeting start_now(MeetingId meeting, const std::string& actor);
  sched::Meeting end_now(MeetingId meeting, const std::string& actor);

  // The meeting a hall joins now (rehearsal or live, with its leg); nullopt when none is open.
  std::optional<JoinInfo> join(RoomId room);
  // The same, when this process runs that meeting's session on its embedded node (the node
  // its WebRTC edge serves); nullopt otherwise.
  std::optional<LocalHallSession> local_session(RoomId room);
  // Leg health of a running meeting as JSON, from whichever process runs it.
  std::optional<nlohmann::json> health(MeetingId meeting);
  std::vector<sched::LiveEvent> events(long long after, std::chrono::milliseconds wait, int limit = 200);
  // Carried out here when this process conducts, else by the conducting process through a
  // durable request; throws the typed refusal either way.
  void moderate(const ModerationRequest& request);

  sched::MediaNodeRecord add_node(const std::string& name, const std::string& address, int capacity_legs);
  void set_node_state(NodeId node, sched::NodeState state);

  // Latest stats of the sessions this process runs (for /metrics).
  [[nodiscard]] std::map<MeetingId, media::SessionStats> local_stats() const { return watcher_.latest(); }
  [[nodiscard]] bool leading() const { return leader_.load(); }

 private:
  void round();
  void step(const sched::PlannedStep& step, const std::vector<sched::Meeting>& meetings);
  void wait_for_round();
  void serve_moderation();

  Repositories repos_;
  sched::BookingService& booking_;
  sched::Clock clock_;
  ConductorOptions options_;
  LiveWrites writes_;
  EventLog events_;
  NodeRegistry nodes_;
  SessionRunner runner_;
  HealthWatcher watcher_;
  Moderator moderator_;
  ModerationRelay relay_;
  std::atomic<bool> leader_{false};
  bool database_lost_ = false;  // the last round found the database unavailable (round thread only)

  std::mutex tick_mutex_;  // one round at a time
  std::mutex round_mutex_;
  std::condition_variable round_done_;
  std::uint64_t started_ = 0;  // rounds begun, guarded by round_mutex_
  std::uint64_t rounds_ = 0;   // rounds finished, guarded by round_mutex_
  bool wake_ = false;         // guarded by round_mutex_: run a round now
  bool stopping_ = false;     // guarded by round_mutex_
  std::thread thread_;
};

}  // namespace conductor
