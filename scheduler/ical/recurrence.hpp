#pragma once
// RFC 5545 recurrence rules (RRULE) expanded through libical.
#include <cstddef>
#include <string_view>
#include <vector>

#include "scheduler/time.hpp"

namespace sched {

// The occurrences of a series whose first meeting is `first`, each as long as `first`.
// The rule is read in the local time of `zone` (a monthly "first Monday 08:00" stays 08:00
// local across offset changes); a UTC UNTIL is compared in local time, a DATE UNTIL
// includes that whole local day. The result starts with `first`.
// Throws InvalidInput("recurrence", ...) when the rule does not parse, repeats more often
// than daily, has a BYDAY ordinal beyond its month or year, has neither COUNT
// nor UNTIL, produces more than `max_occurrences`, produces overlapping occurrences, or
// when `first` is not itself an occurrence of the rule. Accepts an optional "RRULE:" prefix.
std::vector<Interval> expand_recurrence(std::string_view rrule, Interval first, const TimeZone& zone,
                                        std::size_t max_occurrences = 366);

}  // namespace sched
