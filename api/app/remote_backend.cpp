// A media-node process driven over its HTTP control API (media/README.md).
#include <nlohmann/json.hpp>

#include "app/media_backend.hpp"
#include "http/http_client.hpp"

namespace app {
namespace {

using nlohmann::json;

double number(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : 0.0;
}
std::optional<double> opt_number(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

media::LegState state_from(const std::string& s) {
  if (s == "ok") return media::LegState::ok;
  if (s == "degraded") return media::LegState::degraded;
  if (s == "lost") return media::LegState::lost;
  return media::LegState::connecting;
}

void stream_from(const json& j, media::StreamCounters& c, media::StreamHealth& h) {
  c.packets_in = static_cast<std::uint64_t>(number(j, "packets_in"));
  c.bytes_in = static_cast<std::uint64_t>(number(j, "bytes_in"));
  c.packets_out = static_cast<std::uint64_t>(number(j, "packets_out"));
  c.bytes_out = static_cast<std::uint64_t>(number(j, "bytes_out"));
  h.bitrate_in_kbps = number(j, "bitrate_in_kbps");
  h.bitrate_out_kbps = number(j, "bitrate_out_kbps");
  h.loss_percent = number(j, "loss_percent");
  h.loss_percent_total = number(j, "loss_percent_total");
  h.loss_grade = media::grade_loss(h.loss_percent);
  h.jitter_ms = number(j, "jitter_ms");
  h.peer_loss_percent = opt_number(j, "peer_loss_percent");
  h.rtt_ms = opt_number(j, "rtt_ms");
  h.last_packet_age_ms = opt_number(j, "last_packet_age_ms");
}

media::LocalPorts ports_from(const json& j) {
  return {j.value("address", std::string()), static_cast<std::uint16_t>(number(j, "rtp")),
          static_cast<std::uint16_t>(number(j, "rtcp"))};
}

class RemoteBackend final : public MediaBackend {
 public:
  explicit RemoteBackend(const std::string& address) {
    const auto colon = address.rfind(':');
    if (colon == std::string::npos) throw media::InvalidInput("a media node's address is host:port");
    host_ = address.substr(0, colon);
    port_ = std::stoi(address.substr(colon + 1));
  }

  bool healthy() override {
    try {
      api::HttpClient c(port_, host_, 2);
      return c.request("GET", "/health").status == 200;
    } catch (const std::exception&) {
      return false;
    }
  }
  std::string create_session(const media::SessionOptions& o) override {
    return call("POST", "/sessions", json{{"video", o.video}, {"loudest_k", o.loudest_k}}).at("id").get<std::string>();
  }
  void end_session(const std::string& s) override { call("DELETE", "/sessions/" + s); }
  media::LegInfo add_leg(const std::string& s, const media::LegOptions& l) override {
    json body{{"hall_id", l.hall_id}, {"display_name", l.display_name}, {"output", l.output}, {"is_host", l.is_host}};
    for (const auto& [name, t] : {std::pair{"video", &l.video}, std::pair{"audio", &l.audio}})
      if (t->srtp) body[name] = {{"srtp", {{"send_key", t->srtp->send_key}, {"receive_key", t->srtp->receive_key}}}};
    const auto j = call("POST", "/sessions/" + s + "/legs", body);
    return {j.at("leg_id").get<std::string>(), ports_from(j.at("video")), ports_from(j.at("audio"))};
  }
  void remove_leg(const std::string& s, const std::string& l) override { call("DELETE", "/sessions/" + s + "/legs/" + l); }
  void set_audio_muted(const std::string& s, const std::string& l, bool m) override {
    call("PUT", "/sessions/" + s + "/legs/" + l + "/audio", json{{"muted", m}});
  }
  void set_video_hidden(const std::string& s, const std::string& l, bool h) override {
    call("PUT", "/sessions/" + s + "/legs/" + l + "/video", json{{"hidden", h}});
  }
  void set_layout(const std::string& s, media::LayoutKind k) override {
    call("PUT", "/sessions/" + s + "/layout", json{{"layout", media::to_string(k)}});
  }
  void give_floor(const std::string& s, const std::optional<std::string>& l) override {
    call("PUT", "/sessions/" + s + "/floor", json{{"leg_id", l ? json(*l) : json(nullptr)}});
  }
  void start_recording(const std::string& s, const std::string& path) override {
    call("POST", "/sessions/" + s + "/recording", json{{"path", path}});
  }
  void stop_recording(const std::string& s) override { call("DELETE", "/sessions/" + s + "/recording"); }
  media::SessionStats stats(const std::string& s) override {
    const auto j = call("GET", "/sessions/" + s);
    media::SessionStats st;
    st.session_id = j.value("id", s);
    st.layout = media::parse_layout(j.value("layout", std::string("grid"))).value_or(media::LayoutKind::grid);
    st.output_fps = number(j, "output_fps");
    st.cpu_cores = number(j, "cpu_cores");
    st.recording = j.value("recording", false);
    for (const auto& l : j.value("legs", json::array())) {
      media::LegStatus leg;
      leg.leg_id = l.value("leg_id", std::string());
      leg.hall_id = l.value("hall_id", std::string());
      leg.display_name = l.value("display_name", std::string());
      leg.output = l.value("output", std::string());
      leg.audio_muted = l.value("audio_muted", false);
      leg.video_hidden = l.value("video_hidden", false);
      leg.visible = l.value("visible", false);
      leg.in_mix = l.value("in_mix", false);
      leg.health.state = state_from(l.value("state", std::string()));
      leg.health.decoded_fps = number(l, "decoded_fps");
      leg.health.frozen = l.value("frozen", false);
      leg.health.audio_level_dbov = number(l, "audio_level_dbov");
      leg.health.talking = l.value("talking", false);
      stream_from(l.value("video", json::object()), leg.counters.video, leg.health.video);
      stream_from(l.value("audio", json::object()), leg.counters.audio, leg.health.audio);
      st.legs.push_back(std::move(leg));
    }
    return st;
  }

 private:
  // One request; the node's problem answers become media's typed errors.
  json call(const std::string& method, const std::string& path, const json& body = nullptr) {
    api::HttpResponse r;
    try {
      api::HttpClient c(port_, host_, 5);
      const std::string headers = body.is_null() ? "" : "Content-Type: application/json";
      r = c.request(method, path, headers, body.is_null() ? std::nullopt : std::optional<std::string>(body.dump()));
    } catch (const std::exception& e) {
      throw media::Unavailable("media node " + host_ + ":" + std::to_string(port_) + ": " + e.what());
    }
    const auto parsed = json::parse(r.body, nullptr, false);
    const std::string detail = parsed.is_object() ? parsed.value("detail", r.body) : r.body;
    if (r.status == 404) throw media::NotFound(detail);
    if (r.status >= 400 && r.status < 500) throw media::InvalidInput(detail);
    if (r.status >= 500) throw media::Unavailable(detail);
    return parsed.is_discarded() ? json::object() : parsed;
  }

  std::string host_;
  int port_ = 0;
};

}  // namespace

std::unique_ptr<MediaBackend> remote_backend(const std::string& address) {
  return std::make_unique<RemoteBackend>(address);
}

}  // namespace app
