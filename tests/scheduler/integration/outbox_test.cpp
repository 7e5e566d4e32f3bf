// The delivery outbox is written in the change's own transaction: a booking, a change and a
// cancellation each leave one event row, fanned out once (by the worker, or when read) to a
// delivery per contact address and one for the webhook; a refused booking leaves none; the
// conductor's moves announce nothing; a delivery is taken by one worker at a time and its
// outcome recorded.
#include <algorithm>
#include <map>
#include <pqxx/pqxx>
#include <thread>

#include "scheduler/errors.hpp"
#include "store_fixture.hpp"

namespace {

using fixture::local;
using fixture::StoreTest;

long long events_of(fixture::World& w, long long meeting, const std::string& kind) {
  pqxx::connection c(w.db.url());
  pqxx::read_transaction tx(c);
  return tx.exec_params1("SELECT count(*) FROM delivery_events WHERE meeting_id = $1 AND kind = $2", meeting, kind)[0]
      .as<long long>();
}

long long all_events(fixture::World& w) {
  pqxx::connection c(w.db.url());
  pqxx::read_transaction tx(c);
  return tx.exec1("SELECT count(*) FROM delivery_events")[0].as<long long>();
}

std::vector<long long> two_rooms(fixture::World& w, int first) {
  auto page = w.store->list_rooms({}, {500, 0});
  return {page.items.at(static_cast<std::size_t>(first)).id, page.items.at(static_cast<std::size_t>(first + 1)).id};
}

TEST_F(StoreTest, ABookingItsChangeAndItsCancellationEachLeaveOneEventWithADeliveryPerAddress) {
  const auto r = two_rooms(w(), 60);
  const long long guest_org = w().store->find_room(r[1])->org_id;
  w().store->set_contact_emails(guest_org, {"a@xa.quangngai.gov.vn", "b@xa.quangngai.gov.vn"});
  auto m = w().booking->book(draft({local(2027, 2, 1, 8), local(2027, 2, 1, 9)}, r, "Chair Outbox 1"), "t").front();
  EXPECT_EQ(events_of(w(), m.id, "book"), 1);
  auto d = m.draft;
  d.slot.end = local(2027, 2, 1, 10);
  m = w().booking->change(m.id, m.version, d, "t");
  EXPECT_EQ(events_of(w(), m.id, "update"), 1);
  w().booking->apply(m.id, sched::LifecycleEvent::cancel, "Trùng lịch", "t");
  EXPECT_EQ(events_of(w(), m.id, "cancel"), 1);
  const auto deliveries = w().store->deliveries_of(m.id);
  int mail = 0, hooks = 0;
  for (const auto& x : deliveries) {
    (x.channel == sched::DeliveryChannel::email ? mail : hooks)++;
    EXPECT_EQ(x.status, sched::DeliveryStatus::pending);
    if (x.channel == sched::DeliveryChannel::email) {
      EXPECT_EQ(x.room_id, r[1]);
    }
  }
  EXPECT_EQ(mail, 6);
  EXPECT_EQ(hooks, 3);
  // Versions announced: 1 (book), 2 (change), 3 (cancel): SEQUENCE 0, 1, 2.
  EXPECT_EQ(deliveries.front().version, 1);
  EXPECT_EQ(deliveries.back().version, 3);
}

TEST_F(StoreTest, ARefusedBookingLeavesNoEventAndTheConductorsMovesAnnounceNothing) {
  const auto r = two_rooms(w(), 64);
  auto m = w().booking->book(draft({local(2027, 2, 2, 8), local(2027, 2, 2, 9)}, r, "Chair Outbox 2"), "t").front();
  const auto before = all_events(w());
  EXPECT_THROW(w().booking->book(draft({local(2027, 2, 2, 8), local(2027, 2, 2, 9)}, r, "Chair Outbox 3"), "t"),
               sched::Conflict);
  EXPECT_EQ(all_events(w()), before);
  w().store->set_status(m.id, std::nullopt, sched::MeetingStatus::scheduled, sched::MeetingStatus::rehearsal,
                        "open_rehearsal", "", "conductor");
  EXPECT_EQ(all_events(w()), before);
}

TEST_F(StoreTest, EachDueDeliveryIsAttemptedAndItsOutcomeAndRetriesRecorded) {
  const auto r = two_rooms(w(), 68);
  w().store->set_contact_emails(w().store->find_room(r[1])->org_id, {"c@xa.quangngai.gov.vn"});
  auto m = w().booking->book(draft({local(2027, 2, 3, 8), local(2027, 2, 3, 9)}, r, "Chair Outbox 4"), "t").front();
  // Drain everything due; this meeting's mail fails once (retry), its webhook is not configured.
  std::map<long long, int> tries;
  const auto send = [&](const sched::DeliveryRecord& d) {
    if (d.meeting_id != m.id) return sched::DeliveryOutcome{sched::DeliveryOutcome::Result::not_configured, "other"};
    ++tries[d.id];
    if (d.channel == sched::DeliveryChannel::webhook)
      return sched::DeliveryOutcome{sched::DeliveryOutcome::Result::not_configured, "no webhook"};
    if (tries[d.id] == 1) return sched::DeliveryOutcome{sched::DeliveryOutcome::Result::retry, "SMTP: 451"};
    return sched::DeliveryOutcome{sched::DeliveryOutcome::Result::sent, ""};
  };
  for (int i = 0; i < 1000; ++i)
    if (!w().store->deliver_next(send, std::chrono::milliseconds(1), 5)) {
      bool pending = false;
      for (const auto& d : w().store->deliveries_of(m.id)) pending = pending || d.status == sched::DeliveryStatus::pending;
      if (!pending) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  for (const auto& d : w().store->deliveries_of(m.id)) {
    if (d.channel == sched::DeliveryChannel::email) {
      EXPECT_EQ(d.status, sched::DeliveryStatus::sent);
      EXPECT_EQ(d.attempts, 2);
      EXPECT_EQ(d.last_error, "SMTP: 451");
      EXPECT_TRUE(d.sent_at.has_value());
    } else {
      EXPECT_EQ(d.status, sched::DeliveryStatus::not_configured);
      EXPECT_EQ(d.attempts, 1);
    }
  }
}

TEST_F(StoreTest, ABookingWritesOneOutboxRowThatConcurrentFanOutsTurnIntoItsDeliveriesOnce) {
  const auto r = two_rooms(w(), 72);
  w().store->set_contact_emails(w().store->find_room(r[1])->org_id, {"d@xa.quangngai.gov.vn", "e@xa.quangngai.gov.vn"});
  const auto m = w().booking->book(draft({local(2027, 2, 4, 8), local(2027, 2, 4, 9)}, r, "Chair Outbox 5"), "t").front();
  {
    pqxx::connection c(w().db.url());
    pqxx::read_transaction tx(c);
    const auto row = tx.exec_params1(
        "SELECT count(*), bool_and(room_ids = $2::bigint[]) FROM delivery_events WHERE meeting_id = $1", m.id,
        "{" + std::to_string(std::min(r[0], r[1])) + "," + std::to_string(std::max(r[0], r[1])) + "}");
    EXPECT_EQ(row[0].as<long long>(), 1);  // one row for the change, its halls with it
    EXPECT_TRUE(row[1].as<bool>());
  }
  // Four readers at once, each fanning out what is not yet fanned out: the deliveries exist once.
  std::vector<std::thread> readers;
  std::vector<std::size_t> seen(4);
  for (std::size_t i = 0; i < seen.size(); ++i)
    readers.emplace_back([&, i] { seen[i] = w().store->deliveries_of(m.id).size(); });
  for (auto& t : readers) t.join();
  for (auto n : seen) EXPECT_EQ(n, 3u);  // two addresses and the webhook
  std::vector<std::string> mail;
  int hooks = 0;
  for (const auto& d : w().store->deliveries_of(m.id)) {
    if (d.channel == sched::DeliveryChannel::webhook) ++hooks;
    else mail.push_back(d.recipient);
    EXPECT_EQ(d.version, 1);
  }
  EXPECT_EQ(mail, (std::vector<std::string>{"d@xa.quangngai.gov.vn", "e@xa.quangngai.gov.vn"}));
  EXPECT_EQ(hooks, 1);
}

}  // namespace
