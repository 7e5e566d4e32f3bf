#pragma once
// The WebRTC edge: turns each browser peer connection (DTLS-SRTP, ICE, max-bundle,
// rtcp-mux) into the same plain RTP H.264/Opus leg a hardware codec is, on a
// media::Session of the same process. The browser's RTP goes to the leg's sockets on
// loopback after webrtcbin's jitter buffer; the leg's output (the session's shared
// H.264 encode and the hall's mix) goes back through webrtcbin. What the browser
// reports in RTCP (loss, jitter, RTT) is fed into the leg's health.
// Plain C++ types only; GStreamer's webrtcbin stays inside media_webrtc.
//
// Threading: every method may be called from any thread; offer() blocks until
// every server ICE candidate is gathered (at most `gather_timeout`). Errors are
// media::InvalidInput (a bad offer: the message is fit for the client),
// media::NotFound and media::Unavailable; a failed offer leaves nothing behind.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "media/node.hpp"

namespace media {

struct WebrtcEdgeOptions {
  // Local addresses ICE gathers on (IP literals); empty: every interface.
  std::vector<std::string> ice_addresses;
  std::uint16_t ice_port_min = 50000;  // libnice 0.1.21 has no single-port mux: a range
  std::uint16_t ice_port_max = 50999;
  std::optional<std::string> stun_server;  // "stun://203.0.113.1:3478": an IP, never a host name
  std::optional<std::string> turn_server;  // "turn://user:pass@203.0.113.1:3478"
  std::chrono::milliseconds jitter_latency{40};      // webrtcbin's jitter buffer (default 200 ms)
  std::chrono::milliseconds gather_timeout{5000};    // offer() waits this long for candidates
  std::chrono::milliseconds connect_timeout{15000};  // no media from the browser by then: closed
  std::chrono::milliseconds inactivity_timeout{5000};  // no RTP/RTCP from the browser: closed
  std::size_t max_peers = 64;
};

struct WebrtcOffer {
  std::string session_id;
  LegOptions leg;   // hall, name, output profile; its transports are set by the edge
  std::string sdp;  // the browser's offer
};

struct WebrtcAnswer {
  std::string peer_id;  // for trickle() and close()
  std::string leg_id;   // the leg on the session
  std::string sdp;      // with every server candidate
  std::string video_codec;  // "H264" or empty (no video)
};

enum class PeerEnd { closed, vanished, failed, session_gone };
const char* to_string(PeerEnd end);

struct PeerStatus {
  std::string peer_id;
  std::string session_id;
  std::string leg_id;
  std::string ice_state;  // webrtcbin's ice-connection-state
  std::string connection_state;
  std::uint64_t packets_from_browser = 0;
  std::uint64_t packets_to_browser = 0;
};

class WebrtcEdge {
 public:
  // Called (from the edge's own thread) when a peer ended for another reason than
  // close(): the browser vanished, the connection failed, the session ended.
  using EndListener = std::function<void(const std::string& peer_id, const std::string& leg_id, PeerEnd why)>;

  WebrtcEdge(Node& node, WebrtcEdgeOptions options = {});
  ~WebrtcEdge();
  WebrtcEdge(const WebrtcEdge&) = delete;
  WebrtcEdge& operator=(const WebrtcEdge&) = delete;

  void set_end_listener(EndListener listener);
  WebrtcAnswer offer(const WebrtcOffer& offer);
  // An application/trickle-ice-sdpfrag body. Throws InvalidInput for a malformed
  // fragment, and RestartUnsupported for an ICE restart (a new ufrag).
  void trickle(const std::string& peer_id, const std::string& sdpfrag);
  void close(const std::string& peer_id);  // removes the leg too; NotFound if unknown
  std::vector<PeerStatus> peers() const;

  struct RestartUnsupported : InvalidInput {
    using InvalidInput::InvalidInput;
  };

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace media
