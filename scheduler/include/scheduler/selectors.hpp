#pragma once
// Invitation selectors ("every commune under district X") resolved against the
// organisations valid on the meeting's date.
#include <vector>

#include "scheduler/meeting.hpp"
#include "scheduler/org.hpp"

namespace sched {

// Ids of the orgs matching any selector, sorted and unique. An org matches a selector when
// its level equals `level` (if given) and the org whose code is `under` (if given) is a
// strict ancestor of it at any depth (via parent_id). A selector with neither is refused
// (it would invite the whole province by accident). Throws InvalidInput("invite", ...) for
// an empty selector or an `under` code that no org in `orgs_valid_on_date` has.
std::vector<long long> resolve_selectors(const std::vector<Selector>& selectors,
                                         const std::vector<Org>& orgs_valid_on_date);

}  // namespace sched
