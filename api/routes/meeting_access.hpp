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

}  // namespace api
