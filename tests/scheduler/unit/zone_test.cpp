// Time zones from the system tz database.
#include "tz/zone.hpp"

#include <gtest/gtest.h>

#include "scheduler/errors.hpp"

namespace sched {
namespace {

using namespace std::chrono;

TEST(Zone, HoChiMinhIsSevenHoursAheadOfUtc) {
  const auto zone = make_time_zone("Asia/Ho_Chi_Minh");
  EXPECT_EQ(zone->name(), "Asia/Ho_Chi_Minh");
  const Instant t = sys_days{2024y / March / 18} + 1h;
  EXPECT_EQ(zone->to_local(t), local_days{2024y / March / 18} + 8h);
  EXPECT_EQ(zone->to_instant(zone->to_local(t)), t);
  EXPECT_EQ(local_date(*zone, sys_days{2024y / March / 18} + 17h), 2024y / March / 19);
}

TEST(Zone, UnknownNameIsRefused) {
  try {
    (void)make_time_zone("Mars/Olympus_Mons");
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_EQ(e.field(), "zone");
    EXPECT_NE(std::string(e.what()).find("Mars/Olympus_Mons"), std::string::npos);
  }
}

TEST(Zone, LocalTimeInADstGapMapsToTheTransition) {
  const auto berlin = make_time_zone("Europe/Berlin");
  // 02:30 does not exist on 31/3/2024 in Berlin; the clocks jump from 02:00 to 03:00 (01:00Z).
  EXPECT_EQ(berlin->to_instant(local_days{2024y / March / 31} + 2h + 30min), sys_days{2024y / March / 31} + 1h);
}

}  // namespace
}  // namespace sched
