// Booking against the real PostgreSQL: conflicts refused by exclusion constraints, races,
// rules, lifecycle, recurrence with exceptions, and "nothing written" on every refusal.
#include <atomic>
#include <thread>

#include "scheduler/errors.hpp"
#include "store_fixture.hpp"

namespace {

using fixture::local;
using fixture::StoreTest;
using sched::MeetingStatus;

// Distinct rooms per test so that tests never collide with each other.
std::vector<long long> rooms(fixture::World& w, int first, int n) {
  auto page = w.store->list_rooms({}, {500, 0});
  std::vector<long long> out;
  for (int i = first; i < first + n; ++i) out.push_back(page.items.at(static_cast<std::size_t>(i)).id);
  return out;
}

long long meeting_count(fixture::World& w) { return w.store->list({}, {1, 0}).total; }

TEST_F(StoreTest, SecondBookingOfARoomInAnOverlappingSlotIsRefusedWithTheConflict) {
  const auto r = rooms(w(), 10, 2);
  const auto first = w().booking->book(draft({local(2027, 1, 4, 8), local(2027, 1, 4, 10)}, r, "Chair A1"), "t");
  try {
    w().booking->book(draft({local(2027, 1, 4, 9), local(2027, 1, 4, 11)}, {r[1]}, "Chair A2"), "t");
    FAIL() << "expected a conflict";
  } catch (const sched::Conflict& c) {
    ASSERT_EQ(c.conflicts().size(), 1u);
    EXPECT_EQ(c.conflicts()[0].meeting_id, first.front().id);
    EXPECT_EQ(c.conflicts()[0].room_id, r[1]);
  }
}

TEST_F(StoreTest, BackToBackSlotsDoNotConflict) {
  const auto r = rooms(w(), 14, 1);
  w().booking->book(draft({local(2027, 1, 5, 8), local(2027, 1, 5, 10)}, r, "Chair B1"), "t");
  EXPECT_NO_THROW(w().booking->book(draft({local(2027, 1, 5, 10), local(2027, 1, 5, 12)}, r, "Chair B2"), "t"));
}

TEST_F(StoreTest, TheSameChairCannotChairTwoMeetingsAtOnce) {
  w().booking->book(draft({local(2027, 1, 6, 8), local(2027, 1, 6, 10)}, rooms(w(), 16, 1), "Trần Văn C"), "t");
  try {
    w().booking->book(draft({local(2027, 1, 6, 9), local(2027, 1, 6, 11)}, rooms(w(), 17, 1), "  trần văn c "), "t");
    FAIL() << "expected a conflict on the chair";
  } catch (const sched::Conflict& c) {
    ASSERT_FALSE(c.conflicts().empty());
    EXPECT_EQ(c.conflicts()[0].room_id, 0);  // the chair, not a room
  }
}

TEST_F(StoreTest, OfFiftyConcurrentBookingsOfOneSlotExactlyOneWins) {
  const auto r = rooms(w(), 20, 1);
  std::atomic<int> won{0}, conflicted{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 50; ++i)
    threads.emplace_back([&, i] {
      try {
        w().booking->book(draft({local(2027, 1, 7, 8), local(2027, 1, 7, 10)}, r, "Racer " + std::to_string(i)), "t");
        ++won;
      } catch (const sched::Conflict&) {
        ++conflicted;
      } catch (...) {
        ++other;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(conflicted.load(), 49);
  EXPECT_EQ(other.load(), 0);
  sched::MeetingFilter f;
  f.room_id = r[0];
  EXPECT_EQ(w().store->list(f, {10, 0}).total, 1);
}

TEST_F(StoreTest, ARefusedBookingWritesNothing) {
  const auto r = rooms(w(), 24, 3);
  w().booking->book(draft({local(2027, 1, 8, 8), local(2027, 1, 8, 10)}, {r[2]}, "Chair D0"), "t");
  const auto before = meeting_count(w());
  // r[0] and r[1] are free, r[2] is taken: the whole booking must be refused.
  EXPECT_THROW(w().booking->book(draft({local(2027, 1, 8, 9), local(2027, 1, 8, 11)}, r, "Chair D1"), "t"),
               sched::Conflict);
  EXPECT_EQ(meeting_count(w()), before);
  EXPECT_NO_THROW(
      w().booking->book(draft({local(2027, 1, 8, 9), local(2027, 1, 8, 11)}, {r[0], r[1]}, "Chair D2"), "t"));
}

TEST_F(StoreTest, ABookingBreakingTheRulesIsRefusedWithEveryViolationAndWritesNothing) {
  auto d = draft({local(2026, 11, 30, 7), local(2026, 11, 30, 16)}, rooms(w(), 28, 1), "Chair E");
  d.type = sched::MeetingType::briefing;  // at most one session; invitation 3 working days ahead
  const auto before = meeting_count(w());
  try {
    w().booking->book(d, "t");
    FAIL() << "expected a rule violation";
  } catch (const sched::RuleViolation& v) {
    std::vector<std::string> rules;
    for (const auto& x : v.violations()) rules.push_back(x.rule);
    EXPECT_EQ(rules, (std::vector<std::string>{"max_length", "invitation_lead_time"}));
    for (const auto& x : v.violations()) EXPECT_FALSE(x.article.empty());
  }
  EXPECT_EQ(meeting_count(w()), before);
}

TEST_F(StoreTest, AnAdHocMeetingWithAReasonSkipsTheLeadTime) {
  auto d = draft({local(2026, 11, 30, 8), local(2026, 11, 30, 10)}, rooms(w(), 30, 1), "Chair F");
  d.type = sched::MeetingType::briefing;
  d.ad_hoc = true;
  d.ad_hoc_reason = "Bão số 13 đổ bộ";
  EXPECT_NO_THROW(w().booking->book(d, "t"));
}

TEST_F(StoreTest, SelectorsInviteTheHallsOfEveryCommuneOfADistrictAsOfTheMeetingDate) {
  // District 522 exists only before the reform: book (as type other) on a 2021 date.
  auto d = draft({local(2021, 6, 1, 8), local(2021, 6, 1, 10)}, rooms(w(), 0, 1), "Chair G");
  d.invite = {{sched::OrgLevel::commune, std::string("522")}};
  const auto booked = w().booking->book(d, "t");
  const auto children = w().store->children(w().org_id("522", fixture::date(2021, 6, 1)), fixture::date(2021, 6, 1));
  EXPECT_EQ(booked.front().draft.room_ids.size(), children.size());
}

TEST_F(StoreTest, CancellingFreesTheSlotAndIsRecorded) {
  const auto r = rooms(w(), 32, 1);
  auto m = w().booking->book(draft({local(2027, 1, 11, 8), local(2027, 1, 11, 10)}, r, "Chair H1"), "t").front();
  EXPECT_THROW(w().booking->apply(m.id, sched::LifecycleEvent::cancel, "", "t"), sched::InvalidInput);
  auto cancelled = w().booking->apply(m.id, sched::LifecycleEvent::cancel, "Trùng lịch tiếp dân", "secretary");
  EXPECT_EQ(cancelled.status, MeetingStatus::cancelled);
  EXPECT_EQ(cancelled.status_reason, "Trùng lịch tiếp dân");
  EXPECT_GT(cancelled.version, m.version);
  EXPECT_NO_THROW(w().booking->book(draft({local(2027, 1, 11, 8), local(2027, 1, 11, 10)}, r, "Chair H2"), "t"));
  EXPECT_THROW(w().booking->apply(m.id, sched::LifecycleEvent::go_live, "", "t"), sched::InvalidTransition);
}

TEST_F(StoreTest, APostponedMeetingGivenANewTimeIsScheduledAgain) {
  const auto r = rooms(w(), 34, 1);
  auto m = w().booking->book(draft({local(2027, 1, 12, 8), local(2027, 1, 12, 10)}, r, "Chair I"), "t").front();
  m = w().booking->apply(m.id, sched::LifecycleEvent::postpone, "Chủ trì bận đột xuất", "t");
  EXPECT_EQ(m.status, MeetingStatus::postponed);
  auto moved = m.draft;
  moved.slot = {local(2027, 1, 13, 8), local(2027, 1, 13, 10)};
  auto again = w().booking->change(m.id, m.version, moved, "t");
  EXPECT_EQ(again.status, MeetingStatus::scheduled);
  EXPECT_EQ(again.draft.slot, moved.slot);
  EXPECT_THROW(w().booking->change(m.id, m.version, moved, "t"), sched::StaleVersion);
}

TEST_F(StoreTest, AMonthlySeriesIsBookedAsOccurrencesAndOneCanBeMovedOrCancelled) {
  const auto r = rooms(w(), 36, 2);
  auto d = draft({local(2027, 1, 4, 8), local(2027, 1, 4, 10)}, r, "Chair J");  // Monday 4 Jan 2027
  d.recurrence = "FREQ=MONTHLY;BYDAY=1MO;COUNT=4";
  const auto series = w().booking->book(d, "t");
  ASSERT_EQ(series.size(), 4u);
  EXPECT_EQ(series[1].draft.slot.start, local(2027, 2, 1, 8));
  EXPECT_EQ(series[3].draft.slot.start, local(2027, 4, 5, 8));
  for (const auto& m : series) EXPECT_EQ(m.series_id, series[0].series_id);
  // Move the second occurrence by a day; cancel the third.
  auto moved = series[1].draft;
  moved.slot = {local(2027, 2, 2, 8), local(2027, 2, 2, 10)};
  EXPECT_EQ(w().booking->change(series[1].id, series[1].version, moved, "t").draft.slot.start, local(2027, 2, 2, 8));
  w().booking->apply(series[2].id, sched::LifecycleEvent::cancel, "Nghỉ lễ", "t");
  EXPECT_EQ(w().store->find(series[0].id)->status, MeetingStatus::scheduled);
  EXPECT_EQ(w().store->find(series[2].id)->status, MeetingStatus::cancelled);
  // The slot of the moved occurrence is free again for others.
  EXPECT_NO_THROW(w().booking->book(draft({local(2027, 2, 1, 8), local(2027, 2, 1, 10)}, r, "Chair K"), "t"));
}

TEST_F(StoreTest, ASeriesWithOneConflictingOccurrenceIsRefusedWhole) {
  const auto r = rooms(w(), 40, 1);
  w().booking->book(draft({local(2027, 3, 1, 8), local(2027, 3, 1, 9)}, r, "Chair L0"), "t");
  const auto before = meeting_count(w());
  auto d = draft({local(2027, 1, 4, 8), local(2027, 1, 4, 10)}, r, "Chair L1");
  d.recurrence = "FREQ=MONTHLY;BYDAY=1MO;COUNT=4";  // the third falls on 1 March
  EXPECT_THROW(w().booking->book(d, "t"), sched::Conflict);
  EXPECT_EQ(meeting_count(w()), before);
}

TEST_F(StoreTest, UnknownOrInactiveRoomsAreRefusedAsInvalidInput) {
  auto d = draft({local(2027, 1, 14, 8), local(2027, 1, 14, 10)}, rooms(w(), 42, 1), "Chair M");
  d.room_ids = {987654321};
  EXPECT_THROW(w().booking->book(d, "t"), sched::InvalidInput);
  auto room = *w().store->find_room(rooms(w(), 43, 1)[0]);
  room.active = false;
  w().store->update_room(room);
  d.room_ids = {room.id};
  EXPECT_THROW(w().booking->book(d, "t"), sched::InvalidInput);
}

TEST_F(StoreTest, HostileTextIsStoredVerbatim) {
  auto d = draft({local(2027, 1, 15, 8), local(2027, 1, 15, 10)}, rooms(w(), 44, 1), "Robert'); DROP TABLE meetings;--");
  d.title = "'; DELETE FROM orgs; -- \"quoted\" \\ backslash ∑ ťếť";
  const auto m = w().booking->book(d, "t").front();
  const auto again = w().store->find(m.id);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->draft.title, d.title);
  EXPECT_EQ(again->draft.chair.name, d.chair.name);
  EXPECT_GT(w().store->list_orgs({}, {1, 0}).total, 300);
}

TEST_F(StoreTest, TheAgendaAndDocumentsOfANewMeetingAreStoredInOrderWithTheirEmptyFields) {
  auto d = draft({local(2027, 1, 20, 8), local(2027, 1, 20, 10)}, rooms(w(), 45, 2), "Chair N");
  d.agenda = {{"Khai mạc, \"trích dẫn\" {x,y}", local(2027, 1, 20, 8), 15, 5},
              {"Thảo luận", std::nullopt, std::nullopt, std::nullopt},
              {"NULL", std::nullopt, 30, std::nullopt}};
  d.documents = {{"Báo cáo \\ số 1", "https://example.org/a?x=1,2", std::nullopt, std::nullopt},
                 {"NULL", "https://example.org/b", local(2027, 1, 10, 9), std::nullopt}};
  const auto m = w().booking->book(d, "t").front();
  const auto again = w().store->find(m.id);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->draft.agenda, d.agenda);
  ASSERT_EQ(again->draft.documents.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(again->draft.documents[i].title, d.documents[i].title);
    EXPECT_EQ(again->draft.documents[i].link, d.documents[i].link);
    EXPECT_EQ(again->draft.documents[i].sent_at, d.documents[i].sent_at);
    EXPECT_EQ(again->draft.documents[i].attached_at, w().now);  // stamped by the booking service
  }
}

TEST_F(StoreTest, FindNamedGivesTheOrgsAndRoomsThatExistAndLeavesOutTheRest) {
  const long long org = w().org_id("51", fixture::date(2026, 12, 1));
  const auto two = rooms(w(), 47, 2);
  const auto named = w().store->find_named({org, 987654321}, {two[1], 987654321, two[0]}, *w().store);
  EXPECT_EQ(named.org_ids, std::vector<long long>{org});
  ASSERT_EQ(named.rooms.size(), 2u);
  for (const auto& r : named.rooms) {
    const auto one = w().store->find_room(r.id);
    ASSERT_TRUE(one);
    EXPECT_EQ(r.org_id, one->org_id);
    EXPECT_EQ(r.name, one->name);
    EXPECT_EQ(r.kind, one->kind);
    EXPECT_EQ(r.active, one->active);
  }
}

TEST_F(StoreTest, AnUnknownOrganiserIsRefusedBeforeTheRooms) {
  auto d = draft({local(2027, 1, 21, 8), local(2027, 1, 21, 10)}, rooms(w(), 49, 1), "Chair O");
  d.organiser_org_id = 987654321;
  d.room_ids = {987654322};
  try {
    (void)w().booking->book(d, "t");
    FAIL() << "booked with an unknown organiser";
  } catch (const sched::InvalidInput& e) {
    EXPECT_EQ(e.field(), "organiser_org_id");
  }
}

TEST_F(StoreTest, AnUnknownRoomIsSaidBeforeTheRulesTheBookingAlsoBreaks) {
  // A briefing on Tet breaks a rule; its unknown invited room is what the caller hears first,
  // as when the rooms were looked up before the rules (the write now checks them itself).
  auto d = draft({local(2027, 2, 9, 8), local(2027, 2, 9, 10)}, rooms(w(), 51, 1), "Chair P");
  d.type = sched::MeetingType::briefing;
  d.room_ids = {987654323};
  const auto before = meeting_count(w());
  try {
    (void)w().booking->book(d, "t");
    FAIL() << "booked with an unknown room";
  } catch (const sched::InvalidInput& e) {
    EXPECT_EQ(e.field(), "room_ids");
  }
  d.room_ids.clear();
  EXPECT_THROW((void)w().booking->book(d, "t"), sched::RuleViolation);
  EXPECT_EQ(meeting_count(w()), before);
}

TEST_F(StoreTest, AnUnknownConclusionOrganisationIsRefusedAndWritesNothing) {
  auto d = draft({local(2027, 1, 22, 8), local(2027, 1, 22, 10)}, rooms(w(), 52, 1), "Chair Q");
  d.conclusion_required = true;
  d.conclusion_org_id = 987654321;
  const auto before = meeting_count(w());
  try {
    (void)w().booking->book(d, "t");
    FAIL() << "booked with an unknown conclusion organisation";
  } catch (const sched::InvalidInput& e) {
    EXPECT_EQ(e.field(), "conclusion_org_id");
  }
  EXPECT_EQ(meeting_count(w()), before);
}

}  // namespace
