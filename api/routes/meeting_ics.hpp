#pragma once
// A meeting as an iCalendar event: the one UID (meeting-ID@meetingd) and SEQUENCE
// (version - 1) of the invitation, the rooms' feeds and the e-mailed invitations.
#include "ical/ics.hpp"
#include "scheduler/meeting.hpp"
#include "scheduler/repositories.hpp"

namespace api {

sched::IcsEvent meeting_ics_event(const sched::Meeting& m, sched::OrgDirectory& orgs, sched::RoomDirectory& rooms,
                                  sched::Instant stamp);

}  // namespace api
