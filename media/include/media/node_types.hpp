#pragma once
// The plain types of the media unit's face: options of sessions and legs, what a leg
// is given, what a session reports, and the typed errors. Standard library only.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "media/codecs.hpp"
#include "media/health.hpp"
#include "media/layout.hpp"
#include "media/relay.hpp"

namespace media {

struct NotFound : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct InvalidInput : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct Unavailable : std::runtime_error {  // out of ports, pipeline failed to start
  using std::runtime_error::runtime_error;
};

struct NodeOptions {
  std::string bind_address = "127.0.0.1";  // where legs' RTP/RTCP sockets listen
  std::uint16_t port_min = 40000;          // 0 and 0: any free port (tests)
  std::uint16_t port_max = 49999;
};

struct OutputProfile {
  std::string name;       // what a leg asks for, e.g. "hd", "sd"
  int width = 1280;
  int height = 720;
  int bitrate_kbps = 1500;
};

struct SessionOptions {
  LayoutKind layout = LayoutKind::grid;
  int framerate = 30;  // fixed output frame rate of every profile
  // The first profile is the composite itself; the others are scaled from it.
  std::vector<OutputProfile> outputs{{"hd", 1280, 720, 1500}, {"sd", 640, 360, 500}};
  std::size_t loudest_k = 4;    // legs mixed; each of them gets a mix without itself
  std::size_t max_visible = 16; // tiles, and so at most this many decoders
  bool video = true;            // false: an audio-only bridge (no composite, no decoding)
};

struct Endpoint {
  std::string address;
  std::uint16_t port = 0;
};

struct SrtpKeys {  // AES_CM_128_HMAC_SHA1_80, base64 key||salt (30 bytes), as in SDES
  std::string send_key;
  std::string receive_key;
};

struct MediaTransport {
  bool rtcp_mux = true;
  // Fixed remote address; when absent, symmetric RTP: send back to where the
  // leg's packets come from.
  std::optional<Endpoint> remote_rtp;
  std::optional<Endpoint> remote_rtcp;  // when not muxed; default remote_rtp.port + 1
  std::uint8_t payload_type = 0;        // the PT we send with
  std::optional<SrtpKeys> srtp;         // SRTP and SRTCP both ways when set
};

struct LegOptions {
  std::string hall_id;
  std::string display_name;  // drawn on the hall's tile
  std::string output = "hd"; // which output profile it receives
  bool is_host = false;      // large in the "host" layout; its sound and picture go up
  // upstream: the outside meeting this session is relayed from (an outside bridge, or a
  // parent session this one joins as one of its legs). It is large in the "relay" layout
  // and always heard by the halls; it receives the host hall's picture (its RTP forwarded,
  // not the composite) and the host hall's sound alone, never its own nor another hall's.
  // Give it fixed remote addresses (video/audio remote_rtp) or let it be learnt (symmetric).
  LegRole role = LegRole::hall;
  MediaTransport video{kRtcpMuxByDefault, {}, {}, kVideoCodec.payload_type, {}};
  MediaTransport audio{kRtcpMuxByDefault, {}, {}, kAudioCodec.payload_type, {}};
};

struct LocalPorts {
  std::string address;
  std::uint16_t rtp = 0;
  std::uint16_t rtcp = 0;  // equal to rtp when muxed
};

// What the far end of a leg says it receives from us, when the node cannot read that
// end's RTCP itself (a browser leg: its WebRTC edge terminates DTLS-SRTP and RTCP).
struct PeerReport {
  std::optional<double> loss_percent;  // of what we send, as the peer counts it
  std::optional<double> jitter_ms;     // of what we send, as the peer measures it
  std::optional<double> rtt_ms;        // from the peer's receiver reports
};
enum class Medium { video, audio };

struct LegInfo {
  std::string leg_id;
  LocalPorts video;
  LocalPorts audio;
};

struct LegStatus {
  std::string leg_id;
  std::string hall_id;
  std::string display_name;
  std::string output;        // the profile it receives now: lower than asked while congested
  std::string output_asked;  // the profile it asked for
  LegRole role = LegRole::hall;
  LocalPorts video_ports;  // where the leg receives (an upstream bridge is told these)
  LocalPorts audio_ports;
  bool audio_muted = false;
  bool video_hidden = false;
  bool visible = false;  // has a tile, so its video is decoded
  bool in_mix = false;   // among the K loudest
  LegCounters counters;
  LegHealth health;
};

struct SessionStats {
  std::string session_id;
  LayoutKind layout = LayoutKind::grid;
  double output_fps = 0.0;   // composite frames encoded per second (first profile)
  double cpu_cores = 0.0;    // of the whole process since the previous stats call
  bool recording = false;
  std::optional<std::string> floor_holder;
  std::vector<LegStatus> legs;
};

}  // namespace media
