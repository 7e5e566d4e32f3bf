#pragma once
// The public holidays of Bộ luật Lao động 2019 (Labour Code) Điều 112, computed for any year
// for employees whose weekly rest days are `weekend` (Saturday and Sunday in the state
// administration), with the compensatory days of Điều 111.3.
//
// Điều 112.1: 1/1 (1 day); Tết Âm lịch (5 days); 30/4; 1/5; 2/9 and one day adjacent to it;
// Giỗ Tổ Hùng Vương, 10/3 lunar. Điều 112.3 lets the Prime Minister place the 5 days of Tết
// and the day adjacent to 2/9 each year; without that decision the computation takes:
//  - Tết: the last day of the lunar year and the first four days of the new one;
//  - 2/9: the day before, except when 2/9 is a Sunday, Monday or Thursday (the day after),
//    so that the two days join a weekend where they can.
// A holiday on a weekly rest day is compensated on the next day that is neither a rest day
// nor a holiday (nor already a compensatory day), in date order.
// The Government's yearly notice moves days (swaps, a Tết break placed differently); the
// policy file records it per year and WorkingCalendar applies it over this computation.
#include <chrono>
#include <string>
#include <vector>

#include "scheduler/time.hpp"

namespace sched {

struct DayOff {
  Date date;
  std::string name;
  bool operator==(const DayOff&) const = default;
};

// The year's days off in date order (holidays on weekdays and compensatory days; holidays
// that fall on a rest day are not listed, their compensatory day is). Throws InvalidInput
// outside the lunar calendar's years (lunar_calendar.hpp).
std::vector<DayOff> labour_code_days_off(int year, const std::vector<std::chrono::weekday>& weekend);

}  // namespace sched
