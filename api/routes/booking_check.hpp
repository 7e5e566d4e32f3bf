#pragma once
// POST /v1/meetings?dry_run=true: every check of a booking (input, rooms, the policy's rules
// with their articles, and the conflicts visible in stored bookings) without writing
// anything, so a booking form can show its feedback before the secretariat submits.
#include <nlohmann/json.hpp>

#include "auth/principal.hpp"
#include "http/message.hpp"
#include "routes/services.hpp"

namespace api {

// Throws what booking would throw (422 with `violations`, 400, 403, ...); otherwise 200 with
// the occurrences, the number of invited rooms and any conflicts found (`ok` false then).
Response dry_run_booking(Services& s, const auth::Principal& p, const nlohmann::json& body);

}  // namespace api
