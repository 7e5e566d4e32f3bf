// iCalendar: one meeting's invitation (REQUEST, or CANCEL once cancelled) and a room's
// feed (PUBLISH) that Outlook, Thunderbird or Google Calendar can subscribe to by URL
// (?token= is accepted here because calendar programs cannot send headers).
#include "ical/ics.hpp"
#include "http/http_error.hpp"
#include "routes/guard.hpp"
#include "routes/meeting_access.hpp"
#include "routes/routes.hpp"
#include "scheduler/errors.hpp"

namespace api {
namespace {

std::string room_name(Services& s, long long id) {
  auto r = s.rooms.find_room(id);
  return r ? r->name : "room " + std::to_string(id);
}

sched::IcsEvent event_of(const sched::Meeting& m, Services& s) {
  const auto& d = m.draft;
  sched::IcsEvent e;
  e.uid = "meeting-" + std::to_string(m.id) + "@meetingd";
  e.sequence = static_cast<int>(m.version - 1);
  e.summary = d.title;
  std::string description = "Chair: " + d.chair.name + (d.chair.position.empty() ? "" : ", " + d.chair.position);
  if (!d.room_ids.empty()) {
    description += "\nHalls:";
    for (long long id : d.room_ids) description += "\n- " + room_name(s, id);
  }
  for (const auto& a : d.agenda) description += "\nAgenda: " + a.title;
  if (!m.status_reason.empty()) description += "\nNote: " + m.status_reason;
  e.description = description;
  e.location = room_name(s, d.host_room_id);
  e.start = d.slot.start;
  e.end = d.slot.end;
  e.stamp = s.clock();
  e.cancelled = m.status == sched::MeetingStatus::cancelled;
  if (auto org = s.orgs.find_org(d.organiser_org_id)) e.organizer_name = org->name;
  e.url = "/v1/meetings/" + std::to_string(m.id);
  return e;
}

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
  return ics(sched::render_calendar({event_of(m, s)}, method, m.draft.title),
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
      if (m.status != sched::MeetingStatus::postponed) events.push_back(event_of(m, s));
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
