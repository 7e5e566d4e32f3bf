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

void require_booking_in_scope(const auth::Principal& p, const sched::MeetingDraft& draft,
                              const sched::Meeting* current) {
  if (p.is_admin()) return;
  if (!p.is(sched::Role::secretariat) || !p.covers_org(draft.organiser_org_id))
    throw forbidden("you may book only for your organisation and those below it");
  const bool hall_kept = current != nullptr && current->draft.host_room_id == draft.host_room_id;
  if (!hall_kept && !p.covers_room(draft.host_room_id))
    throw forbidden("the host room must belong to your organisation's scope");
}

}  // namespace api
