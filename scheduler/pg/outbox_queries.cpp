// The delivery outbox: one event row written in the transaction of the change it announces
// (with the halls it concerns), fanned out to its deliveries by the worker (or when they are
// read), each delivery then taken one at a time by a worker under a row lock (a crash
// releases it, and the delivery is attempted again: receivers de-duplicate by its stable id).
#include <algorithm>
#include <pqxx/pqxx>

#include "pg/sql_text.hpp"
#include "pg/store.hpp"
#include "scheduler/errors.hpp"

namespace sched::pg {
namespace {

constexpr const char* kDeliveryColumns =
    "d.id, d.event_id, d.meeting_id, e.kind, e.version, d.channel, d.org_id, d.room_id, d.recipient, d.status, "
    "d.attempts, d.last_error, extract(epoch FROM d.created_at)::bigint, extract(epoch FROM d.next_attempt_at)::bigint, "
    "extract(epoch FROM d.sent_at)::bigint";

DeliveryRecord delivery_from(const pqxx::row& r) {
  DeliveryRecord d;
  d.id = r[0].as<long long>();
  d.event_id = r[1].as<long long>();
  d.meeting_id = r[2].as<long long>();
  d.kind = delivery_event_kind_from(r[3].as<std::string>()).value_or(DeliveryEventKind::book);
  d.version = r[4].as<long long>();
  d.channel = delivery_channel_from(r[5].as<std::string>()).value_or(DeliveryChannel::email);
  if (!r[6].is_null()) d.org_id = r[6].as<long long>();
  if (!r[7].is_null()) d.room_id = r[7].as<long long>();
  d.recipient = r[8].as<std::string>();
  d.status = delivery_status_from(r[9].as<std::string>()).value_or(DeliveryStatus::pending);
  d.attempts = r[10].as<int>();
  d.last_error = r[11].as<std::string>();
  d.created_at = instant_from_epoch(r[12].as<long long>());
  d.next_attempt_at = instant_from_epoch(r[13].as<long long>());
  if (!r[14].is_null()) d.sent_at = instant_from_epoch(r[14].as<long long>());
  return d;
}

}  // namespace

std::string event_halls_sql(const std::string& meeting_id) {
  return "ARRAY(SELECT h.room_id FROM meeting_rooms h WHERE h.meeting_id = " + meeting_id + " ORDER BY h.room_id)";
}

int fan_out_events(pqxx::transaction_base& tx, std::optional<long long> meeting_id) {
  // The oldest events first, locked (not skipped: a second fan-out waits for the first and
  // then finds them done, so a meeting's events reach each receiver in their order); one
  // delivery per contact address of each hall's organisation (once per organisation even
  // when several of its halls are invited; the lowest such hall is named), one for the webhook.
  static const std::string sql =
      "WITH ev AS (SELECT id, meeting_id, room_ids FROM delivery_events "
      "  WHERE NOT fanned_out AND ($1::bigint = 0 OR meeting_id = $1::bigint) ORDER BY id LIMIT 100 FOR UPDATE), "
      " done AS (UPDATE delivery_events e SET fanned_out = true FROM ev WHERE e.id = ev.id RETURNING e.id), "
      " halls AS (SELECT ev.id AS event_id, ev.meeting_id, u.r AS room_id "
      "  FROM ev CROSS JOIN unnest(COALESCE(ev.room_ids, '{}'::bigint[])) AS u(r)), "
      " mail AS (INSERT INTO deliveries (event_id, meeting_id, channel, org_id, room_id, recipient) "
      "  SELECT h.event_id, h.meeting_id, 'email', o.id, min(r.id), a.address "
      "  FROM halls h JOIN rooms r ON r.id = h.room_id JOIN orgs o ON o.id = r.org_id "
      "  CROSS JOIN LATERAL unnest(o.contact_emails) AS a(address) "
      "  GROUP BY h.event_id, h.meeting_id, o.id, a.address ORDER BY h.event_id, min(r.id), a.address RETURNING 1), "
      " hook AS (INSERT INTO deliveries (event_id, meeting_id, channel, recipient) "
      "  SELECT id, meeting_id, 'webhook', 'webhook' FROM ev ORDER BY id RETURNING 1) "
      "SELECT count(*) FROM done";
  tx.conn().prepare("fan_out_events", sql);
  return tx.exec_prepared1("fan_out_events", meeting_id.value_or(0))[0].as<int>();
}

void enqueue_delivery_event(pqxx::transaction_base& tx, long long meeting_id, const std::string& kind, long long version,
                            Instant announced_at) {
  tx.exec_params("INSERT INTO delivery_events (meeting_id, kind, version, announced_at, room_ids) "
                 "VALUES ($1, $2, $3, $4::timestamptz, " + event_halls_sql("$1") + ")",
                 meeting_id, kind, version, to_sql(announced_at));
}

void Store::set_contact_emails(long long org_id, const std::vector<std::string>& addresses) {
  auto conn = pool_.acquire();
  pqxx::work tx(*conn);
  if (tx.exec_params("UPDATE orgs SET contact_emails = $2::text[] WHERE id = $1 RETURNING 1", org_id,
                     text_array(addresses))
          .empty())
    throw NotFound("organisation " + std::to_string(org_id) + " does not exist");
  tx.commit();
}

std::vector<DeliveryRecord> Store::deliveries_of(long long meeting_id) {
  auto conn = pool_.acquire();
  {
    // The meeting's events not fanned out yet are fanned out now, so its deliveries are all there.
    pqxx::nontransaction fan(*conn);
    fan_out_events(fan, meeting_id);
  }
  pqxx::read_transaction tx(*conn);
  std::vector<DeliveryRecord> out;
  for (const auto& r : tx.exec_params(std::string("SELECT ") + kDeliveryColumns +
                                          " FROM deliveries d JOIN delivery_events e ON e.id = d.event_id "
                                          "WHERE d.meeting_id = $1 ORDER BY d.id",
                                      meeting_id))
    out.push_back(delivery_from(r));
  return out;
}

bool Store::deliver_next(const std::function<DeliveryOutcome(const DeliveryRecord&)>& send,
                         std::chrono::milliseconds retry_base, int max_attempts) {
  auto conn = pool_.acquire();
  {
    // Events written since the last call become deliveries first (committed by themselves, so
    // that no event's lock is held while a message is sent).
    pqxx::nontransaction fan(*conn);
    fan_out_events(fan, std::nullopt);
  }
  pqxx::work tx(*conn);
  // Events in order: a meeting's cancellation never overtakes its invitation at one receiver.
  auto res = tx.exec_params(std::string("SELECT ") + kDeliveryColumns +
                                " FROM deliveries d JOIN delivery_events e ON e.id = d.event_id "
                                "WHERE d.status = 'pending' AND d.next_attempt_at <= now() "
                                "ORDER BY d.next_attempt_at, d.id LIMIT 1 FOR UPDATE OF d SKIP LOCKED");
  if (res.empty()) return false;
  const DeliveryRecord d = delivery_from(res[0]);
  DeliveryOutcome outcome;
  try {
    outcome = send(d);
  } catch (const std::exception& e) {
    outcome = {DeliveryOutcome::Result::retry, std::string("could not prepare the message: ") + e.what()};
  }
  const int attempts = d.attempts + 1;
  using R = DeliveryOutcome::Result;
  if (outcome.result == R::retry && attempts >= max_attempts) outcome.result = R::failed;
  const char* status = outcome.result == R::sent             ? "sent"
                       : outcome.result == R::failed         ? "failed"
                       : outcome.result == R::not_configured ? "not_configured"
                                                             : "pending";
  const auto wait = delivery_backoff(attempts, retry_base);
  // A delivery that went through keeps the reason of its last failed attempt (retries stay explained).
  tx.exec_params("UPDATE deliveries SET status = $2, attempts = $3, "
                 " last_error = CASE WHEN $4 = '' THEN last_error ELSE $4 END, "
                 " next_attempt_at = now() + $5 * interval '1 millisecond', "
                 " sent_at = CASE WHEN $2 = 'sent' THEN now() END WHERE id = $1",
                 d.id, std::string(status), attempts, outcome.reason, static_cast<long long>(wait.count()));
  tx.commit();
  return true;
}

int Store::enqueue_reminders(Instant now, const std::vector<std::chrono::minutes>& before) {
  if (before.empty()) return 0;
  std::vector<long long> offsets;
  for (auto m : before) offsets.push_back(m.count());
  auto conn = pool_.acquire();
  pqxx::work tx(*conn);
  // A reminder is due from its moment until the start, for a meeting announced before that
  // moment (one booked later got its invitation after the moment already).
  auto res = tx.exec_params(
      std::string("WITH due AS ("
                  " SELECT m.id, m.version, o.off::text || 'm@' || extract(epoch FROM lower(m.during))::bigint AS reminder "
                  " FROM meetings m CROSS JOIN unnest($2::bigint[]) AS o(off) "
                  " WHERE m.status IN ('scheduled', 'rehearsal') AND lower(m.during) > $1::timestamptz "
                  "  AND m.during && tstzrange($1::timestamptz, $1::timestamptz + make_interval(mins => $3::int), '[]') "
                  "  AND lower(m.during) - make_interval(mins => o.off::int) <= $1::timestamptz "
                  "  AND (SELECT min(announced_at) FROM delivery_events b WHERE b.meeting_id = m.id) "
                  "      < lower(m.during) - make_interval(mins => o.off::int)), "
                  "ev AS (INSERT INTO delivery_events (meeting_id, kind, version, reminder, announced_at, room_ids) "
                  " SELECT id, 'reminder', version, reminder, $1::timestamptz, " + event_halls_sql("due.id") + " FROM due "
                  " ON CONFLICT (meeting_id, reminder) WHERE reminder IS NOT NULL DO NOTHING RETURNING id) "
                  "SELECT id FROM ev"),
      to_sql(now), id_array(offsets), *std::max_element(offsets.begin(), offsets.end()));
  tx.commit();
  return static_cast<int>(res.size());
}

}  // namespace sched::pg
