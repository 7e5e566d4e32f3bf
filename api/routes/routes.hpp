#pragma once
// Every route of the service, registered by resource. The OpenAPI document
// (api/openapi.json) describes exactly these; a test checks both ways.
#include "http/router.hpp"
#include "routes/services.hpp"

namespace api {

void add_system_routes(Router& router, Services& s);    // /healthz, /readyz, /v1/openapi.json
void add_org_routes(Router& router, Services& s);       // /v1/orgs
void add_room_routes(Router& router, Services& s);      // /v1/rooms
void add_meeting_routes(Router& router, Services& s);   // /v1/meetings
void add_calendar_routes(Router& router, Services& s);  // *.ics
void add_token_routes(Router& router, Services& s);     // /v1/tokens
void add_live_routes(Router& router, Services& s);      // join, health, events, moderation, attendance, reports
void add_page_routes(Router& router, Services& s);      // /, /web/{file}: the secretariat's, halls' and IT pages
void add_whip_routes(Router& router, Services& s);      // /v1/rooms/{id}/whip: browser halls (WHIP)
void add_delivery_routes(Router& router, Services& s);  // /v1/meetings/{id}/deliveries: invitations sent

inline void add_all_routes(Router& router, Services& s) {
  add_system_routes(router, s);
  add_org_routes(router, s);
  add_room_routes(router, s);
  add_meeting_routes(router, s);
  add_calendar_routes(router, s);
  add_token_routes(router, s);
  add_live_routes(router, s);
  add_page_routes(router, s);
  add_whip_routes(router, s);
  add_delivery_routes(router, s);
}

}  // namespace api
