#pragma once
// RTP/RTCP wire helpers (RFC 3550, RFC 4585 PLI and generic NACK, RFC 5104 FIR, RFC 5761 mux).
// Pure functions over byte spans; malformed input gives std::nullopt, never UB.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace media {

struct RtpHeader {
  std::uint8_t payload_type = 0;
  bool marker = false;
  std::uint16_t sequence = 0;
  std::uint32_t timestamp = 0;
  std::uint32_t ssrc = 0;
  std::size_t payload_offset = 0;
  std::size_t payload_size = 0;
};

std::optional<RtpHeader> parse_rtp(std::span<const std::uint8_t> packet);
// RFC 5761: on a muxed port, packet types 192..223 are RTCP.
bool looks_like_rtcp(std::span<const std::uint8_t> packet);
void write_rtp_header(std::vector<std::uint8_t>& out, std::uint8_t payload_type, bool marker,
                      std::uint16_t sequence, std::uint32_t timestamp, std::uint32_t ssrc);

struct ReportBlock {
  std::uint32_t ssrc = 0;              // the source this block reports on
  std::uint8_t fraction_lost = 0;      // fixed point /256, since the previous report
  std::int32_t cumulative_lost = 0;    // 24-bit signed
  std::uint32_t extended_highest_sequence = 0;
  std::uint32_t jitter = 0;            // timestamp units
  std::uint32_t last_sr = 0;           // middle 32 bits of the NTP time of the last SR
  std::uint32_t delay_since_last_sr = 0;  // units of 1/65536 s
};

struct SenderInfo {
  std::uint32_t ssrc = 0;
  std::uint64_t ntp = 0;  // 32.32 fixed point
  std::uint32_t rtp_timestamp = 0;
  std::uint32_t packet_count = 0;
  std::uint32_t octet_count = 0;
};

struct RtcpSummary {
  std::optional<SenderInfo> sender;
  std::vector<ReportBlock> reports;
  bool picture_loss = false;  // PLI
  bool full_intra = false;    // FIR
  // Generic NACK (RFC 4585 6.2.1): the sequence numbers asked for again, in the order
  // given, at most kMaxNacked per compound packet (the rest are ignored).
  std::vector<std::uint16_t> nacked;
};
inline constexpr std::size_t kMaxNacked = 128;

// Parses a compound RTCP packet; nullopt when any length is inconsistent.
std::optional<RtcpSummary> parse_rtcp(std::span<const std::uint8_t> packet);

void append_receiver_report(std::vector<std::uint8_t>& out, std::uint32_t sender_ssrc,
                            const std::vector<ReportBlock>& blocks);
void append_sender_report(std::vector<std::uint8_t>& out, const SenderInfo& info,
                          const std::vector<ReportBlock>& blocks);
void append_pli(std::vector<std::uint8_t>& out, std::uint32_t sender_ssrc, std::uint32_t media_ssrc);
// Generic NACK for `lost` (grouped into PID + bitmask entries).
void append_nack(std::vector<std::uint8_t>& out, std::uint32_t sender_ssrc, std::uint32_t media_ssrc,
                 const std::vector<std::uint16_t>& lost);
void append_fir(std::vector<std::uint8_t>& out, std::uint32_t sender_ssrc, std::uint32_t media_ssrc,
                std::uint8_t command_sequence);

// The middle 32 bits of a 32.32 NTP time ("compact NTP", 1/65536 s units).
constexpr std::uint32_t compact_ntp(std::uint64_t ntp) { return static_cast<std::uint32_t>(ntp >> 16); }
// RTT per RFC 3550 6.4.1: arrival - LSR - DLSR; nullopt when no SR was reported.
std::optional<double> rtt_ms(std::uint32_t arrival_compact, const ReportBlock& block);

// H.264 (RFC 6184): does this RTP payload start an SPS or IDR picture (a point a
// fresh decoder can start from)? Handles single NAL, STAP-A and FU-A.
bool h264_starts_keyframe(std::span<const std::uint8_t> payload);

}  // namespace media
