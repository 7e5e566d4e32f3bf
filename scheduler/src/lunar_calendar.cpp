// Hồ Ngọc Đức's conversion between solar and Vietnamese lunar dates; see lunar_calendar.hpp.
// Julian day numbers (JDN) are whole days; the astronomy works in Julian days (fractional).
#include "scheduler/lunar_calendar.hpp"

#include <cmath>
#include <numbers>
#include <string>

#include "scheduler/errors.hpp"

namespace sched {
namespace {

constexpr double kTimeZoneHours = 7.0;            // Vietnam's civil time since 1975 (UTC+7)
constexpr double kSynodicMonth = 29.530588853;    // mean length of a lunation, days
constexpr double kNewMoonEpoch = 2415021.076998695;  // JD of the mean new moon of 1900-01-01
constexpr long kUnixEpochJdn = 2440588;           // JDN of 1970-01-01

long floor_long(double x) { return static_cast<long>(std::floor(x)); }

long jdn_of(Date d) { return static_cast<long>(std::chrono::sys_days{d}.time_since_epoch().count()) + kUnixEpochJdn; }
Date date_of(long jdn) { return Date{std::chrono::sys_days{std::chrono::days{jdn - kUnixEpochJdn}}}; }

void require_range(int year) {
  if (year < kLunarFirstYear || year > kLunarLastYear)
    throw InvalidInput("date", "the lunar calendar is computed for " + std::to_string(kLunarFirstYear) + "–" +
                                   std::to_string(kLunarLastYear) + " only (got " + std::to_string(year) + ")");
}

// Julian day (UT) of the k-th new moon after the one of 1900-01-01 (Meeus, chapter 49,
// shortened as in the published algorithm).
double new_moon(long k) {
  const double dr = std::numbers::pi / 180.0;
  const double t = static_cast<double>(k) / 1236.85;
  const double t2 = t * t, t3 = t2 * t;
  double jd = 2415020.75933 + 29.53058868 * static_cast<double>(k) + 0.0001178 * t2 - 0.000000155 * t3;
  jd += 0.00033 * std::sin((166.56 + 132.87 * t - 0.009173 * t2) * dr);
  const double m = 359.2242 + 29.10535608 * static_cast<double>(k) - 0.0000333 * t2 - 0.00000347 * t3;
  const double mpr = 306.0253 + 385.81691806 * static_cast<double>(k) + 0.0107306 * t2 + 0.00001236 * t3;
  const double f = 21.2964 + 390.67050646 * static_cast<double>(k) - 0.0016528 * t2 - 0.00000239 * t3;
  double c1 = (0.1734 - 0.000393 * t) * std::sin(m * dr) + 0.0021 * std::sin(2 * dr * m);
  c1 = c1 - 0.4068 * std::sin(mpr * dr) + 0.0161 * std::sin(dr * 2 * mpr);
  c1 = c1 - 0.0004 * std::sin(dr * 3 * mpr);
  c1 = c1 + 0.0104 * std::sin(dr * 2 * f) - 0.0051 * std::sin(dr * (m + mpr));
  c1 = c1 - 0.0074 * std::sin(dr * (m - mpr)) + 0.0004 * std::sin(dr * (2 * f + m));
  c1 = c1 - 0.0004 * std::sin(dr * (2 * f - m)) - 0.0006 * std::sin(dr * (2 * f + mpr));
  c1 = c1 + 0.0010 * std::sin(dr * (2 * f - mpr)) + 0.0005 * std::sin(dr * (2 * mpr + m));
  const double delta_t = t < -11 ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
                                 : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return jd + c1 - delta_t;
}

// The sun's apparent longitude in radians, [0, 2π), at Julian day `jd` (Meeus, chapter 25).
double sun_longitude(double jd) {
  const double dr = std::numbers::pi / 180.0;
  const double t = (jd - 2451545.0) / 36525;
  const double t2 = t * t;
  const double m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
  const double l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  double dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * std::sin(dr * m);
  dl = dl + (0.019993 - 0.000101 * t) * std::sin(dr * 2 * m) + 0.000290 * std::sin(dr * 3 * m);
  double l = (l0 + dl) * dr;
  l -= 2 * std::numbers::pi * std::floor(l / (2 * std::numbers::pi));
  return l;
}

// The local date (JDN) on which the k-th new moon falls.
long new_moon_day(long k) { return floor_long(new_moon(k) + 0.5 + kTimeZoneHours / 24); }

// The 30° sector (0..11) of the sun's longitude at the start of local day `jdn`; sector 9
// begins at the winter solstice (270°).
int sun_sector(long jdn) {
  return static_cast<int>(floor_long(sun_longitude(static_cast<double>(jdn) - 0.5 - kTimeZoneHours / 24) /
                                     std::numbers::pi * 6));
}

// The first day (JDN) of lunar month 11 that begins in solar year `year` or just before:
// the month containing the winter solstice of `year`.
long month11_start(int year) {
  const long off = jdn_of(std::chrono::year{year} / std::chrono::December / 31) - 2415021;
  const long k = floor_long(static_cast<double>(off) / kSynodicMonth);
  long start = new_moon_day(k);
  if (sun_sector(start) >= 9) start = new_moon_day(k - 1);
  return start;
}

// In a 13-month year starting at month 11 (day `a11`), the index (1..13) of the leap month
// after month 11: the first month with no major solar term, i.e. whose start has the same
// sun sector as the next month's start.
int leap_month_offset(long a11) {
  const long k = floor_long((static_cast<double>(a11) - kNewMoonEpoch) / kSynodicMonth + 0.5);
  int i = 1;
  int arc = sun_sector(new_moon_day(k + i));
  int last = 0;
  do {
    last = arc;
    ++i;
    arc = sun_sector(new_moon_day(k + i));
  } while (arc != last && i < 14);
  return i - 1;
}

}  // namespace

LunarDate to_lunar(Date solar) {
  if (!solar.ok()) throw InvalidInput("date", "not a valid calendar date");
  const int yy = static_cast<int>(solar.year());
  require_range(yy);
  const long day = jdn_of(solar);
  const long k = floor_long((static_cast<double>(day) - kNewMoonEpoch) / kSynodicMonth);
  long month_start = new_moon_day(k + 1);
  if (month_start > day) month_start = new_moon_day(k);
  long a11 = month11_start(yy);
  long b11 = a11;
  int lunar_year = 0;
  if (a11 >= month_start) {
    lunar_year = yy;
    a11 = month11_start(yy - 1);
  } else {
    lunar_year = yy + 1;
    b11 = month11_start(yy + 1);
  }
  LunarDate out;
  out.day = static_cast<int>(day - month_start + 1);
  const int diff = static_cast<int>(floor_long(static_cast<double>(month_start - a11) / 29));
  out.month = diff + 11;
  if (b11 - a11 > 365) {
    const int leap_diff = leap_month_offset(a11);
    if (diff >= leap_diff) {
      out.month = diff + 10;
      out.leap = diff == leap_diff;
    }
  }
  if (out.month > 12) out.month -= 12;
  if (out.month >= 11 && diff < 4) lunar_year -= 1;
  out.year = lunar_year;
  return out;
}

std::optional<Date> from_lunar(const LunarDate& lunar) {
  if (lunar.month < 1 || lunar.month > 12 || lunar.day < 1 || lunar.day > 30) return std::nullopt;
  require_range(lunar.year);
  long a11 = 0, b11 = 0;
  if (lunar.month < 11) {
    a11 = month11_start(lunar.year - 1);
    b11 = month11_start(lunar.year);
  } else {
    a11 = month11_start(lunar.year);
    b11 = month11_start(lunar.year + 1);
  }
  const long k = floor_long(0.5 + (static_cast<double>(a11) - kNewMoonEpoch) / kSynodicMonth);
  int off = lunar.month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const int leap_off = leap_month_offset(a11);
    int leap_month = leap_off - 2;
    if (leap_month < 0) leap_month += 12;
    if (lunar.leap && lunar.month != leap_month) return std::nullopt;
    if (lunar.leap || off >= leap_off) off += 1;
  } else if (lunar.leap) {
    return std::nullopt;
  }
  const long month_start = new_moon_day(k + off);
  const long day = month_start + lunar.day - 1;
  if (lunar.day == 30 && new_moon_day(k + off + 1) <= day) return std::nullopt;  // a 29-day month
  return date_of(day);
}

Date lunar_new_year(int year) { return *from_lunar(LunarDate{1, 1, year, false}); }

}  // namespace sched
