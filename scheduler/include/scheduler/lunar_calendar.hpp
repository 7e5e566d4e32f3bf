#pragma once
// The Vietnamese lunisolar calendar (âm lịch), computed astronomically at UTC+7.
//
// A lunar month starts on the local date (UTC+7) of a new moon; month 11 is the month that
// contains the winter solstice; a lunar year with 13 months repeats the first month after
// month 11 that contains no major solar term (trung khí). This is Hồ Ngọc Đức's published
// algorithm (new moons and solar longitude after Jean Meeus, "Astronomical Algorithms").
// It differs from the Chinese calendar, which reads the same events at UTC+8: in 1985 the
// Vietnamese Tết fell on 21 January and the Chinese on 20 February; in 2007 on 17 and
// 18 February.
//
// Valid for solar years 1900–2199 (the range of the published tables it was checked
// against); outside them the functions throw InvalidInput("date", ...).
#include <optional>

#include "scheduler/time.hpp"

namespace sched {

struct LunarDate {
  int day = 1;    // 1..30
  int month = 1;  // 1..12
  int year = 0;   // the lunar year, named by the solar year in which it mostly lies
  bool leap = false;  // the repeated (nhuận) month
  bool operator==(const LunarDate&) const = default;
};

inline constexpr int kLunarFirstYear = 1900;
inline constexpr int kLunarLastYear = 2199;

// The lunar date of a solar (Gregorian) date.
LunarDate to_lunar(Date solar);

// The solar date of a lunar date; nullopt when it does not exist (day 30 of a 29-day
// month, or a leap month the year does not have).
std::optional<Date> from_lunar(const LunarDate& lunar);

// Mùng 1 Tết: the first day of lunar year `year`, in solar year `year`.
Date lunar_new_year(int year);

}  // namespace sched
