// Running meetings: media nodes, sessions, legs, attendance, events, the conductor's lease.
#include <pqxx/pqxx>

#include "pg/meeting_rows.hpp"
#include "pg/sql_text.hpp"
#include "pg/store.hpp"
#include "scheduler/errors.hpp"

namespace sched::pg {
namespace {

constexpr long long kConductorLockKey = 0x636f6e64756374;  // "conduct"

MediaNodeRecord node_from(const pqxx::row& r) {
  MediaNodeRecord n;
  n.id = r[0].as<long long>();
  n.name = r[1].as<std::string>();
  n.address = r[2].as<std::string>();
  n.capacity_legs = r[3].as<int>();
  n.state = stored_enum(node_state_from, "media_nodes.state", r[4].as<std::string>());
  n.online = r[5].as<bool>();
  n.failures = r[6].as<int>();
  return n;
}

constexpr const char* kNodeColumns = "id, name, address, capacity_legs, state, online, failures";

}  // namespace

Store::~Store() = default;

MediaNodeRecord Store::ensure_node(const std::string& name, const std::string& address, int capacity_legs) {
  auto conn = pool_.acquire();
  pqxx::work tx(*conn);
  auto r = tx.exec_params1(std::string("INSERT INTO media_nodes (name, address, capacity_legs) VALUES ($1, $2, $3) "
                                       "ON CONFLICT (name) DO UPDATE SET address = EXCLUDED.address, "
                                       "capacity_legs = EXCLUDED.capacity_legs, online = true, failures = 0 "
                                       "RETURNING ") + kNodeColumns,
                           name, address, capacity_legs);
  auto n = node_from(r);
  tx.commit();
  return n;
}

std::vector<MediaNodeRecord> Store::nodes() {
  auto conn = pool_.acquire();
  pqxx::nontransaction tx(*conn);
  std::vector<MediaNodeRecord> out;
  for (const auto& r : tx.exec(std::string("SELECT ") + kNodeColumns + " FROM media_nodes ORDER BY id"))
    out.push_back(node_from(r));
  return out;
}

void Store::set_node_state(long long node_id, NodeState state) {
  auto conn = pool_.acquire();
  pqxx::work tx(*conn);
  if (tx.exec_params("UPDATE media_nodes SET state = $2 WHERE id = $1", node_id, std::string(to_string(state)))
          .affected_rows() == 0)
    throw NotFound("media node " + std::to_string(node_id) + " does not exist");
  tx.commit();
}

bool Store::record_node_probe(long long node_id, bool ok, int offline_after_failures) {
  auto conn = pool_.acquire();
  pqxx::work tx(*conn);
  auto r = tx.exec_params1(
      "WITH before AS (SELECT online FROM media_nodes WHERE id = $1) "
      "UPDATE media_nodes SET failures = CASE WHEN $2 THEN 0 ELSE failures + 1 END, "
      " online = CASE WHEN $2 THEN true ELSE failures + 1 < $3 END, "
      " last_seen = CASE WHEN $2 THEN now() ELSE last_seen END WHERE id = $1 "
      "RETURNING (SELECT online FROM before), online",
      node_id, ok, offline_after_failures);
  tx.commit();
  return r[0].as<bool>() && !r[1].as<bool>();
}

std::optional<SessionRecord> Store::session_of(long long meeting_id) {
  auto conn = pool_.acquire();
  pqxx::nontransaction tx(*conn);
  auto res = tx.exec_params(
      "SELECT meeting_id, node_id, session_id FROM media_sessions WHERE meeting_id = $1 AND closed_at IS NULL",
      meeting_id);
  if (res.empty()) return std::nullopt;
  return SessionRecord{res[0][0].as<long long>(), res[0][1].as<long long>(), res[0][2].as<std::string>()};
}

std::vector<SessionRecord> Store::open_sessions() {
  auto conn = pool_.acquire();
  pqxx::nontransaction tx(*conn);
  std::vector<SessionRecord> out;
  for (const auto& r : tx.exec("SELECT meeting_id, node_id, session_id FROM media_sessions WHERE closed_at IS NULL "
                               "ORDER BY meeting_id"))
    out.push_back({r[0].as<long long>(), r[1].as<long long>(), r[2].as<std::string>()});
  return out;
}

void Store::save_session(const SessionRecord& s) {
  execute(pool_, "INSERT INTO media_sessions (meeting_id, node_id, session_id) VALUES ($1, $2, $3) "
          "ON CONFLICT (meeting_id) DO UPDATE SET node_id = EXCLUDED.node_id, session_id = EXCLUDED.session_id, "
          " opened_at = now(), closed_at = NULL, health = NULL, health_at = NULL",
          s.meeting_id, s.node_id, s.session_id);
}

void Store::close_session(long long meeting_id) {
  execute(pool_, "UPDATE media_sessions SET closed_at = now() WHERE meeting_id = $1 AND closed_at IS NULL", meeting_id);
}

void Store::save_session_health(long long meeting_id, const std::string& json) {
  auto conn = pool_.acquire();
  pqxx::nontransaction tx(*conn);
  tx.exec_params("UPDATE media_sessions SET health = $2, health_at = now() WHERE meeting_id = $1", meeting_id, json);
}

std::optional<std::string> Store::session_health(long long meeting_id) {
  auto conn = pool_.acquire();
  pqxx::nontransaction tx(*conn);
  // A snapshot nobody refreshed for 10 s (its conductor died) says nothing about now.
  auto res = tx.exec_params("SELECT health FROM media_sessions WHERE meeting_id = $1 AND closed_at IS NULL "
                            "AND health IS NOT NULL AND health_at > now() - interval '10 seconds'", meeting_id);
  if (res.empty()) return std::nullopt;
  return res[0][0].as<std::string>();
}

void Store::save_leg(const LegRecord& l) {
  execute(pool_, "INSERT INTO legs (meeting_id, room_id, leg_id, address, video_port, audio_port, srtp_node_key, "
          "srtp_hall_key) VALUES ($1, $2, $3, $4, $5, $6, NULLIF($7, ''), NULLIF($8, '')) "
          "ON CONFLICT (meeting_id, room_id) DO UPDATE SET leg_id = EXCLUDED.leg_id, address = EXCLUDED.address, "
          "video_port = EXCLUDED.video_port, audio_port = EXCLUDED.audio_port, "
          "srtp_node_key = EXCLUDED.srtp_node_key, srtp_hall_key = EXCLUDED.srtp_hall_key",
          l.meeting_id, l.room_id, l.leg_id, l.address, l.video_port, l.audio_port, l.srtp_node_key,
          l.srtp_hall_key);
}

void Store::remove_leg(long long meeting_id, long long room_id) {
  execute(pool_, "DELETE FROM legs WHERE meeting_id = $1 AND room_id = $2", meeting_id, room_id);
}

std::vector<LegRecord> Store::legs(long long meeting_id) {
  auto conn = pool_.acquire();
  pqxx::nontransaction tx(*conn);
  std::vector<LegRecord> out;
  for (const auto& r : tx.exec_params("SELECT meeting_id, room_id, leg_id, address, video_port, audio_port, "
                                      "coalesce(srtp_node_key, ''), coalesce(srtp_hall_key, '') FROM legs "
                                      "WHERE meeting_id = $1 ORDER BY room_id",
                                      meeting_id))
    out.push_back({r[0].as<long long>(), r[1].as<long long>(), r[2].as<std::string>(), r[3].as<std::string>(),
                   r[4].as<int>(), r[5].as<int>(), r[6].as<std::string>(), r[7].as<std::string>()});
  return out;
}

void Store::hall_connected(long long meeting_id, long long room_id, Instant at) {
  // Already open (written twice, or opened later by a conductor that took over): the
  // earlier moment is when the hall joined.
  execute(pool_, "INSERT INTO attendance (meeting_id, room_id, joined_at, last_seen) "
          "VALUES ($1, $2, $3::timestamptz, $3::timestamptz) "
          "ON CONFLICT (meeting_id, room_id) WHERE left_at IS NULL "
          "DO UPDATE SET joined_at = least(attendance.joined_at, EXCLUDED.joined_at)",
          meeting_id, room_id, to_sql(at));
}

void Store::halls_seen(long long meeting_id, const std::vector<long long>& room_ids, Instant at) {
  if (room_ids.empty()) return;
  execute(pool_, "UPDATE attendance SET last_seen = $3::timestamptz WHERE meeting_id = $1 "
          "AND room_id = ANY($2::bigint[]) AND left_at IS NULL",
          meeting_id, id_array(room_ids), to_sql(at));
}

void Store::hall_left(long long meeting_id, long long room_id, Instant at) {
  execute(pool_, "UPDATE attendance SET left_at = greatest(joined_at, $3::timestamptz), "
          " last_seen = greatest(last_seen, $3::timestamptz) "
          "WHERE meeting_id = $1 AND room_id = $2 AND left_at IS NULL",
          meeting_id, room_id, to_sql(at));
}

void Store::close_attendance(long long meeting_id, std::optional<Instant> at) {
  execute(pool_, "UPDATE attendance SET left_at = coalesce(NULLIF($2, '')::timestamptz, last_seen) "
          "WHERE meeting_id = $1 AND left_at IS NULL",
          meeting_id, at ? to_sql(*at) : std::string());
}

std::vector<AttendanceInterval> Store::attendance(long long meeting_id) {
  auto conn = pool_.acquire();
  pqxx::nontransaction tx(*conn);
  std::vector<AttendanceInterval> out;
  for (const auto& r : tx.exec_params("SELECT room_id, extract(epoch FROM joined_at)::bigint, "
                                      "extract(epoch FROM left_at)::bigint FROM attendance WHERE meeting_id = $1 "
                                      "ORDER BY room_id, joined_at",
                                      meeting_id)) {
    AttendanceInterval a{r[0].as<long long>(), instant_from_epoch(r[1].as<long long>()), std::nullopt};
    if (!r[2].is_null()) a.left = instant_from_epoch(r[2].as<long long>());
    out.push_back(a);
  }
  return out;
}

std::vector<AttendanceReportRow> Store::attendance_report(Instant from, Instant to, std::optional<long long> org) {
  auto conn = pool_.acquire();
  pqxx::nontransaction tx(*conn);
  std::vector<AttendanceReportRow> out;
  for (const auto& r : tx.exec_params(
           "SELECT ro.org_id, count(DISTINCT m.id), count(*), "
           " count(*) FILTER (WHERE EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = m.id "
           "                               AND a.room_id = mr.room_id)) "
           "FROM meetings m JOIN meeting_rooms mr ON mr.meeting_id = m.id JOIN rooms ro ON ro.id = mr.room_id "
           "WHERE m.status IN ('live', 'ended') AND m.during && tstzrange($1::timestamptz, $2::timestamptz, '[)') "
           " AND ($3 = 0 OR ro.org_id = $3) GROUP BY ro.org_id ORDER BY ro.org_id",
           to_sql(from), to_sql(to), org.value_or(0)))
    out.push_back({r[0].as<long long>(), r[1].as<long long>(), r[2].as<long long>(), r[3].as<long long>()});
  return out;
}

void Store::add_event(std::optional<long long> meeting_id, std::optional<long long> room_id, const std::string& kind,
                      const std::string& detail, Instant at, const std::string& key) {
  execute(pool_, "INSERT INTO live_events (meeting_id, room_id, kind, detail, at, write_key) "
          "VALUES (NULLIF($1, 0), NULLIF($2, 0), $3, $4, $5::timestamptz, NULLIF($6, '')) "
          "ON CONFLICT (write_key) DO NOTHING",
          meeting_id.value_or(0), room_id.value_or(0), kind, detail, to_sql(at), key);
}

std::vector<LiveEvent> Store::events_after(long long after_id, int limit) {
  auto conn = pool_.acquire();
  pqxx::nontransaction tx(*conn);
  std::vector<LiveEvent> out;
  for (const auto& r : tx.exec_params("SELECT id, extract(epoch FROM at)::bigint, meeting_id, room_id, kind, detail "
                                      "FROM live_events WHERE id > $1 ORDER BY id LIMIT $2",
                                      after_id, limit)) {
    LiveEvent e{r[0].as<long long>(), instant_from_epoch(r[1].as<long long>()), std::nullopt, std::nullopt,
                r[4].as<std::string>(), r[5].as<std::string>()};
    if (!r[2].is_null()) e.meeting_id = r[2].as<long long>();
    if (!r[3].is_null()) e.room_id = r[3].as<long long>();
    out.push_back(e);
  }
  return out;
}

std::vector<Meeting> Store::meetings_to_conduct(Instant from, Instant to) {
  auto conn = pool_.acquire();
  pqxx::read_transaction tx(*conn);
  std::vector<long long> ids;
  for (const auto& r : tx.exec_params(
           "SELECT id FROM meetings WHERE status IN ('rehearsal', 'live') OR (status = 'scheduled' "
           "AND during && tstzrange($1::timestamptz, $2::timestamptz, '[)')) ORDER BY lower(during), id",
           to_sql(from), to_sql(to)))
    ids.push_back(r[0].as<long long>());
  return load_meetings(tx, ids);
}

bool Store::hold_conductor_lease() {
  std::lock_guard lock(lease_mutex_);
  try {
    if (lease_ && lease_->is_open()) {
      pqxx::nontransaction tx(*lease_);
      tx.exec("SELECT 1");  // still connected, so still holding
      return true;
    }
    lease_.reset();
    auto c = std::make_unique<pqxx::connection>(url_);
    bool got = false;
    {
      pqxx::nontransaction tx(*c);
      got = tx.exec_params1("SELECT pg_try_advisory_lock($1)", kConductorLockKey)[0].as<bool>();
    }
    if (got) lease_ = std::move(c);
    return got;
  } catch (const pqxx::broken_connection&) {
    lease_.reset();
    throw Unavailable("the database cannot be reached");
  } catch (const std::exception&) {
    lease_.reset();
    return false;
  }
}

}  // namespace sched::pg
