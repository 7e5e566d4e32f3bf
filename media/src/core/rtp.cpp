#include "media/rtp.hpp"

namespace media {
namespace {

std::uint16_t be16(std::span<const std::uint8_t> p, std::size_t at) {
  return static_cast<std::uint16_t>((p[at] << 8) | p[at + 1]);
}
std::uint32_t be32(std::span<const std::uint8_t> p, std::size_t at) {
  return (static_cast<std::uint32_t>(p[at]) << 24) | (static_cast<std::uint32_t>(p[at + 1]) << 16) |
         (static_cast<std::uint32_t>(p[at + 2]) << 8) | p[at + 3];
}
void put16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}
void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  put16(out, static_cast<std::uint16_t>(v >> 16));
  put16(out, static_cast<std::uint16_t>(v));
}
void put_block(std::vector<std::uint8_t>& out, const ReportBlock& b) {
  put32(out, b.ssrc);
  const std::uint32_t lost = static_cast<std::uint32_t>(b.cumulative_lost) & 0xFFFFFFu;
  put32(out, (static_cast<std::uint32_t>(b.fraction_lost) << 24) | lost);
  put32(out, b.extended_highest_sequence);
  put32(out, b.jitter);
  put32(out, b.last_sr);
  put32(out, b.delay_since_last_sr);
}
ReportBlock read_block(std::span<const std::uint8_t> p, std::size_t at) {
  ReportBlock b;
  b.ssrc = be32(p, at);
  b.fraction_lost = p[at + 4];
  std::uint32_t lost = be32(p, at + 4) & 0xFFFFFFu;
  if (lost & 0x800000u) lost |= 0xFF000000u;  // sign-extend 24 bits
  b.cumulative_lost = static_cast<std::int32_t>(lost);
  b.extended_highest_sequence = be32(p, at + 8);
  b.jitter = be32(p, at + 12);
  b.last_sr = be32(p, at + 16);
  b.delay_since_last_sr = be32(p, at + 20);
  return b;
}

constexpr std::uint8_t kSr = 200, kRr = 201, kRtpfb = 205, kPsfb = 206;

}  // namespace

std::optional<RtpHeader> parse_rtp(std::span<const std::uint8_t> p) {
  if (p.size() < 12 || (p[0] >> 6) != 2) return std::nullopt;
  RtpHeader h;
  const std::size_t csrc = p[0] & 0x0F;
  h.marker = (p[1] & 0x80) != 0;
  h.payload_type = p[1] & 0x7F;
  h.sequence = be16(p, 2);
  h.timestamp = be32(p, 4);
  h.ssrc = be32(p, 8);
  std::size_t offset = 12 + 4 * csrc;
  if (p.size() < offset) return std::nullopt;
  if (p[0] & 0x10) {  // header extension
    if (p.size() < offset + 4) return std::nullopt;
    offset += 4 + 4 * static_cast<std::size_t>(be16(p, offset + 2));
    if (p.size() < offset) return std::nullopt;
  }
  std::size_t end = p.size();
  if (p[0] & 0x20) {  // padding
    const std::size_t pad = p[end - 1];
    if (pad == 0 || offset + pad > end) return std::nullopt;
    end -= pad;
  }
  h.payload_offset = offset;
  h.payload_size = end - offset;
  return h;
}

bool looks_like_rtcp(std::span<const std::uint8_t> p) {
  if (p.size() < 2) return false;
  const std::uint8_t pt = p[1] & 0x7F;
  return pt >= 64 && pt <= 95;
}

void write_rtp_header(std::vector<std::uint8_t>& out, std::uint8_t payload_type, bool marker,
                      std::uint16_t sequence, std::uint32_t timestamp, std::uint32_t ssrc) {
  out.push_back(0x80);
  out.push_back(static_cast<std::uint8_t>((marker ? 0x80 : 0) | (payload_type & 0x7F)));
  put16(out, sequence);
  put32(out, timestamp);
  put32(out, ssrc);
}

std::optional<RtcpSummary> parse_rtcp(std::span<const std::uint8_t> p) {
  RtcpSummary s;
  std::size_t at = 0;
  if (p.size() < 4) return std::nullopt;
  while (at < p.size()) {
    if (p.size() - at < 4 || (p[at] >> 6) != 2) return std::nullopt;
    const std::size_t count = p[at] & 0x1F;
    const std::uint8_t type = p[at + 1];
    const std::size_t length = (static_cast<std::size_t>(be16(p, at + 2)) + 1) * 4;
    if (p.size() - at < length) return std::nullopt;
    const auto body = p.subspan(at, length);
    if (type == kSr || type == kRr) {
      std::size_t blocks_at = type == kSr ? 28 : 8;
      if (length < blocks_at + 24 * count) return std::nullopt;
      if (type == kSr) {
        SenderInfo info;
        info.ssrc = be32(body, 4);
        info.ntp = (static_cast<std::uint64_t>(be32(body, 8)) << 32) | be32(body, 12);
        info.rtp_timestamp = be32(body, 16);
        info.packet_count = be32(body, 20);
        info.octet_count = be32(body, 24);
        s.sender = info;
      }
      for (std::size_t i = 0; i < count; ++i) s.reports.push_back(read_block(body, blocks_at + 24 * i));
    } else if (type == kRtpfb && count == 1 && length >= 12) {
      for (std::size_t fci = 12; fci + 4 <= length && s.nacked.size() < kMaxNacked; fci += 4) {
        const std::uint16_t pid = be16(body, fci);
        const std::uint16_t blp = be16(body, fci + 2);
        s.nacked.push_back(pid);
        for (int bit = 0; bit < 16 && s.nacked.size() < kMaxNacked; ++bit) {
          if (blp & (1u << bit)) s.nacked.push_back(static_cast<std::uint16_t>(pid + bit + 1));
        }
      }
    } else if (type == kPsfb && length >= 12) {
      if (count == 1) s.picture_loss = true;
      if (count == 4) s.full_intra = true;
    }
    at += length;
  }
  return s;
}

void append_receiver_report(std::vector<std::uint8_t>& out, std::uint32_t sender_ssrc,
                            const std::vector<ReportBlock>& blocks) {
  const std::size_t n = blocks.size() > 31 ? 31 : blocks.size();
  out.push_back(static_cast<std::uint8_t>(0x80 | n));
  out.push_back(kRr);
  put16(out, static_cast<std::uint16_t>(1 + 6 * n));
  put32(out, sender_ssrc);
  for (std::size_t i = 0; i < n; ++i) put_block(out, blocks[i]);
}

void append_sender_report(std::vector<std::uint8_t>& out, const SenderInfo& info,
                          const std::vector<ReportBlock>& blocks) {
  const std::size_t n = blocks.size() > 31 ? 31 : blocks.size();
  out.push_back(static_cast<std::uint8_t>(0x80 | n));
  out.push_back(kSr);
  put16(out, static_cast<std::uint16_t>(6 + 6 * n));
  put32(out, info.ssrc);
  put32(out, static_cast<std::uint32_t>(info.ntp >> 32));
  put32(out, static_cast<std::uint32_t>(info.ntp));
  put32(out, info.rtp_timestamp);
  put32(out, info.packet_count);
  put32(out, info.octet_count);
  for (std::size_t i = 0; i < n; ++i) put_block(out, blocks[i]);
}

void append_pli(std::vector<std::uint8_t>& out, std::uint32_t sender_ssrc, std::uint32_t media_ssrc) {
  out.push_back(0x81);
  out.push_back(kPsfb);
  put16(out, 2);
  put32(out, sender_ssrc);
  put32(out, media_ssrc);
}

void append_nack(std::vector<std::uint8_t>& out, std::uint32_t sender_ssrc, std::uint32_t media_ssrc,
                 const std::vector<std::uint16_t>& lost) {
  std::vector<std::pair<std::uint16_t, std::uint16_t>> entries;  // PID, BLP
  for (const std::uint16_t seq : lost) {
    if (!entries.empty()) {
      const auto offset = static_cast<std::uint16_t>(seq - entries.back().first);
      if (offset == 0) continue;
      if (offset <= 16) {
        entries.back().second = static_cast<std::uint16_t>(entries.back().second | (1u << (offset - 1)));
        continue;
      }
    }
    entries.emplace_back(seq, 0);
  }
  if (entries.empty()) return;
  out.push_back(0x81);
  out.push_back(kRtpfb);
  put16(out, static_cast<std::uint16_t>(2 + entries.size()));
  put32(out, sender_ssrc);
  put32(out, media_ssrc);
  for (const auto& [pid, blp] : entries) {
    put16(out, pid);
    put16(out, blp);
  }
}

void append_fir(std::vector<std::uint8_t>& out, std::uint32_t sender_ssrc, std::uint32_t media_ssrc,
                std::uint8_t command_sequence) {
  out.push_back(0x84);
  out.push_back(kPsfb);
  put16(out, 4);
  put32(out, sender_ssrc);
  put32(out, 0);
  put32(out, media_ssrc);
  put32(out, static_cast<std::uint32_t>(command_sequence) << 24);
}

std::optional<double> rtt_ms(std::uint32_t arrival_compact, const ReportBlock& block) {
  if (block.last_sr == 0) return std::nullopt;
  const std::uint32_t rtt = arrival_compact - block.last_sr - block.delay_since_last_sr;
  if (rtt > (60u << 16)) return std::nullopt;  // negative or absurd: clocks disagree
  return static_cast<double>(rtt) * 1000.0 / 65536.0;
}

bool h264_starts_keyframe(std::span<const std::uint8_t> payload) {
  if (payload.empty()) return false;
  const auto is_key = [](std::uint8_t nal) { return nal == 5 || nal == 7; };
  const std::uint8_t type = payload[0] & 0x1F;
  if (type >= 1 && type <= 23) return is_key(type);
  if (type == 24) {  // STAP-A: [size16, nal]...
    std::size_t at = 1;
    while (at + 3 <= payload.size()) {
      const std::size_t size = be16(payload, at);
      if (size == 0 || at + 2 + size > payload.size()) return false;
      if (is_key(payload[at + 2] & 0x1F)) return true;
      at += 2 + size;
    }
    return false;
  }
  if (type == 28) {  // FU-A: start bit and original type
    return payload.size() >= 2 && (payload[1] & 0x80) != 0 && is_key(payload[1] & 0x1F);
  }
  return false;
}

}  // namespace media
