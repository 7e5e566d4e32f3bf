#pragma once
// Working days of the state administration: the non-weekend days minus the days off, where
// the days off of a year are the Labour Code holidays computed for it (public_holidays.hpp,
// from the lunar calendar) with the Government's notice for that year applied over them
// (Policy::announcements: its extra days off and its worked days win). A year without a
// notice is answered from the computation alone and is *provisional*: the Government may
// still swap days or place Tết differently. Years outside the lunar calendar's range
// (1900–2199) throw InvalidInput("date", ...).
//
// Thread-safe: it computes a year once, on first use, and keeps it (a service holds one).
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "scheduler/policy.hpp"
#include "scheduler/public_holidays.hpp"
#include "scheduler/time.hpp"

namespace sched {

// "YYYY-MM-DD", for messages.
std::string iso_date(Date d);

class WorkingCalendar {
 public:
  // Copies what it needs from `policy`.
  explicit WorkingCalendar(const Policy& policy);

  // Throws InvalidInput("date", ...) for an invalid date or a year outside 1900–2199.
  [[nodiscard]] bool is_working_day(Date d) const;

  // n > 0: the n-th working day after `from` (`from` itself never counts and need not be a
  // working day); n == 0: `from`; n < 0: subtract_working_days(from, -n).
  [[nodiscard]] Date add_working_days(Date from, int n) const;
  // n > 0: the n-th working day before `from`; n == 0: `from`; n < 0: add_working_days(from, -n).
  [[nodiscard]] Date subtract_working_days(Date from, int n) const;

  // Number of working days d with a < d <= b; 0 when b <= a.
  [[nodiscard]] int working_days_between(Date a, Date b) const;

  // The next working day on or after `from`.
  [[nodiscard]] Date working_day_on_or_after(Date from) const;

  // Whether `year`'s days off come from the computation alone (no Government notice in the policy).
  [[nodiscard]] bool is_provisional(int year) const;

  // The weekday days off of `year` in date order, with their names (the notice applied).
  [[nodiscard]] std::vector<DayOff> days_off(int year) const;

  // The name of the day off `d` is ("" when it is not one, or a weekend day).
  [[nodiscard]] std::string day_off_name(Date d) const;

 private:
  struct Year {
    std::map<std::chrono::sys_days, std::string> off;  // weekday days off, named
    std::set<std::chrono::sys_days> worked;            // weekend days worked
  };
  const Year& year(int y) const;
  Date step(Date from, int n, int direction) const;

  std::map<int, YearAnnouncement> announcements_;
  std::vector<std::chrono::weekday> weekend_;
  mutable std::mutex mutex_;            // guards years_; a Year never changes once inserted
  mutable std::map<int, Year> years_;
};

}  // namespace sched
