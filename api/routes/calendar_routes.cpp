// iCalendar: one meeting's invitation (REQUEST, or CANCEL once cancelled) and a room's
// feed (PUBLISH) that Outlook, Thunderbird or Google Calendar can subscribe to by URL
// (?token= is accepted here because calendar programs cannot send headers).
#include "ical/ics.hpp"
#include "http/http_error.hpp"
#include "routes/guard.hpp"
#include "routes/meeting_access.hpp"
#include "routes/meeting_ics.hpp"
#include "routes/routes.hpp"
#include "scheduler/errors.hpp"

namespace api {
namespace {

Response ics(const std::string& text, const std::string& filename) {
  Response r;
  r.status = 200;
  r.content_type = "text/calendar; charset=utf-8";
  r.body = text;
  r.headers["Content-Disposition"] = "inline; filename=\"" + filename + "\"";
  return r;
}

Response invitation(Request& req, Services& s) {
  auto p = authenticate(req, s, true);
  const auto m = visible_meeting(req, s, p);
  const auto method = m.status == sched::MeetingStatus::cancelled ? sched::IcsMethod::cancel : sched::IcsMethod::request;
  return ics(sched::render_calendar({meeting_ics_event(m, s.orgs, s.rooms, s.clock())}, method, m.draft.title),
             "meeting-" + std::to_string(m.id) + ".ics");
}

Response room_feed(Request& req, Services& s) {
  auto p = authenticate(req, s, true);
  const long long id = path_id(req);
  auto room = s.rooms.find_room(id);
  if (!room) throw sched::NotFound("room " + std::to_string(id) + " does not exist");
  if (!p.covers_room(id)) throw forbidden("this room is outside your scope");
  sched::MeetingFilter f;
  f.room_id = id;
  f.from = s.clock() - std::chrono::days{90};
  f.to = s.clock() + std::chrono::days{400};
  std::vector<sched::IcsEvent> events;
  for (int offset = 0;; offset += 500) {
    auto page = s.meetings.list(f, {500, offset});
    for (const auto& m : page.items)
      if (m.status != sched::MeetingStatus::postponed) events.push_back(meeting_ics_event(m, s.orgs, s.rooms, s.clock()));
    if (page.items.size() < 500) break;
  }
  return ics(sched::render_calendar(events, sched::IcsMethod::publish, room->name),
             "room-" + std::to_string(id) + ".ics");
}

}  // namespace

void add_calendar_routes(Router& router, Services& s) {
  router.add("GET", "/v1/meetings/{id}/invitation.ics", [&s](Request& r) { return invitation(r, s); });
  router.add("GET", "/v1/rooms/{id}/calendar.ics", [&s](Request& r) { return room_feed(r, s); });
}

}  // namespace api
