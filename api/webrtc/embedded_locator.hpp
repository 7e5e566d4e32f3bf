#pragma once
// The glue between the conductor and WHIP: the session of the hall's open meeting when the
// conductor runs it on this process's embedded node (the node the WebRTC edge serves).
#include "conductor/conductor.hpp"
#include "webrtc/browser_legs.hpp"

namespace api::webrtc {

HallSessionLocator embedded_hall_sessions(conductor::Conductor& conductor);

}  // namespace api::webrtc
