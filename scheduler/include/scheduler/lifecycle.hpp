#pragma once
// The meeting lifecycle as an explicit state machine (one table in lifecycle.cpp):
//
//   open_rehearsal: scheduled            -> rehearsal
//   go_live:        scheduled, rehearsal -> live        (a meeting may start without rehearsal)
//   end:            live                 -> ended
//   postpone:       scheduled, rehearsal -> postponed   (a live meeting is ended, not postponed)
//   cancel:         scheduled, rehearsal, postponed -> cancelled
//   reschedule:     postponed            -> scheduled   (moving a scheduled meeting is an edit,
//                                                        not a status change)
// ended and cancelled are final.
#include <optional>
#include <string_view>
#include <vector>

#include "scheduler/meeting.hpp"

namespace sched {

enum class LifecycleEvent { open_rehearsal, go_live, end, postpone, cancel, reschedule };

std::string_view to_string(LifecycleEvent event);
std::optional<LifecycleEvent> lifecycle_event_from(std::string_view text);

// The status after `event`; throws InvalidTransition naming the event, the current status
// and the statuses the event is allowed from.
MeetingStatus next_status(MeetingStatus from, LifecycleEvent event);

// Whether next_status(from, event) succeeds.
bool can_apply(MeetingStatus from, LifecycleEvent event);

// The events allowed from `from`, in declaration order (empty for final statuses).
std::vector<LifecycleEvent> allowed_events(MeetingStatus from);

}  // namespace sched
