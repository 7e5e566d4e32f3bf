// /v1/rooms: halls. Admins manage all; a secretariat manages the rooms of its scope;
// monitors read their scope; a hall reads its own room.
#include "http/http_error.hpp"
#include "routes/guard.hpp"
#include "routes/routes.hpp"
#include "scheduler/errors.hpp"
#include "wire/json_reader.hpp"
#include "wire/resources_json.hpp"

namespace api {
namespace {

using sched::Role;

sched::Room load(const Request& req, Services& s, const auth::Principal& p) {
  const long long id = path_id(req);
  auto room = s.rooms.find_room(id);
  if (!room) throw sched::NotFound("room " + std::to_string(id) + " does not exist");
  if (!p.covers_room(room->id)) throw forbidden("this room is outside your scope");
  return *room;
}

sched::RoomKind kind_of(const wire::ObjectReader& r) {
  auto kind = sched::room_kind_from(r.string("kind", 20));
  if (!kind) throw bad_request("kind must be rtp or browser");
  return *kind;
}

Response list(Request& req, Services& s) {
  auto p = authenticate(req, s);
  sched::RoomFilter f;
  if (auto v = req.query_param("org")) f.org_id = wire::parse_id("org", *v);
  if (auto v = req.query_param("active")) {
    if (*v != "true" && *v != "false") throw bad_request("active must be true or false");
    f.active = *v == "true";
  }
  if (p.is(Role::hall)) {
    f.org_ids = std::vector<long long>{};
    if (auto own = s.rooms.find_room(p.rooms.front())) f.org_ids = std::vector<long long>{own->org_id};
  } else if (!p.is_admin()) {
    f.org_ids = p.orgs;
  }
  const auto page = paging(req);
  auto found = s.rooms.list_rooms(f, page);
  if (p.is(Role::hall)) std::erase_if(found.items, [&](const sched::Room& r) { return !p.covers_room(r.id); });
  return json_response(200, wire::page_json(found.items, found.total, page.limit, page.offset, wire::room_json));
}

Response create(Request& req, Services& s) {
  auto p = authenticate(req, s);
  require_role(p, {Role::admin, Role::secretariat});
  const auto body = json_body(req);
  wire::ObjectReader r(body, "", {"org_id", "name", "kind", "active"});
  sched::Room room{0, r.id("org_id"), r.string("name", 300), kind_of(r), r.boolean("active", true)};
  if (room.name.find_first_not_of(" \t") == std::string::npos) throw sched::InvalidInput("name", "name is empty");
  if (!p.covers_org(room.org_id)) throw forbidden("you may create rooms only inside your organisation's scope");
  auto created = s.rooms.create_room(room);
  auto resp = json_response(201, wire::room_json(created));
  resp.headers["Location"] = "/v1/rooms/" + std::to_string(created.id);
  return resp;
}

Response get(Request& req, Services& s) {
  auto p = authenticate(req, s);
  return json_response(200, wire::room_json(load(req, s, p)));
}

Response update(Request& req, Services& s) {
  auto p = authenticate(req, s);
  require_role(p, {Role::admin, Role::secretariat});
  const auto body = json_body(req);
  auto room = load(req, s, p);
  wire::ObjectReader r(body, "", {"org_id", "name", "kind", "active"});
  if (auto v = r.opt_id("org_id")) room.org_id = *v;
  if (auto v = r.opt_string("name", 300)) room.name = *v;
  if (r.has("kind")) room.kind = kind_of(r);
  room.active = r.boolean("active", room.active);
  if (room.name.find_first_not_of(" \t") == std::string::npos) throw sched::InvalidInput("name", "name is empty");
  if (!p.covers_org(room.org_id)) throw forbidden("you may move rooms only inside your organisation's scope");
  return json_response(200, wire::room_json(s.rooms.update_room(room)));
}

Response deactivate(Request& req, Services& s) {
  auto p = authenticate(req, s);
  require_role(p, {Role::admin, Role::secretariat});
  auto room = load(req, s, p);
  room.active = false;
  return json_response(200, wire::room_json(s.rooms.update_room(room)));
}

}  // namespace

void add_room_routes(Router& router, Services& s) {
  router.add("GET", "/v1/rooms", [&s](Request& r) { return list(r, s); });
  router.add("POST", "/v1/rooms", [&s](Request& r) { return create(r, s); });
  router.add("GET", "/v1/rooms/{id}", [&s](Request& r) { return get(r, s); });
  router.add("PATCH", "/v1/rooms/{id}", [&s](Request& r) { return update(r, s); });
  router.add("POST", "/v1/rooms/{id}/deactivate", [&s](Request& r) { return deactivate(r, s); });
}

}  // namespace api
