// Rooms (halls) of organisations.
#include <pqxx/pqxx>

#include "pg/sql_text.hpp"
#include "pg/store.hpp"
#include "scheduler/errors.hpp"

namespace sched::pg {
namespace {

constexpr const char* kRoomColumns = "r.id, r.org_id, r.name, r.kind, r.active";

Room room_from(const pqxx::row& r) {
  Room room;
  room.id = r[0].as<long long>();
  room.org_id = r[1].as<long long>();
  room.name = r[2].as<std::string>();
  room.kind = stored_enum(room_kind_from, "rooms.kind", r[3].as<std::string>());
  room.active = r[4].as<bool>();
  return room;
}

void require_org(pqxx::transaction_base& tx, long long org_id) {
  if (tx.exec_params("SELECT 1 FROM orgs WHERE id = $1", org_id).empty())
    throw InvalidInput("org_id", "organisation " + std::to_string(org_id) + " does not exist");
}

}  // namespace

std::optional<Room> Store::find_room(long long id) {
  auto conn = pool_.acquire();
  pqxx::nontransaction tx(*conn);
  auto res = tx.exec_params(std::string("SELECT ") + kRoomColumns + " FROM rooms r WHERE r.id = $1", id);
  if (res.empty()) return std::nullopt;
  return room_from(res[0]);
}

NamedInBooking Store::find_named(const std::vector<long long>& org_ids, const std::vector<long long>& room_ids,
                                 OrgDirectory& orgs) {
  if (&orgs != static_cast<OrgDirectory*>(this)) return RoomDirectory::find_named(org_ids, room_ids, orgs);
  auto conn = pool_.acquire();
  pqxx::nontransaction tx(*conn);
  // Organisations as rows with no room (r.id NULL): one round trip for both.
  constexpr const char* kSql =
      "SELECT o.id, NULL::bigint, NULL::text, NULL::text, NULL::boolean FROM orgs o WHERE o.id = ANY($1::bigint[]) "
      "UNION ALL SELECT r.org_id, r.id, r.name, r.kind, r.active FROM rooms r WHERE r.id = ANY($2::bigint[])";
  conn->prepare("find_named", kSql);
  NamedInBooking out;
  for (const auto& r : tx.exec_prepared("find_named", id_array(org_ids), id_array(room_ids))) {
    if (r[1].is_null()) {
      out.org_ids.push_back(r[0].as<long long>());
      continue;
    }
    Room room;
    room.org_id = r[0].as<long long>();
    room.id = r[1].as<long long>();
    room.name = r[2].as<std::string>();
    room.kind = stored_enum(room_kind_from, "rooms.kind", r[3].as<std::string>());
    room.active = r[4].as<bool>();
    out.rooms.push_back(std::move(room));
  }
  return out;
}

PageOf<Room> Store::list_rooms(const RoomFilter& f, Page p) {
  auto conn = pool_.acquire();
  pqxx::read_transaction tx(*conn);
  const std::string where =
      " FROM rooms r WHERE ($1 = 0 OR r.org_id = $1) AND ($2 = '' OR r.active = NULLIF($2, '')::boolean)"
      " AND ($3 = '' OR r.org_id = ANY(NULLIF($3, '')::bigint[]))";
  const long long org = f.org_id.value_or(0);
  const std::string active = f.active ? (*f.active ? "true" : "false") : "";
  const std::string scope = f.org_ids ? id_array(*f.org_ids) : std::string();
  PageOf<Room> page;
  page.total = tx.exec_params1("SELECT count(*)" + where, org, active, scope)[0].as<long long>();
  for (const auto& r : tx.exec_params(std::string("SELECT ") + kRoomColumns + where + " ORDER BY r.id LIMIT $4 OFFSET $5",
                                      org, active, scope, p.limit, p.offset))
    page.items.push_back(room_from(r));
  return page;
}

std::vector<long long> Store::active_rooms_of(const std::vector<long long>& org_ids) {
  auto conn = pool_.acquire();
  pqxx::nontransaction tx(*conn);
  std::vector<long long> ids;
  for (const auto& r :
       tx.exec_params("SELECT id FROM rooms WHERE active AND org_id = ANY($1::bigint[]) ORDER BY id", id_array(org_ids)))
    ids.push_back(r[0].as<long long>());
  return ids;
}

Room Store::create_room(const Room& room) {
  auto conn = pool_.acquire();
  pqxx::work tx(*conn);
  require_org(tx, room.org_id);
  auto r = tx.exec_params1(std::string("INSERT INTO rooms (org_id, name, kind, active) VALUES ($1, $2, $3, $4) "
                                       "RETURNING ") + "id, org_id, name, kind, active",
                           room.org_id, room.name, std::string(to_string(room.kind)), room.active);
  Room out = room_from(r);
  tx.commit();
  return out;
}

Room Store::update_room(const Room& room) {
  auto conn = pool_.acquire();
  pqxx::work tx(*conn);
  require_org(tx, room.org_id);
  auto res = tx.exec_params("UPDATE rooms SET org_id = $2, name = $3, kind = $4, active = $5 WHERE id = $1 "
                            "RETURNING id, org_id, name, kind, active",
                            room.id, room.org_id, room.name, std::string(to_string(room.kind)), room.active);
  if (res.empty()) throw NotFound("room " + std::to_string(room.id) + " does not exist");
  Room out = room_from(res[0]);
  tx.commit();
  return out;
}

std::size_t Store::ensure_one_room_per_org() {
  auto conn = pool_.acquire();
  pqxx::work tx(*conn);
  // Provincial, department and district halls have hardware codecs; communes mostly browsers.
  auto res = tx.exec(
      "INSERT INTO rooms (org_id, name, kind) "
      "SELECT o.id, 'Hội trường ' || o.name, CASE WHEN o.level = 'commune' THEN 'browser' ELSE 'rtp' END "
      "FROM orgs o WHERE NOT EXISTS (SELECT 1 FROM rooms r WHERE r.org_id = o.id) ORDER BY o.id");
  tx.commit();
  return res.affected_rows();
}

}  // namespace sched::pg
