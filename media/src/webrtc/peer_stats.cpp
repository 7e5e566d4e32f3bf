// What the browser reports about the streams we send it (its RTCP receiver reports,
// as webrtcbin's get-stats gives them: "remote-inbound-rtp"), fed into the leg.
#define GST_USE_UNSTABLE_API
#include <gst/webrtc/webrtc.h>

#include <map>

#include "peer.hpp"

namespace media::webrtc {
namespace {

struct Reports {
  Peer* peer;
  const std::vector<std::unique_ptr<MediumPath>>* paths;
  std::map<Medium, PeerReport> by_medium;
};

gboolean read_stat(GQuark, const GValue* value, gpointer data) {
  auto* r = static_cast<Reports*>(data);
  if (!GST_VALUE_HOLDS_STRUCTURE(value)) return TRUE;
  const GstStructure* s = gst_value_get_structure(value);
  GstWebRTCStatsType type{};
  if (!gst_structure_get_enum(s, "type", GST_TYPE_WEBRTC_STATS_TYPE, reinterpret_cast<gint*>(&type))) return TRUE;
  if (type != GST_WEBRTC_STATS_REMOTE_INBOUND_RTP) return TRUE;
  guint ssrc = 0;
  if (!gst_structure_get_uint(s, "ssrc", &ssrc)) return TRUE;
  for (const auto& path : *r->paths) {
    if (path->ssrc_to_browser != ssrc) continue;
    PeerReport& report = r->by_medium[path->medium];
    gdouble v = 0;
    if (gst_structure_get_double(s, "fraction-lost", &v)) report.loss_percent = 100.0 * v;
    // 1.22.0 gives the reported jitter only in rtpsession's own figures (timestamp units).
    const GstStructure* source = nullptr;
    if (const GValue* nested = gst_structure_get_value(s, "gst-rtpsource-stats");
        nested && GST_VALUE_HOLDS_STRUCTURE(nested))
      source = gst_value_get_structure(nested);
    guint jitter = 0;
    gint clock_rate = 0;
    if (source && gst_structure_get_uint(source, "rb-jitter", &jitter) &&
        gst_structure_get_int(source, "clock-rate", &clock_rate) && clock_rate > 0)
      report.jitter_ms = 1000.0 * jitter / clock_rate;
    if (gst_structure_get_double(s, "round-trip-time", &v) && v > 0) report.rtt_ms = 1000.0 * v;
  }
  return TRUE;
}

}  // namespace

void Peer::report_browser_statistics() {
  GstPromise* promise = gst_promise_new();
  g_signal_emit_by_name(webrtc_, "get-stats", nullptr, promise);
  if (gst_promise_wait(promise) != GST_PROMISE_RESULT_REPLIED) {
    gst_promise_unref(promise);
    return;
  }
  Reports reports{this, &paths_, {}};
  if (const GstStructure* reply = gst_promise_get_reply(promise))
    gst_structure_foreach(reply, read_stat, &reports);
  gst_promise_unref(promise);
  for (const auto& [medium, report] : reports.by_medium) session_->report_peer(leg_id_, medium, report);
}

PeerStatus Peer::status() const {
  PeerStatus s;
  s.peer_id = id_;
  s.session_id = session_->id();
  s.leg_id = leg_id_;
  GstWebRTCICEConnectionState ice{};
  GstWebRTCPeerConnectionState connection{};
  g_object_get(webrtc_, "ice-connection-state", &ice, "connection-state", &connection, nullptr);
  GEnumClass* ice_enum = G_ENUM_CLASS(g_type_class_ref(GST_TYPE_WEBRTC_ICE_CONNECTION_STATE));
  GEnumClass* pc_enum = G_ENUM_CLASS(g_type_class_ref(GST_TYPE_WEBRTC_PEER_CONNECTION_STATE));
  if (GEnumValue* v = g_enum_get_value(ice_enum, ice)) s.ice_state = v->value_nick;
  if (GEnumValue* v = g_enum_get_value(pc_enum, connection)) s.connection_state = v->value_nick;
  g_type_class_unref(ice_enum);
  g_type_class_unref(pc_enum);
  for (const auto& path : paths_) {
    s.packets_from_browser += path->packets_from_browser;
    s.packets_to_browser += path->packets_to_browser;
  }
  return s;
}

}  // namespace media::webrtc
