// TimeZone over date::time_zone (system tz database through date-tz).
#include "tz/zone.hpp"

#include <date/tz.h>

#include <exception>

#include "scheduler/errors.hpp"

namespace sched {
namespace {

class TzDatabaseZone final : public TimeZone {
 public:
  explicit TzDatabaseZone(const date::time_zone* zone) : zone_(zone) {}

  [[nodiscard]] LocalTime to_local(Instant t) const override {
    const auto local = zone_->to_local(date::sys_seconds{t.time_since_epoch()});
    return LocalTime{local.time_since_epoch()};
  }

  [[nodiscard]] Instant to_instant(LocalTime t) const override {
    // choose::earliest: an ambiguous local time takes its first instant; one in a DST gap
    // takes the instant of the transition.
    const auto sys = zone_->to_sys(date::local_seconds{t.time_since_epoch()}, date::choose::earliest);
    return Instant{sys.time_since_epoch()};
  }

  [[nodiscard]] std::string name() const override { return std::string(zone_->name()); }

 private:
  const date::time_zone* zone_;  // owned by the tz database, which lives for the whole process
};

}  // namespace

std::unique_ptr<TimeZone> make_time_zone(const std::string& name) {
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(name);
  } catch (const std::exception&) {
    zone = nullptr;
  }
  if (zone == nullptr) throw InvalidInput("zone", "unknown time zone \"" + name + "\"");
  return std::make_unique<TzDatabaseZone>(zone);
}

}  // namespace sched
