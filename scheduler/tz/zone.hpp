#pragma once
// Time zones from the system's tz database (Howard Hinnant's date-tz, Debian's tzdata).
#include <memory>
#include <string>

#include "scheduler/time.hpp"

namespace sched {

// Throws InvalidInput("zone", ...) for a name the tz database does not know. A local time
// that does not exist (a DST gap) or exists twice maps to the earlier instant.
std::unique_ptr<TimeZone> make_time_zone(const std::string& name);

}  // namespace sched
