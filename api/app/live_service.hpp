#pragma once
// Runs booked meetings on the media unit: the conductor (opens each meeting's session at
// the start minus the rehearsal window, moves it to live, ends it after the end plus a
// grace period, reopens what a restart lost), the halls' legs, and the watch over every
// leg's health (events, alarms, attendance). Exactly one process conducts: the holder of
// the PostgreSQL lease. Everything it decides is written to PostgreSQL first.
//
// Threading: one background thread ticks; the public methods may be called from any
// thread (the API's workers). Lock order: mutex_ only; never held across a database call
// that waits on another lock of ours.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "app/media_backend.hpp"
#include "media/node.hpp"
#include "scheduler/booking_service.hpp"
#include "scheduler/live.hpp"

namespace app {

struct LiveOptions {
  std::string node_name = "embedded";
  std::string media_address = "127.0.0.1";  // where halls send RTP (the node's bind address)
  int capacity_legs = 400;
  std::chrono::milliseconds tick{1000};
  sched::Minutes grace{10};  // a live meeting ends this long after its booked end
  bool video = true;
  std::string recordings_dir = "recordings";
  bool srtp = false;  // legs encrypted with SRTP; /join hands the keys to the hall
  int max_waiting = 4;
};

struct JoinInfo {
  sched::Meeting meeting;
  sched::LegRecord leg;
};

enum class Moderation { mute, unmute, hide, show, floor, remove, layout, record_start, record_stop };
std::optional<Moderation> moderation_from(std::string_view text);
std::string_view to_string(Moderation m);

class LiveService {
 public:
  LiveService(sched::LiveRepository& live, sched::MeetingRepository& meetings, sched::RoomDirectory& rooms,
              sched::BookingService& booking, media::Node& node, sched::Clock clock, LiveOptions options);
  ~LiveService();
  LiveService(const LiveService&) = delete;
  LiveService& operator=(const LiveService&) = delete;

  void start();  // the background conductor
  void stop();
  void tick();   // one round: lease, plan, act, watch

  // The organiser starts early or ends early.
  sched::Meeting start_now(long long meeting_id, const std::string& actor);
  sched::Meeting end_now(long long meeting_id, const std::string& actor);

  // The meeting a hall joins now (rehearsal or live, with its leg); nullopt when none is open.
  std::optional<JoinInfo> join(long long room_id);
  // Leg health of a running meeting (JSON as the API serves it), from whichever process runs it.
  std::optional<nlohmann::json> health(long long meeting_id);
  // Events after `after`; waits up to `wait` for the first one. At most `max_waiting` callers
  // wait at once (each holds an HTTP worker); the others get an answer at once.
  std::vector<sched::LiveEvent> events(long long after, std::chrono::milliseconds wait, int limit = 200);
  void moderate(long long meeting_id, Moderation action, std::optional<long long> room_id,
                const std::string& argument);

  // Media nodes: register a remote media-node ("host:port"), enable / cordon / disable one.
  sched::MediaNodeRecord add_node(const std::string& name, const std::string& address, int capacity_legs);
  void set_node_state(long long node_id, sched::NodeState state);

  // Latest health of the sessions this process runs (for /metrics).
  std::map<long long, media::SessionStats> local_stats();
  [[nodiscard]] bool leading() const { return leader_.load(); }

 private:
  struct Running {
    long long node_id = 0;
    std::string session;
  };
  void probe_nodes();
  long long place(std::size_t legs);  // the node for a new session; throws Unavailable
  MediaBackend& backend(long long node_id);
  void open_session(const sched::Meeting& m);
  void close_session(long long meeting_id, const std::string& why);
  void watch();
  std::optional<Running> running(long long meeting_id);
  void event(std::optional<long long> meeting, std::optional<long long> room, const std::string& kind,
             const std::string& detail);

  sched::LiveRepository& live_;
  sched::MeetingRepository& meetings_;
  sched::RoomDirectory& rooms_;
  sched::BookingService& booking_;
  media::Node& node_;
  sched::Clock clock_;
  LiveOptions options_;
  long long node_id_ = 0;

  std::mutex tick_mutex_;  // one round at a time (background thread or start/end now)
  std::mutex mutex_;
  std::map<long long, std::unique_ptr<MediaBackend>> backends_;         // node id -> driver
  std::map<long long, Running> sessions_;                               // meeting -> session run by us
  std::map<long long, std::map<long long, std::string>> leg_of_room_;   // meeting -> room -> leg id
  std::map<std::pair<long long, long long>, media::LegHealth> last_;    // (meeting, room) -> last judgement
  std::map<long long, media::SessionStats> stats_;
  std::atomic<bool> leader_{false};
  std::atomic<int> waiting_{0};

  std::mutex wake_mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace app
