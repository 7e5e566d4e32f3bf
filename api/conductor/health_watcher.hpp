#pragma once
// Watches the legs of every session this process runs, once a round: each leg's judged
// health (from media) becomes events on a change (state, loss, freeze), attendance
// (connected, seen, left: a hall attends while any of its legs, its RTP leg or a browser
// leg of WHIP, is connected) and the session's health as every process serves it (stored in
// PostgreSQL, serialised once here). Keeps the latest stats for /metrics. Events and
// attendance go through LiveWrites, so they are kept while the database is unavailable;
// the health snapshot is then skipped (the next one replaces it anyway).
//
// Threading: watch() from the conductor's round; latest() from any thread. mutex_ guards
// the maps only; no database or media call is made while it is held.
#include <map>
#include <mutex>
#include <set>

#include "conductor/event_log.hpp"
#include "conductor/ids.hpp"
#include "conductor/live_writes.hpp"
#include "conductor/node_registry.hpp"
#include "conductor/session_runner.hpp"
#include "media/node_types.hpp"
#include "scheduler/booking_service.hpp"
#include "scheduler/live.hpp"

namespace conductor {

class HealthWatcher {
 public:
  HealthWatcher(sched::LiveRepository& live, LiveWrites& writes, NodeRegistry& nodes, EventLog& events,
                sched::Clock clock)
      : live_(live), writes_(writes), nodes_(nodes), events_(events), clock_(std::move(clock)) {}

  void watch(const std::map<MeetingId, RunningSession>& sessions);
  [[nodiscard]] std::map<MeetingId, media::SessionStats> latest() const;

 private:
  void judge(MeetingId meeting, const media::SessionStats& stats);

  sched::LiveRepository& live_;
  LiveWrites& writes_;
  NodeRegistry& nodes_;
  EventLog& events_;
  sched::Clock clock_;

  mutable std::mutex mutex_;
  std::map<std::pair<MeetingId, LegId>, media::LegHealth> last_;  // the previous judgement of each leg
  std::map<MeetingId, std::set<RoomId>> attending_;                // halls with a connected leg last round
  std::map<MeetingId, std::uint64_t> opening_;                     // the session opening those were of
  std::map<MeetingId, media::SessionStats> stats_;
};

}  // namespace conductor
