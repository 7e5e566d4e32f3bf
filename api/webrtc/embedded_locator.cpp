#include "webrtc/embedded_locator.hpp"

namespace api::webrtc {

HallSessionLocator embedded_hall_sessions(conductor::Conductor& conductor) {
  return [&conductor](long long room_id) -> std::optional<HallSession> {
    const auto here = conductor.local_session(conductor::RoomId(room_id));
    if (!here) return std::nullopt;  // none open, or it runs on another node: its WHIP is served there
    return HallSession{here->meeting.value, here->session.value, here->hall_name, "hd", false};
  };
}

}  // namespace api::webrtc
