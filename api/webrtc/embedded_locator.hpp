#pragma once
// Today's glue between the conductor and WHIP: the hall's open meeting (from
// LiveService::join) and the session on the embedded node that holds that meeting's
// pre-made leg for the hall. A conductor that knows its sessions directly should give
// BrowserLegs its own HallSessionLocator instead.
#include "app/live_service.hpp"
#include "media/node.hpp"
#include "webrtc/browser_legs.hpp"

namespace api::webrtc {

HallSessionLocator embedded_hall_sessions(app::LiveService& live, media::Node& node);

}  // namespace api::webrtc
