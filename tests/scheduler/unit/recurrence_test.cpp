// RRULE expansion through libical, read in local time.
#include "ical/recurrence.hpp"

#include <gtest/gtest.h>

#include "scheduler/errors.hpp"
#include "test_support.hpp"
#include "tz/zone.hpp"

namespace sched {
namespace {

using namespace std::chrono;
using test::at;
using test::vietnam;

const Interval kFirstMondayOfMarch{at(2024y / March / 4, 8h), at(2024y / March / 4, 10h)};

std::string refusal(std::string_view rule, Interval first = kFirstMondayOfMarch, std::size_t max = 366) {
  try {
    (void)expand_recurrence(rule, first, vietnam(), max);
  } catch (const InvalidInput& e) {
    EXPECT_EQ(e.field(), "recurrence");
    return e.what();
  }
  return "(accepted)";
}

TEST(Recurrence, MonthlyFirstMondayWithCount) {
  const auto got = expand_recurrence("FREQ=MONTHLY;BYDAY=1MO;COUNT=6", kFirstMondayOfMarch, vietnam());
  const std::vector<Date> mondays{2024y / March / 4, 2024y / April / 1, 2024y / May / 6,
                                  2024y / June / 3,  2024y / July / 1,  2024y / August / 5};
  ASSERT_EQ(got.size(), mondays.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].start, at(mondays[i], 8h)) << i;
    EXPECT_EQ(got[i].length(), 2h) << i;
  }
  EXPECT_EQ(got.front(), kFirstMondayOfMarch);
}

TEST(Recurrence, LocalTimeStaysTheSameAcrossAnOffsetChange) {
  // Berlin moves to summer time on 31/3/2024: 08:00 local stays 08:00, the UTC hour moves.
  const auto berlin = make_time_zone("Europe/Berlin");
  const Instant start = berlin->to_instant(local_days{2024y / March / 25} + 8h);
  const auto got = expand_recurrence("FREQ=WEEKLY;COUNT=3", Interval{start, start + 1h}, *berlin);
  ASSERT_EQ(got.size(), 3U);
  for (std::size_t i = 0; i < got.size(); ++i) {
    const auto local = berlin->to_local(got[i].start);
    EXPECT_EQ(local - floor<days>(local), 8h) << i;
  }
  EXPECT_EQ(got[0].start, sys_days{2024y / March / 25} + 7h);
  EXPECT_EQ(got[1].start, sys_days{2024y / April / 1} + 6h);
}

TEST(Recurrence, UtcUntilIsComparedInLocalTime) {
  // UNTIL 01:00Z on 25/3 is 08:00 local: the meeting of 25/3 is included.
  const Interval first{at(2024y / March / 11, 8h), at(2024y / March / 11, 9h)};
  const auto got = expand_recurrence("FREQ=WEEKLY;UNTIL=20240325T010000Z", first, vietnam());
  ASSERT_EQ(got.size(), 3U);
  EXPECT_EQ(got.back().start, at(2024y / March / 25, 8h));
  // A DATE UNTIL includes its whole day.
  EXPECT_EQ(expand_recurrence("FREQ=WEEKLY;UNTIL=20240325", first, vietnam()).size(), 3U);
}

TEST(Recurrence, AcceptsAnRRulePrefix) {
  EXPECT_EQ(expand_recurrence("RRULE:FREQ=MONTHLY;BYDAY=1MO;COUNT=2", kFirstMondayOfMarch, vietnam()).size(), 2U);
}

TEST(Recurrence, InvalidRuleIsRefused) {
  EXPECT_NE(refusal("FREQ=SOMETIMES;COUNT=2").find("not a valid"), std::string::npos);
  EXPECT_NE(refusal("every monday").find("not a valid"), std::string::npos);
  EXPECT_NE(refusal("").find("empty"), std::string::npos);
}

TEST(Recurrence, UnboundedRuleIsRefused) {
  EXPECT_NE(refusal("FREQ=MONTHLY;BYDAY=1MO").find("COUNT or UNTIL"), std::string::npos);
}

TEST(Recurrence, TooManyOccurrencesAreRefused) {
  EXPECT_NE(refusal("FREQ=DAILY;COUNT=367").find("more than 366"), std::string::npos);
  EXPECT_EQ(refusal("FREQ=DAILY;COUNT=366"), "(accepted)");
  EXPECT_NE(refusal("FREQ=MONTHLY;BYDAY=1MO;COUNT=5", kFirstMondayOfMarch, 4).find("more than 4"), std::string::npos);
}

TEST(Recurrence, FirstMeetingThatIsNotAnOccurrenceIsRefused) {
  const Interval tuesday{at(2024y / March / 5, 8h), at(2024y / March / 5, 10h)};
  EXPECT_NE(refusal("FREQ=MONTHLY;BYDAY=1MO;COUNT=3", tuesday).find("not an occurrence"), std::string::npos);
}

// Under the sanitizers (tests/fuzz/run_sanitized.sh) a leaked RSCALE text fails this test.
TEST(Recurrence, ARuleNamingItsCalendarScaleLeavesNothingBehind) {
  const auto got = expand_recurrence("RSCALE=GREGORIAN;FREQ=WEEKLY;COUNT=3", kFirstMondayOfMarch, vietnam());
  EXPECT_EQ(got.size(), 3u);
  EXPECT_NE(refusal("RSCALE=GREGORIAN;FREQ=BOGUS"), "(accepted)");
}

TEST(Recurrence, OverlappingOccurrencesAreRefused) {
  const Interval two_days{at(2024y / March / 4, 8h), at(2024y / March / 6, 8h)};
  EXPECT_NE(refusal("FREQ=DAILY;COUNT=3", two_days).find("overlapping"), std::string::npos);
}

// Found by the fuzzer (tests/fuzz/corpus/recurrence_fuzz/regression-never-matching-byday):
// libical searched for an occurrence that never comes — seconds to hours of CPU per request.
TEST(Recurrence, RulesRepeatingMoreOftenThanDailyAreRefusedBeforeAnySearch) {
  EXPECT_NE(refusal("FREQ=HOURLY;COUNT=3").find("at most daily"), std::string::npos);
  EXPECT_NE(refusal("FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30;COUNT=2").find("at most daily"), std::string::npos);
  EXPECT_NE(refusal("FREQ=MINUTELY;UNTIL=20240305").find("at most daily"), std::string::npos);
}

TEST(Recurrence, ByDayOrdinalsBeyondTheMonthOrYearAreRefused) {
  EXPECT_NE(refusal("FREQ=MONTHLY;BYDAY=20MO;UNTIL=20271231T000000Z").find("weeks of a month"), std::string::npos);
  EXPECT_NE(refusal("FREQ=MONTHLY;BYDAY=-6MO;COUNT=2").find("weeks of a month"), std::string::npos);
  EXPECT_NE(refusal("FREQ=YEARLY;BYDAY=54MO;COUNT=2").find("weeks of a year"), std::string::npos);
  EXPECT_EQ(refusal("FREQ=MONTHLY;BYDAY=1MO;COUNT=2"), "(accepted)");
}

}  // namespace
}  // namespace sched
