#pragma once
// One browser peer connection: a pipeline of its own, so that closing it is one
// state change to NULL (GStreamer 1.22.0 deadlocks when webrtcbin's pads are
// released while it still runs; setting the element to NULL first avoids that).
//
//   node leg socket (video) -> udpsrc -> [probe] -> webrtcbin sink_i -> DTLS-SRTP/ICE -> browser
//   browser -> webrtcbin src (jitter buffer, `latency`) -> [probe] -> udpsink -> node leg socket
//
// The two directions of a medium share one loopback UDP socket, so the node's leg
// sends to the same port our packets come from. The probes: count packets (the
// inactivity watchdog), drop the node's RTCP (webrtcbin makes the browser's),
// carry keyframe requests across (the node's PLI becomes a GstForceKeyUnit event
// towards the browser; the browser's PLI, arriving as that event on our sink pad,
// becomes a PLI to the node), and give the session's shared H.264 the payload type
// this browser chose.
//
// Threads: udpsrc (2), webrtcbin's nice, DTLS, RTCP, jitter buffer and operation
// threads. Contract: the constructor blocks until the answer has every candidate
// or throws; methods are called under the edge's lock for this peer.
#include <gio/gio.h>
#include <gst/gst.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "gst_ptr.hpp"
#include "media/sdp_offer.hpp"
#include "media/webrtc_edge.hpp"

namespace media::webrtc {

struct ObjectDeleter {
  void operator()(gpointer p) const {
    if (p) g_object_unref(p);
  }
};
using SocketPtr = std::unique_ptr<GSocket, ObjectDeleter>;

struct PeerTimes {
  std::atomic<std::int64_t> created_us{0};
  std::atomic<std::int64_t> last_from_browser_us{0};  // 0: nothing yet
};

// What one medium of the peer needs on its streaming threads.
struct MediumPath {
  Medium medium = Medium::video;
  int browser_pt = 0;              // the PT the browser chose; what we send with
  SocketPtr socket;                // loopback, shared by udpsrc and udpsink
  std::uint16_t local_port = 0;
  std::uint16_t node_port = 0;     // the leg's socket on the node
  GSocketAddress* node_address = nullptr;  // owned, see Peer::~Peer
  std::atomic<std::uint32_t> ssrc_to_browser{0};
  std::atomic<std::uint64_t> packets_to_browser{0};
  std::atomic<std::uint64_t> packets_from_browser{0};
  GstPad* sink_towards_node = nullptr;  // the udpsink's pad, once linked (pipeline-owned)
  PeerTimes* times = nullptr;
};

class Peer {
 public:
  Peer(std::string peer_id, std::shared_ptr<Session> session, const WebrtcOffer& offer, const OfferSummary& summary,
       const WebrtcEdgeOptions& options);
  ~Peer();
  Peer(const Peer&) = delete;
  Peer& operator=(const Peer&) = delete;

  const std::string& id() const { return id_; }
  const std::string& leg_id() const { return leg_id_; }
  const std::string& session_id() const { return session_->id(); }
  const std::string& answer() const { return answer_; }
  const std::string& ice_ufrag() const { return remote_ufrag_; }
  const std::string& video_codec() const { return video_codec_; }

  void add_candidate(unsigned mline, const std::string& candidate);
  // Reads webrtcbin's statistics and feeds what the browser reports into the leg.
  // Throws NotFound when the leg or session is gone.
  void report_browser_statistics();
  // Why the peer should end now, if it should.
  std::optional<PeerEnd> due_end(std::int64_t now_us, const WebrtcEdgeOptions& options) const;
  PeerStatus status() const;

 private:
  void build(const WebrtcOffer& offer, const OfferSummary& summary, const WebrtcEdgeOptions& options);
  void negotiate(const std::string& sdp, const WebrtcEdgeOptions& options);
  void on_pad_added(GstPad* pad);
  void teardown() noexcept;
  static void pad_added_cb(GstElement*, GstPad* pad, gpointer self);
  static void candidate_cb(GstElement*, guint mline, gchar* candidate, gpointer self);
  static void gathering_cb(GstElement*, GParamSpec*, gpointer self);
  static GstBusSyncReply bus_cb(GstBus*, GstMessage* message, gpointer self);

  std::string id_;
  std::shared_ptr<Session> session_;
  std::string leg_id_;
  std::string answer_;
  std::string remote_ufrag_;
  std::string video_codec_;
  gst::ElementPtr pipeline_;
  GstElement* webrtc_ = nullptr;  // owned by the pipeline
  std::vector<std::unique_ptr<MediumPath>> paths_;  // in m-line order
  PeerTimes times_;

  mutable std::mutex mutex_;  // guards the fields below (signal threads write them)
  std::condition_variable gathered_cv_;
  bool gathered_ = false;
  bool failed_ = false;
  std::vector<std::string> candidates_;
};

}  // namespace media::webrtc
