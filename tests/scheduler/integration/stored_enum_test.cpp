// A stored row with an enum value this version does not know (a newer version wrote it, or
// a hand edit) is an error when loaded, never a silent default: a meeting read as type
// "other" would be exempt from every rule.
#include <pqxx/pqxx>

#include "pg/meeting_rows.hpp"
#include "pg/sql_text.hpp"
#include "store_fixture.hpp"

namespace {

using fixture::local;
using fixture::StoreTest;

TEST_F(StoreTest, AMeetingOfAnUnknownStoredTypeFailsToLoadInsteadOfBecomingOther) {
  auto page = w().store->list_rooms({}, {500, 0});
  const auto booked =
      w().booking->book(draft({local(2027, 2, 1, 8), local(2027, 2, 1, 9)}, {page.items.at(40).id}, "Chair E1"), "t");
  const long long id = booked.front().id;
  sched::pg::Pool pool(w().db.url(), 1);
  auto lease = pool.acquire();
  pqxx::work tx(*lease);  // never committed: the schema and the row are as before afterwards
  tx.exec("ALTER TABLE meetings DROP CONSTRAINT meetings_type_check");
  tx.exec_params("UPDATE meetings SET type = 'seminar' WHERE id = $1", id);
  try {
    sched::pg::load_meetings(tx, {id});
    FAIL() << "loaded a meeting of type 'seminar'";
  } catch (const sched::pg::UnreadableRow& e) {
    EXPECT_NE(std::string(e.what()).find("seminar"), std::string::npos) << e.what();
  }
}

TEST_F(StoreTest, AMeetingOfAnUnknownStoredStatusFailsToLoad) {
  auto page = w().store->list_rooms({}, {500, 0});
  const auto booked =
      w().booking->book(draft({local(2027, 2, 2, 8), local(2027, 2, 2, 9)}, {page.items.at(41).id}, "Chair E2"), "t");
  sched::pg::Pool pool(w().db.url(), 1);
  auto lease = pool.acquire();
  pqxx::work tx(*lease);
  tx.exec("ALTER TABLE meetings DROP CONSTRAINT meetings_status_check");
  tx.exec_params("UPDATE meetings SET status = 'paused' WHERE id = $1", booked.front().id);
  EXPECT_THROW(sched::pg::load_meetings(tx, {booked.front().id}), sched::pg::UnreadableRow);
}

}  // namespace
