#pragma once
// One fresh database per test program: migrated, with the province's organisations imported
// and one hall per organisation, plus a BookingService whose clock is fixed at
// 2026-11-27 09:00 (Asia/Ho_Chi_Minh) so that lead times are deterministic.
#include <gtest/gtest.h>

#include <memory>

#include "ical/recurrence.hpp"
#include "json/admin_units.hpp"
#include "json/policy_json.hpp"
#include "pg/migrations.hpp"
#include "pg/store.hpp"
#include "scheduler/booking_service.hpp"
#include "test_database.hpp"
#include "tz/zone.hpp"

namespace fixture {

inline sched::Instant local(int y, unsigned m, unsigned d, int hh, int mm = 0) {
  using namespace std::chrono;
  return sched::Instant{sys_days{year{y} / month{m} / day{d}} + hours{hh - 7} + minutes{mm}};
}
inline sched::Date date(int y, unsigned m, unsigned d) {
  return sched::Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

struct World {
  testing_support::TestDatabase db{"scheduler"};
  std::unique_ptr<sched::pg::Pool> pool;
  std::unique_ptr<sched::pg::Store> store;
  sched::Policy policy;
  std::unique_ptr<sched::TimeZone> zone;
  sched::Instant now = local(2026, 11, 27, 9);
  std::unique_ptr<sched::BookingService> booking;

  World() {
    if (!db.available()) return;
    pool = std::make_unique<sched::pg::Pool>(db.url(), 60);
    sched::pg::migrate(*pool);
    store = std::make_unique<sched::pg::Store>(*pool);
    store->import_orgs(sched::build_versions(sched::combine_timelines(
        {sched::json::read_admin_units(testing_support::admin_units_dir()),
         sched::json::read_departments(testing_support::departments_file())})));
    store->ensure_one_room_per_org();
    policy = sched::load_policy_file(testing_support::policy_file());
    zone = sched::make_time_zone(policy.zone);
    booking = std::make_unique<sched::BookingService>(
        policy, *zone, *store, *store, *store,
        [this](std::string_view rule, sched::Interval first) { return sched::expand_recurrence(rule, first, *zone); },
        [this] { return now; });
  }

  long long org_id(const std::string& code, sched::Date on) {
    for (const auto& o : store->orgs_valid_on(on))
      if (o.code == code) return o.id;
    throw std::runtime_error("no org " + code);
  }
  long long room_of(long long org) {
    sched::RoomFilter f;
    f.org_id = org;
    return store->list_rooms(f, {1, 0}).items.at(0).id;
  }
};

// The shared world of one test program.
inline World& world() {
  static World w;
  return w;
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!world().db.available()) GTEST_SKIP() << "DATABASE_URL is not set (deploy/test sets it)";
  }
  World& w() { return world(); }

  // A valid meeting of type `other` (no Decision-45 rules) in the province's hall.
  sched::MeetingDraft draft(sched::Interval slot, std::vector<long long> rooms, const std::string& chair) {
    sched::MeetingDraft d;
    d.title = "Họp thử";
    d.type = sched::MeetingType::other;
    d.organiser_org_id = w().org_id("51", fixture::date(2026, 12, 1));
    d.chair = {chair, "Phó Chủ tịch"};
    d.host_room_id = rooms.front();
    d.room_ids.assign(rooms.begin() + 1, rooms.end());
    d.slot = slot;
    return d;
  }
};

}  // namespace fixture
