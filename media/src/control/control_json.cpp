#include "control_json.hpp"

#include <initializer_list>
#include <set>

namespace media::control {
namespace {
using nlohmann::json;

void only(const json& j, const char* what, std::initializer_list<const char*> allowed) {
  if (!j.is_object()) throw InvalidInput(std::string(what) + " must be a JSON object");
  const std::set<std::string> keys(allowed.begin(), allowed.end());
  for (const auto& [key, value] : j.items()) {
    if (!keys.count(key)) throw InvalidInput("unknown field '" + key + "' in " + what);
  }
}

template <class T>
T get(const json& j, const char* name, bool (json::*is)() const noexcept, const char* type) {
  const json& v = j.at(name);
  if (!(v.*is)()) throw InvalidInput(std::string("field '") + name + "' must be " + type);
  return v.get<T>();
}

int int_in(const json& j, const char* name, int lo, int hi) {
  const auto v = get<long long>(j, name, &json::is_number_integer, "an integer");
  if (v < lo || v > hi) {
    throw InvalidInput(std::string("field '") + name + "' must be " + std::to_string(lo) + "-" + std::to_string(hi));
  }
  return static_cast<int>(v);
}

Endpoint endpoint_from_json(const json& j, const char* what) {
  only(j, what, {"address", "port"});
  if (!j.contains("address") || !j.contains("port")) throw InvalidInput(std::string(what) + " needs address and port");
  return Endpoint{get<std::string>(j, "address", &json::is_string, "a string"),
                  static_cast<std::uint16_t>(int_in(j, "port", 1, 65535))};
}

MediaTransport transport_from_json(const json& j, MediaTransport t, const char* what) {
  only(j, what, {"rtcp_mux", "remote_rtp", "remote_rtcp", "payload_type", "srtp"});
  if (j.contains("rtcp_mux")) t.rtcp_mux = get<bool>(j, "rtcp_mux", &json::is_boolean, "a boolean");
  if (j.contains("remote_rtp")) t.remote_rtp = endpoint_from_json(j.at("remote_rtp"), "remote_rtp");
  if (j.contains("remote_rtcp")) t.remote_rtcp = endpoint_from_json(j.at("remote_rtcp"), "remote_rtcp");
  if (j.contains("payload_type")) t.payload_type = static_cast<std::uint8_t>(int_in(j, "payload_type", 0, 127));
  if (j.contains("srtp")) {
    const json& s = j.at("srtp");
    only(s, "srtp", {"send_key", "receive_key"});
    t.srtp = SrtpKeys{get<std::string>(s, "send_key", &json::is_string, "a string"),
                      get<std::string>(s, "receive_key", &json::is_string, "a string")};
  }
  return t;
}

json stream_json(const StreamCounters& c, const StreamHealth& h) {
  json j{{"packets_in", c.packets_in},     {"bytes_in", c.bytes_in},
         {"packets_out", c.packets_out},   {"bytes_out", c.bytes_out},
         {"bitrate_in_kbps", h.bitrate_in_kbps}, {"bitrate_out_kbps", h.bitrate_out_kbps},
         {"loss_percent", h.loss_percent}, {"loss_percent_total", h.loss_percent_total},
         {"loss_grade", to_string(h.loss_grade)}, {"jitter_ms", h.jitter_ms}};
  j["peer_loss_percent"] = h.peer_loss_percent ? json(*h.peer_loss_percent) : json(nullptr);
  j["rtt_ms"] = h.rtt_ms ? json(*h.rtt_ms) : json(nullptr);
  j["peer_jitter_ms"] = h.peer_jitter_ms ? json(*h.peer_jitter_ms) : json(nullptr);
  j["last_packet_age_ms"] = h.last_packet_age_ms ? json(*h.last_packet_age_ms) : json(nullptr);
  return j;
}

}  // namespace

SessionOptions session_options_from_json(const json& j) {
  only(j, "session", {"layout", "framerate", "outputs", "loudest_k", "max_visible", "video"});
  SessionOptions o;
  if (j.contains("layout")) {
    const auto kind = parse_layout(get<std::string>(j, "layout", &json::is_string, "a string"));
    if (!kind) throw InvalidInput("layout must be grid, speaker or host");
    o.layout = *kind;
  }
  if (j.contains("video")) o.video = get<bool>(j, "video", &json::is_boolean, "a boolean");
  if (j.contains("framerate")) o.framerate = int_in(j, "framerate", 1, 60);
  if (j.contains("loudest_k")) o.loudest_k = static_cast<std::size_t>(int_in(j, "loudest_k", 1, 32));
  if (j.contains("max_visible")) o.max_visible = static_cast<std::size_t>(int_in(j, "max_visible", 1, 25));
  if (j.contains("outputs")) {
    const json& outs = j.at("outputs");
    if (!outs.is_array()) throw InvalidInput("outputs must be an array");
    o.outputs.clear();
    for (const auto& p : outs) {
      only(p, "output", {"name", "width", "height", "bitrate_kbps"});
      OutputProfile profile;
      profile.name = get<std::string>(p, "name", &json::is_string, "a string");
      profile.width = int_in(p, "width", 64, 3840);
      profile.height = int_in(p, "height", 64, 2160);
      if (p.contains("bitrate_kbps")) profile.bitrate_kbps = int_in(p, "bitrate_kbps", 50, 20000);
      o.outputs.push_back(profile);
    }
  }
  return o;
}

LegOptions leg_options_from_json(const json& j) {
  only(j, "leg", {"hall_id", "display_name", "output", "is_host", "video", "audio"});
  LegOptions o;
  if (!j.contains("hall_id")) throw InvalidInput("hall_id is required");
  o.hall_id = get<std::string>(j, "hall_id", &json::is_string, "a string");
  if (j.contains("display_name")) o.display_name = get<std::string>(j, "display_name", &json::is_string, "a string");
  if (j.contains("output")) o.output = get<std::string>(j, "output", &json::is_string, "a string");
  if (j.contains("is_host")) o.is_host = get<bool>(j, "is_host", &json::is_boolean, "a boolean");
  if (j.contains("video")) o.video = transport_from_json(j.at("video"), o.video, "video");
  if (j.contains("audio")) o.audio = transport_from_json(j.at("audio"), o.audio, "audio");
  return o;
}

json to_json(const LegInfo& info) {
  auto ports = [](const LocalPorts& p) { return json{{"address", p.address}, {"rtp", p.rtp}, {"rtcp", p.rtcp}}; };
  return {{"leg_id", info.leg_id}, {"video", ports(info.video)}, {"audio", ports(info.audio)}};
}

json to_json(const SessionStats& s) {
  json legs = json::array();
  for (const auto& l : s.legs) {
    legs.push_back({{"leg_id", l.leg_id},
                    {"hall_id", l.hall_id},
                    {"display_name", l.display_name},
                    {"output", l.output},
                    {"audio_muted", l.audio_muted},
                    {"video_hidden", l.video_hidden},
                    {"visible", l.visible},
                    {"in_mix", l.in_mix},
                    {"state", to_string(l.health.state)},
                    {"decoded_fps", l.health.decoded_fps},
                    {"frozen", l.health.frozen},
                    {"audio_level_dbov", l.health.audio_level_dbov},
                    {"talking", l.health.talking},
                    {"video", stream_json(l.counters.video, l.health.video)},
                    {"audio", stream_json(l.counters.audio, l.health.audio)}});
  }
  json j{{"id", s.session_id},   {"layout", to_string(s.layout)}, {"output_fps", s.output_fps},
         {"cpu_cores", s.cpu_cores}, {"recording", s.recording}, {"legs", legs}};
  j["floor_holder"] = s.floor_holder ? json(*s.floor_holder) : json(nullptr);
  return j;
}

bool bool_field(const json& j, const char* name) {
  only(j, "body", {name});
  if (!j.contains(name)) throw InvalidInput(std::string("field '") + name + "' is required");
  return get<bool>(j, name, &json::is_boolean, "a boolean");
}

std::string string_field(const json& j, const char* name) {
  only(j, "body", {name});
  if (!j.contains(name)) throw InvalidInput(std::string("field '") + name + "' is required");
  return get<std::string>(j, name, &json::is_string, "a string");
}

}  // namespace media::control
