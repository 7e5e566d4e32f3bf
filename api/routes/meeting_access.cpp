#include "routes/meeting_access.hpp"

#include "http/http_error.hpp"
#include "routes/guard.hpp"
#include "scheduler/errors.hpp"

namespace api {
namespace {

sched::Meeting load(const Request& req, Services& s) {
  const long long id = path_id(req);
  auto m = s.meetings.find(id);
  if (!m) throw sched::NotFound("meeting " + std::to_string(id) + " does not exist");
  return *m;
}

}  // namespace

sched::Meeting visible_meeting(const Request& req, Services& s, const auth::Principal& p) {
  auto m = load(req, s);
  if (p.is_admin()) return m;
  if (!p.is(sched::Role::hall) && p.covers_org(m.draft.organiser_org_id)) return m;
  if (p.covers_room(m.draft.host_room_id)) return m;
  for (long long room : m.draft.room_ids)
    if (p.covers_room(room)) return m;
  throw forbidden("this meeting is outside your scope");
}

sched::Meeting managed_meeting(const Request& req, Services& s, const auth::Principal& p) {
  auto m = load(req, s);
  if (p.is_admin()) return m;
  if (p.is(sched::Role::secretariat) && p.covers_org(m.draft.organiser_org_id)) return m;
  throw forbidden("only the organiser's secretariat may change this meeting");
}

}  // namespace api
