#pragma once
// Finding a meeting on behalf of a caller: 400 for a malformed id, 404 when it does not
// exist, 403 when it lies outside the caller's scope.
#include "auth/principal.hpp"
#include "http/message.hpp"
#include "routes/services.hpp"

namespace api {

// Visible: admin; organiser in scope; or one of its rooms in scope (halls: their own room).
sched::Meeting visible_meeting(const Request& req, Services& s, const auth::Principal& p);
// Managed (may be changed): admin, or a secretariat whose scope holds the organiser.
sched::Meeting managed_meeting(const Request& req, Services& s, const auth::Principal& p);

// The scope rule of every write that books or changes a meeting (403 otherwise): the
// organiser lies in the caller's scope, and so does the host hall, which the booking
// reserves. A change may keep the hall the meeting already had (an admin may have placed
// the caller's meeting in a hall outside its scope), never move it to another outside hall.
void require_booking_in_scope(const auth::Principal& p, const sched::MeetingDraft& draft,
                              const sched::Meeting* current = nullptr);

}  // namespace api
