// Connection caps and time limits, on a clock the test moves.
#include <gtest/gtest.h>

#include "http/connection_table.hpp"

namespace api {
namespace {

using namespace std::chrono_literals;
using Clock = ConnectionTable::Clock;

ConnectionLimits small() {
  ConnectionLimits l;
  l.max_connections = 4;
  l.max_per_client = 2;
  l.idle_timeout = 10s;
  l.head_timeout = 5s;
  l.body_timeout = 20s;
  l.close_grace = 1s;
  return l;
}

TEST(ConnectionTable, AtTheClientCapTheOldestIdleConnectionOfThatClientGivesWay) {
  ConnectionTable t(small());
  const auto t0 = Clock::now();
  EXPECT_TRUE(t.admit(1, "a", t0).accepted);
  EXPECT_TRUE(t.admit(2, "a", t0 + 1s).accepted);
  const auto third = t.admit(3, "a", t0 + 2s);
  EXPECT_TRUE(third.accepted);
  EXPECT_EQ(third.evicted, std::vector<ConnectionTable::Id>{1});
  EXPECT_EQ(t.of_client("a"), 2u);
}

TEST(ConnectionTable, AKeptAliveConnectionOutlivesNewerOnesThatNeverSentARequest) {
  ConnectionTable t(small());
  const auto t0 = Clock::now();
  t.admit(1, "a", t0);
  t.set_phase(1, ConnPhase::busy, t0 + 1s);  // answered a request, now idle again
  t.set_phase(1, ConnPhase::idle, t0 + 2s);
  t.admit(2, "a", t0 + 3s);  // opened later, never sends anything
  const auto third = t.admit(3, "a", t0 + 4s);
  EXPECT_TRUE(third.accepted);
  EXPECT_EQ(third.evicted, std::vector<ConnectionTable::Id>{2});
}

TEST(ConnectionTable, BusyConnectionsNeverGiveWaySoTheNewcomerIsRefused) {
  ConnectionTable t(small());
  const auto t0 = Clock::now();
  t.admit(1, "a", t0);
  t.admit(2, "a", t0);
  t.set_phase(1, ConnPhase::busy, t0);
  t.set_phase(2, ConnPhase::body, t0);
  const auto third = t.admit(3, "a", t0);
  EXPECT_FALSE(third.accepted);
  EXPECT_TRUE(third.evicted.empty());
  EXPECT_TRUE(t.admit(4, "b", t0).accepted);  // another client is not held back
}

TEST(ConnectionTable, AtTheTotalCapAnyClientsSlowHeadGivesWay) {
  ConnectionTable t(small());
  const auto t0 = Clock::now();
  t.admit(1, "a", t0);
  t.admit(2, "b", t0 + 1s);
  t.admit(3, "c", t0 + 2s);
  t.admit(4, "d", t0 + 3s);
  for (ConnectionTable::Id id : {1, 3, 4}) t.set_phase(id, ConnPhase::busy, t0);
  t.set_phase(2, ConnPhase::head, t0 + 4s);
  const auto fifth = t.admit(5, "e", t0 + 5s);
  EXPECT_TRUE(fifth.accepted);
  EXPECT_EQ(fifth.evicted, std::vector<ConnectionTable::Id>{2});
  EXPECT_EQ(t.size(), 4u);
}

TEST(ConnectionTable, EachPhaseExpiresAfterItsOwnLimitAndBusyNever) {
  ConnectionTable t(small());
  const auto t0 = Clock::now();
  for (ConnectionTable::Id id = 1; id <= 4; ++id) t.admit(id, "c" + std::to_string(id), t0);
  t.set_phase(2, ConnPhase::head, t0);
  t.set_phase(3, ConnPhase::body, t0);
  t.set_phase(4, ConnPhase::busy, t0);
  EXPECT_TRUE(t.expired(t0 + 4s).empty());
  EXPECT_EQ(t.expired(t0 + 6s), (std::vector<std::pair<ConnectionTable::Id, ConnPhase>>{{2, ConnPhase::head}}));
  EXPECT_EQ(t.expired(t0 + 11s).size(), 2u);
  EXPECT_EQ(t.expired(t0 + 1h).size(), 3u);
}

TEST(ConnectionTable, APhaseClockStartsWhenThePhaseChanges) {
  ConnectionTable t(small());
  const auto t0 = Clock::now();
  t.admit(1, "a", t0);
  t.set_phase(1, ConnPhase::head, t0 + 8s);
  t.set_phase(1, ConnPhase::head, t0 + 12s);  // more bytes of the same head: the clock runs on
  EXPECT_TRUE(t.expired(t0 + 12s).empty());
  EXPECT_EQ(t.expired(t0 + 14s).size(), 1u);
}

}  // namespace
}  // namespace api
