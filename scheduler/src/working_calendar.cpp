// Working-day arithmetic over the policy's holiday data; see working_calendar.hpp.
#include "scheduler/working_calendar.hpp"

#include <cstdio>
#include <string>

#include "scheduler/errors.hpp"

namespace sched {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

}  // namespace

std::string iso_date(Date d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

WorkingCalendar::WorkingCalendar(const Policy& policy) : first_year_(policy.first_year), last_year_(policy.last_year) {
  if (first_year_ > last_year_)
    throw InvalidInput("policy", "the calendar's first year " + std::to_string(first_year_) +
                                     " is after its last year " + std::to_string(last_year_));
  for (const auto& d : policy.holidays) days_off_.insert(sys_days{d});
  for (const auto& d : policy.working_weekend_days) working_weekend_days_.insert(sys_days{d});
  for (const auto& w : policy.weekend) weekend_.insert(w.c_encoding());
}

bool WorkingCalendar::is_working_day(Date d) const {
  if (!d.ok()) throw InvalidInput("date", "not a valid calendar date");
  const int y = static_cast<int>(d.year());
  if (y < first_year_ || y > last_year_)
    throw InvalidInput("date", "no working-day data for " + iso_date(d) + ": the policy's calendar covers " +
                                   std::to_string(first_year_) + "–" + std::to_string(last_year_));
  const sys_days day{d};
  if (days_off_.contains(day)) return false;
  if (working_weekend_days_.contains(day)) return true;
  return !weekend_.contains(std::chrono::weekday{day}.c_encoding());
}

Date WorkingCalendar::step(Date from, int n, int direction) const {
  if (!from.ok()) throw InvalidInput("date", "not a valid calendar date");
  sys_days day{from};
  while (n > 0) {
    day += days{direction};
    if (is_working_day(Date{day})) --n;
  }
  return Date{day};
}

Date WorkingCalendar::add_working_days(Date from, int n) const {
  return n >= 0 ? step(from, n, +1) : step(from, -n, -1);
}

Date WorkingCalendar::subtract_working_days(Date from, int n) const {
  return n >= 0 ? step(from, n, -1) : step(from, -n, +1);
}

int WorkingCalendar::working_days_between(Date a, Date b) const {
  if (!a.ok() || !b.ok()) throw InvalidInput("date", "not a valid calendar date");
  int count = 0;
  for (sys_days day = sys_days{a} + days{1}; day <= sys_days{b}; day += days{1})
    if (is_working_day(Date{day})) ++count;
  return count;
}

}  // namespace sched
