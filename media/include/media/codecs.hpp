#pragma once
// The RTP payload formats every leg speaks, as a hall must configure them (SDP terms):
// what the node decodes and sends back, and what /join tells a hall. One place only.
#include <cstdint>
#include <string_view>

namespace media {

struct RtpCodec {
  std::uint8_t payload_type = 0;  // the PT the node sends with by default (dynamic range)
  std::string_view encoding;      // SDP encoding name
  std::uint32_t clock_rate = 0;   // RTP timestamp units per second
  int channels = 0;               // 0: not an audio format
  std::string_view fmtp;          // SDP format parameters, empty when none
};

// H.264 Constrained Baseline, packetization-mode 1 (RFC 6184).
inline constexpr RtpCodec kVideoCodec{96, "H264", 90000, 0, "packetization-mode=1;profile-level-id=42e01f"};
// Retransmissions of the video a hall sends, when it sends them as RTX (RFC 4588,
// SSRC-multiplexed on the video port, a stream of its own); a hall may also resend the
// packet as it was. /join announces it with generic NACK (RFC 4585) on video, the only
// medium the node asks again for (audio is repaired from Opus in-band FEC).
struct RtxFormat {
  std::uint8_t payload_type = 0;  // the RTX stream's
  std::uint8_t apt = 0;           // the payload type it repairs (SDP apt=)
};
inline constexpr RtxFormat kVideoRtx{97, kVideoCodec.payload_type};
inline constexpr std::uint8_t kVideoRtxPayloadType = kVideoRtx.payload_type;
// Opus (RFC 7587): always 48 kHz and two channels in SDP terms, whatever is sent.
inline constexpr RtpCodec kAudioCodec{111, "opus", 48000, 2, ""};
// RTP and RTCP share one port per medium unless a leg asks otherwise.
inline constexpr bool kRtcpMuxByDefault = true;

}  // namespace media
