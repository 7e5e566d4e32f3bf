// Meetings: booking (all occurrences or none), reading, changing, lifecycle moves.
// Room and chair conflicts are refused by the exclusion constraints of the schema; this
// file turns such a refusal into a Conflict that names what is in the way.
#include <functional>
#include <pqxx/pqxx>

#include "pg/meeting_rows.hpp"
#include "pg/sql_text.hpp"
#include "pg/store.hpp"
#include "scheduler/errors.hpp"

namespace sched::pg {
namespace {

constexpr int kMaxAttempts = 3;  // retries on deadlock / serialization failure

bool is_retryable(const pqxx::sql_error& e) { return e.sqlstate() == "40P01" || e.sqlstate() == "40001"; }

// What stands in the way of `b` (rooms, then the chair), excluding meeting `self`: one statement.
std::vector<ConflictingBooking> conflicts_of(pqxx::transaction_base& tx, const Booking& b, long long self) {
  std::vector<long long> rooms = b.draft.room_ids;
  rooms.push_back(b.draft.host_room_id);
  constexpr const char* kSql =
      "SELECT 0 AS k, mr.meeting_id, mr.room_id, extract(epoch FROM lower(mr.during))::bigint, "
      " extract(epoch FROM upper(mr.during))::bigint FROM meeting_rooms mr "
      "WHERE mr.active AND mr.room_id = ANY($1::bigint[]) AND mr.meeting_id <> $4 "
      " AND mr.during && tstzrange($2::timestamptz, $3::timestamptz, '[)') "
      "UNION ALL "
      "SELECT 1, id, 0, extract(epoch FROM lower(during))::bigint, extract(epoch FROM upper(during))::bigint "
      "FROM meetings WHERE chair_key = lower(btrim($5)) AND id <> $4 "
      " AND status IN ('scheduled', 'rehearsal', 'live') "
      " AND during && tstzrange($2::timestamptz, $3::timestamptz, '[)') "
      "ORDER BY 1, 2, 3";
  // Not prepared: a prepared statement's generic plan, made while the tables were small (a
  // fresh database), goes on scanning meeting_rooms and meetings whole until their next
  // ANALYZE; planned each time, it uses their GiST indexes (and runs only for a refused booking).
  std::vector<ConflictingBooking> out;
  for (const auto& r : tx.exec_params(kSql, id_array(rooms), to_sql(b.draft.slot.start), to_sql(b.draft.slot.end),
                                      self, b.draft.chair.name))
    out.push_back({r[1].as<long long>(), r[2].as<long long>(),
                   {instant_from_epoch(r[3].as<long long>()), instant_from_epoch(r[4].as<long long>())}});
  return out;
}

[[noreturn]] void throw_conflict(Pool& pool, const std::vector<Booking>& bookings, long long self) {
  std::vector<ConflictingBooking> all;
  {
    auto conn = pool.acquire();
    auto collect = [&](pqxx::transaction_base& tx) {
      for (const auto& b : bookings) {
        auto c = conflicts_of(tx, b, self);
        all.insert(all.end(), c.begin(), c.end());
      }
    };
    // One booking: its one statement needs no transaction around it; a series is read in one snapshot.
    if (bookings.size() == 1) {
      pqxx::nontransaction tx(*conn);
      collect(tx);
    } else {
      pqxx::read_transaction tx(*conn);
      collect(tx);
    }
  }
  throw Conflict("a room or the chair is already booked at that time", std::move(all));
}

// Runs `work` in a transaction, retrying deadlocks; exclusion violations become Conflict,
// naming what stands in the way of the bookings `in_the_way` gives (asked only then).
// `Tx` is pqxx::nontransaction for work that is one statement (atomic by itself: no BEGIN
// and COMMIT round trips).
template <typename Tx = pqxx::work, typename Work>
auto with_retries(Pool& pool, const std::function<std::vector<Booking>()>& in_the_way, long long self, Work work) {
  for (int attempt = 1;; ++attempt) {
    try {
      auto conn = pool.acquire();
      Tx tx(*conn);
      auto result = work(tx);
      tx.commit();
      return result;
    } catch (const pqxx::sql_error& e) {
      if (is_exclusion_violation(e)) throw_conflict(pool, in_the_way(), self);
      if (!is_retryable(e) || attempt == kMaxAttempts) throw;
    }
  }
}

Meeting load_one(pqxx::transaction_base& tx, long long id) {
  auto found = load_meetings(tx, {id});
  if (found.empty()) throw NotFound("meeting " + std::to_string(id) + " does not exist");
  return std::move(found.front());
}

}  // namespace

std::vector<Meeting> Store::create(const std::vector<Booking>& occurrences, const std::string& actor,
                                  const IdempotencyClaim* claim, const MustExist* named) {
  // The common booking, one meeting with no key, selectors or delegations: one statement,
  // which also checks what it names (`named`).
  if (occurrences.size() == 1 && !claim && written_by_insert_alone(occurrences.front()))
    return with_retries<pqxx::nontransaction>(pool_, [&] { return occurrences; }, 0, [&](pqxx::nontransaction& tx) {
      return std::vector<Meeting>{insert_meeting(tx, occurrences.front(), std::nullopt, actor, clock_(), named)};
    });
  return with_retries(pool_, [&] { return occurrences; }, 0, [&](pqxx::work& tx) {
    // Claiming the key first: a concurrent claim of the same key waits here for this
    // transaction's end, then finds the key taken and is given the stored answer.
    if (claim && tx.exec_params("INSERT INTO idempotency_keys (token_id, key, request_hash, status, body, location, etag) "
                                "VALUES ($1, $2, $3, 0, '', '', '') ON CONFLICT DO NOTHING RETURNING 1",
                                claim->token_id, claim->key, claim->request_hash)
                     .empty())
      throw AlreadyAnswered(remembered_answer(tx, claim->token_id, claim->key).value());
    std::optional<long long> series;
    if (occurrences.size() > 1)
      series = tx.exec_params1("INSERT INTO series (rrule) VALUES ($1) RETURNING id",
                               occurrences.front().draft.recurrence.value_or(""))[0]
                   .as<long long>();
    std::vector<Meeting> out;
    const Instant announced_at = clock_();
    for (const auto& b : occurrences) out.push_back(insert_meeting(tx, b, series, actor, announced_at, named));
    if (claim) {
      const auto a = claim->answer(out);
      tx.exec_params("UPDATE idempotency_keys SET status = $3, body = $4, location = $5, etag = $6 "
                     "WHERE token_id = $1 AND key = $2",
                     claim->token_id, claim->key, a.status, a.body, a.location, a.etag);
    }
    return out;
  });
}

std::optional<Meeting> Store::find(long long id) {
  auto conn = pool_.acquire();
  pqxx::read_transaction tx(*conn);
  auto found = load_meetings(tx, {id});
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

PageOf<Meeting> Store::list(const MeetingFilter& f, Page p) {
  // Only the filters given become conditions, so that PostgreSQL can use the indexes
  // (the slot's gist index for the window, meeting_rooms' room index for a room).
  std::vector<std::string> params;
  auto param = [&](std::string v) {
    params.push_back(std::move(v));
    std::string placeholder = "$";  // (not "$" + to_string(): GCC 12 -O3 warns falsely, -Wrestrict)
    placeholder += std::to_string(params.size());
    return placeholder;
  };
  std::string where = " FROM meetings m WHERE true";
  if (f.from || f.to)
    where += " AND m.during && tstzrange(" + param(f.from ? to_sql(*f.from) : "-infinity") + "::timestamptz, " +
             param(f.to ? to_sql(*f.to) : "infinity") + "::timestamptz, '()')";
  if (f.room_id)
    where += " AND m.id IN (SELECT mr.meeting_id FROM meeting_rooms mr WHERE mr.room_id = " +
             param(std::to_string(*f.room_id)) + "::bigint)";
  if (f.org_id) where += " AND m.organiser_org_id = " + param(std::to_string(*f.org_id)) + "::bigint";
  if (f.status) where += " AND m.status = " + param(std::string(to_string(*f.status)));
  // A scope matches meetings organised by one of its orgs or held in one of its rooms; an
  // empty scope matches nothing.
  if (f.org_scope || f.room_scope)
    where += " AND (m.organiser_org_id = ANY(" + param(id_array(f.org_scope.value_or(std::vector<long long>{}))) +
             "::bigint[]) OR m.id IN (SELECT mr.meeting_id FROM meeting_rooms mr WHERE mr.room_id = ANY(" +
             param(id_array(f.room_scope.value_or(std::vector<long long>{}))) + "::bigint[])))";
  const std::string page_sql = "SELECT m.id, count(*) OVER ()" + where + " ORDER BY lower(m.during), m.id LIMIT " +
                               std::to_string(p.limit) + " OFFSET " + std::to_string(p.offset);
  auto conn = pool_.acquire();
  pqxx::read_transaction tx(*conn);
  PageOf<Meeting> page;
  std::vector<long long> ids;
  for (const auto& r : tx.exec_params(page_sql, pqxx::prepare::make_dynamic_params(params))) {
    ids.push_back(r[0].as<long long>());
    page.total = r[1].as<long long>();
  }
  if (ids.empty() && p.offset > 0)  // past the end: the window count saw no row
    page.total = tx.exec_params1("SELECT count(*)" + where, pqxx::prepare::make_dynamic_params(params))[0]
                     .as<long long>();
  page.items = load_meetings(tx, ids);
  return page;
}

Meeting Store::update(long long id, long long expected_version, const Booking& b, MeetingStatus status,
                      const std::string& actor) {
  return with_retries(pool_, [&] { return std::vector<Booking>{b}; }, id, [&](pqxx::work& tx) {
    const auto& d = b.draft;
    auto res = tx.exec_params(
        "UPDATE meetings SET title = $3, type = $4, organiser_org_id = $5, chair_name = $6, chair_position = $7, "
        " host_room_id = $8, during = tstzrange($9::timestamptz, $10::timestamptz, '[)'), ad_hoc = $11, "
        " ad_hoc_reason = $12, conclusion_required = $13, conclusion_org_id = NULLIF($14, 0), status = $15, "
        " relay_address = NULLIF($16, ''), relay_video_port = NULLIF($17, 0), relay_audio_port = NULLIF($18, 0), "
        " relay_send_up = NULLIF($19, ''), relay_halls = NULLIF($20, ''), "
        " version = version + 1, updated_at = now() "
        "WHERE id = $1 AND version = $2 RETURNING (SELECT status FROM meetings WHERE id = $1)",
        id, expected_version, d.title, std::string(to_string(d.type)), d.organiser_org_id, d.chair.name,
        d.chair.position, d.host_room_id, to_sql(d.slot.start), to_sql(d.slot.end), d.ad_hoc, d.ad_hoc_reason,
        d.conclusion_required, d.conclusion_org_id.value_or(0), std::string(to_string(status)),
        d.relay ? d.relay->address : "", d.relay ? d.relay->video_port : 0, d.relay ? d.relay->audio_port : 0,
        d.relay ? std::string(to_string(d.relay->send_up)) : "", d.relay ? std::string(to_string(d.relay->halls)) : "");
    if (res.empty()) {
      if (tx.exec_params("SELECT 1 FROM meetings WHERE id = $1", id).empty())
        throw NotFound("meeting " + std::to_string(id) + " does not exist");
      throw StaleVersion("meeting " + std::to_string(id) + " has changed since version " +
                         std::to_string(expected_version));
    }
    const std::string before = res[0][0].as<std::string>();
    write_children(tx, id, b, holds_slot(status));
    record_event(tx, id, actor, "update", before, std::string(to_string(status)), "");
    enqueue_delivery_event(tx, id, "update", expected_version + 1, clock_());
    return load_one(tx, id);
  });
}

Meeting Store::set_status(long long id, std::optional<long long> expected_version, MeetingStatus from,
                          MeetingStatus to, const std::string& event, const std::string& reason,
                          const std::string& actor) {
  // The meeting's own slot is what a conflict would be about; read only if one happens.
  const auto in_the_way = [&] {
    auto current = find(id);
    return current ? std::vector<Booking>{Booking{current->draft}} : std::vector<Booking>{};
  };
  return with_retries(pool_, in_the_way, id, [&](pqxx::work& tx) {
    auto res = tx.exec_params(
        "UPDATE meetings SET status = $3, status_reason = $4, version = version + 1, updated_at = now() "
        "WHERE id = $1 AND status = $2 AND ($5 = 0 OR version = $5) RETURNING version",
        id, std::string(to_string(from)), std::string(to_string(to)), reason, expected_version.value_or(0));
    if (res.empty()) {
      if (tx.exec_params("SELECT 1 FROM meetings WHERE id = $1", id).empty())
        throw NotFound("meeting " + std::to_string(id) + " does not exist");
      throw StaleVersion("meeting " + std::to_string(id) + " has changed; read it again");
    }
    tx.exec_params("UPDATE meeting_rooms SET active = $2 WHERE meeting_id = $1", id, holds_slot(to));
    record_event(tx, id, actor, event, std::string(to_string(from)), std::string(to_string(to)), reason);
    // The invitees hear of a postponement or a cancellation; the conductor's moves are no news to them.
    if (event == "postpone" || event == "cancel") enqueue_delivery_event(tx, id, event, res[0][0].as<long long>(), clock_());
    return load_one(tx, id);
  });
}

Meeting Store::record_conclusion(long long id, Instant sent_at, const std::string& actor) {
  auto conn = pool_.acquire();
  pqxx::work tx(*conn);
  auto res = tx.exec_params(
      "UPDATE meetings SET conclusion_sent_at = $2::timestamptz, version = version + 1, updated_at = now() "
      "WHERE id = $1 RETURNING status",
      id, to_sql(sent_at));
  if (res.empty()) throw NotFound("meeting " + std::to_string(id) + " does not exist");
  const auto status = res[0][0].as<std::string>();
  record_event(tx, id, actor, "conclusion", status, status, "conclusion notice issued " + to_sql(sent_at));
  auto m = load_one(tx, id);
  tx.commit();
  return m;
}

std::vector<Meeting> Store::ended_awaiting_conclusion() {
  auto conn = pool_.acquire();
  pqxx::read_transaction tx(*conn);
  std::vector<long long> ids;
  for (const auto& r : tx.exec("SELECT id FROM meetings WHERE conclusion_required AND conclusion_sent_at IS NULL "
                               "AND status NOT IN ('cancelled', 'postponed') AND upper(during) <= now() "
                               "ORDER BY upper(during), id"))
    ids.push_back(r[0].as<long long>());
  return load_meetings(tx, ids);
}

}  // namespace sched::pg
