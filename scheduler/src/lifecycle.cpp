// The lifecycle table; see lifecycle.hpp for the diagram.
#include "scheduler/lifecycle.hpp"

#include <array>
#include <initializer_list>
#include <string>
#include <utility>

#include "name_table.hpp"
#include "scheduler/errors.hpp"

namespace sched {
namespace {

using S = MeetingStatus;
using E = LifecycleEvent;

struct Transition {
  E event;
  S from;
  S to;
};

// The only place where the allowed transitions are written.
constexpr std::array<Transition, 10> kTransitions{{
    {E::open_rehearsal, S::scheduled, S::rehearsal},
    {E::go_live, S::scheduled, S::live},
    {E::go_live, S::rehearsal, S::live},
    {E::end, S::live, S::ended},
    {E::postpone, S::scheduled, S::postponed},
    {E::postpone, S::rehearsal, S::postponed},
    {E::cancel, S::scheduled, S::cancelled},
    {E::cancel, S::rehearsal, S::cancelled},
    {E::cancel, S::postponed, S::cancelled},
    {E::reschedule, S::postponed, S::scheduled},
}};

constexpr std::array<std::pair<E, std::string_view>, 6> kEventNames{{
    {E::open_rehearsal, "open_rehearsal"},
    {E::go_live, "go_live"},
    {E::end, "end"},
    {E::postpone, "postpone"},
    {E::cancel, "cancel"},
    {E::reschedule, "reschedule"},
}};

const Transition* find(S from, E event) {
  for (const auto& t : kTransitions)
    if (t.event == event && t.from == from) return &t;
  return nullptr;
}

}  // namespace

std::string_view to_string(LifecycleEvent event) { return detail::name_of(kEventNames, event); }

std::optional<LifecycleEvent> lifecycle_event_from(std::string_view text) {
  return detail::value_of(kEventNames, text);
}

bool can_apply(MeetingStatus from, LifecycleEvent event) { return find(from, event) != nullptr; }

MeetingStatus next_status(MeetingStatus from, LifecycleEvent event) {
  if (const Transition* t = find(from, event)) return t->to;
  std::string allowed;
  for (const auto& t : kTransitions) {
    if (t.event != event) continue;
    if (!allowed.empty()) allowed += ", ";
    allowed += to_string(t.from);
  }
  throw InvalidTransition("cannot " + std::string(to_string(event)) + " a meeting that is " +
                          std::string(to_string(from)) + " (allowed from: " + allowed + ")");
}

std::vector<LifecycleEvent> allowed_events(MeetingStatus from) {
  std::vector<LifecycleEvent> events;
  for (const auto& [e, name] : kEventNames)
    if (can_apply(from, e)) events.push_back(e);
  return events;
}

}  // namespace sched
