// Working-day arithmetic over the computed holidays and the yearly notices; see working_calendar.hpp.
#include "scheduler/working_calendar.hpp"

#include <algorithm>
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

WorkingCalendar::WorkingCalendar(const Policy& policy) : announcements_(policy.announcements), weekend_(policy.weekend) {}

const WorkingCalendar::Year& WorkingCalendar::year(int y) const {
  const std::lock_guard lock(mutex_);
  if (auto it = years_.find(y); it != years_.end()) return it->second;  // map nodes never move
  Year out;
  auto rest_day = [&](sys_days d) {
    return std::find(weekend_.begin(), weekend_.end(), std::chrono::weekday{d}) != weekend_.end();
  };
  for (auto& d : labour_code_days_off(y, weekend_)) out.off.emplace(sys_days{d.date}, std::move(d.name));
  if (auto a = announcements_.find(y); a != announcements_.end()) {
    const std::string notice = "the Government's notice for " + std::to_string(y);
    for (const Date d : a->second.days_off)
      if (!rest_day(sys_days{d})) out.off.emplace(sys_days{d}, "day off by " + notice);
    for (const Date d : a->second.working_days) {
      out.off.erase(sys_days{d});
      if (rest_day(sys_days{d})) out.worked.insert(sys_days{d});
    }
  }
  return years_.emplace(y, std::move(out)).first->second;
}

bool WorkingCalendar::is_working_day(Date d) const {
  if (!d.ok()) throw InvalidInput("date", "not a valid calendar date");
  const sys_days day{d};
  const Year& y = year(static_cast<int>(d.year()));
  if (y.off.contains(day)) return false;
  if (y.worked.contains(day)) return true;
  return std::find(weekend_.begin(), weekend_.end(), std::chrono::weekday{day}) == weekend_.end();
}

bool WorkingCalendar::is_provisional(int y) const { return !announcements_.contains(y); }

std::vector<DayOff> WorkingCalendar::days_off(int y) const {
  std::vector<DayOff> out;
  for (const auto& [day, name] : year(y).off) out.push_back({Date{day}, name});
  return out;
}

std::string WorkingCalendar::day_off_name(Date d) const {
  if (!d.ok()) return "";
  const Year& y = year(static_cast<int>(d.year()));
  const auto it = y.off.find(sys_days{d});
  return it == y.off.end() ? "" : it->second;
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

Date WorkingCalendar::working_day_on_or_after(Date from) const {
  return is_working_day(from) ? from : add_working_days(from, 1);
}

int WorkingCalendar::working_days_between(Date a, Date b) const {
  if (!a.ok() || !b.ok()) throw InvalidInput("date", "not a valid calendar date");
  int count = 0;
  for (sys_days day = sys_days{a} + days{1}; day <= sys_days{b}; day += days{1})
    if (is_working_day(Date{day})) ++count;
  return count;
}

}  // namespace sched
