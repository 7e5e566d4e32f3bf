// What a hall sends, put back in order before it is decoded: each leg's video and audio
// go through a ReceiveBuffer (media/receive_buffer.hpp) that holds what follows a gap for
// a delay sized from the link's jitter and round trip. A video gap is asked for again with
// a generic NACK (RFC 4585) to the hall; its answer comes as the packet itself (same SSRC)
// or as RTX (RFC 4588: payload type kVideoRtxPayloadType, its own SSRC, the original
// sequence number first in the payload), unwrapped here. A lost audio packet is not asked
// for: its successor's in-band FEC covers it (use_rtp).
#include "log.hpp"
#include "media/codecs.hpp"
#include "media/rtp.hpp"
#include "session_impl.hpp"

namespace media {
namespace {

// RTX is negotiated with halls only (/join announces it); the upstream bridge is never told
// of it, and a leg whose own video uses that payload type cannot have it.
bool rtx_negotiated(const gst::Leg& leg) {
  return leg.options.role == LegRole::hall && leg.options.video.payload_type != kVideoRtxPayloadType;
}

}  // namespace

// An RTX packet from the leg's hall: unwrapped and given to the video buffer as the
// packet it repairs. The health counters do not see it: they describe the link. One from
// an SSRC or address that is not the hall's RTX (media/rtx_admission.hpp) is dropped here,
// counted, and never taken as the leg's stream either.
bool Session::Impl::take_retransmission(gst::Leg& leg, std::span<const std::uint8_t> data,
                                        const gst::SocketAddress& from, SteadyTime t) {
  gst::MediaPath& path = leg.video;
  if (!rtx_negotiated(leg)) return false;
  const auto header = parse_rtp(data);
  if (!header || header->payload_type != kVideoRtxPayloadType) return false;
  if (path.remote_ssrc && header->ssrc == *path.remote_ssrc) return false;  // the hall's own stream on that type
  const bool from_source = path.rtp_source && *path.rtp_source == from;
  if (path.rtx.judge({header->ssrc, from_source}, path.remote_ssrc) == RtxVerdict::drop) {
    if (path.counters.rtx_dropped++ % 1000 == 0) gst::log_warn(leg.id + ": RTX from an unknown SSRC or address dropped");
    return true;
  }
  ++path.counters.rtx_in;
  if (header->payload_size < 2) return true;            // no original sequence number: dropped
  const auto payload = data.subspan(header->payload_offset, header->payload_size);
  const auto original = static_cast<std::uint16_t>(payload[0] << 8 | payload[1]);
  std::vector<std::uint8_t> packet;
  write_rtp_header(packet, path.remote_payload_type, header->marker, original, header->timestamp, *path.remote_ssrc);
  packet.insert(packet.end(), payload.begin() + 2, payload.end());
  if (!leg.slot) return true;
  path.receive.insert(original, std::move(packet), t, true);
  drain_received(leg, gst::MediaKind::video, t);
  return true;
}

void Session::Impl::receive_in_order(gst::Leg& leg, gst::MediaKind kind, std::span<const std::uint8_t> data,
                                     std::uint16_t sequence, SteadyTime t) {
  gst::MediaPath& path = leg.path(kind);
  path.receive.insert(sequence, std::vector<std::uint8_t>(data.begin(), data.end()), t);
  drain_received(leg, kind, t);
}

void Session::Impl::drain_received(gst::Leg& leg, gst::MediaKind kind, SteadyTime t) {
  gst::MediaPath& path = leg.path(kind);
  std::vector<ReceiveBuffer::Released> ready;
  path.receive.release(t, ready);
  for (const auto& r : ready) use_rtp(leg, kind, r.packet, r.lost_before, t);
}

void Session::Impl::service_receive_buffers(SteadyTime t) {
  for (auto& [id, leg_ptr] : legs_) {
    gst::Leg& leg = *leg_ptr;
    for (auto kind : {gst::MediaKind::video, gst::MediaKind::audio}) {
      gst::MediaPath& path = leg.path(kind);
      path.receive.set_link(path.stats.jitter_ms(), path.counters.rtt_ms.value_or(0.0));
      if (path.receive.empty()) continue;
      drain_received(leg, kind, t);
      if (kind != gst::MediaKind::video || !path.remote_ssrc) continue;
      const auto lost = path.receive.nacks_due(t);
      const auto to = path.rtcp_destination();
      if (lost.empty() || !to) continue;
      std::vector<std::uint8_t> packet;
      append_receiver_report(packet, path.local_ssrc, {});
      append_nack(packet, path.local_ssrc, *path.remote_ssrc, lost);
      path.send_rtcp(packet, *to);
    }
  }
}

}  // namespace media
