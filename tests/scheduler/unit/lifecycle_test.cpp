// Every (status, event) pair of the lifecycle, allowed or not.
#include "scheduler/lifecycle.hpp"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <utility>

#include "scheduler/errors.hpp"

namespace sched {
namespace {

using S = MeetingStatus;
using E = LifecycleEvent;

constexpr S kStatuses[] = {S::scheduled, S::rehearsal, S::live, S::ended, S::postponed, S::cancelled};
constexpr E kEvents[] = {E::open_rehearsal, E::go_live, E::end, E::postpone, E::cancel, E::reschedule};

// The expected machine, written independently of lifecycle.cpp's table.
const std::map<std::pair<S, E>, S> kExpected{
    {{S::scheduled, E::open_rehearsal}, S::rehearsal}, {{S::scheduled, E::go_live}, S::live},
    {{S::rehearsal, E::go_live}, S::live},             {{S::live, E::end}, S::ended},
    {{S::scheduled, E::postpone}, S::postponed},       {{S::rehearsal, E::postpone}, S::postponed},
    {{S::scheduled, E::cancel}, S::cancelled},         {{S::rehearsal, E::cancel}, S::cancelled},
    {{S::postponed, E::cancel}, S::cancelled},         {{S::postponed, E::reschedule}, S::scheduled},
};

TEST(Lifecycle, EveryAllowedTransitionLeadsWhereExpectedAndEveryOtherIsRefused) {
  int allowed = 0;
  for (S from : kStatuses) {
    for (E ev : kEvents) {
      const auto it = kExpected.find({from, ev});
      SCOPED_TRACE(std::string(to_string(from)) + " + " + std::string(to_string(ev)));
      if (it != kExpected.end()) {
        EXPECT_EQ(next_status(from, ev), it->second);
        EXPECT_TRUE(can_apply(from, ev));
        ++allowed;
      } else {
        EXPECT_THROW((void)next_status(from, ev), InvalidTransition);
        EXPECT_FALSE(can_apply(from, ev));
      }
    }
  }
  EXPECT_EQ(allowed, 10);
}

TEST(Lifecycle, EndedAndCancelledAreFinal) {
  EXPECT_TRUE(allowed_events(S::ended).empty());
  EXPECT_TRUE(allowed_events(S::cancelled).empty());
}

TEST(Lifecycle, LiveMeetingCanOnlyEnd) {
  EXPECT_EQ(allowed_events(S::live), std::vector<E>{E::end});
}

TEST(Lifecycle, RefusalNamesEventStatusAndWhereItIsAllowed) {
  try {
    (void)next_status(S::live, E::postpone);
    FAIL() << "expected InvalidTransition";
  } catch (const InvalidTransition& e) {
    EXPECT_STREQ(e.what(), "cannot postpone a meeting that is live (allowed from: scheduled, rehearsal)");
  }
}

TEST(Lifecycle, EventNamesRoundTrip) {
  for (E ev : kEvents) EXPECT_EQ(lifecycle_event_from(to_string(ev)), ev);
  EXPECT_EQ(lifecycle_event_from("start"), std::nullopt);
}

}  // namespace
}  // namespace sched
