// Labour Code holidays for any year; see public_holidays.hpp for the rules applied.
#include "scheduler/public_holidays.hpp"

#include <algorithm>
#include <map>

#include "scheduler/lunar_calendar.hpp"
#include "scheduler/working_calendar.hpp"

namespace sched {
namespace {

const char* weekday_name(std::chrono::weekday w) {
  static constexpr const char* kNames[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
  return kNames[w.c_encoding()];
}

}  // namespace

std::vector<DayOff> labour_code_days_off(int year, const std::vector<std::chrono::weekday>& weekend) {
  using namespace std::chrono;
  const std::chrono::year y{year};
  std::map<sys_days, std::string> holidays;  // every Điều 112 day, weekend or not
  auto add = [&](sys_days d, std::string name) { holidays.emplace(d, std::move(name)); };

  add(sys_days{y / January / 1}, "Tết Dương lịch");
  const sys_days new_year{lunar_new_year(year)};
  add(new_year - days{1}, "Tết Nguyên đán (last day of the lunar year)");
  for (int i = 0; i < 4; ++i) add(new_year + days{i}, "Tết Nguyên đán (day " + std::to_string(i + 1) + ")");
  add(sys_days{*from_lunar(LunarDate{10, 3, year, false})}, "Giỗ Tổ Hùng Vương (10/3 lunar)");
  add(sys_days{y / April / 30}, "Ngày Chiến thắng 30/4");
  add(sys_days{y / May / 1}, "Quốc tế Lao động 1/5");
  const sys_days national{y / September / 2};
  add(national, "Quốc khánh 2/9");
  const weekday w{national};
  const bool after = w == Sunday || w == Monday || w == Thursday;
  if (after)
    add(national + days{1}, "Quốc khánh (the day after 2/9)");
  else
    add(national - days{1}, "Quốc khánh (the day before 2/9)");

  auto rest_day = [&](sys_days d) { return std::find(weekend.begin(), weekend.end(), weekday{d}) != weekend.end(); };
  std::map<sys_days, std::string> off;
  for (const auto& [day, name] : holidays)
    if (!rest_day(day)) off.emplace(day, name);
  for (const auto& [day, name] : holidays) {
    if (!rest_day(day)) continue;
    sys_days comp = day + days{1};
    while (rest_day(comp) || holidays.contains(comp) || off.contains(comp)) comp += days{1};
    off.emplace(comp, name + ", on " + weekday_name(weekday{day}) + " " + iso_date(Date{day}) + ": compensatory day");
  }
  std::vector<DayOff> out;
  out.reserve(off.size());
  for (auto& [day, name] : off) out.push_back({Date{day}, std::move(name)});
  return out;
}

}  // namespace sched
