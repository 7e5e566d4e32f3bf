#include "wire/live_json.hpp"

#include <algorithm>
#include <set>

#include "media/health_json.hpp"
#include "wire/time_text.hpp"

namespace wire {
using nlohmann::json;

int severity(const std::string& s) {
  if (s == "lost") return 0;
  if (s == "degraded") return 1;
  if (s == "connecting") return 2;
  return 3;
}

json leg_json(long long room_id, const media::LegStatus& leg) {
  const auto& h = leg.health;
  const bool upstream = leg.role == media::LegRole::upstream;
  json out = {{"room_id", upstream ? json(nullptr) : json(room_id)},
          {"role", media::to_string(leg.role)},
          {"leg_id", leg.leg_id},
          {"name", leg.display_name},
          {"output", leg.output},
          {"output_asked", leg.output_asked},
          {"state", media::to_string(h.state)},
          {"audio_muted", leg.audio_muted},
          {"video_hidden", leg.video_hidden},
          {"visible", leg.visible},
          {"in_mix", leg.in_mix},
          {"video", media::control::to_json(leg.counters.video, h.video)},
          {"audio", media::control::to_json(leg.counters.audio, h.audio)},
          {"decoded_fps", h.decoded_fps},
          {"frozen", h.frozen},
          {"audio_level_dbov", h.audio_level_dbov},
          {"talking", h.talking}};
  if (upstream) {  // where the outside bridge sends (RTCP on the port + 1)
    out["video_ports"] = {{"address", leg.video_ports.address}, {"rtp", leg.video_ports.rtp}, {"rtcp", leg.video_ports.rtcp}};
    out["audio_ports"] = {{"address", leg.audio_ports.address}, {"rtp", leg.audio_ports.rtp}, {"rtcp", leg.audio_ports.rtcp}};
  }
  return out;
}

json session_health_json(long long meeting_id, const media::SessionStats& stats, const std::vector<RoomLeg>& room_legs) {
  json legs = json::array();
  for (const auto& l : room_legs) legs.push_back(leg_json(l.room_id, l.leg));
  std::stable_sort(legs.begin(), legs.end(), [](const json& a, const json& b) {
    return severity(a.at("state").get<std::string>()) < severity(b.at("state").get<std::string>());
  });
  // A hall with a connected leg is not worse off for another of its legs that never connected
  // (a browser hall's idle pre-made RTP leg): such a leg does not set the session's state.
  const auto connected = [](const std::string& state) { return state == "ok" || state == "degraded"; };
  // The upstream leg (no room) counts like a hall of its own.
  const auto room = [](const json& l) { return l.at("room_id").is_null() ? 0LL : l.at("room_id").get<long long>(); };
  std::set<long long> connected_halls;
  for (const auto& l : legs)
    if (connected(l.at("state").get<std::string>())) connected_halls.insert(room(l));
  std::string worst = "ok";
  for (const auto& l : legs) {
    const auto state = l.at("state").get<std::string>();
    if (connected(state) || !connected_halls.contains(room(l))) {
      worst = state;  // legs are sorted worst first
      break;
    }
  }
  return {{"meeting_id", meeting_id},
          {"session_id", stats.session_id},
          {"layout", media::to_string(stats.layout)},
          {"output_fps", stats.output_fps},
          {"cpu_cores", stats.cpu_cores},
          {"recording", stats.recording},
          {"worst_state", worst},
          {"legs", legs}};
}

json join_media_json(const sched::LegRecord& leg) {
  auto medium = [](int port, const media::RtpCodec& codec) {
    json j{{"port", port},
           {"rtcp_mux", media::kRtcpMuxByDefault},
           {"rtcp_port", media::kRtcpMuxByDefault ? port : port + 1},
           {"payload_type", codec.payload_type},
           {"encoding", std::string(codec.encoding)},
           {"clock_rate", codec.clock_rate}};
    if (codec.channels > 0) j["channels"] = codec.channels;
    if (!codec.fmtp.empty()) j["fmtp"] = std::string(codec.fmtp);
    return j;
  };
  // Retransmission as the node takes and gives it: video gaps are NACKed both ways and a
  // hall may answer with RTX; audio is never asked for again (Opus in-band FEC instead).
  json video = medium(leg.video_port, media::kVideoCodec);
  video["nack"] = true;
  video["rtx"] = {{"payload_type", media::kVideoRtx.payload_type}, {"apt", media::kVideoRtx.apt}};
  json audio = medium(leg.audio_port, media::kAudioCodec);
  audio["nack"] = false;
  json media = {{"address", leg.address},
                {"video", std::move(video)},
                {"audio", std::move(audio)},
                {"symmetric_rtp", true},
                {"srtp", nullptr}};
  if (!leg.srtp_hall_key.empty())  // SDES-style keys, for both media: what the hall sends with and receives
    media["srtp"] = {{"suite", "AES_CM_128_HMAC_SHA1_80"}, {"send_key", leg.srtp_hall_key},
                     {"receive_key", leg.srtp_node_key}};
  return media;
}

json event_json(const sched::LiveEvent& e, const sched::TimeZone& zone) {
  return {{"id", e.id},
          {"at", format_instant(e.at, zone)},
          {"meeting_id", e.meeting_id ? json(*e.meeting_id) : json(nullptr)},
          {"room_id", e.room_id ? json(*e.room_id) : json(nullptr)},
          {"kind", e.kind},
          {"detail", e.detail}};
}

}  // namespace wire
