#include "scheduler/conductor_plan.hpp"

namespace sched {

std::string_view to_string(ConductorStep step) {
  switch (step) {
    case ConductorStep::open_rehearsal: return "open_rehearsal";
    case ConductorStep::go_live: return "go_live";
    case ConductorStep::end: return "end";
    case ConductorStep::open_session: return "open_session";
    case ConductorStep::close_session: return "close_session";
  }
  return "unknown";
}

std::vector<PlannedStep> plan_conductor(const std::vector<Meeting>& meetings, const std::set<long long>& running,
                                        Instant now, Minutes rehearsal_window, Minutes grace) {
  std::vector<PlannedStep> steps;
  std::set<long long> wanted;  // meetings that should have a session after these steps
  for (const auto& m : meetings) {
    const auto& slot = m.draft.slot;
    const bool over = now >= slot.end + grace;
    switch (m.status) {
      case MeetingStatus::scheduled:
        if (over || now < slot.start - rehearsal_window) break;
        steps.push_back({now >= slot.start ? ConductorStep::go_live : ConductorStep::open_rehearsal, m.id});
        wanted.insert(m.id);
        break;
      case MeetingStatus::rehearsal:
        if (now >= slot.start) steps.push_back({ConductorStep::go_live, m.id});
        wanted.insert(m.id);
        break;
      case MeetingStatus::live:
        if (over) {
          steps.push_back({ConductorStep::end, m.id});
        } else {
          wanted.insert(m.id);
        }
        break;
      default:
        break;
    }
  }
  for (long long id : wanted)
    if (!running.contains(id)) steps.push_back({ConductorStep::open_session, id});
  for (long long id : running)
    if (!wanted.contains(id)) steps.push_back({ConductorStep::close_session, id});
  return steps;
}

}  // namespace sched
