// The Vietnamese lunar calendar against published tables (Hồ Ngọc Đức's tables; the
// Government's holiday notices name Tết and Giỗ Tổ on these dates).
#include "scheduler/lunar_calendar.hpp"

#include <gtest/gtest.h>

#include "scheduler/errors.hpp"
#include "scheduler/working_calendar.hpp"

namespace sched {
namespace {

using namespace std::chrono;

TEST(LunarCalendar, TetFallsOnThePublishedDates2021To2030) {
  const Date expected[] = {2021y / February / 12, 2022y / February / 1, 2023y / January / 22, 2024y / February / 10,
                           2025y / January / 29,  2026y / February / 17, 2027y / February / 6, 2028y / January / 26,
                           2029y / February / 13, 2030y / February / 2};
  for (int y = 2021; y <= 2030; ++y) EXPECT_EQ(iso_date(lunar_new_year(y)), iso_date(expected[y - 2021])) << y;
}

// At UTC+7 a new moon shortly before midnight in Hanoi is already the next day in Beijing.
TEST(LunarCalendar, DiffersFromTheChineseCalendarWhereVietnamDoes) {
  EXPECT_EQ(lunar_new_year(1985), 1985y / January / 21);   // China: 20 February 1985
  EXPECT_EQ(lunar_new_year(2007), 2007y / February / 17);  // China: 18 February 2007
  EXPECT_EQ(lunar_new_year(2030), 2030y / February / 2);   // China: 3 February 2030
  EXPECT_EQ(lunar_new_year(1968), 1968y / January / 29);   // China: 30 January 1968
}

TEST(LunarCalendar, GioToFallsOnThePublishedDates) {
  const Date expected[] = {2021y / April / 21, 2022y / April / 10, 2023y / April / 29, 2024y / April / 18,
                           2025y / April / 7,  2026y / April / 26, 2027y / April / 16};
  for (int y = 2021; y <= 2027; ++y) EXPECT_EQ(*from_lunar({10, 3, y, false}), expected[y - 2021]) << y;
}

TEST(LunarCalendar, TheDayBeforeTetIsTheLastDayOfTheLunarYear) {
  EXPECT_EQ(to_lunar(2021y / February / 11), (LunarDate{30, 12, 2020, false}));
  EXPECT_EQ(to_lunar(2025y / January / 28), (LunarDate{29, 12, 2024, false}));
  EXPECT_EQ(to_lunar(2027y / February / 6), (LunarDate{1, 1, 2027, false}));
}

TEST(LunarCalendar, LeapMonthsAreFound) {
  // 2023 repeated the 2nd month (from 20/3/2023); 2028 repeats the 5th.
  EXPECT_EQ(to_lunar(2023y / March / 22), (LunarDate{1, 2, 2023, true}));
  EXPECT_EQ(to_lunar(2028y / July / 1).leap, true);
  EXPECT_EQ(to_lunar(2028y / July / 1).month, 5);
  EXPECT_EQ(from_lunar({1, 2, 2023, true}), 2023y / March / 22);
  EXPECT_EQ(from_lunar({1, 3, 2023, true}), std::nullopt);  // 2023 had no leap 3rd month
  EXPECT_EQ(from_lunar({1, 2, 2024, true}), std::nullopt);  // 2024 had no leap month
}

TEST(LunarCalendar, RoundTripsEveryDayOfADecade) {
  for (sys_days d{2020y / January / 1}; d <= sys_days{2031y / December / 31}; d += days{1}) {
    const LunarDate l = to_lunar(Date{d});
    ASSERT_EQ(from_lunar(l), Date{d}) << iso_date(Date{d}) << " -> " << l.day << "/" << l.month << "/" << l.year;
  }
}

TEST(LunarCalendar, RefusesDayThirtyOfAShortMonth) {
  // The 12th month of 2024 (ending 28/1/2025) had 29 days.
  EXPECT_EQ(from_lunar({30, 12, 2024, false}), std::nullopt);
  EXPECT_EQ(from_lunar({29, 12, 2024, false}), 2025y / January / 28);
}

TEST(LunarCalendar, YearsOutsideTheTablesAreRefused) {
  EXPECT_THROW((void)lunar_new_year(2200), InvalidInput);
  EXPECT_THROW((void)to_lunar(1899y / June / 1), InvalidInput);
}

}  // namespace
}  // namespace sched
