#include "pg/meeting_rows.hpp"

#include <algorithm>
#include <map>
#include <pqxx/pqxx>

#include "pg/sql_text.hpp"
#include "pg/store.hpp"

namespace sched::pg {
namespace {

std::string opt_instant(const std::optional<Instant>& t) { return t ? to_sql(*t) : std::string(); }
std::string opt_int(const std::optional<int>& v) { return v ? std::to_string(*v) : std::string(); }
std::optional<Instant> instant_or_null(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return instant_from_epoch(f.as<long long>());
}
std::optional<int> int_or_null(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return f.as<int>();
}

}  // namespace

Meeting insert_meeting(pqxx::transaction_base& tx, const Booking& b, std::optional<long long> series_id,
                       const std::string& actor, Instant announced_at, const MustExist* named) {
  const auto& d = b.draft;
  std::vector<std::string> overrides;
  std::string override_reason;
  if (d.override_rules) {
    overrides = d.override_rules->rules;
    override_reason = d.override_rules->reason;
  }
  // Rooms in id order, so concurrent bookings take their locks in the same order.
  std::vector<long long> rooms = d.room_ids;
  rooms.push_back(d.host_room_id);
  std::sort(rooms.begin(), rooms.end());
  rooms.erase(std::unique(rooms.begin(), rooms.end()), rooms.end());
  // The meeting, its rooms, agenda and documents, its 'book' event and its invitation's
  // outbox row in one statement (one round trip), prepared once per connection.
  static const std::string sql = std::string(
      "WITH m AS (INSERT INTO meetings (series_id, title, type, organiser_org_id, chair_name, chair_position, "
      "  host_room_id, during, ad_hoc, ad_hoc_reason, recurrence, conclusion_required, conclusion_org_id, "
      "  override_rules, override_reason, created_by, relay_address, relay_video_port, relay_audio_port, "
      "  relay_send_up, relay_halls) "
      " SELECT NULLIF($1, 0), $2, $3, $4, $5, $6, $7, tstzrange($8::timestamptz, $9::timestamptz, '[)'), $10, "
      "  $11, NULLIF($12, ''), $13, NULLIF($14, 0), $15::text[], $16, $17, NULLIF($29, ''), NULLIF($30, 0), "
      "  NULLIF($31, 0), NULLIF($32, ''), NULLIF($33, '') "
      // What the booking names must exist (the organisations) and be active (the rooms): checked
      // here instead of in a look-up before (distinct ids; nothing is written otherwise).
      " WHERE (SELECT count(*) FROM orgs WHERE id = ANY($34::bigint[])) = cardinality($34::bigint[]) "
      "  AND (SELECT count(*) FROM rooms WHERE id = ANY($35::bigint[]) AND active) = cardinality($35::bigint[]) "
      " RETURNING id, created_at), "
      "r AS (INSERT INTO meeting_rooms (meeting_id, room_id, during, active, is_host) "
      " SELECT m.id, u.r, tstzrange($8::timestamptz, $9::timestamptz, '[)'), true, u.r = $7 "
      " FROM m CROSS JOIN unnest($18::bigint[]) WITH ORDINALITY AS u(r, n) ORDER BY u.n RETURNING 1), "
      "me AS (INSERT INTO meeting_events (meeting_id, actor, event, from_status, to_status, reason) "
      " SELECT m.id, $17, 'book', NULL, 'scheduled', $19 FROM m RETURNING 1), "
      // Agenda items and documents, one array per column ('' for none).
      "ag AS (INSERT INTO agenda_items (meeting_id, position, title, starts_at, minutes, speaking_limit) "
      " SELECT m.id, (u.n - 1)::int, u.t, NULLIF(u.s, '')::timestamptz, NULLIF(u.mi, '')::int, NULLIF(u.l, '')::int "
      " FROM m CROSS JOIN unnest($21::text[], $22::text[], $23::text[], $24::text[]) WITH ORDINALITY AS u(t, s, mi, l, n) "
      " RETURNING 1), "
      "doc AS (INSERT INTO documents (meeting_id, position, title, link, sent_at, attached_at) "
      " SELECT m.id, (u.n - 1)::int, u.t, u.k, NULLIF(u.s, '')::timestamptz, "
      "  COALESCE(NULLIF(u.a, '')::timestamptz, now()) "
      " FROM m CROSS JOIN unnest($25::text[], $26::text[], $27::text[], $28::text[]) WITH ORDINALITY AS u(t, k, s, a, n) "
      " RETURNING 1), "
      // The invitation's outbox event, one row for the same halls (the delivery worker fans it
      // out to its recipients: outbox_queries.cpp).
      "ev AS (INSERT INTO delivery_events (meeting_id, kind, version, announced_at, room_ids) "
      " SELECT m.id, 'book', 1, $20::timestamptz, $18::bigint[] FROM m) "
      "SELECT id, extract(epoch FROM created_at)::bigint FROM m");
  std::vector<std::string> a_title, a_start, a_minutes, a_limit, d_title, d_link, d_sent, d_attached;
  for (const auto& a : d.agenda) {
    a_title.push_back(a.title);
    a_start.push_back(opt_instant(a.start));
    a_minutes.push_back(opt_int(a.minutes));
    a_limit.push_back(opt_int(a.speaking_limit));
  }
  for (const auto& doc : d.documents) {
    d_title.push_back(doc.title);
    d_link.push_back(doc.link);
    d_sent.push_back(opt_instant(doc.sent_at));
    d_attached.push_back(opt_instant(doc.attached_at));
  }
  tx.conn().prepare("insert_meeting", sql);
  const auto res = tx.exec_prepared(
      "insert_meeting", series_id.value_or(0), d.title, std::string(to_string(d.type)), d.organiser_org_id,
      d.chair.name, d.chair.position, d.host_room_id, to_sql(d.slot.start), to_sql(d.slot.end), d.ad_hoc,
      d.ad_hoc_reason, d.recurrence.value_or(""), d.conclusion_required, d.conclusion_org_id.value_or(0),
      text_array(overrides), override_reason, actor, id_array(rooms),
      override_reason.empty() ? "" : "override: " + override_reason, to_sql(announced_at), text_array(a_title),
      text_array(a_start), text_array(a_minutes), text_array(a_limit), text_array(d_title), text_array(d_link),
      text_array(d_sent), text_array(d_attached), d.relay ? d.relay->address : "",
      d.relay ? d.relay->video_port : 0, d.relay ? d.relay->audio_port : 0,
      d.relay ? std::string(to_string(d.relay->send_up)) : "", d.relay ? std::string(to_string(d.relay->halls)) : "",
      id_array(named ? named->org_ids : std::vector<long long>{}),
      id_array(named ? named->room_ids : std::vector<long long>{}));
  if (res.empty() && named) throw NamedMissing();
  if (res.size() != 1) throw std::logic_error("insert_meeting: expected one row, got " + std::to_string(res.size()));
  const auto row = res[0];
  const long long id = row[0].as<long long>();
  write_children(tx, id, b, true, true);
  Meeting m;
  m.id = id;
  m.draft = b.draft;
  if (!d.override_rules || d.override_rules->reason.empty()) m.draft.override_rules.reset();
  std::sort(m.draft.room_ids.begin(), m.draft.room_ids.end());
  m.draft.room_ids.erase(std::unique(m.draft.room_ids.begin(), m.draft.room_ids.end()), m.draft.room_ids.end());
  std::erase(m.draft.room_ids, d.host_room_id);
  m.series_id = series_id;
  m.created_at = instant_from_epoch(row[1].as<long long>());
  m.created_by = actor;
  return m;
}

bool written_by_insert_alone(const Booking& b) { return b.draft.invite.empty() && b.draft.delegations.empty(); }

void write_children(pqxx::transaction_base& tx, long long id, const Booking& b, bool holds_slot, bool fresh) {
  const auto& d = b.draft;
  if (!fresh)
    for (const char* table : {"meeting_rooms", "meeting_selectors", "agenda_items", "documents", "delegations"})
      tx.exec_params(std::string("DELETE FROM ") + table + " WHERE meeting_id = $1", id);
  // Rooms in id order, so concurrent bookings take their locks in the same order (a new
  // meeting's rooms were written with it, by insert_meeting).
  std::vector<long long> rooms = d.room_ids;
  rooms.push_back(d.host_room_id);
  std::sort(rooms.begin(), rooms.end());
  rooms.erase(std::unique(rooms.begin(), rooms.end()), rooms.end());
  // One statement for every room (a province-wide meeting invites hundreds).
  if (!fresh)
    tx.exec_params(
      "INSERT INTO meeting_rooms (meeting_id, room_id, during, active, is_host) "
      "SELECT $1, r, tstzrange($3::timestamptz, $4::timestamptz, '[)'), $5, r = $6 "
      "FROM unnest($2::bigint[]) WITH ORDINALITY AS u(r, n) ORDER BY n",
      id, id_array(rooms), to_sql(d.slot.start), to_sql(d.slot.end), holds_slot, d.host_room_id);
  int pos = 0;
  for (const auto& s : d.invite)
    tx.exec_params("INSERT INTO meeting_selectors (meeting_id, position, level, under_code) "
                   "VALUES ($1, $2, NULLIF($3, ''), NULLIF($4, ''))",
                   id, pos++, s.level ? std::string(to_string(*s.level)) : "", s.under.value_or(""));
  // A new meeting's agenda and documents were written with it (insert_meeting).
  pos = 0;
  if (!fresh)
    for (const auto& a : d.agenda)
      tx.exec_params("INSERT INTO agenda_items (meeting_id, position, title, starts_at, minutes, speaking_limit) "
                     "VALUES ($1, $2, $3, NULLIF($4, '')::timestamptz, NULLIF($5, '')::int, NULLIF($6, '')::int)",
                     id, pos++, a.title, opt_instant(a.start), opt_int(a.minutes), opt_int(a.speaking_limit));
  pos = 0;
  if (!fresh)
    for (const auto& doc : d.documents)
      tx.exec_params("INSERT INTO documents (meeting_id, position, title, link, sent_at, attached_at) "
                     "VALUES ($1, $2, $3, $4, NULLIF($5, '')::timestamptz, COALESCE(NULLIF($6, '')::timestamptz, now()))",
                     id, pos++, doc.title, doc.link, opt_instant(doc.sent_at), opt_instant(doc.attached_at));
  pos = 0;
  for (const auto& g : d.delegations)
    tx.exec_params("INSERT INTO delegations (meeting_id, position, room_id, for_name, attendee_name, attendee_position) "
                   "VALUES ($1, $2, $3, $4, $5, $6)",
                   id, pos++, g.room_id, g.for_name, g.attendee_name, g.attendee_position);
}

void record_event(pqxx::transaction_base& tx, long long id, const std::string& actor, const std::string& event,
                  const std::string& from, const std::string& to, const std::string& reason) {
  tx.exec_params("INSERT INTO meeting_events (meeting_id, actor, event, from_status, to_status, reason) "
                 "VALUES ($1, $2, $3, NULLIF($4, ''), NULLIF($5, ''), $6)",
                 id, actor, event, from, to, reason);
}

std::vector<Meeting> load_meetings(pqxx::transaction_base& tx, const std::vector<long long>& ids) {
  if (ids.empty()) return {};
  const std::string arr = id_array(ids);
  std::map<long long, Meeting> by_id;
  for (const auto& r : tx.exec_params(
           "SELECT id, version, series_id, title, type, organiser_org_id, chair_name, chair_position, host_room_id, "
           " extract(epoch FROM lower(during))::bigint, extract(epoch FROM upper(during))::bigint, ad_hoc, "
           " ad_hoc_reason, status, status_reason, recurrence, conclusion_required, conclusion_org_id, "
           " extract(epoch FROM conclusion_sent_at)::bigint, override_rules, override_reason, "
           " extract(epoch FROM created_at)::bigint, created_by, relay_address, relay_video_port, relay_audio_port, "
           " relay_send_up, relay_halls "
           "FROM meetings WHERE id = ANY($1::bigint[])",
           arr)) {
    Meeting m;
    m.id = r[0].as<long long>();
    m.version = r[1].as<long long>();
    if (!r[2].is_null()) m.series_id = r[2].as<long long>();
    auto& d = m.draft;
    d.title = r[3].as<std::string>();
    d.type = stored_enum(meeting_type_from, "meetings.type", r[4].as<std::string>());
    d.organiser_org_id = r[5].as<long long>();
    d.chair = {r[6].as<std::string>(), r[7].as<std::string>()};
    d.host_room_id = r[8].as<long long>();
    d.slot = {instant_from_epoch(r[9].as<long long>()), instant_from_epoch(r[10].as<long long>())};
    d.ad_hoc = r[11].as<bool>();
    d.ad_hoc_reason = r[12].as<std::string>();
    m.status = stored_enum(meeting_status_from, "meetings.status", r[13].as<std::string>());
    m.status_reason = r[14].as<std::string>();
    if (!r[15].is_null()) d.recurrence = r[15].as<std::string>();
    d.conclusion_required = r[16].as<bool>();
    if (!r[17].is_null()) d.conclusion_org_id = r[17].as<long long>();
    m.conclusion_sent_at = instant_or_null(r[18]);
    const std::string reason = r[20].as<std::string>();
    if (!reason.empty()) {
      RuleOverride o{{}, reason};
      auto arr_parser = r[19].as_array();
      for (auto elem = arr_parser.get_next(); elem.first != pqxx::array_parser::done; elem = arr_parser.get_next())
        if (elem.first == pqxx::array_parser::string_value) o.rules.push_back(elem.second);
      d.override_rules = o;
    }
    m.created_at = instant_from_epoch(r[21].as<long long>());
    m.created_by = r[22].as<std::string>();
    if (!r[23].is_null())
      d.relay = Relay{r[23].as<std::string>(), r[24].as<int>(), r[25].as<int>(),
                      stored_enum(send_up_from, "meetings.relay_send_up", r[26].as<std::string>()),
                      stored_enum(relay_halls_from, "meetings.relay_halls", r[27].as<std::string>())};
    by_id.emplace(m.id, std::move(m));
  }
  for (const auto& r : tx.exec_params(
           "SELECT meeting_id, room_id, is_host FROM meeting_rooms WHERE meeting_id = ANY($1::bigint[]) "
           "ORDER BY meeting_id, room_id", arr))
    if (!r[2].as<bool>()) by_id[r[0].as<long long>()].draft.room_ids.push_back(r[1].as<long long>());
  for (const auto& r : tx.exec_params(
           "SELECT meeting_id, level, under_code FROM meeting_selectors WHERE meeting_id = ANY($1::bigint[]) "
           "ORDER BY meeting_id, position", arr)) {
    Selector s;
    if (!r[1].is_null()) s.level = stored_enum(org_level_from, "meeting_selectors.level", r[1].as<std::string>());
    if (!r[2].is_null()) s.under = r[2].as<std::string>();
    by_id[r[0].as<long long>()].draft.invite.push_back(s);
  }
  for (const auto& r : tx.exec_params(
           "SELECT meeting_id, title, extract(epoch FROM starts_at)::bigint, minutes, speaking_limit FROM agenda_items "
           "WHERE meeting_id = ANY($1::bigint[]) ORDER BY meeting_id, position", arr))
    by_id[r[0].as<long long>()].draft.agenda.push_back(
        {r[1].as<std::string>(), instant_or_null(r[2]), int_or_null(r[3]), int_or_null(r[4])});
  for (const auto& r : tx.exec_params(
           "SELECT meeting_id, title, link, extract(epoch FROM sent_at)::bigint, "
           " extract(epoch FROM attached_at)::bigint FROM documents "
           "WHERE meeting_id = ANY($1::bigint[]) ORDER BY meeting_id, position", arr))
    by_id[r[0].as<long long>()].draft.documents.push_back(
        {r[1].as<std::string>(), r[2].as<std::string>(), instant_or_null(r[3]), instant_or_null(r[4])});
  for (const auto& r : tx.exec_params(
           "SELECT meeting_id, room_id, for_name, attendee_name, attendee_position FROM delegations "
           "WHERE meeting_id = ANY($1::bigint[]) ORDER BY meeting_id, position", arr))
    by_id[r[0].as<long long>()].draft.delegations.push_back(
        {r[1].as<long long>(), r[2].as<std::string>(), r[3].as<std::string>(), r[4].as<std::string>()});
  std::vector<Meeting> out;
  out.reserve(ids.size());
  for (long long id : ids)
    if (auto it = by_id.find(id); it != by_id.end()) out.push_back(std::move(it->second));
  return out;
}

}  // namespace sched::pg
