// Derived quantities of the working hours.
#include "scheduler/policy.hpp"

#include <algorithm>

namespace sched {

Minutes longest_session(const Policy& policy) {
  Minutes longest{0};
  for (const auto& s : policy.sessions) longest = std::max(longest, s.end - s.start);
  return longest;
}

Minutes working_day_span(const Policy& policy) {
  if (policy.sessions.empty()) return Minutes{0};
  Minutes first = policy.sessions.front().start;
  Minutes last = policy.sessions.front().end;
  for (const auto& s : policy.sessions) {
    first = std::min(first, s.start);
    last = std::max(last, s.end);
  }
  return last - first;
}

}  // namespace sched
