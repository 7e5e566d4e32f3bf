#include "webrtc/embedded_locator.hpp"

namespace api::webrtc {

HallSessionLocator embedded_hall_sessions(app::LiveService& live, media::Node& node) {
  return [&live, &node](long long room_id) -> std::optional<HallSession> {
    const auto joined = live.join(room_id);
    if (!joined) return std::nullopt;
    const std::string hall = std::to_string(room_id);
    for (const auto& id : node.session_ids()) {
      std::shared_ptr<media::Session> session;
      try {
        session = node.session(id);
      } catch (const media::NotFound&) {
        continue;  // ended meanwhile
      }
      for (const auto& leg : session->stats().legs) {
        if (leg.leg_id != joined->leg.leg_id || leg.hall_id != hall) continue;
        return HallSession{joined->meeting.id, id, leg.display_name, leg.output, false};
      }
    }
    return std::nullopt;  // the meeting runs on another node: its WHIP is served there
  };
}

}  // namespace api::webrtc
