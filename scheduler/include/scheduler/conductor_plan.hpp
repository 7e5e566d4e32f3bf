#pragma once
// What the conductor must do now, decided from the meetings and the sessions that run
// (pure; the service carries the actions out). For each meeting:
//   scheduled, within the rehearsal window before its start   -> open_rehearsal
//   scheduled or rehearsal, at or after its start             -> go_live
//   live, past its end plus the grace period                  -> end
//   rehearsal or live without a running session               -> open_session (also after a restart)
//   a running session whose meeting is no longer rehearsal/live -> close_session
// A scheduled meeting whose end (plus grace) has passed is left alone: it was never held.
#include <set>
#include <vector>

#include "scheduler/meeting.hpp"

namespace sched {

enum class ConductorStep { open_rehearsal, go_live, end, open_session, close_session };

std::string_view to_string(ConductorStep step);

struct PlannedStep {
  ConductorStep step;
  long long meeting_id;
  bool operator==(const PlannedStep&) const = default;
};

std::vector<PlannedStep> plan_conductor(const std::vector<Meeting>& meetings, const std::set<long long>& running,
                                        Instant now, Minutes rehearsal_window, Minutes grace);

}  // namespace sched
