#pragma once
// RFC 3339 date-times and dates on the wire. Instants are written in the province's zone
// with its offset ("2026-12-01T08:00:00+07:00"); any offset is read. Parsing is strict:
// a missing offset, an impossible date or trailing text is refused (std::nullopt), and so is
// an instant before 1900-01-02 or from 9999-12-31 (UTC), which some zone could not write back.
#include <optional>
#include <string>
#include <string_view>

#include "scheduler/time.hpp"

namespace wire {

std::string format_instant(sched::Instant t, const sched::TimeZone& zone);
std::optional<sched::Instant> parse_instant(std::string_view text);
std::string format_date(sched::Date d);
std::optional<sched::Date> parse_date(std::string_view text);

}  // namespace wire
