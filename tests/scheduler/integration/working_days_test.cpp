// Working days and documents against the real PostgreSQL: a series across 2027 -> 2028 on the
// computed calendar, with its days off skipped; documents attached after booking keep the time
// they came and a late one is flagged on the stored meeting, not refused.
#include "scheduler/errors.hpp"
#include "scheduler/rules.hpp"
#include "scheduler/working_calendar.hpp"
#include "store_fixture.hpp"

namespace {

using fixture::local;
using fixture::StoreTest;

std::vector<long long> own_rooms(fixture::World& w, int first, int n) {
  auto page = w.store->list_rooms({}, {500, 0});
  std::vector<long long> out;
  for (int i = first; i < first + n; ++i) out.push_back(page.items.at(static_cast<std::size_t>(i)).id);
  return out;
}

// The service's clock, moved for one test and put back afterwards.
struct ClockAt {
  fixture::World& w;
  sched::Instant saved;
  ClockAt(fixture::World& world, sched::Instant t) : w(world), saved(world.now) { w.now = t; }
  ~ClockAt() { w.now = saved; }
};

TEST_F(StoreTest, ASeriesAcross2027Into2028SkipsItsDaysOffAndIsStored) {
  auto d = draft({local(2027, 12, 20, 8), local(2027, 12, 20, 10)}, own_rooms(w(), 100, 1), "Chair WD series");
  d.type = sched::MeetingType::briefing;
  d.recurrence = "FREQ=WEEKLY;BYDAY=MO;COUNT=8";
  d.on_days_off = sched::DaysOffHandling::skip;
  const auto report = w().booking->book_with_report(d, "t");
  ASSERT_EQ(report.meetings.size(), 6u);
  ASSERT_EQ(report.skipped.size(), 2u);
  EXPECT_EQ(report.skipped[0].from.start, local(2028, 1, 3, 8));   // Saturday 1/1 compensated
  EXPECT_EQ(report.skipped[1].from.start, local(2028, 1, 31, 8));  // Tết 2028
  EXPECT_TRUE(report.calendar.provisional);
  EXPECT_EQ(report.calendar.provisional_years, (std::vector<int>{2027, 2028}));
  const sched::WorkingCalendar calendar(w().policy);
  for (const auto& m : report.meetings) {
    const auto stored = w().store->find(m.id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->series_id, report.meetings[0].series_id);
    EXPECT_TRUE(calendar.is_working_day(sched::local_date(*w().zone, stored->draft.slot.start)));
  }
}

TEST_F(StoreTest, ABriefingOnTetIsRefusedAndWritesNothing) {
  auto d = draft({local(2027, 2, 9, 8), local(2027, 2, 9, 10)}, own_rooms(w(), 101, 1), "Chair WD tet");
  d.type = sched::MeetingType::briefing;
  const auto before = w().store->list({}, {1, 0}).total;
  try {
    (void)w().booking->book(d, "t");
    FAIL() << "expected RuleViolation";
  } catch (const sched::RuleViolation& e) {
    ASSERT_EQ(e.violations().size(), 1u);
    EXPECT_EQ(e.violations()[0].rule, "working_time");
  }
  EXPECT_EQ(w().store->list({}, {1, 0}).total, before);
}

TEST_F(StoreTest, ADocumentAttachedAfterTheLeadTimeIsFlaggedAndTheEarlierOneKeepsItsTime) {
  // Monday 15 March 2027: documents are due by Wednesday 10 March.
  auto d = draft({local(2027, 3, 15, 8), local(2027, 3, 15, 10)}, own_rooms(w(), 102, 1), "Chair WD docs");
  d.type = sched::MeetingType::briefing;
  d.documents = {{"Báo cáo tháng 2", "https://vb.example/bc2", std::nullopt, std::nullopt}};
  const auto booked = w().booking->book(d, "t").front();
  ASSERT_EQ(booked.draft.documents.size(), 1u);
  EXPECT_EQ(booked.draft.documents[0].attached_at, w().now);

  const ClockAt later(w(), local(2027, 3, 12, 9));  // Friday, after the due date
  auto patch = w().store->find(booked.id)->draft;
  patch.documents.push_back({"Dự thảo kết luận", "https://vb.example/kl", std::nullopt, std::nullopt});
  patch.documents.push_back({"Phụ lục", "https://vb.example/pl", local(2027, 3, 11, 16), std::nullopt});
  const auto changed = w().booking->change(booked.id, booked.version, patch, "t");  // accepted, not refused

  const auto stored = w().store->find(booked.id);
  ASSERT_TRUE(stored);
  ASSERT_EQ(stored->draft.documents.size(), 3u);
  EXPECT_EQ(stored->draft.documents[0].attached_at, local(2026, 11, 27, 9));
  EXPECT_EQ(stored->draft.documents[1].attached_at, local(2027, 3, 12, 9));
  const auto late = sched::late_documents(stored->draft, w().policy, *w().zone);
  ASSERT_EQ(late.size(), 2u);
  EXPECT_EQ(late[0].title, "Dự thảo kết luận");
  EXPECT_EQ(late[0].delivered, fixture::date(2027, 3, 12));
  EXPECT_EQ(late[0].due, fixture::date(2027, 3, 10));
  EXPECT_EQ(late[1].title, "Phụ lục");  // sent on Thursday 11/3, also after the due date
  EXPECT_EQ(late[1].delivered, fixture::date(2027, 3, 11));
  EXPECT_EQ(changed.version, booked.version + 1);
}

TEST_F(StoreTest, AnAdHocMeetingsDocumentsAreNeverLate) {
  auto d = draft({local(2027, 3, 16, 8), local(2027, 3, 16, 10)}, own_rooms(w(), 103, 1), "Chair WD adhoc docs");
  d.type = sched::MeetingType::briefing;
  d.ad_hoc = true;
  d.ad_hoc_reason = "Chỉ đạo khẩn về dịch bệnh";
  const auto booked = w().booking->book(d, "t").front();
  const ClockAt later(w(), local(2027, 3, 15, 9));
  auto patch = booked.draft;
  patch.documents.push_back({"Công điện", "https://vb.example/cd", std::nullopt, std::nullopt});
  (void)w().booking->change(booked.id, booked.version, patch, "t");
  EXPECT_TRUE(sched::late_documents(w().store->find(booked.id)->draft, w().policy, *w().zone).empty());
}

}  // namespace
