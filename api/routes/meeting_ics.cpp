#include "routes/meeting_ics.hpp"

namespace api {
namespace {

std::string room_name(sched::RoomDirectory& rooms, long long id) {
  auto r = rooms.find_room(id);
  return r ? r->name : "room " + std::to_string(id);
}

}  // namespace

sched::IcsEvent meeting_ics_event(const sched::Meeting& m, sched::OrgDirectory& orgs, sched::RoomDirectory& rooms,
                                  sched::Instant stamp) {
  const auto& d = m.draft;
  sched::IcsEvent e;
  e.uid = "meeting-" + std::to_string(m.id) + "@meetingd";
  e.sequence = static_cast<int>(m.version - 1);
  e.summary = d.title;
  std::string description = "Chair: " + d.chair.name + (d.chair.position.empty() ? "" : ", " + d.chair.position);
  if (!d.room_ids.empty()) {
    description += "\nHalls:";
    for (long long id : d.room_ids) description += "\n- " + room_name(rooms, id);
  }
  for (const auto& a : d.agenda) description += "\nAgenda: " + a.title;
  if (!m.status_reason.empty()) description += "\nNote: " + m.status_reason;
  e.description = description;
  e.location = room_name(rooms, d.host_room_id);
  e.start = d.slot.start;
  e.end = d.slot.end;
  e.stamp = stamp;
  e.cancelled = m.status == sched::MeetingStatus::cancelled;
  if (auto org = orgs.find_org(d.organiser_org_id)) e.organizer_name = org->name;
  e.url = "/v1/meetings/" + std::to_string(m.id);
  return e;
}

}  // namespace api
