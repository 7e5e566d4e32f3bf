#include "media/control_codec.hpp"

#include "media/health_json.hpp"

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

void object(const json& j, const char* what) {
  if (!j.is_object()) throw InvalidInput(std::string(what) + " must be a JSON object");
}

template <class T>
T get(const json& j, const char* name, bool (json::*is)() const noexcept, const char* type) {
  const json& v = j.at(name);
  if (!(v.*is)()) throw InvalidInput(std::string("field '") + name + "' must be " + type);
  return v.get<T>();
}

std::string text(const json& j, const char* name) { return get<std::string>(j, name, &json::is_string, "a string"); }
bool flag(const json& j, const char* name) { return get<bool>(j, name, &json::is_boolean, "a boolean"); }
double number(const json& j, const char* name) { return get<double>(j, name, &json::is_number, "a number"); }
std::uint64_t count(const json& j, const char* name) {
  return get<std::uint64_t>(j, name, &json::is_number_unsigned, "a count");
}

int int_in(const json& j, const char* name, int lo, int hi) {
  const auto v = get<long long>(j, name, &json::is_number_integer, "an integer");
  if (v < lo || v > hi) {
    throw InvalidInput(std::string("field '") + name + "' must be " + std::to_string(lo) + "-" + std::to_string(hi));
  }
  return static_cast<int>(v);
}

std::optional<double> opt_number(const json& j, const char* name) {
  if (!j.contains(name) || j.at(name).is_null()) return std::nullopt;
  return number(j, name);
}

LayoutKind layout_from(const std::string& text) {
  const auto kind = parse_layout(text);
  if (!kind) throw InvalidInput("layout must be grid, speaker, host, relay or upstream");
  return *kind;
}

LegRole role_from(const std::string& text) {
  const auto role = parse_leg_role(text);
  if (!role) throw InvalidInput("role must be hall or upstream");
  return *role;
}

LegState leg_state_from(const std::string& s) {
  for (auto state : {LegState::connecting, LegState::ok, LegState::degraded, LegState::lost})
    if (s == to_string(state)) return state;
  throw InvalidInput("unknown leg state '" + s + "'");
}

json endpoint_json(const Endpoint& e) { return {{"address", e.address}, {"port", e.port}}; }

Endpoint endpoint_from_json(const json& j, const char* what) {
  only(j, what, {"address", "port"});
  if (!j.contains("address") || !j.contains("port")) throw InvalidInput(std::string(what) + " needs address and port");
  return Endpoint{text(j, "address"), static_cast<std::uint16_t>(int_in(j, "port", 1, 65535))};
}

json transport_json(const MediaTransport& t) {
  json j{{"rtcp_mux", t.rtcp_mux}, {"payload_type", t.payload_type}};
  if (t.remote_rtp) j["remote_rtp"] = endpoint_json(*t.remote_rtp);
  if (t.remote_rtcp) j["remote_rtcp"] = endpoint_json(*t.remote_rtcp);
  if (t.srtp) j["srtp"] = {{"send_key", t.srtp->send_key}, {"receive_key", t.srtp->receive_key}};
  return j;
}

MediaTransport transport_from_json(const json& j, MediaTransport t, const char* what) {
  only(j, what, {"rtcp_mux", "remote_rtp", "remote_rtcp", "payload_type", "srtp"});
  if (j.contains("rtcp_mux")) t.rtcp_mux = flag(j, "rtcp_mux");
  if (j.contains("remote_rtp")) t.remote_rtp = endpoint_from_json(j.at("remote_rtp"), "remote_rtp");
  if (j.contains("remote_rtcp")) t.remote_rtcp = endpoint_from_json(j.at("remote_rtcp"), "remote_rtcp");
  if (j.contains("payload_type")) t.payload_type = static_cast<std::uint8_t>(int_in(j, "payload_type", 0, 127));
  if (j.contains("srtp")) {
    const json& s = j.at("srtp");
    only(s, "srtp", {"send_key", "receive_key"});
    t.srtp = SrtpKeys{text(s, "send_key"), text(s, "receive_key")};
  }
  return t;
}

json ports_json(const LocalPorts& p) { return {{"address", p.address}, {"rtp", p.rtp}, {"rtcp", p.rtcp}}; }

LocalPorts ports_from_json(const json& j, const char* what) {
  object(j, what);
  return {text(j, "address"), static_cast<std::uint16_t>(int_in(j, "rtp", 0, 65535)),
          static_cast<std::uint16_t>(int_in(j, "rtcp", 0, 65535))};
}

void stream_from_json(const json& j, const char* what, StreamCounters& c, StreamHealth& h) {
  object(j, what);
  c.packets_in = count(j, "packets_in");
  c.bytes_in = count(j, "bytes_in");
  c.packets_out = count(j, "packets_out");
  c.bytes_out = count(j, "bytes_out");
  h.bitrate_in_kbps = number(j, "bitrate_in_kbps");
  h.bitrate_out_kbps = number(j, "bitrate_out_kbps");
  h.loss_percent = number(j, "loss_percent");
  h.loss_percent_total = number(j, "loss_percent_total");
  h.loss_grade = grade_loss(h.loss_percent);  // the grade is derived, never trusted from the wire
  h.jitter_ms = number(j, "jitter_ms");
  h.peer_loss_percent = opt_number(j, "peer_loss_percent");
  h.rtt_ms = opt_number(j, "rtt_ms");
  h.peer_jitter_ms = opt_number(j, "peer_jitter_ms");
  h.last_packet_age_ms = opt_number(j, "last_packet_age_ms");
  if (j.contains("rtx_in")) c.rtx_in = count(j, "rtx_in");
  if (j.contains("rtx_dropped")) c.rtx_dropped = count(j, "rtx_dropped");
}

}  // namespace

json to_json(const SessionOptions& o) {
  json outputs = json::array();
  for (const auto& p : o.outputs)
    outputs.push_back({{"name", p.name}, {"width", p.width}, {"height", p.height}, {"bitrate_kbps", p.bitrate_kbps}});
  return {{"layout", to_string(o.layout)},   {"framerate", o.framerate},     {"outputs", outputs},
          {"loudest_k", o.loudest_k},        {"max_visible", o.max_visible}, {"video", o.video}};
}

SessionOptions session_options_from_json(const json& j) {
  only(j, "session", {"layout", "framerate", "outputs", "loudest_k", "max_visible", "video"});
  SessionOptions o;
  if (j.contains("layout")) o.layout = layout_from(text(j, "layout"));
  if (j.contains("video")) o.video = flag(j, "video");
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
      profile.name = text(p, "name");
      profile.width = int_in(p, "width", 64, 3840);
      profile.height = int_in(p, "height", 64, 2160);
      if (p.contains("bitrate_kbps")) profile.bitrate_kbps = int_in(p, "bitrate_kbps", 50, 20000);
      o.outputs.push_back(profile);
    }
  }
  return o;
}

json to_json(const LegOptions& o) {
  return {{"hall_id", o.hall_id},         {"display_name", o.display_name},   {"output", o.output},
          {"is_host", o.is_host},         {"role", to_string(o.role)},        {"video", transport_json(o.video)},
          {"audio", transport_json(o.audio)}};
}


LegOptions leg_options_from_json(const json& j) {
  only(j, "leg", {"hall_id", "display_name", "output", "is_host", "role", "video", "audio"});
  LegOptions o;
  if (!j.contains("hall_id")) throw InvalidInput("hall_id is required");
  o.hall_id = text(j, "hall_id");
  if (j.contains("display_name")) o.display_name = text(j, "display_name");
  if (j.contains("output")) o.output = text(j, "output");
  if (j.contains("is_host")) o.is_host = flag(j, "is_host");
  if (j.contains("role")) o.role = role_from(text(j, "role"));
  if (j.contains("video")) o.video = transport_from_json(j.at("video"), o.video, "video");
  if (j.contains("audio")) o.audio = transport_from_json(j.at("audio"), o.audio, "audio");
  return o;
}

json to_json(const LegInfo& info) {
  return {{"leg_id", info.leg_id}, {"video", ports_json(info.video)}, {"audio", ports_json(info.audio)}};
}

LegInfo leg_info_from_json(const json& j) {
  object(j, "leg");
  return {text(j, "leg_id"), ports_from_json(j.at("video"), "video"), ports_from_json(j.at("audio"), "audio")};
}

json to_json(const SessionStats& s) {
  json legs = json::array();
  for (const auto& l : s.legs) {
    legs.push_back({{"leg_id", l.leg_id},
                    {"hall_id", l.hall_id},
                    {"display_name", l.display_name},
                    {"output", l.output},
                    {"output_asked", l.output_asked},
                    {"role", to_string(l.role)},
                    {"video_ports", ports_json(l.video_ports)},
                    {"audio_ports", ports_json(l.audio_ports)},
                    {"audio_muted", l.audio_muted},
                    {"video_hidden", l.video_hidden},
                    {"visible", l.visible},
                    {"in_mix", l.in_mix},
                    {"state", to_string(l.health.state)},
                    {"decoded_fps", l.health.decoded_fps},
                    {"frozen", l.health.frozen},
                    {"audio_level_dbov", l.health.audio_level_dbov},
                    {"talking", l.health.talking},
                    {"video", to_json(l.counters.video, l.health.video)},
                    {"audio", to_json(l.counters.audio, l.health.audio)}});
  }
  json j{{"id", s.session_id},       {"layout", to_string(s.layout)}, {"output_fps", s.output_fps},
         {"cpu_cores", s.cpu_cores}, {"recording", s.recording},     {"legs", legs}};
  j["floor_holder"] = s.floor_holder ? json(*s.floor_holder) : json(nullptr);
  return j;
}

SessionStats session_stats_from_json(const json& j) {
  object(j, "session");
  SessionStats s;
  s.session_id = text(j, "id");
  s.layout = layout_from(text(j, "layout"));
  s.output_fps = number(j, "output_fps");
  s.cpu_cores = number(j, "cpu_cores");
  s.recording = flag(j, "recording");
  if (j.contains("floor_holder") && !j.at("floor_holder").is_null()) s.floor_holder = text(j, "floor_holder");
  const json& legs = j.at("legs");
  if (!legs.is_array()) throw InvalidInput("legs must be an array");
  for (const auto& l : legs) {
    object(l, "leg");
    LegStatus leg;
    leg.leg_id = text(l, "leg_id");
    leg.hall_id = text(l, "hall_id");
    leg.display_name = text(l, "display_name");
    leg.output = text(l, "output");
    leg.output_asked = l.contains("output_asked") ? text(l, "output_asked") : leg.output;
    leg.role = role_from(text(l, "role"));
    leg.video_ports = ports_from_json(l.at("video_ports"), "video_ports");
    leg.audio_ports = ports_from_json(l.at("audio_ports"), "audio_ports");
    leg.audio_muted = flag(l, "audio_muted");
    leg.video_hidden = flag(l, "video_hidden");
    leg.visible = flag(l, "visible");
    leg.in_mix = flag(l, "in_mix");
    leg.health.state = leg_state_from(text(l, "state"));
    leg.health.decoded_fps = number(l, "decoded_fps");
    leg.health.frozen = flag(l, "frozen");
    leg.health.audio_level_dbov = number(l, "audio_level_dbov");
    leg.health.talking = flag(l, "talking");
    leg.counters.video_decoded = leg.visible;
    leg.counters.audio_level_dbov = leg.health.audio_level_dbov;
    leg.counters.talking = leg.health.talking;
    stream_from_json(l.at("video"), "video", leg.counters.video, leg.health.video);
    stream_from_json(l.at("audio"), "audio", leg.counters.audio, leg.health.audio);
    s.legs.push_back(std::move(leg));
  }
  return s;
}

json to_json(const WebrtcOffer& offer) {
  json j = to_json(offer.leg);
  j.erase("video");  // the edge sets a browser leg's transports
  j.erase("audio");
  j["sdp"] = offer.sdp;
  return j;
}

WebrtcOffer webrtc_offer_from_json(const std::string& session_id, const json& j) {
  object(j, "offer");
  if (!j.contains("sdp")) throw InvalidInput("field 'sdp' is required");
  WebrtcOffer offer;
  offer.session_id = session_id;
  offer.sdp = text(j, "sdp");
  json leg = j;
  leg.erase("sdp");
  offer.leg = leg_options_from_json(leg);
  return offer;
}

json to_json(const WebrtcAnswer& a) {
  return {{"peer_id", a.peer_id}, {"leg_id", a.leg_id}, {"sdp", a.sdp}, {"video_codec", a.video_codec}};
}

WebrtcAnswer webrtc_answer_from_json(const json& j) {
  object(j, "answer");
  return {text(j, "peer_id"), text(j, "leg_id"), text(j, "sdp"), text(j, "video_codec")};
}

bool bool_field(const json& j, const char* name) {
  only(j, "body", {name});
  if (!j.contains(name)) throw InvalidInput(std::string("field '") + name + "' is required");
  return flag(j, name);
}

std::string string_field(const json& j, const char* name) {
  only(j, "body", {name});
  if (!j.contains(name)) throw InvalidInput(std::string("field '") + name + "' is required");
  return text(j, name);
}

}  // namespace media::control
