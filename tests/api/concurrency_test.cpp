// Concurrent HTTP bookings of one slot: exactly one 201, every other one 409.
#include <atomic>
#include <thread>

#include "api_fixture.hpp"

namespace e2e {
namespace {

TEST_F(E2E, OfTwoHundredConcurrentBookingsOfOneSlotExactlyOneIs201AndTheRest409) {
  const long long province = org_id("51");
  const long long room = room_of_org(org_id("SCT"));
  std::atomic<int> created{0}, conflicts{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 200; ++i)
    threads.emplace_back([&, i] {
      try {
        auto a = call("POST", "/v1/meetings", kAdmin,
                      meeting_body("2027-05-03T08:00:00+07:00", "2027-05-03T10:00:00+07:00", room, {},
                                   "Chair Race " + std::to_string(i), province).dump());
        if (a.status == 201) ++created;
        else if (a.status == 409) ++conflicts;
        else ++other;
      } catch (...) {
        ++other;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(conflicts.load(), 199);
  EXPECT_EQ(other.load(), 0);
  auto list = call("GET", "/v1/meetings?room=" + std::to_string(room), kAdmin);
  EXPECT_EQ(list.body.at("total"), 1);
}

}  // namespace
}  // namespace e2e
