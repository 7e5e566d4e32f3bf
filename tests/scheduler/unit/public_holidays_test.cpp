// The computed Labour Code calendar, and the policy file's years reproduced from it.
#include "scheduler/public_holidays.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "scheduler/working_calendar.hpp"
#include "test_support.hpp"

namespace sched {
namespace {

using namespace std::chrono;
using test::shipped_policy;

const std::vector<weekday> kWeekend{Saturday, Sunday};

std::set<std::string> computed(int year) {
  std::set<std::string> out;
  for (const auto& d : labour_code_days_off(year, kWeekend)) out.insert(iso_date(d.date));
  return out;
}

// The weekday days off and the worked weekend days the policy file listed in full for
// 2021–2027 before the calendar was computed (the yearly notices as published, 2026 and 2027
// projected). The computation with the file's notices applied must give exactly these.
struct PublishedYear {
  std::set<std::string> days_off;  // every day off, weekend days included where listed
  std::set<std::string> worked_weekend_days;
};
const std::map<int, PublishedYear>& published() {
  static const std::map<int, PublishedYear> years{
      {2021, {{"2021-01-01", "2021-02-10", "2021-02-11", "2021-02-12", "2021-02-13", "2021-02-14", "2021-02-15",
               "2021-02-16", "2021-04-21", "2021-04-30", "2021-05-03", "2021-09-02", "2021-09-03"}, {}}},
      {2022, {{"2022-01-03", "2022-01-31", "2022-02-01", "2022-02-02", "2022-02-03", "2022-02-04", "2022-04-11",
               "2022-05-02", "2022-05-03", "2022-09-01", "2022-09-02"}, {}}},
      {2023, {{"2023-01-02", "2023-01-20", "2023-01-21", "2023-01-22", "2023-01-23", "2023-01-24", "2023-01-25",
               "2023-01-26", "2023-05-01", "2023-05-02", "2023-05-03", "2023-09-01", "2023-09-04"}, {}}},
      {2024, {{"2024-01-01", "2024-02-08", "2024-02-09", "2024-02-10", "2024-02-11", "2024-02-12", "2024-02-13",
               "2024-02-14", "2024-04-18", "2024-04-29", "2024-04-30", "2024-05-01", "2024-09-02", "2024-09-03"},
              {"2024-05-04"}}},
      {2025, {{"2025-01-01", "2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-04-07",
               "2025-04-30", "2025-05-01", "2025-05-02", "2025-09-01", "2025-09-02"},
              {"2025-04-26"}}},
      {2026, {{"2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-04-27",
               "2026-04-30", "2026-05-01", "2026-09-01", "2026-09-02"}, {}}},
      {2027, {{"2027-01-01", "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10",
               "2027-02-11", "2027-04-16", "2027-04-30", "2027-05-03", "2027-09-02", "2027-09-03"}, {}}}};
  return years;
}

Date parse(const std::string& iso) {
  return year{std::stoi(iso.substr(0, 4))} / month{static_cast<unsigned>(std::stoi(iso.substr(5, 2)))} /
         day{static_cast<unsigned>(std::stoi(iso.substr(8, 2)))};
}

bool weekend_day(sys_days d) { return weekday{d} == Saturday || weekday{d} == Sunday; }

TEST(PublicHolidays, PolicyYearsComeOutOfTheComputationWithTheirNotices) {
  const WorkingCalendar calendar{shipped_policy()};
  for (const auto& [y, year_data] : published()) {
    for (sys_days d{year{y} / January / 1}; d <= sys_days{year{y} / December / 31}; d += days{1}) {
      const std::string iso = iso_date(Date{d});
      const bool published_working = weekend_day(d) ? year_data.worked_weekend_days.contains(iso)
                                                    : !year_data.days_off.contains(iso);
      ASSERT_EQ(calendar.is_working_day(Date{d}), published_working) << iso;
    }
  }
}

// Where the computation alone differs from the published year, the year's notice in the
// policy file says so (and says nothing else): every difference is announced, and every
// announced day is a difference.
TEST(PublicHolidays, ComputationDiffersFromPolicyYearsOnlyWhereANoticeSaysSo) {
  const Policy& policy = shipped_policy();
  for (const auto& [y, year_data] : published()) {
    const auto computed_off = computed(y);
    std::set<std::string> published_weekday_off;
    for (const auto& d : year_data.days_off)
      if (!weekend_day(sys_days{parse(d)}))
        published_weekday_off.insert(d);
    std::set<std::string> added, removed;
    std::set_difference(published_weekday_off.begin(), published_weekday_off.end(), computed_off.begin(),
                        computed_off.end(), std::inserter(added, added.end()));
    std::set_difference(computed_off.begin(), computed_off.end(), published_weekday_off.begin(),
                        published_weekday_off.end(), std::inserter(removed, removed.end()));
    removed.insert(year_data.worked_weekend_days.begin(), year_data.worked_weekend_days.end());

    std::set<std::string> announced_off, announced_worked;
    if (auto it = policy.announcements.find(y); it != policy.announcements.end()) {
      for (Date d : it->second.days_off) announced_off.insert(iso_date(d));
      for (Date d : it->second.working_days) announced_worked.insert(iso_date(d));
    }
    EXPECT_EQ(added, announced_off) << y;
    EXPECT_EQ(removed, announced_worked) << y;
  }
}

TEST(PublicHolidays, UnannouncedProjectionsAreTheComputationItself) {
  // 2022 (no swap), 2026 and 2027 (projections) equal the computation exactly.
  EXPECT_EQ(computed(2026), (std::set<std::string>{"2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18",
                                                   "2026-02-19", "2026-02-20", "2026-04-27", "2026-04-30",
                                                   "2026-05-01", "2026-09-01", "2026-09-02"}));
  EXPECT_EQ(computed(2022).size(), 11U);
}

TEST(PublicHolidays, WeekendHolidaysAreCompensatedOnTheNextFreeWorkingDays) {
  // 2023: Giỗ Tổ on Saturday 29/4 and 30/4 on Sunday, 1/5 on Monday -> Tue 2/5 and Wed 3/5.
  const auto y2023 = computed(2023);
  EXPECT_TRUE(y2023.contains("2023-05-02"));
  EXPECT_TRUE(y2023.contains("2023-05-03"));
  EXPECT_FALSE(y2023.contains("2023-05-04"));
  // 2028: Tết Wed 26/1 -> Tue 25/1 to Sat 29/1; Saturday compensated on Monday 31/1.
  const auto y2028 = computed(2028);
  for (const char* d : {"2028-01-25", "2028-01-26", "2028-01-27", "2028-01-28", "2028-01-31"})
    EXPECT_TRUE(y2028.contains(d)) << d;
  EXPECT_FALSE(y2028.contains("2028-02-01"));
}

TEST(PublicHolidays, EveryYearHasElevenHolidaysOnTheWeekdaysOrTheirCompensation) {
  for (int y = 2021; y <= 2060; ++y) EXPECT_EQ(labour_code_days_off(y, kWeekend).size(), 11U) << y;
}

TEST(PublicHolidays, NationalDayTakesTheAdjacentDayThatJoinsAWeekend) {
  EXPECT_TRUE(computed(2027).contains("2027-09-03"));  // Thursday 2/9 -> Friday
  EXPECT_TRUE(computed(2022).contains("2022-09-01"));  // Friday 2/9 -> Thursday
  EXPECT_TRUE(computed(2024).contains("2024-09-03"));  // Monday 2/9 -> Tuesday
}

}  // namespace
}  // namespace sched
