#pragma once
// The organiser's actions on a running session: mute, hide, floor, remove, layout,
// recording. The session and the room's leg are read from PostgreSQL (the one record of
// them), so any process that can reach the session's node moderates it. Mute and hide reach
// every leg of the hall in the session (its RTP leg and any WHIP browser leg); floor and
// remove act on the stored leg only.
//
// Threading: any thread; holds no lock of its own.
#include <optional>
#include <string>
#include <string_view>

#include "conductor/event_log.hpp"
#include "conductor/ids.hpp"
#include "conductor/node_registry.hpp"
#include "scheduler/booking_service.hpp"
#include "scheduler/live.hpp"

namespace conductor {

enum class Moderation { mute, unmute, hide, show, floor, remove, layout, record_start, record_stop };
std::optional<Moderation> moderation_from(std::string_view text);
std::string_view to_string(Moderation m);

struct ModerationRequest {
  MeetingId meeting;
  Moderation action = Moderation::mute;
  std::optional<RoomId> room;
  std::string argument;  // the layout's name for `layout`
};

class Moderator {
 public:
  Moderator(sched::LiveRepository& live, NodeRegistry& nodes, EventLog& events, sched::Clock clock,
            std::string recordings_dir)
      : live_(live), nodes_(nodes), events_(events), clock_(std::move(clock)), recordings_dir_(std::move(recordings_dir)) {}

  // Throws sched::InvalidTransition (no running session), NotFound (room not in the
  // meeting), InvalidInput (action without its room or with a bad layout), Unavailable.
  void moderate(const ModerationRequest& request);

 private:
  sched::LiveRepository& live_;
  NodeRegistry& nodes_;
  EventLog& events_;
  sched::Clock clock_;
  const std::string recordings_dir_;
};

}  // namespace conductor
