// Working-day arithmetic over the shipped holiday data.
#include "scheduler/working_calendar.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "scheduler/errors.hpp"
#include "test_support.hpp"

namespace sched {
namespace {

using namespace std::chrono;
using test::shipped_policy;

const WorkingCalendar& calendar() {
  static const WorkingCalendar c{shipped_policy()};
  return c;
}

TEST(WorkingCalendar, WeekdaysAreWorkingAndWeekendsAreNot) {
  EXPECT_TRUE(calendar().is_working_day(2024y / March / 11));   // Monday
  EXPECT_TRUE(calendar().is_working_day(2024y / March / 15));   // Friday
  EXPECT_FALSE(calendar().is_working_day(2024y / March / 16));  // Saturday
  EXPECT_FALSE(calendar().is_working_day(2024y / March / 17));  // Sunday
}

TEST(WorkingCalendar, SkipsTheWeekend) {
  EXPECT_EQ(calendar().add_working_days(2024y / March / 8, 1), 2024y / March / 11);
  EXPECT_EQ(calendar().subtract_working_days(2024y / March / 11, 1), 2024y / March / 8);
  EXPECT_EQ(calendar().add_working_days(2024y / March / 16, 1), 2024y / March / 18);  // from a Saturday
}

TEST(WorkingCalendar, SkipsTetWeek) {
  EXPECT_EQ(calendar().add_working_days(2024y / February / 7, 1), 2024y / February / 15);
  EXPECT_EQ(calendar().subtract_working_days(2024y / February / 19, 3), 2024y / February / 7);
  EXPECT_EQ(calendar().add_working_days(2025y / January / 24, 1), 2025y / February / 3);
  EXPECT_EQ(calendar().add_working_days(2023y / January / 19, 1), 2023y / January / 27);
  EXPECT_FALSE(calendar().is_working_day(2026y / February / 16));
  EXPECT_FALSE(calendar().is_working_day(2027y / February / 11));
}

TEST(WorkingCalendar, SwappedSaturdayIsWorkedAndItsWeekdayIsOff) {
  EXPECT_TRUE(calendar().is_working_day(2024y / May / 4));
  EXPECT_FALSE(calendar().is_working_day(2024y / April / 29));
  // Fri 26/4 -> (29/4, 30/4, 1/5 off) -> Thu 2/5, Fri 3/5, Sat 4/5.
  EXPECT_EQ(calendar().add_working_days(2024y / April / 26, 1), 2024y / May / 2);
  EXPECT_EQ(calendar().add_working_days(2024y / April / 26, 3), 2024y / May / 4);
  EXPECT_TRUE(calendar().is_working_day(2025y / April / 26));
  EXPECT_FALSE(calendar().is_working_day(2025y / May / 2));
  EXPECT_EQ(calendar().add_working_days(2025y / April / 25, 1), 2025y / April / 26);
}

TEST(WorkingCalendar, CompensatoryDaysAreOff) {
  EXPECT_FALSE(calendar().is_working_day(2022y / January / 3));   // 1/1 was a Saturday
  EXPECT_FALSE(calendar().is_working_day(2022y / April / 11));    // Giỗ Tổ on Sunday 10/4
  EXPECT_FALSE(calendar().is_working_day(2023y / September / 1));
  EXPECT_FALSE(calendar().is_working_day(2023y / September / 4));
  EXPECT_TRUE(calendar().is_working_day(2023y / September / 5));
  EXPECT_FALSE(calendar().is_working_day(2026y / April / 27));    // Giỗ Tổ on Sunday 26/4
}

TEST(WorkingCalendar, CrossesTheYearBoundary) {
  // Fri 31/12/2021 -> Sat 1/1, Sun 2/1, Mon 3/1 (compensatory) -> Tue 4/1/2022.
  EXPECT_EQ(calendar().add_working_days(2021y / December / 31, 1), 2022y / January / 4);
  EXPECT_EQ(calendar().subtract_working_days(2022y / January / 4, 1), 2021y / December / 31);
  EXPECT_EQ(calendar().working_days_between(2021y / December / 30, 2022y / January / 4), 2);
}

TEST(WorkingCalendar, YearsWithoutANoticeAreComputedAndProvisional) {
  EXPECT_FALSE(calendar().is_provisional(2025));
  EXPECT_TRUE(calendar().is_provisional(2027));
  EXPECT_TRUE(calendar().is_provisional(2029));
  // Tết 2029 (Kỷ Dậu) is Tuesday 13/2: Mon 12/2 (last day) to Fri 16/2 are off.
  EXPECT_TRUE(calendar().is_working_day(2029y / February / 9));
  for (unsigned d = 12; d <= 16; ++d) EXPECT_FALSE(calendar().is_working_day(2029y / February / day{d})) << d;
  EXPECT_EQ(calendar().add_working_days(2029y / February / 9, 1), 2029y / February / 19);
  // Across 2027 -> 2028: Fri 31/12/2027, Sat 1/1/2028 compensated on Mon 3/1.
  EXPECT_EQ(calendar().add_working_days(2027y / December / 31, 1), 2028y / January / 4);
  EXPECT_NE(calendar().day_off_name(2028y / January / 3).find("compensatory"), std::string::npos)
      << calendar().day_off_name(2028y / January / 3);
}

TEST(WorkingCalendar, YearsOutsideTheLunarTablesAreRefused) {
  EXPECT_THROW((void)calendar().is_working_day(1899y / December / 31), InvalidInput);
  EXPECT_THROW((void)calendar().is_working_day(2200y / January / 3), InvalidInput);
  try {
    (void)calendar().is_working_day(2300y / January / 3);
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_EQ(e.field(), "date");
    EXPECT_NE(std::string(e.what()).find("1900"), std::string::npos) << e.what();
  }
}

TEST(WorkingCalendar, CountsWorkingDaysInHalfOpenRange) {
  EXPECT_EQ(calendar().working_days_between(2024y / March / 8, 2024y / March / 15), 5);
  EXPECT_EQ(calendar().working_days_between(2024y / February / 7, 2024y / February / 15), 1);
  EXPECT_EQ(calendar().working_days_between(2024y / March / 11, 2024y / March / 11), 0);
  EXPECT_EQ(calendar().working_days_between(2024y / March / 15, 2024y / March / 11), 0);
}

TEST(WorkingCalendar, ZeroAndNegativeStepsMirror) {
  EXPECT_EQ(calendar().add_working_days(2024y / March / 16, 0), 2024y / March / 16);
  EXPECT_EQ(calendar().add_working_days(2024y / March / 11, -1), 2024y / March / 8);
  EXPECT_EQ(calendar().subtract_working_days(2024y / March / 8, -1), 2024y / March / 11);
}

// One calendar serves every HTTP worker: years computed concurrently come out as computed alone.
TEST(WorkingCalendar, ThreadsSharingOneCalendarSeeTheSameDays) {
  const WorkingCalendar shared{shipped_policy()};
  std::vector<std::thread> threads;
  std::vector<int> counts(8, 0);
  for (std::size_t t = 0; t < counts.size(); ++t)
    threads.emplace_back([&, t] {
      for (sys_days d{2030y / January / 1}; d <= sys_days{2045y / December / 31}; d += days{1})
        counts[t] += shared.is_working_day(Date{d}) ? 1 : 0;
    });
  for (auto& th : threads) th.join();
  const WorkingCalendar alone{shipped_policy()};
  int expected = 0;
  for (sys_days d{2030y / January / 1}; d <= sys_days{2045y / December / 31}; d += days{1})
    expected += alone.is_working_day(Date{d}) ? 1 : 0;
  for (const int c : counts) EXPECT_EQ(c, expected);
}

TEST(WorkingCalendar, ANoticeOverridesTheComputation) {
  Policy p = shipped_policy();
  YearAnnouncement notice;
  notice.year = 2029;
  notice.source = "test notice";
  notice.confidence = "A";
  notice.days_off = {2029y / February / 9};        // Friday before Tết given off
  notice.working_days = {2029y / February / 16,    // Friday after Tết worked
                         2029y / February / 24};   // and a Saturday
  p.announcements.emplace(2029, notice);
  const WorkingCalendar c{p};
  EXPECT_FALSE(c.is_provisional(2029));
  EXPECT_FALSE(c.is_working_day(2029y / February / 9));
  EXPECT_TRUE(c.is_working_day(2029y / February / 16));
  EXPECT_TRUE(c.is_working_day(2029y / February / 24));
  EXPECT_FALSE(c.is_working_day(2029y / February / 12));  // the computed days stay
}

}  // namespace
}  // namespace sched
