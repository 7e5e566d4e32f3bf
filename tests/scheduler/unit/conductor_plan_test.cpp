// The conductor's decisions, from meetings, running sessions and a given time.
#include <gtest/gtest.h>

#include "scheduler/conductor_plan.hpp"

namespace {

using namespace std::chrono_literals;
using sched::ConductorStep;
using sched::MeetingStatus;
using Steps = std::vector<sched::PlannedStep>;

const sched::Instant kStart{std::chrono::sys_days{std::chrono::year{2027} / 3 / 1} + 1h};  // 08:00 +07

sched::Meeting meeting(long long id, MeetingStatus status) {
  sched::Meeting m;
  m.id = id;
  m.status = status;
  m.draft.slot = {kStart, kStart + 2h};
  return m;
}

Steps plan(const std::vector<sched::Meeting>& ms, std::set<long long> running, sched::Instant now) {
  return sched::plan_conductor(ms, running, now, 30min, 10min);
}

TEST(ConductorPlan, NothingHappensBeforeTheRehearsalWindow) {
  EXPECT_TRUE(plan({meeting(1, MeetingStatus::scheduled)}, {}, kStart - 31min).empty());
}

TEST(ConductorPlan, TheRehearsalOpensTheSessionThirtyMinutesBefore) {
  EXPECT_EQ(plan({meeting(1, MeetingStatus::scheduled)}, {}, kStart - 30min),
            (Steps{{ConductorStep::open_rehearsal, 1}, {ConductorStep::open_session, 1}}));
}

TEST(ConductorPlan, TheMeetingGoesLiveAtItsStart) {
  EXPECT_EQ(plan({meeting(1, MeetingStatus::rehearsal)}, {1}, kStart), (Steps{{ConductorStep::go_live, 1}}));
  EXPECT_EQ(plan({meeting(2, MeetingStatus::scheduled)}, {}, kStart + 5min),
            (Steps{{ConductorStep::go_live, 2}, {ConductorStep::open_session, 2}}));
}

TEST(ConductorPlan, ALiveMeetingEndsAfterItsEndPlusGraceAndItsSessionCloses) {
  EXPECT_TRUE(plan({meeting(1, MeetingStatus::live)}, {1}, kStart + 2h + 9min).empty());
  EXPECT_EQ(plan({meeting(1, MeetingStatus::live)}, {1}, kStart + 2h + 10min),
            (Steps{{ConductorStep::end, 1}, {ConductorStep::close_session, 1}}));
}

TEST(ConductorPlan, ALiveMeetingWithoutASessionHasItReopened) {
  EXPECT_EQ(plan({meeting(1, MeetingStatus::live)}, {}, kStart + 1h), (Steps{{ConductorStep::open_session, 1}}));
}

TEST(ConductorPlan, ASessionOfACancelledOrEndedMeetingIsClosed) {
  EXPECT_EQ(plan({}, {7}, kStart), (Steps{{ConductorStep::close_session, 7}}));
}

TEST(ConductorPlan, ACancelledOrMissedMeetingNeverOpens) {
  EXPECT_TRUE(plan({meeting(1, MeetingStatus::cancelled)}, {}, kStart).empty());
  EXPECT_TRUE(plan({meeting(1, MeetingStatus::postponed)}, {}, kStart).empty());
  EXPECT_TRUE(plan({meeting(1, MeetingStatus::scheduled)}, {}, kStart + 2h + 10min).empty());
}

}  // namespace
