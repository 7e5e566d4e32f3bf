#pragma once
// Time in the domain: instants are UTC seconds (std::chrono::sys_seconds); dates and
// times of day are local to the province's zone (Asia/Ho_Chi_Minh), obtained through
// a TimeZone so that the domain never depends on a time-zone library.
#include <chrono>
#include <string>

namespace sched {

using Instant = std::chrono::sys_seconds;
using LocalTime = std::chrono::local_seconds;
using Date = std::chrono::year_month_day;
using Minutes = std::chrono::minutes;

// Half-open interval [start, end) of instants.
struct Interval {
  Instant start;
  Instant end;
  [[nodiscard]] bool overlaps(const Interval& o) const { return start < o.end && o.start < end; }
  [[nodiscard]] std::chrono::seconds length() const { return end - start; }
  bool operator==(const Interval&) const = default;
};

// The zone in which dates, working hours and holidays are read.
class TimeZone {
 public:
  virtual ~TimeZone() = default;
  [[nodiscard]] virtual LocalTime to_local(Instant t) const = 0;
  [[nodiscard]] virtual Instant to_instant(LocalTime t) const = 0;
  [[nodiscard]] virtual std::string name() const = 0;
};

// A zone with a constant offset (Vietnam has kept +07:00 since 1975); for tests and
// as the fallback when no time-zone database is present.
class FixedOffsetZone final : public TimeZone {
 public:
  FixedOffsetZone(std::chrono::minutes offset, std::string name) : offset_(offset), name_(std::move(name)) {}
  [[nodiscard]] LocalTime to_local(Instant t) const override { return LocalTime{t.time_since_epoch() + offset_}; }
  [[nodiscard]] Instant to_instant(LocalTime t) const override { return Instant{t.time_since_epoch() - offset_}; }
  [[nodiscard]] std::string name() const override { return name_; }

 private:
  std::chrono::minutes offset_;
  std::string name_;
};

inline Date local_date(const TimeZone& tz, Instant t) {
  return Date{std::chrono::floor<std::chrono::days>(tz.to_local(t))};
}

}  // namespace sched
