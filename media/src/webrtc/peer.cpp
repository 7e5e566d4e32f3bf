#include "peer.hpp"

#define GST_USE_UNSTABLE_API
#include <gst/rtp/rtp.h>
#include <gst/sdp/sdp.h>
#include <gst/webrtc/webrtc.h>

#include <chrono>
#include <stdexcept>

#include "log.hpp"
#include "media/codecs.hpp"
#include "media/rtp.hpp"

namespace media::webrtc {
namespace {

std::int64_t now_us() { return g_get_monotonic_time(); }

struct PromiseUnref {
  void operator()(GstPromise* p) const {
    if (p) gst_promise_unref(p);
  }
};
using PromisePtr = std::unique_ptr<GstPromise, PromiseUnref>;

// Runs one webrtcbin action and waits for its reply (never on a streaming thread).
const GstStructure* run_action(PromisePtr& promise, const std::string& what) {
  const GstPromiseResult result = gst_promise_wait(promise.get());
  if (result != GST_PROMISE_RESULT_REPLIED) throw Unavailable(what + ": webrtcbin gave no reply");
  const GstStructure* reply = gst_promise_get_reply(promise.get());
  if (reply && gst_structure_has_field(reply, "error")) {
    GError* error = nullptr;
    gst_structure_get(reply, "error", G_TYPE_ERROR, &error, nullptr);
    const std::string message = error ? error->message : "unknown error";
    if (error) g_error_free(error);
    throw InvalidInput(what + " failed: " + message);
  }
  return reply;
}

SocketPtr bind_loopback(std::uint16_t& port) {
  GError* error = nullptr;
  SocketPtr socket(g_socket_new(G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, &error));
  if (!socket) {
    if (error) g_error_free(error);
    throw Unavailable("cannot create a UDP socket");
  }
  GInetAddress* loopback = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
  GSocketAddress* any = g_inet_socket_address_new(loopback, 0);
  const gboolean bound = g_socket_bind(socket.get(), any, FALSE, &error);
  g_object_unref(any);
  g_object_unref(loopback);
  if (!bound) {
    if (error) g_error_free(error);
    throw Unavailable("cannot bind a loopback UDP socket");
  }
  GSocketAddress* local = g_socket_get_local_address(socket.get(), nullptr);
  port = local ? g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(local)) : 0;
  if (local) g_object_unref(local);
  return socket;
}

std::string caps_for(const ChosenCodec& codec) {
  const std::string pt = std::to_string(codec.payload_type);
  if (codec.name == "H264")
    return "application/x-rtp,media=video,encoding-name=H264,clock-rate=" + std::to_string(kVideoCodec.clock_rate) +
           ",payload=" + pt +
           ",packetization-mode=(string)1,profile-level-id=(string)" + codec.profile_level_id +
           ",rtcp-fb-nack-pli=(boolean)true,rtcp-fb-ccm-fir=(boolean)true";
  // No sprop-* fields: 1.22.0 intersects sprop-stereo wrongly and leaves the medium receive-only.
  return "application/x-rtp,media=audio,encoding-name=OPUS,clock-rate=" + std::to_string(kAudioCodec.clock_rate) +
         ",payload=" + pt + ",encoding-params=(string)" + std::to_string(kAudioCodec.channels);
}

// Node -> browser: counts, drops the node's RTCP (turning its keyframe requests into
// an upstream GstForceKeyUnit towards the browser) and sets the browser's PT.
GstPadProbeReturn towards_browser(GstPad*, GstPadProbeInfo* info, gpointer data) {
  auto* path = static_cast<MediumPath*>(data);
  GstBuffer* buffer = GST_PAD_PROBE_INFO_BUFFER(info);
  std::uint8_t head[12];
  const gsize n = gst_buffer_extract(buffer, 0, head, sizeof head);
  if (n < 2) return GST_PAD_PROBE_DROP;
  if (looks_like_rtcp({head, n})) {
    gst::MappedBuffer map(buffer, GST_MAP_READ);
    const auto rtcp = map.ok() ? parse_rtcp({map.data(), map.size()}) : std::nullopt;
    if (rtcp && (rtcp->picture_loss || rtcp->full_intra) && path->sink_towards_node) {
      GstStructure* s = gst_structure_new("GstForceKeyUnit", "all-headers", G_TYPE_BOOLEAN, TRUE, nullptr);
      gst_pad_push_event(path->sink_towards_node, gst_event_new_custom(GST_EVENT_CUSTOM_UPSTREAM, s));
    }
    return GST_PAD_PROBE_DROP;
  }
  if (n < 12) return GST_PAD_PROBE_DROP;
  path->ssrc_to_browser = (std::uint32_t{head[8]} << 24) | (std::uint32_t{head[9]} << 16) |
                          (std::uint32_t{head[10]} << 8) | head[11];
  ++path->packets_to_browser;
  if ((head[1] & 0x7f) != path->browser_pt) {
    buffer = gst_buffer_make_writable(buffer);
    const std::uint8_t byte = static_cast<std::uint8_t>((head[1] & 0x80) | path->browser_pt);
    gst_buffer_fill(buffer, 1, &byte, 1);
    GST_PAD_PROBE_INFO_DATA(info) = buffer;
  }
  return GST_PAD_PROBE_OK;
}

// The browser asked for a keyframe (webrtcbin turned its PLI/FIR into this event):
// ask the node's shared encoder with a PLI on the leg's socket.
GstPadProbeReturn keyframe_asked(GstPad*, GstPadProbeInfo* info, gpointer data) {
  auto* path = static_cast<MediumPath*>(data);
  GstEvent* event = GST_PAD_PROBE_INFO_EVENT(info);
  const GstStructure* s = gst_event_get_structure(event);
  if (GST_EVENT_TYPE(event) == GST_EVENT_CUSTOM_UPSTREAM && s && gst_structure_has_name(s, "GstForceKeyUnit") &&
      path->node_address) {
    std::vector<std::uint8_t> pli;
    append_pli(pli, 1, path->ssrc_to_browser);
    g_socket_send_to(path->socket.get(), path->node_address, reinterpret_cast<const gchar*>(pli.data()), pli.size(),
                     nullptr, nullptr);
    return GST_PAD_PROBE_DROP;
  }
  return GST_PAD_PROBE_OK;
}

GstPadProbeReturn from_browser(GstPad*, GstPadProbeInfo*, gpointer data) {
  auto* path = static_cast<MediumPath*>(data);
  ++path->packets_from_browser;
  path->times->last_from_browser_us = now_us();
  return GST_PAD_PROBE_OK;
}

}  // namespace

Peer::Peer(std::string peer_id, std::shared_ptr<Session> session, const WebrtcOffer& offer,
           const OfferSummary& summary, const WebrtcEdgeOptions& options)
    : id_(std::move(peer_id)), session_(std::move(session)), remote_ufrag_(summary.ice_ufrag) {
  times_.created_us = now_us();
  try {
    build(offer, summary, options);
    negotiate(offer.sdp, options);
  } catch (...) {
    teardown();
    throw;
  }
  gst::log_info("webrtc " + id_ + ": answered for leg " + leg_id_ + " of session " + session_->id());
}

Peer::~Peer() { teardown(); }

void Peer::teardown() noexcept {
  if (pipeline_) {
    gst_element_set_state(pipeline_.get(), GST_STATE_NULL);  // NULL before any pad goes
    GstBus* bus = gst_element_get_bus(pipeline_.get());
    gst_bus_set_sync_handler(bus, nullptr, nullptr, nullptr);
    // Nothing may queue on the bus from now on: a message holds its source, and the
    // pipeline holds the bus.
    gst_bus_set_flushing(bus, TRUE);
    gst_object_unref(bus);
    pipeline_.reset();
    webrtc_ = nullptr;
  }
  if (!leg_id_.empty()) {
    try {
      session_->remove_leg(leg_id_);
    } catch (...) {  // the session ended first: its legs went with it
    }
  }
  for (auto& path : paths_) {
    if (path->node_address) g_object_unref(path->node_address), path->node_address = nullptr;
    // Closed now, whatever still holds a reference to it.
    if (path->socket) g_socket_close(path->socket.get(), nullptr);
  }
}

void Peer::build(const WebrtcOffer& offer, const OfferSummary& summary, const WebrtcEdgeOptions& options) {
  std::vector<ChosenCodec> chosen;
  for (const auto& m : summary.media) {
    if (m.rejected) continue;
    std::optional<ChosenCodec> c;
    if (m.kind == OfferedKind::video) c = choose_video_codec(m);
    else if (m.kind == OfferedKind::audio) c = choose_audio_codec(m);
    else throw InvalidInput("only audio and video m= sections are taken (no data channels)");
    if (!c) throw InvalidInput(m.kind == OfferedKind::video
                                   ? "the offer's video has no H.264 (packetization-mode 1, constrained baseline or main)"
                                   : "the offer's audio has no Opus 48 kHz");
    if (c->name == "VP8") throw InvalidInput("VP8-only video is not served yet: offer H.264 constrained baseline");
    for (const auto& earlier : chosen)
      if (earlier.kind == c->kind) throw InvalidInput("at most one audio and one video m= section");
    chosen.push_back(*c);
    if (c->kind == OfferedKind::video) video_codec_ = c->name;
  }
  if (chosen.empty()) throw InvalidInput("the offer has neither audio nor video");

  LegOptions leg = offer.leg;
  for (const auto& c : chosen) {
    auto path = std::make_unique<MediumPath>();
    path->medium = c.kind == OfferedKind::video ? Medium::video : Medium::audio;
    path->browser_pt = c.payload_type;
    path->socket = bind_loopback(path->local_port);
    path->times = &times_;
    MediaTransport& t = path->medium == Medium::video ? leg.video : leg.audio;
    t.rtcp_mux = true;
    t.remote_rtp = Endpoint{"127.0.0.1", path->local_port};
    t.remote_rtcp.reset();
    t.payload_type = static_cast<std::uint8_t>(c.payload_type);
    t.srtp.reset();  // loopback inside this process; DTLS-SRTP is on the browser's side
    paths_.push_back(std::move(path));
  }
  const LegInfo info = session_->add_leg(leg);
  leg_id_ = info.leg_id;

  pipeline_.reset(GST_ELEMENT(gst_object_ref_sink(gst_pipeline_new(("webrtc-" + id_).c_str()))));
  webrtc_ = gst_element_factory_make("webrtcbin", "webrtc");
  if (!webrtc_) throw Unavailable("webrtcbin is not installed (gstreamer1.0-plugins-bad, gstreamer1.0-nice)");
  g_object_set(webrtc_, "bundle-policy", GST_WEBRTC_BUNDLE_POLICY_MAX_BUNDLE, "latency",
               static_cast<guint>(options.jitter_latency.count()), nullptr);
  if (options.stun_server) g_object_set(webrtc_, "stun-server", options.stun_server->c_str(), nullptr);
  if (options.turn_server) g_object_set(webrtc_, "turn-server", options.turn_server->c_str(), nullptr);
  gst_bin_add(GST_BIN(pipeline_.get()), webrtc_);
  GstWebRTCICE* ice = nullptr;
  g_object_get(webrtc_, "ice-agent", &ice, nullptr);
  if (ice) {
    g_object_set(ice, "min-rtp-port", static_cast<guint>(options.ice_port_min), "max-rtp-port",
                 static_cast<guint>(options.ice_port_max), nullptr);
    // libnice tries UPnP port mappings by default: SSDP multicast on every interface of
    // the host, for every peer. A server has its addresses; never ask a router.
    GObject* agent = nullptr;
    g_object_get(ice, "agent", &agent, nullptr);
    if (agent) {
      g_object_set(agent, "upnp", FALSE, nullptr);
      g_object_unref(agent);
    }
    for (const auto& address : options.ice_addresses) {
      gboolean added = FALSE;
      g_signal_emit_by_name(ice, "add-local-ip-address", address.c_str(), &added);
      if (!added) gst::log_warn("webrtc " + id_ + ": ICE cannot use local address " + address);
    }
    gst_object_unref(ice);
  }
  g_signal_connect(webrtc_, "pad-added", G_CALLBACK(pad_added_cb), this);
  g_signal_connect(webrtc_, "on-ice-candidate", G_CALLBACK(candidate_cb), this);
  g_signal_connect(webrtc_, "notify::ice-gathering-state", G_CALLBACK(gathering_cb), this);
  GstBus* bus = gst_element_get_bus(pipeline_.get());
  gst_bus_set_sync_handler(bus, bus_cb, this, nullptr);
  gst_object_unref(bus);

  GInetAddress* loopback = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
  for (std::size_t i = 0; i < paths_.size(); ++i) {
    MediumPath& path = *paths_[i];
    path.node_port = path.medium == Medium::video ? info.video.rtp : info.audio.rtp;
    path.node_address = g_inet_socket_address_new(loopback, path.node_port);
    GstElement* src = gst_element_factory_make("udpsrc", nullptr);
    gst::CapsPtr caps(gst_caps_from_string(caps_for(chosen[i]).c_str()));
    g_object_set(src, "socket", path.socket.get(), "close-socket", FALSE, "caps", caps.get(), nullptr);
    gst_bin_add(GST_BIN(pipeline_.get()), src);
    gst::PadPtr src_pad(gst_element_get_static_pad(src, "src"));
    gst_pad_add_probe(src_pad.get(), GST_PAD_PROBE_TYPE_BUFFER, towards_browser, &path, nullptr);
    gst_pad_add_probe(src_pad.get(), GST_PAD_PROBE_TYPE_EVENT_UPSTREAM, keyframe_asked, &path, nullptr);
    GstPadTemplate* templ = gst_element_get_pad_template(webrtc_, "sink_%u");
    const std::string name = "sink_" + std::to_string(i);
    gst::PadPtr sink(gst_element_request_pad(webrtc_, templ, name.c_str(), caps.get()));
    if (!sink || gst_pad_link(src_pad.get(), sink.get()) != GST_PAD_LINK_OK) {
      g_object_unref(loopback);
      throw Unavailable("cannot link the leg's " + std::string(path.medium == Medium::video ? "video" : "audio") +
                        " to webrtcbin");
    }
  }
  g_object_unref(loopback);
  if (gst_element_set_state(pipeline_.get(), GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    throw Unavailable("the WebRTC pipeline did not start");
}

void Peer::negotiate(const std::string& sdp, const WebrtcEdgeOptions& options) {
  GstSDPMessage* message = nullptr;
  gst_sdp_message_new(&message);
  if (gst_sdp_message_parse_buffer(reinterpret_cast<const guint8*>(sdp.data()), static_cast<guint>(sdp.size()),
                                   message) != GST_SDP_OK) {
    gst_sdp_message_free(message);
    throw InvalidInput("the SDP offer cannot be parsed");
  }
  GstWebRTCSessionDescription* remote = gst_webrtc_session_description_new(GST_WEBRTC_SDP_TYPE_OFFER, message);
  PromisePtr set_remote(gst_promise_new());
  g_signal_emit_by_name(webrtc_, "set-remote-description", remote, set_remote.get());
  gst_webrtc_session_description_free(remote);
  run_action(set_remote, "set-remote-description");

  PromisePtr create(gst_promise_new());
  g_signal_emit_by_name(webrtc_, "create-answer", nullptr, create.get());
  const GstStructure* reply = run_action(create, "create-answer");
  GstWebRTCSessionDescription* answer = nullptr;
  if (!reply || !gst_structure_get(reply, "answer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &answer, nullptr) || !answer)
    throw InvalidInput("webrtcbin could not answer this offer");
  PromisePtr set_local(gst_promise_new());
  g_signal_emit_by_name(webrtc_, "set-local-description", answer, set_local.get());
  gst_webrtc_session_description_free(answer);
  run_action(set_local, "set-local-description");

  {
    std::unique_lock lock(mutex_);
    if (!gathered_cv_.wait_for(lock, options.gather_timeout, [&] { return gathered_ || failed_; }))
      gst::log_warn("webrtc " + id_ + ": ICE gathering not complete after the timeout; answering with what is there");
    if (failed_) throw Unavailable("the WebRTC pipeline failed while negotiating");
  }
  GstWebRTCSessionDescription* local = nullptr;
  g_object_get(webrtc_, "local-description", &local, nullptr);
  if (!local) throw Unavailable("webrtcbin has no local description");
  gchar* text = gst_sdp_message_as_text(local->sdp);
  std::vector<std::string> candidates;
  {
    std::lock_guard lock(mutex_);
    candidates = candidates_;
  }
  answer_ = with_candidates(text, candidates);
  g_free(text);
  gst_webrtc_session_description_free(local);
  if (answer_.find("a=candidate:") == std::string::npos) throw Unavailable("ICE gathered no candidate");
}

void Peer::pad_added_cb(GstElement*, GstPad* pad, gpointer self) { static_cast<Peer*>(self)->on_pad_added(pad); }

void Peer::on_pad_added(GstPad* pad) {
  if (GST_PAD_DIRECTION(pad) != GST_PAD_SRC) return;
  gst::CapsPtr caps(gst_pad_get_current_caps(pad));
  if (!caps) caps.reset(gst_pad_query_caps(pad, nullptr));
  const GstStructure* s = caps && gst_caps_get_size(caps.get()) > 0 ? gst_caps_get_structure(caps.get(), 0) : nullptr;
  const char* media = s ? gst_structure_get_string(s, "media") : nullptr;
  const Medium medium = media && std::string(media) == "audio" ? Medium::audio : Medium::video;
  MediumPath* path = nullptr;
  for (auto& p : paths_)
    if (p->medium == medium) path = p.get();
  GstElement* sink = path ? gst_element_factory_make("udpsink", nullptr) : gst_element_factory_make("fakesink", nullptr);
  if (path)
    g_object_set(sink, "socket", path->socket.get(), "close-socket", FALSE, "host", "127.0.0.1", "port",
                 static_cast<gint>(path->node_port), "sync", FALSE, "async", FALSE, nullptr);
  else
    g_object_set(sink, "sync", FALSE, "async", FALSE, nullptr);
  gst_bin_add(GST_BIN(pipeline_.get()), sink);
  gst_element_sync_state_with_parent(sink);
  gst::PadPtr sink_pad(gst_element_get_static_pad(sink, "sink"));
  if (gst_pad_link(pad, sink_pad.get()) != GST_PAD_LINK_OK) {
    gst::log_warn("webrtc " + id_ + ": cannot link the browser's " + (media ? media : "?") + " towards the node");
    return;
  }
  if (path) {
    gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_BUFFER, from_browser, path, nullptr);
    path->sink_towards_node = sink_pad.get();  // the pipeline keeps the pad alive
  }
  if (path)
    gst::log_info("webrtc " + id_ + ": the browser's " + (media ? media : "?") + " flows to leg " + leg_id_);
  else
    gst::log_warn("webrtc " + id_ + ": the browser's " + (media ? media : "?") + " has no path to leg " + leg_id_ +
                  ": dropped");
}

void Peer::candidate_cb(GstElement*, guint mline, gchar* candidate, gpointer self) {
  auto* peer = static_cast<Peer*>(self);
  std::lock_guard lock(peer->mutex_);
  if (mline == 0 && candidate) peer->candidates_.emplace_back(candidate);
}

void Peer::gathering_cb(GstElement* webrtc, GParamSpec*, gpointer self) {
  auto* peer = static_cast<Peer*>(self);
  GstWebRTCICEGatheringState state = GST_WEBRTC_ICE_GATHERING_STATE_NEW;
  g_object_get(webrtc, "ice-gathering-state", &state, nullptr);
  if (state != GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE) return;
  std::lock_guard lock(peer->mutex_);
  peer->gathered_ = true;
  peer->gathered_cv_.notify_all();
}

GstBusSyncReply Peer::bus_cb(GstBus*, GstMessage* message, gpointer self) {
  auto* peer = static_cast<Peer*>(self);
  if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR) {
    GError* error = nullptr;
    gst_message_parse_error(message, &error, nullptr);
    gst::log_warn("webrtc " + peer->id_ + ": " + (error ? error->message : "pipeline error"));
    if (error) g_error_free(error);
    std::lock_guard lock(peer->mutex_);
    peer->failed_ = true;
    peer->gathered_cv_.notify_all();
  }
  gst_message_unref(message);  // a sync handler that drops a message owns it
  return GST_BUS_DROP;
}

void Peer::add_candidate(unsigned mline, const std::string& candidate) {
  g_signal_emit_by_name(webrtc_, "add-ice-candidate", mline, candidate.c_str());
}

std::optional<PeerEnd> Peer::due_end(std::int64_t now, const WebrtcEdgeOptions& options) const {
  {
    std::lock_guard lock(mutex_);
    if (failed_) return PeerEnd::failed;
  }
  const std::int64_t last = times_.last_from_browser_us;
  if (last == 0) {
    if (now - times_.created_us > std::chrono::microseconds(options.connect_timeout).count()) return PeerEnd::vanished;
    return std::nullopt;
  }
  if (now - last > std::chrono::microseconds(options.inactivity_timeout).count()) return PeerEnd::vanished;
  GstWebRTCPeerConnectionState state = GST_WEBRTC_PEER_CONNECTION_STATE_NEW;
  g_object_get(webrtc_, "connection-state", &state, nullptr);
  if (state == GST_WEBRTC_PEER_CONNECTION_STATE_FAILED) return PeerEnd::failed;
  return std::nullopt;
}

}  // namespace media::webrtc
