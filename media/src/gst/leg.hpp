#pragma once
// One hall's connection: a video and an audio path, each with its sockets,
// its remote address (fixed or learnt: symmetric RTP) and its counters.
// Guarded by the owning session's mutex.
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "media/audio_mix.hpp"
#include "media/downlink_redundancy.hpp"
#include "media/health.hpp"
#include "media/node.hpp"
#include "media/profile_adapter.hpp"
#include "media/receive_buffer.hpp"
#include "media/rtx_admission.hpp"
#include "media/rtp_stats.hpp"
#include "label_renderer.hpp"
#include "opus_codec.hpp"
#include "srtp.hpp"
#include "udp.hpp"

namespace media::gst {

enum class MediaKind { video, audio };

struct MediaPath {
  MediaPath(UdpSocket rtp_socket, std::optional<UdpSocket> rtcp_socket, std::uint32_t clock_rate,
            const MediaTransport& transport, std::uint32_t ssrc);

  const UdpSocket& rtcp_socket() const { return rtcp ? *rtcp : rtp; }
  // Where our RTCP goes: the fixed or learnt RTCP address, else the RTP address
  // (muxed) or the RTP port + 1.
  std::optional<SocketAddress> rtcp_destination() const;
  void learn_rtp_source(const SocketAddress& from);
  void learn_rtcp_source(const SocketAddress& from);
  // Send to the remote RTP address / to `to`, SRTP-protected when the leg uses SRTP.
  void send_rtp(std::span<const std::uint8_t> packet);  // with this path's payload type
  // The packets of one frame, in one system call when there is no SRTP.
  void send_rtp_many(std::span<const std::span<const std::uint8_t>> packets);
  void send_rtcp(std::span<const std::uint8_t> packet, const SocketAddress& to);
  bool foreign_payload_type(std::span<const std::uint8_t> packet) const;
  // Decrypts in place; false: drop the packet (authentication failed).
  bool unprotect(std::vector<std::uint8_t>& packet, bool rtcp);

  UdpSocket rtp;
  std::optional<UdpSocket> rtcp;
  bool muxed = true;
  bool fixed_remote = false;
  std::optional<SocketAddress> remote_rtp;
  std::optional<SocketAddress> remote_rtcp;
  RtpReceiveStats stats;
  StreamCounters counters;
  std::optional<std::uint32_t> remote_ssrc;
  // Where the stream's RTP last came from (fixed remote or not): the only address the first
  // RTX packet of a leg is taken from (media/rtx_admission.hpp).
  std::optional<SocketAddress> rtp_source;
  RtxAdmission rtx;
  // What came in, put back in order; video gaps are NACKed (session_receive.cpp).
  ReceiveBuffer receive;
  std::uint8_t remote_payload_type = 0;  // the sender's, for a retransmission unwrapped
  std::optional<std::uint32_t> peer_last_sr;  // compact NTP of the peer's last SR
  SteadyTime peer_last_sr_at{};
  std::uint32_t local_ssrc;
  std::uint8_t payload_type;
  std::uint64_t malformed = 0;
  std::unique_ptr<SrtpStream> srtp_in;   // both set, or neither
  std::unique_ptr<SrtpStream> srtp_out;
  std::vector<std::uint8_t> scratch;
};

struct Leg {
  Leg(std::string leg_id, LegOptions leg_options, std::size_t output_profile, SteadyTime now,
      MediaPath video_path, MediaPath audio_path);
  ~Leg();  // logs what its receive buffers repaired
  Leg(Leg&&) = delete;

  std::string id;
  LegOptions options;
  std::size_t profile;  // the output profile it receives now (adapter: what it asked, or lower)
  std::optional<ProfileAdapter> adapter;  // a hall's, where the session has a lower profile
  SteadyTime joined;
  bool audio_muted = false;
  bool video_hidden = false;
  std::optional<SteadyTime> last_media;  // the latest RTP of the hall's own, video or audio
  bool receiving = false;  // RTP came in lately: this leg, not a silent one of its hall, has the tile
  MediaPath video;
  MediaPath audio;
  MediaPath& path(MediaKind kind) { return kind == MediaKind::video ? video : audio; }

  // Video: a tile slot while visible; RTP waits for a keyframe after (re)assignment.
  TileLabels labels;  // drawn before the leg joined, off the session's lock
  std::optional<std::size_t> slot;
  bool awaiting_keyframe = false;
  SteadyTime keyframe_requested_at{};
  SteadyTime shown_since{};
  std::uint64_t frames_decoded = 0;
  std::optional<SteadyTime> last_frame;
  std::uint8_t fir_sequence = 0;
  // A lossy downlink gets each video packet twice, the copy with the next frame; what its
  // receiver NACKs per packet sent tells (session.cpp, judge_downlink).
  DownlinkRedundancy redundancy;
  std::vector<std::vector<std::uint8_t>> copies_due;  // the previous frame's packets, to send again
  std::set<std::uint16_t> nacked_in_window;
  std::size_t sent_in_window = 0;
  SteadyTime window_start{};

  // Audio.
  OpusDecoderHandle decoder;
  AudioInbox inbox;
  std::vector<std::int16_t> decoded;  // scratch
  std::vector<std::int16_t> frame = std::vector<std::int16_t>(kFrameSamples);
  double level_dbov = kSilenceDbov;   // peak-hold with decay
  SteadyTime last_talk{};
  bool in_mix = false;
  std::unique_ptr<OpusEncoderHandle> encoder;  // its own mix-minus, made when first mixed
  Limiter limiter;
  std::uint16_t audio_sequence;
  std::uint32_t audio_timestamp;
};

}  // namespace media::gst
