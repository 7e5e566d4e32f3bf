#pragma once
// Working days of the state administration, from the policy's data: Monday–Friday (the
// non-weekend days) minus the days off, plus the swapped weekend days that are worked.
// The calendar never guesses: a date outside [first_year, last_year] throws InvalidInput,
// because nobody knows the holidays (lunar Tết, swapped days) of a year without data.
#include <set>
#include <string>

#include "scheduler/policy.hpp"
#include "scheduler/time.hpp"

namespace sched {

// "YYYY-MM-DD", for messages.
std::string iso_date(Date d);

class WorkingCalendar {
 public:
  // Copies what it needs from `policy`. Throws InvalidInput when first_year > last_year.
  explicit WorkingCalendar(const Policy& policy);

  // Throws InvalidInput("date", ...) for an invalid date or a year outside the data.
  [[nodiscard]] bool is_working_day(Date d) const;

  // n > 0: the n-th working day after `from` (`from` itself never counts and need not be a
  // working day); n == 0: `from`; n < 0: subtract_working_days(from, -n).
  // Throws InvalidInput when the walk reaches a year outside the data.
  [[nodiscard]] Date add_working_days(Date from, int n) const;
  // n > 0: the n-th working day before `from`; n == 0: `from`; n < 0: add_working_days(from, -n).
  [[nodiscard]] Date subtract_working_days(Date from, int n) const;

  // Number of working days d with a < d <= b; 0 when b <= a.
  [[nodiscard]] int working_days_between(Date a, Date b) const;

  [[nodiscard]] int first_year() const { return first_year_; }
  [[nodiscard]] int last_year() const { return last_year_; }

 private:
  Date step(Date from, int n, int direction) const;

  std::set<std::chrono::sys_days> days_off_;
  std::set<std::chrono::sys_days> working_weekend_days_;
  std::set<unsigned> weekend_;  // c_encoding of the weekend weekdays (0 = Sunday)
  int first_year_;
  int last_year_;
};

}  // namespace sched
