// /v1/orgs: the versioned hierarchy, readable by every authenticated caller; an admin, or a
// secretariat within its scope, sets where an organisation's invitations go (contact_emails).
#include <algorithm>

#include "http/http_error.hpp"
#include "routes/guard.hpp"
#include "routes/routes.hpp"
#include "scheduler/errors.hpp"
#include "wire/json_reader.hpp"
#include "wire/resources_json.hpp"
#include "wire/time_text.hpp"

namespace api {
namespace {

Response list(Request& req, Services& s) {
  authenticate(req, s);
  sched::OrgFilter f;
  if (auto v = req.query_param("level")) {
    f.level = sched::org_level_from(*v);
    if (!f.level) throw bad_request("level must be province, department, district or commune");
  }
  if (auto v = req.query_param("parent")) f.parent_id = wire::parse_id("parent", *v);
  if (auto v = req.query_param("as_of")) {
    f.as_of = wire::parse_date(*v);
    if (!f.as_of) throw bad_request("as_of must be a date, YYYY-MM-DD");
  }
  const auto page = paging(req);
  auto found = s.orgs.list_orgs(f, page);
  return json_response(200, wire::page_json(found.items, found.total, page.limit, page.offset, wire::org_json));
}

Response get(Request& req, Services& s) {
  authenticate(req, s);
  const long long id = path_id(req);
  auto org = s.orgs.find_org(id);
  if (!org) throw sched::NotFound("organisation " + std::to_string(id) + " does not exist");
  return json_response(200, wire::org_json(*org));
}

Response update(Request& req, Services& s) {
  auto p = authenticate(req, s);
  require_role(p, {sched::Role::admin, sched::Role::secretariat});
  const long long id = path_id(req);
  const auto body = json_body(req);
  wire::ObjectReader r(body, "", {"contact_emails"});
  auto org = s.orgs.find_org(id);
  if (!org) throw sched::NotFound("organisation " + std::to_string(id) + " does not exist");
  if (!p.covers_org(id)) throw forbidden("this organisation is outside your scope");
  if (!s.deliveries) throw sched::InvalidInput("contact_emails", "invitations are not delivered by this service");
  if (r.has("contact_emails")) {
    std::vector<std::string> addresses;
    const auto given = r.strings("contact_emails", sched::kMaxContactAddresses);
    for (std::size_t i = 0; i < given.size(); ++i) {
      const auto problem = sched::email_address_problem(given[i]);
      if (!problem.empty())
        throw sched::InvalidInput("contact_emails[" + std::to_string(i) + "]",
                                  "contact_emails[" + std::to_string(i) + "] is not an e-mail address: " + problem);
      if (std::find(addresses.begin(), addresses.end(), given[i]) == addresses.end()) addresses.push_back(given[i]);
    }
    s.deliveries->set_contact_emails(id, addresses);
    org->contact_emails = addresses;
  }
  return json_response(200, wire::org_json(*org));
}

}  // namespace

void add_org_routes(Router& router, Services& s) {
  router.add("GET", "/v1/orgs", [&s](Request& r) { return list(r, s); });
  router.add("GET", "/v1/orgs/{id}", [&s](Request& r) { return get(r, s); });
  router.add("PATCH", "/v1/orgs/{id}", [&s](Request& r) { return update(r, s); });
}

}  // namespace api
