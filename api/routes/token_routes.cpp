// /v1/tokens: bearer tokens. Admins issue any; a secretariat issues hall and monitor
// tokens inside its scope. The secret is shown once, in the 201 answer.
#include "auth/token_crypto.hpp"
#include "http/http_error.hpp"
#include "routes/guard.hpp"
#include "routes/routes.hpp"
#include "scheduler/errors.hpp"
#include "wire/json_reader.hpp"
#include "wire/time_text.hpp"

namespace api {
namespace {

using nlohmann::json;
using sched::Role;

json token_json(const sched::TokenRecord& t, Services& s) {
  return {{"id", t.id},
          {"role", std::string(to_string(t.role))},
          {"org_id", t.org_id ? json(*t.org_id) : json(nullptr)},
          {"room_id", t.room_id ? json(*t.room_id) : json(nullptr)},
          {"label", t.label},
          {"created_at", wire::format_instant(t.created_at, s.zone)},
          {"revoked", t.revoked}};
}

// A token's reach lies inside the caller's scope.
bool within(const auth::Principal& p, const sched::TokenRecord& t, Services& s) {
  if (p.is_admin()) return true;
  if (!p.is(Role::secretariat)) return false;
  if (t.role == Role::hall && t.room_id) return p.covers_room(*t.room_id) || !s.rooms.find_room(*t.room_id);
  if (t.role == Role::monitor && t.org_id) return p.covers_org(*t.org_id);
  return false;
}

Response create(Request& req, Services& s) {
  auto p = authenticate(req, s);
  require_role(p, {Role::admin, Role::secretariat});
  const auto body = json_body(req);
  wire::ObjectReader r(body, "", {"role", "org_id", "room_id", "label"});
  sched::TokenRecord t;
  auto role = sched::role_from(r.string("role", 20));
  if (!role) throw bad_request("role must be admin, secretariat, hall or monitor");
  t.role = *role;
  t.org_id = r.opt_id("org_id");
  t.room_id = r.opt_id("room_id");
  t.label = r.opt_string("label", 200).value_or("");
  t.created_by = p.token.id;
  switch (t.role) {
    case Role::admin:
      if (t.org_id || t.room_id) throw bad_request("an admin token has neither org_id nor room_id");
      break;
    case Role::hall:
      if (!t.room_id || t.org_id) throw bad_request("a hall token needs room_id (and no org_id)");
      break;
    case Role::secretariat:
    case Role::monitor:
      if (!t.org_id || t.room_id) throw bad_request("this role needs org_id (and no room_id)");
      break;
  }
  if (!p.is_admin() && (t.role == Role::admin || t.role == Role::secretariat))
    throw forbidden("only an admin may issue admin and secretariat tokens");
  if (!within(p, t, s)) throw forbidden("the token would reach outside your scope");
  const auto secret = auth::generate_token();
  const auto created = s.access.create_token(secret.hash, t);
  json out = token_json(created, s);
  out["token"] = secret.secret;
  auto resp = json_response(201, out);
  resp.headers["Location"] = "/v1/tokens/" + std::to_string(created.id);
  resp.headers["Cache-Control"] = "no-store";
  return resp;
}

Response list(Request& req, Services& s) {
  auto p = authenticate(req, s);
  require_role(p, {Role::admin, Role::secretariat});
  json items = json::array();
  for (const auto& t : s.access.tokens())
    if (within(p, t, s)) items.push_back(token_json(t, s));
  const long long total = static_cast<long long>(items.size());
  return json_response(200, {{"items", items}, {"total", total}, {"limit", total}, {"offset", 0}});
}

Response revoke(Request& req, Services& s) {
  auto p = authenticate(req, s);
  require_role(p, {Role::admin, Role::secretariat});
  const long long id = path_id(req);
  auto t = s.access.token(id);
  if (!t) throw sched::NotFound("token " + std::to_string(id) + " does not exist");
  if (!within(p, *t, s)) throw forbidden("this token is outside your scope");
  s.access.revoke_token(id);
  return Response::empty(204);
}

}  // namespace

void add_token_routes(Router& router, Services& s) {
  router.add("POST", "/v1/tokens", [&s](Request& r) { return create(r, s); });
  router.add("GET", "/v1/tokens", [&s](Request& r) { return list(r, s); });
  router.add("DELETE", "/v1/tokens/{id}", [&s](Request& r) { return revoke(r, s); });
}

}  // namespace api
